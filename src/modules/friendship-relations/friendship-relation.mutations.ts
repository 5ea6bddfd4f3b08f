import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { HubContext } from '../../context';
import { LocalDateScalar } from '../../shared/scalars';
import { audited } from '../audit/audit.service';
import { FriendshipRelation } from './friendship-relation.entity';
import { RelationKind, RelationStatus } from './friendship-relation.enums';
import { RelationStatusChange } from './relation-status-change.entity';
import { changeRelationStatus, proposeRelation } from './relation-write.service';

@InputType({ description: 'A relation to propose; it starts as PROPOSED.' })
export class ProposeRelationInput {
  @Field(() => ID, { description: 'The Chinese side: a province, prefecture or county.' })
  domesticLocality!: string;

  @Field(() => ID, { description: 'The foreign side: a region or city.' })
  foreignLocality!: string;

  @Field(() => RelationKind)
  kind!: RelationKind;

  @Field(() => ID, {
    nullable: true,
    description: 'The member unit that will look after the relation. Naming your own unit lets you propose it as its liaison.',
  })
  liaisonUnit?: string | null;

  @Field(() => String, { nullable: true, description: 'Why, or what is planned; kept in the status history (up to 2,000 characters).' })
  note?: string | null;

  @Field(() => String, { nullable: true, description: 'Where the proposal is documented: a URL or a reference (up to 500 characters).' })
  source?: string | null;
}

@ObjectType({ simpleResolvers: true })
export class ProposeRelationPayload {
  @Field(() => FriendshipRelation) relation!: FriendshipRelation;
}

@InputType()
export class ChangeRelationStatusInput {
  @Field(() => ID) relation!: string;

  @Field(() => RelationStatus, { description: 'The new status; see RelationStatus for the moves allowed from each one.' })
  status!: RelationStatus;

  @Field(() => Int, {
    nullable: true,
    description: "The relation's `version` as you read it: if someone changed it since, the change is refused (CONFLICT, STALE_VERSION).",
  })
  expectedVersion?: number | null;

  @Field(() => String, { nullable: true, description: 'Why; kept in the status history (up to 2,000 characters).' })
  note?: string | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'The day the change took effect. Moving to ESTABLISHED with it records the signing date when it is not known yet.',
  })
  effectiveOn?: string | null;
}

@ObjectType({ simpleResolvers: true })
export class ChangeRelationStatusPayload {
  @Field(() => FriendshipRelation) relation!: FriendshipRelation;
  @Field(() => RelationStatusChange, { description: 'The history row this change appended.' }) change!: RelationStatusChange;
}

/** Loads what a mutation committed, through the operation's loaders (their statements ran outside the transaction). */
async function committed<T>(load: Promise<T | null>, what: string): Promise<T> {
  const value = await load;
  if (!value) throw new Error(`${what} vanished right after it was committed`);
  return value;
}

@Resolver()
export class FriendshipRelationMutationResolver {
  @Mutation(() => ProposeRelationPayload, {
    description:
      'Proposes a friendship relation. Hub admins, the liaison unit named in the input (when you belong to it) and the ' +
      'Foreign Affairs Office of the Chinese locality or of a division containing it may do so.',
  })
  async proposeRelation(@Ctx() context: HubContext, @Arg('input', () => ProposeRelationInput) input: ProposeRelationInput) {
    const id = await audited(context, 'proposeRelation', { type: 'FriendshipRelation', id: null }, (em, audit) =>
      proposeRelation(em, context.viewer, audit, input),
    );
    return { relation: await committed(context.loaders.relationsById.clear(id).load(id), 'relation') };
  }

  @Mutation(() => ChangeRelationStatusPayload, {
    description:
      "Moves a relation to another status and records who, when and why in its status history. Allowed to hub admins, the relation's " +
      'liaison unit and the Foreign Affairs Office of its Chinese locality or of a division containing it.',
  })
  async changeRelationStatus(@Ctx() context: HubContext, @Arg('input', () => ChangeRelationStatusInput) input: ChangeRelationStatusInput) {
    const { relationId, changeId } = await audited(context, 'changeRelationStatus', { type: 'FriendshipRelation', id: null }, (em, audit) =>
      changeRelationStatus(em, context.viewer, audit, input),
    );
    const [relation, change] = await Promise.all([
      committed(context.loaders.relationsById.clear(relationId).load(relationId), 'relation'),
      committed(context.loaders.statusChangesById.load(changeId), 'status change'),
    ]);
    return { relation, change };
  }
}
