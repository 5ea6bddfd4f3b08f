import type { GraphQLResolveInfo } from 'graphql';
import { JSONObjectResolver } from 'graphql-scalars';
import { Arg, Args, Ctx, Field, FieldResolver, ID, InputType, Info, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { forbidden, requireMember } from '../../auth/viewer';
import type { HubContext } from '../../context';
import { Connection, ConnectionArgs, type Page } from '../../shared/connection';
import { direct } from '../../shared/direct-resolvers';
import { DateTimeScalar } from '../../shared/scalars';
import { toGlobalId } from '../../shared/global-id';
import { connectionNodeSelection } from '../../shared/selection';
import { Account } from '../accounts/account.entity';
import { MemberUnit } from '../member-units/member-unit.entity';
import { registerNodeType } from '../node';
import { AuditEntry, AuditOutcome } from './audit-entry.entity';
import { auditCriteria, findAuditEntry, isNodeType, listAuditEntries } from './audit-query.service';
import { verifyAuditChain } from './audit-verify';

export const AuditEntryConnection = Connection(AuditEntry);

registerNodeType('AuditEntry', ({ em, viewer }, key) => findAuditEntry(em, viewer, key));

@InputType({ description: 'Narrows the audit trail; every condition given must hold.' })
export class AuditLogFilter {
  @Field(() => [ID], { nullable: true, description: 'Entries of any of these accounts.' })
  accounts?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Entries of callers acting for any of these member units.' })
  units?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Mutation names (e.g. "changeRelationStatus"), or "readContent".' })
  actions?: string[] | null;

  @Field(() => [AuditOutcome], { nullable: true }) outcomes?: AuditOutcome[] | null;

  @Field(() => String, { nullable: true, description: 'The type of object the entries are about, e.g. "SharedResource".' })
  subjectType?: string | null;

  @Field(() => ID, { nullable: true, description: 'The object the entries are about: its global ID (or the raw id an entry shows).' })
  subject?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Entries at or after this moment.' })
  since?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Entries before this moment.' })
  until?: Date | null;
}

@ObjectType({ simpleResolvers: true, description: 'The outcome of checking the hash chain of the whole audit trail.' })
export class AuditVerification {
  @Field({ description: 'True when every entry matches its hash and points to the entry before it.' })
  valid!: boolean;

  @Field(() => Int) checkedEntries!: number;

  @Field(() => ID, { nullable: true, description: 'The first entry, in chain order, where the chain breaks.' })
  firstBadEntryId!: string | null;

  @Field(() => String, { nullable: true, description: 'What is wrong there, and what it means.' })
  problem!: string | null;

  /** The bad entry's database id, for `firstBadEntry`. */
  badKey!: string | null;
}

const entryId = direct<AuditEntry>('AuditEntry', 'id', (entry) => toGlobalId('AuditEntry', entry.id));
const entryAccount = direct<AuditEntry>('AuditEntry', 'account', (entry, _args, { loaders }) =>
  entry.accountId == null ? null : loaders.accountsById.load(entry.accountId),
);
const entryUnit = direct<AuditEntry>('AuditEntry', 'unit', (entry, _args, { loaders }) =>
  entry.unitId == null ? null : loaders.memberUnitsById.load(entry.unitId),
);
const entryOwner = direct<AuditEntry>('AuditEntry', 'subjectOwnerUnit', (entry, _args, { loaders }) =>
  entry.subjectOwnerUnitId == null ? null : loaders.memberUnitsById.load(entry.subjectOwnerUnitId),
);
const entrySubjectId = direct<AuditEntry>('AuditEntry', 'subjectId', (entry) => {
  if (entry.subjectId == null) return null;
  return isNodeType(entry.subjectType) ? toGlobalId(entry.subjectType, entry.subjectId) : entry.subjectId;
});
const entryDetail = direct<AuditEntry>('AuditEntry', 'detail', (entry) => entry.detail ?? {});
const entryHash = direct<AuditEntry>('AuditEntry', 'hash', (entry) => entry.hash.toString('hex'));
const entryPreviousHash = direct<AuditEntry>('AuditEntry', 'previousHash', (entry) => entry.prevHash?.toString('hex') ?? null);

@Resolver(() => AuditEntry)
export class AuditEntryResolver {
  @Query(() => AuditEntryConnection, {
    description:
      "The audit trail, newest first: every mutation (allowed, denied or failed) and every read of protected content. Hub admins read all of it; other members read the entries about their own unit's data.",
  })
  auditLog(
    @Ctx() { em, viewer }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => AuditLogFilter, { nullable: true }) filter?: AuditLogFilter,
  ): Promise<Page<AuditEntry>> {
    requireMember(viewer);
    return listAuditEntries(em, viewer, auditCriteria(filter ?? {}), args, connectionNodeSelection(info));
  }

  @Query(() => AuditVerification, {
    description: 'Recomputes the hash chain of the whole audit trail and names the first entry where it breaks. Hub admins only.',
  })
  async verifyAuditLog(@Ctx() { em, viewer }: HubContext): Promise<AuditVerification> {
    const member = requireMember(viewer);
    if (!member.hubAdmin) throw forbidden('Only hub admins (admins of the provincial FAO) can verify the audit trail.', 'HUB_ADMIN_ONLY');
    const check = await verifyAuditChain(em);
    return {
      valid: check.valid,
      checkedEntries: check.checkedEntries,
      firstBadEntryId: check.firstBadEntryId == null ? null : toGlobalId('AuditEntry', check.firstBadEntryId),
      problem: check.problem,
      badKey: check.firstBadEntryId,
    };
  }

  @FieldResolver(() => ID)
  id(@Root() entry: AuditEntry, @Ctx() context: HubContext) {
    return entryId(entry, {}, context);
  }

  @FieldResolver(() => Account, { nullable: true, description: 'Who acted; null for anonymous callers and the command line.' })
  account(@Root() entry: AuditEntry, @Ctx() context: HubContext) {
    return entryAccount(entry, {}, context);
  }

  @FieldResolver(() => MemberUnit, { nullable: true, description: 'The member unit the caller acted for.' })
  unit(@Root() entry: AuditEntry, @Ctx() context: HubContext) {
    return entryUnit(entry, {}, context);
  }

  @FieldResolver(() => MemberUnit, { nullable: true, description: 'The member unit whose data the entry is about.' })
  subjectOwnerUnit(@Root() entry: AuditEntry, @Ctx() context: HubContext) {
    return entryOwner(entry, {}, context);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The object the entry is about: its global ID when it is one of the hub\'s objects, otherwise the id as recorded.',
  })
  subjectId(@Root() entry: AuditEntry, @Ctx() context: HubContext) {
    return entrySubjectId(entry, {}, context);
  }

  @FieldResolver(() => JSONObjectResolver, { description: 'Facts the operation recorded, e.g. the statuses of a change or the reason of a refusal.' })
  detail(@Root() entry: AuditEntry, @Ctx() context: HubContext) {
    return entryDetail(entry, {}, context);
  }

  @FieldResolver(() => String, { description: 'SHA-256 of the entry and the previous hash, in hex.' })
  hash(@Root() entry: AuditEntry, @Ctx() context: HubContext) {
    return entryHash(entry, {}, context);
  }

  @FieldResolver(() => String, { nullable: true, description: "The previous entry's hash, in hex; null for the first entry." })
  previousHash(@Root() entry: AuditEntry, @Ctx() context: HubContext) {
    return entryPreviousHash(entry, {}, context);
  }
}

@Resolver(() => AuditVerification)
export class AuditVerificationResolver {
  @FieldResolver(() => AuditEntry, { nullable: true, description: 'The first entry where the chain breaks.' })
  firstBadEntry(@Root() verification: AuditVerification, @Ctx() { em, viewer }: HubContext) {
    return verification.badKey == null ? null : findAuditEntry(em, viewer, verification.badKey);
  }
}
