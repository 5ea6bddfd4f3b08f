import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden, requireMember, requireWriter, type MemberViewer, type Viewer } from '../../auth/viewer';
import { AppError, conflict, InputErrors, notFound } from '../../errors';
import { parseIntId, toGlobalId } from '../../shared/global-id';
import type { MutationAudit } from '../audit/audit.service';
import { LocalitySide } from '../localities/locality.enums';
import { RelationStatus, type RelationKind } from './friendship-relation.enums';
import { INITIAL_RELATION_STATUS, transitionRefusal } from './relation-transitions';

/**
 * Proposing relations and moving their status. Every function runs inside `audited(...)`: `em`
 * is the mutation's transaction, and permission checks happen here so that refusals are audited.
 *
 * Who may write a relation: hub admins; its liaison unit; and the Foreign Affairs Office of its
 * Chinese locality or of a division containing it (the provincial FAO for a city, a city FAO
 * for its counties). Everyone needs an EDITOR or ADMIN account and a token that may write.
 */

const NOTE_MAX = 2000;
const SOURCE_MAX = 500;
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

const RELATION_SUBJECT = 'FriendshipRelation';

const notStewardMessage = (what: string) =>
  `Only hub admins, the relation's liaison unit and the Foreign Affairs Office of its Chinese locality ` +
  `(or of the city or province containing it) can ${what}.`;

/** Decodes an ID into `errors` instead of throwing, so that one error names every bad field. */
function decodeId(errors: InputErrors, id: string, type: string, field: string): number | null {
  try {
    return parseIntId(id, type, field);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    errors.add(field, error.message);
    return null;
  }
}

/** Trimmed text, null when blank; a problem in `errors` when longer than `max`. */
function optionalText(errors: InputErrors, value: string | null | undefined, max: number, field: string): string | null {
  const text = value?.trim() ?? '';
  errors.check(text.length <= max, field, `"${field}" may hold at most ${max} characters, got ${text.length}.`);
  return text.length ? text : null;
}

/**
 * True when `unitId` is a Foreign Affairs Office (provincial or municipal) of `localityId` or of
 * a division containing it.
 */
async function isFaoOf(em: EntityManager, unitId: number, localityId: number): Promise<boolean> {
  const [row] = await em.execute<Array<{ fao: boolean }>>(
    `with recursive up(id, parent_id) as (
       select id, parent_id from locality where id = ?
       union all
       select l.id, l.parent_id from locality l join up on l.id = up.parent_id
     )
     select exists (
       select 1 from member_unit m join up on m.locality_id = up.id where m.id = ? and m.kind in ('FAO', 'MUNICIPAL_FAO')
     ) as fao`,
    [localityId, unitId],
  );
  return row.fao;
}

async function mayWriteRelation(
  em: EntityManager,
  member: MemberViewer,
  relation: { domesticLocalityId: number; liaisonUnitId: number | null },
): Promise<boolean> {
  if (member.hubAdmin || relation.liaisonUnitId === member.unitId) return true;
  return isFaoOf(em, member.unitId, relation.domesticLocalityId);
}

export interface ProposeRelationCommand {
  domesticLocality: string;
  foreignLocality: string;
  kind: RelationKind;
  liaisonUnit?: string | null;
  note?: string | null;
  source?: string | null;
}

