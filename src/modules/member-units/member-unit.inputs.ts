import { Field, ID, InputType } from 'type-graphql';
import { MemberUnitKind } from './member-unit.entity';

@InputType()
export class MemberUnitFilter {
  @Field(() => MemberUnitKind, { nullable: true }) kind?: MemberUnitKind | null;

  @Field(() => ID, { nullable: true, description: 'Units based in this locality.' })
  locality?: string | null;

  @Field(() => ID, { nullable: true, description: 'Units directly under this unit.' })
  parent?: string | null;

  @Field(() => String, { nullable: true, description: 'Part of the code or of the Chinese or English name. At most 200 characters.' })
  search?: string | null;
}
