import { Ctx, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../context';
import { direct } from '../../shared/direct-resolvers';
import { toGlobalId } from '../../shared/global-id';
import { refKey, resolveRef } from '../../shared/rows';
import { Account } from './account.entity';
import { ApiToken } from './api-token.entity';
import { tokenIsLive } from './token.service';

const tokenId = direct<ApiToken>('ApiToken', 'id', (token) => toGlobalId('ApiToken', token.id));
const tokenAccount = direct<ApiToken>('ApiToken', 'account', (token, _args, { loaders }) =>
  resolveRef(token.account, Account, (id: number) => loaders.accountsById.load(id)),
);

// Tokens are reached only through paths that already checked the caller may see them
// (Account.tokens, node, me, the mutations' payloads).
@Resolver(() => ApiToken)
export class ApiTokenResolver {
  @FieldResolver(() => ID)
  id(@Root() token: ApiToken, @Ctx() context: HubContext) {
    return tokenId(token, {}, context);
  }

  @FieldResolver(() => Account, { description: 'The account the token signs in as.' })
  account(@Root() token: ApiToken, @Ctx() context: HubContext) {
    return tokenAccount(token, {}, context);
  }

  @FieldResolver(() => Account, { nullable: true, description: 'Who created the token; null when it was created with the hub CLI.' })
  createdBy(@Root() token: ApiToken, @Ctx() { loaders }: HubContext) {
    const id = refKey(token.createdBy);
    return id == null ? null : loaders.accountsById.load(id);
  }

  @FieldResolver(() => Boolean, { description: 'True when the token signs in right now: not revoked, not expired, and its account not disabled.' })
  async active(@Root() token: ApiToken, @Ctx() { loaders }: HubContext): Promise<boolean> {
    if (!tokenIsLive(token)) return false;
    const account = await loaders.accountsById.load(refKey(token.account)!);
    return !!account && !account.disabledAt;
  }
}
