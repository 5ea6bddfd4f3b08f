import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { forbidden, requireMember, requireWriter } from '../../auth/viewer';
import type { HubContext } from '../../context';
import { Connection, ConnectionArgs, type Page } from '../../shared/connection';
import { direct } from '../../shared/direct-resolvers';
import { parseIntId, toGlobalId } from '../../shared/global-id';
import { refKey, resolveRef } from '../../shared/rows';
import { connectionNodeSelection } from '../../shared/selection';
import { audited } from '../audit/audit.service';
import { MemberUnit } from '../member-units/member-unit.entity';
import { registerNodeType } from '../node';
import { Account } from './account.entity';
import { AccountFilter, CreateAccountInput, CreateApiTokenInput, RevokeApiTokenInput, UpdateAccountInput } from './account.inputs';
import { CreateAccountPayload, CreateApiTokenPayload, RevokeApiTokenPayload, UpdateAccountPayload } from './account.payloads';
import { administersUnit, createAccount, listAccounts, seesAccountEmail, seesTokensOf, updateAccount } from './account.service';
import { accountForViewer, tokenForViewer } from './account.visibility';
import { ApiToken } from './api-token.entity';
import { createApiToken, listAccountTokens, revokeApiToken } from './token.service';

export const AccountConnection = Connection(Account);
export const ApiTokenConnection = Connection(ApiToken);

registerNodeType('Account', (context, key) => accountForViewer(context, key));
registerNodeType('ApiToken', (context, key) => tokenForViewer(context, key));

const unitOf = (account: Account) => refKey(account.memberUnit)!;

const accountId = direct<Account>('Account', 'id', (account) => toGlobalId('Account', account.id));
const accountUnit = direct<Account>('Account', 'unit', (account, _args, { loaders }) =>
  resolveRef(account.memberUnit, MemberUnit, (id: number) => loaders.memberUnitsById.load(id)),
);
const accountEmail = direct<Account>('Account', 'email', (account, _args, { viewer }) =>
  seesAccountEmail(viewer, unitOf(account)) ? (account.email ?? null) : null,
);

@Resolver(() => Account)
export class AccountResolver {
  @Query(() => AccountConnection, {
    description: "Accounts by display name: your own unit's, or any unit's for hub admins. Needs a signed-in caller.",
  })
  accounts(
    @Ctx() { em, viewer }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => AccountFilter, { nullable: true }) filter?: AccountFilter,
  ): Promise<Page<Account>> {
    const member = requireMember(viewer);
    const unitId = filter?.unit != null ? parseIntId(filter.unit, 'MemberUnit', 'filter.unit') : null;
    return listAccounts(em, member, { ...filter, unitId }, args, connectionNodeSelection(info));
  }

  @FieldResolver(() => ID)
  id(@Root() account: Account, @Ctx() context: HubContext) {
    return accountId(account, {}, context);
  }

  @FieldResolver(() => MemberUnit, { description: 'The member unit the account acts for.' })
  unit(@Root() account: Account, @Ctx() context: HubContext) {
    return accountUnit(account, {}, context);
  }

  @FieldResolver(() => String, { nullable: true, description: "Shown to the account's own unit and to hub admins; null for everyone else." })
  email(@Root() account: Account, @Ctx() context: HubContext) {
    return accountEmail(account, {}, context);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The OpenID Connect issuer the account signs in with, if any. Shown to the unit's ADMINs and hub admins.",
  })
  oidcIssuer(@Root() account: Account, @Ctx() { viewer }: HubContext) {
    return administersUnit(viewer, unitOf(account)) ? (account.oidcIssuer ?? null) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The subject (`sub`) of the OpenID Connect identity the account signs in with, if any. Shown to the unit's ADMINs and hub admins.",
  })
  oidcSubject(@Root() account: Account, @Ctx() { viewer }: HubContext) {
    return administersUnit(viewer, unitOf(account)) ? (account.oidcSubject ?? null) : null;
  }

  @FieldResolver(() => ApiTokenConnection, {
    nullable: true,
    description:
      "The account's tokens, newest first (revoked and expired ones too). For the account itself, its unit's ADMINs and hub admins; FORBIDDEN for others.",
  })
  tokens(
    @Root() account: Account,
    @Ctx() { em, viewer, loaders }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
  ): Promise<Page<ApiToken>> {
    if (!seesTokensOf(viewer, account.id, unitOf(account))) {
      throw forbidden("Only the account itself, its unit's ADMINs and hub admins see its tokens.", 'TOKENS_HIDDEN');
    }
    return listAccountTokens(em, loaders.childPages, account.id, args, connectionNodeSelection(info));
  }

  @Mutation(() => CreateAccountPayload, { description: "Hub admins create accounts in any unit, unit ADMINs in their own." })
  createAccount(@Ctx() context: HubContext, @Arg('input', () => CreateAccountInput) input: CreateAccountInput): Promise<CreateAccountPayload> {
    return audited(context, 'createAccount', null, async (em, audit) => {
      requireWriter(context.viewer);
      const unitId = parseIntId(input.unit, 'MemberUnit', 'input.unit');
      const account = await createAccount(em, context.viewer, { ...input, unitId }, audit);
      return { account };
    });
  }

  @Mutation(() => UpdateAccountPayload, {
    description: "Hub admins change any account, unit ADMINs their own unit's. Disabling an account stops all its tokens at once.",
  })
  updateAccount(@Ctx() context: HubContext, @Arg('input', () => UpdateAccountInput) input: UpdateAccountInput): Promise<UpdateAccountPayload> {
    return audited(context, 'updateAccount', null, async (em, audit) => {
      requireWriter(context.viewer);
      const id = parseIntId(input.id, 'Account', 'input.id');
      audit.subject = { type: 'Account', id };
      const { id: _id, ...changes } = input;
      const account = await updateAccount(em, context.viewer, id, changes, audit);
      return { account };
    });
  }

  @Mutation(() => CreateApiTokenPayload, {
    description:
      "Creates a bearer token and returns its secret, this once. For your own account (if you may write), your unit's accounts (unit ADMINs), or any account (hub admins).",
  })
  createApiToken(
    @Ctx() context: HubContext,
    @Arg('input', () => CreateApiTokenInput) input: CreateApiTokenInput,
  ): Promise<CreateApiTokenPayload> {
    return audited(context, 'createApiToken', null, async (em, audit) => {
      requireWriter(context.viewer);
      const accountId = input.account != null ? parseIntId(input.account, 'Account', 'input.account') : null;
      return createApiToken(em, context.viewer, { ...input, accountId }, audit);
    });
  }

  @Mutation(() => RevokeApiTokenPayload, {
    description:
      "Revokes a token; it stops working at once. For the token's holder (if they may write), its unit's ADMINs and hub admins; a token you may not see is NOT_FOUND. Revoking a revoked token changes nothing.",
  })
  revokeApiToken(
    @Ctx() context: HubContext,
    @Arg('input', () => RevokeApiTokenInput) input: RevokeApiTokenInput,
  ): Promise<RevokeApiTokenPayload> {
    return audited(context, 'revokeApiToken', null, async (em, audit) => {
      requireMember(context.viewer);
      const id = parseIntId(input.id, 'ApiToken', 'input.id');
      audit.subject = { type: 'ApiToken', id };
      return { token: await revokeApiToken(em, context.viewer, id, audit) };
    });
  }
}