/** Records a proposed relation with its first status-history row; returns its id. */
export async function proposeRelation(
  em: EntityManager,
  viewer: Viewer,
  audit: MutationAudit,
  command: ProposeRelationCommand,
): Promise<number> {
  const member = requireWriter(viewer);
  const errors = new InputErrors();
  const domesticId = decodeId(errors, command.domesticLocality, 'Locality', 'input.domesticLocality');
  const foreignId = decodeId(errors, command.foreignLocality, 'Locality', 'input.foreignLocality');
  const liaisonId = command.liaisonUnit == null ? null : decodeId(errors, command.liaisonUnit, 'MemberUnit', 'input.liaisonUnit');
  const note = optionalText(errors, command.note, NOTE_MAX, 'input.note');
  const source = optionalText(errors, command.source, SOURCE_MAX, 'input.source');
  audit.subject = { type: RELATION_SUBJECT, id: null, ownerUnitId: liaisonId };
  audit.detail = { kind: command.kind };

  const [found] = await em.execute<Array<{ domestic_side: string | null; foreign_side: string | null; liaison_found: boolean }>>(
    `select (select side from locality where id = ?::int) as domestic_side,
            (select side from locality where id = ?::int) as foreign_side,
            exists (select 1 from member_unit where id = ?::int) as liaison_found`,
    [domesticId, foreignId, liaisonId],
  );
  if (domesticId != null) {
    if (found.domestic_side == null) errors.add('input.domesticLocality', `No locality has the ID "${command.domesticLocality}".`);
    else if (found.domestic_side !== LocalitySide.DOMESTIC) {
      errors.add('input.domesticLocality', `"${command.domesticLocality}" is a foreign locality; domesticLocality must be a Chinese one.`);
    }
  }
  if (foreignId != null) {
    if (found.foreign_side == null) errors.add('input.foreignLocality', `No locality has the ID "${command.foreignLocality}".`);
    else if (found.foreign_side !== LocalitySide.FOREIGN) {
      errors.add('input.foreignLocality', `"${command.foreignLocality}" is a Chinese locality; foreignLocality must be a foreign one.`);
    }
  }
  if (liaisonId != null && !found.liaison_found) errors.add('input.liaisonUnit', `No member unit has the ID "${command.liaisonUnit}".`);
  errors.throwIfAny();
  // Every ID decoded, or throwIfAny would have thrown.
  const domestic = domesticId!;
  const foreign = foreignId!;

  if (!(await mayWriteRelation(em, member, { domesticLocalityId: domestic, liaisonUnitId: liaisonId }))) {
    throw forbidden(notStewardMessage('propose a relation for this locality'), 'NOT_RELATION_STEWARD');
  }

  // The unique key decides between concurrent proposals of the same pair; no check-then-insert race.
  const [inserted] = await em.execute<Array<{ id: number }>>(
    `insert into friendship_relation (domestic_locality_id, foreign_locality_id, kind, status, liaison_unit_id, source)
     values (?, ?, ?, ?, ?::int, ?)
     on conflict on constraint friendship_relation_pair_kind_key do nothing
     returning id`,
    [domestic, foreign, command.kind, INITIAL_RELATION_STATUS, liaisonId, source],
  );
  if (!inserted) {
    const [existing] = await em.execute<Array<{ id: number; status: string }>>(
      `select id, status from friendship_relation where domestic_locality_id = ? and foreign_locality_id = ? and kind = ?`,
      [domestic, foreign, command.kind],
    );
    audit.subject = { type: RELATION_SUBJECT, id: existing?.id ?? null, ownerUnitId: liaisonId };
    throw conflict(
      `A ${command.kind} relation between these two localities already exists` +
        (existing ? ` (${toGlobalId(RELATION_SUBJECT, existing.id)}, ${existing.status}): change its status instead.` : '.'),
      'RELATION_EXISTS',
      'input.foreignLocality',
    );
  }
  audit.subject = { type: RELATION_SUBJECT, id: inserted.id, ownerUnitId: liaisonId };
  await insertStatusChange(em, member, {
    relationId: inserted.id,
    from: null,
    to: INITIAL_RELATION_STATUS,
    note,
    source,
    effectiveOn: null,
  });
  audit.detail = { kind: command.kind, status: INITIAL_RELATION_STATUS };
  return inserted.id;
}

export interface ChangeRelationStatusCommand {
  relation: string;
  status: RelationStatus;
  expectedVersion?: number | null;
  note?: string | null;
  effectiveOn?: string | null;
}

interface LockedRelation {
  id: number;
  status: RelationStatus;
  version: number;
  domestic_locality_id: number;
  liaison_unit_id: number | null;
  established_on: string | null;
  established_year: number | null;
}

