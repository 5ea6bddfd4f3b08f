import { Ctx, Field, FieldResolver, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Viewer } from '../../auth/viewer';
import type { HubContext } from '../../context';
import { MemberUnit } from '../member-units/member-unit.entity';
import { Account } from './account.entity';
import { AccountRole } from './account.enums';
import { ApiToken } from './api-token.entity';

@ObjectType({ description: 'Who the caller is, as the hub sees them.' })
export class Me {
  viewer!: Viewer;

  @Field(() => Boolean, { description: 'False for a caller without a token: such a caller sees PUBLIC data only.' })
  authenticated!: boolean;

  @Field(() => AccountRole, { nullable: true }) role!: AccountRole | null;

  @Field(() => Boolean, { description: 'An ADMIN of the hub operator: sees and may change everything.' })
  hubAdmin!: boolean;

  @Field(() => Boolean, { description: 'Signed in with a read-only token: mutations are refused.' })
  readOnly!: boolean;

  @Field(() => Boolean, { description: 'Signed in as a service account (a dashboard or another system).' })
  service!: boolean;
}

@Resolver(() => Me)
export class MeResolver {
  @Query(() => Me, { description: 'Who you are: your account, unit and role, and the token you signed in with.' })
  me(@Ctx() { viewer }: HubContext): Me {
    const member = viewer.kind === 'member' ? viewer : null;
    return {
      viewer,
      authenticated: !!member,
      role: member?.role ?? null,
      hubAdmin: member?.hubAdmin ?? false,
      readOnly: member?.readOnly ?? false,
      service: member?.service ?? false,
    };
  }

  @FieldResolver(() => Account, { nullable: true })
  account(@Root() me: Me, @Ctx() { loaders }: HubContext) {
    return me.viewer.kind === 'member' ? loaders.accountsById.load(me.viewer.accountId) : null;
  }

  @FieldResolver(() => MemberUnit, { nullable: true, description: 'The member unit you act for.' })
  unit(@Root() me: Me, @Ctx() { loaders }: HubContext) {
    return me.viewer.kind === 'member' ? loaders.memberUnitsById.load(me.viewer.unitId) : null;
  }

  @FieldResolver(() => ApiToken, { nullable: true, description: 'The hub token you signed in with; null when signed in through OpenID Connect.' })
  token(@Root() me: Me, @Ctx() { loaders }: HubContext) {
    return me.viewer.kind === 'member' && me.viewer.tokenId != null ? loaders.apiTokensById.load(me.viewer.tokenId) : null;
  }
}