/** Moves a relation to another status (a valid move only) and appends the history row. */
export async function changeRelationStatus(
  em: EntityManager,
  viewer: Viewer,
  audit: MutationAudit,
  command: ChangeRelationStatusCommand,
): Promise<{ relationId: number; changeId: number }> {
  const relationId = parseIntId(command.relation, RELATION_SUBJECT, 'input.relation');
  audit.subject = { type: RELATION_SUBJECT, id: relationId };
  requireMember(viewer);

  // Locked before anything is checked: concurrent changes queue here and see each other's version.
  const [relation] = await em.execute<LockedRelation[]>(
    `select id, status, version, domestic_locality_id, liaison_unit_id, established_on::text as established_on, established_year
     from friendship_relation where id = ? for update`,
    [relationId],
  );
  if (!relation) throw notFound(`No FriendshipRelation has the ID "${command.relation}".`, 'OBJECT_NOT_FOUND', 'input.relation');
  audit.subject = { type: RELATION_SUBJECT, id: relationId, ownerUnitId: relation.liaison_unit_id };

  const member = requireWriter(viewer);
  const steward = await mayWriteRelation(em, member, {
    domesticLocalityId: relation.domestic_locality_id,
    liaisonUnitId: relation.liaison_unit_id,
  });
  if (!steward) throw forbidden(notStewardMessage("change this relation's status"), 'NOT_RELATION_STEWARD');

  const errors = new InputErrors();
  const note = optionalText(errors, command.note, NOTE_MAX, 'input.note');
  const effectiveYear = command.effectiveOn ? Number(command.effectiveOn.slice(0, 4)) : null;
  errors.check(
    effectiveYear == null || (effectiveYear >= MIN_YEAR && effectiveYear <= MAX_YEAR),
    'input.effectiveOn',
    `"input.effectiveOn" must fall between ${MIN_YEAR} and ${MAX_YEAR}, got ${command.effectiveOn}.`,
  );
  errors.check(
    command.expectedVersion == null || command.expectedVersion >= 1,
    'input.expectedVersion',
    `"input.expectedVersion" is a version the hub handed out (1 or more), got ${command.expectedVersion}.`,
  );
  errors.throwIfAny();

  audit.detail = { from: relation.status, to: command.status, version: relation.version };
  if (command.expectedVersion != null && command.expectedVersion !== relation.version) {
    throw conflict(
      `The relation changed since you read it: it is at version ${relation.version}, not ${command.expectedVersion}. ` +
        'Reload it and decide again.',
      'STALE_VERSION',
      'input.expectedVersion',
    );
  }
  const refusal = transitionRefusal(relation.status, command.status);
  if (refusal) throw conflict(refusal, 'INVALID_TRANSITION', 'input.status');

  // The signing date fills in what the record does not know yet, and never contradicts a known year.
  let establishedOn = relation.established_on;
  let establishedYear = relation.established_year;
  if (command.status === RelationStatus.ESTABLISHED && command.effectiveOn && effectiveYear != null) {
    if (establishedYear == null) {
      establishedYear = effectiveYear;
      establishedOn = command.effectiveOn;
    } else if (establishedOn == null && establishedYear === effectiveYear) {
      establishedOn = command.effectiveOn;
    }
  }
  await em.execute(
    `update friendship_relation
     set status = ?, version = version + 1, established_on = ?::date, established_year = ?::smallint, updated_at = now()
     where id = ?`,
    [command.status, establishedOn, establishedYear, relationId],
  );
  const changeId = await insertStatusChange(em, member, {
    relationId,
    from: relation.status,
    to: command.status,
    note,
    source: null,
    effectiveOn: command.effectiveOn ?? null,
  });
  audit.detail = { from: relation.status, to: command.status, version: relation.version + 1 };
  return { relationId, changeId };
}

async function insertStatusChange(
  em: EntityManager,
  member: MemberViewer,
  change: {
    relationId: number;
    from: RelationStatus | null;
    to: RelationStatus;
    note: string | null;
    source: string | null;
    effectiveOn: string | null;
  },
): Promise<number> {
  const [row] = await em.execute<Array<{ id: number }>>(
    `insert into relation_status_change
       (relation_id, from_status, to_status, effective_on, effective_year, note, source, changed_by_account_id, changed_by_unit_id)
     values (?, ?, ?, ?::date, ?::smallint, ?, ?, ?, ?)
     returning id`,
    [
      change.relationId,
      change.from,
      change.to,
      change.effectiveOn,
      change.effectiveOn ? Number(change.effectiveOn.slice(0, 4)) : null,
      change.note,
      change.source,
      member.accountId,
      member.unitId,
    ],
  );
  return row.id;
}
