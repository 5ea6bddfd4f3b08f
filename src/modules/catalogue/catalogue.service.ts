import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden, requireHubAdmin, requireWriter, type MemberViewer, type Viewer } from '../../auth/viewer';
import { badInput, conflict, InputErrors, notFound } from '../../errors';
import type { ConnectionArgs, Page } from '../../shared/connection';
import { parseIntId, toGlobalId } from '../../shared/global-id';
import { keysetPage, type ListQuery } from '../../shared/pagination';
import { visibleRowLoader } from '../../shared/row-loader';
import { MAX_SEARCH_LENGTH } from '../../shared/search';
import type { FieldSelection } from '../../shared/selection';
import { queryRows } from '../../shared/sql';
import type { MutationAudit } from '../audit';
import { SharingTier } from '../resources/resource.enums';
import type { CatalogueEdition } from './catalogue-edition.entity';
import type { CatalogueMatter } from './catalogue-matter.entity';
import { CatalogueMatterStatus, OnlineAvailability, type CatalogueMatterKind, type UpdateCycle } from './catalogue.enums';
import { catalogueEditionRows, catalogueMatterRows } from './catalogue.rows';
import {
  CATALOGUE_FIELDS,
  checkMatter,
  differingFields,
  normaliseEdition,
  normaliseMatter,
  type MatterField,
  type MatterPatch,
  type MatterValues,
} from './catalogue.validation';
import { visibleMatterSql } from './catalogue.visibility';

/**
 * The rules of the licence and public service matter catalogue. Write functions run inside
 * `audited(...)` on its transaction's EntityManager: permission checks first (so denials are
 * audited), then the row is locked before its version and status are judged.
 */

const MATTER = 'CatalogueMatter';
const EDITION = 'CatalogueEdition';

export interface AddMatterRequest extends MatterPatch {
  provider?: string | null;
}

/** One matter as an edition froze it. */
export interface MatterSnapshot extends MatterValues {
  editionId: number;
  matterId: number;
  providerUnitId: number;
  version: number;
}

export interface CatalogueChanges {
  added: MatterSnapshot[];
  removed: MatterSnapshot[];
  changed: Array<{ matterId: number; before: MatterSnapshot; after: MatterSnapshot; fields: MatterField[] }>;
}

type Stored = 'text' | 'int' | 'bool' | 'json' | 'textArray';

const COLUMNS: Record<MatterField, { column: string; type: Stored }> = {
  kind: { column: 'kind', type: 'text' },
  code: { column: 'code', type: 'text' },
  nameZh: { column: 'name_zh', type: 'text' },
  nameEn: { column: 'name_en', type: 'text' },
  acceptingOffice: { column: 'accepting_office', type: 'text' },
  consultation: { column: 'consultation', type: 'json' },
  processingTimeLimitDays: { column: 'processing_time_limit_days', type: 'int' },
  promisedTimeLimitDays: { column: 'promised_time_limit_days', type: 'int' },
  legalBasis: { column: 'legal_basis', type: 'text' },
  applicationMaterials: { column: 'application_materials', type: 'json' },
  procedure: { column: 'procedure', type: 'textArray' },
  fees: { column: 'fees', type: 'text' },
  free: { column: 'free', type: 'bool' },
  online: { column: 'online', type: 'text' },
  onlineUrl: { column: 'online_url', type: 'text' },
  updateCycle: { column: 'update_cycle', type: 'text' },
  tier: { column: 'tier', type: 'text' },
};

// em.execute inlines values as literals; lists and objects travel as JSON text.
const PLACEHOLDER: Record<Stored, string> = {
  text: '?',
  int: '?::int',
  bool: '?::boolean',
  json: '?::jsonb',
  textArray: 'array(select jsonb_array_elements_text(?::jsonb))',
};

const encode = (type: Stored, value: unknown) => (type === 'json' || type === 'textArray' ? JSON.stringify(value) : (value ?? null));

/** The catalogue fields of a catalogue_matter row, as jsonb: what an edition freezes. */
const FIELDS_JSON = (alias: string) =>
  `jsonb_build_object(${CATALOGUE_FIELDS.map((field) => {
    const { column, type } = COLUMNS[field];
    return `'${field}', ${type === 'textArray' ? `to_jsonb(${alias}.${column})` : `${alias}.${column}`}`;
  }).join(', ')})`;

function valuesOfRow(row: Record<string, any>): MatterValues {
  return Object.fromEntries(CATALOGUE_FIELDS.map((field) => [field, row[COLUMNS[field].column] ?? null])) as unknown as MatterValues;
}

/* ------------------------------------------------------------------------------------------ */
/* writes                                                                                     */

/** The provider of a new matter: the caller's unit, or for hub admins any unit they name. */
async function providingUnit(em: EntityManager, member: MemberViewer, provider: string | null | undefined, audit: MutationAudit): Promise<number> {
  const unitId = provider == null ? member.unitId : parseIntId(provider, 'MemberUnit', 'input.provider');
  audit.subject = { type: MATTER, id: null, ownerUnitId: unitId };
  if (unitId === member.unitId) return unitId;
  if (!member.hubAdmin) throw forbidden('You can add matters only for your own unit; a hub admin can add them for another unit.', 'OWN_UNIT_ONLY');
  const [unit] = await em.execute<Array<{ id: number }>>('select id from member_unit where id = ?', [unitId]);
  if (!unit) {
    audit.subject = { type: MATTER, id: null, ownerUnitId: null };
    throw badInput(`No member unit has the ID "${provider}".`, 'input.provider', 'OBJECT_NOT_FOUND');
  }
  return unitId;
}

async function checkCodeFree(em: EntityManager, providerUnitId: number, code: string, exceptId: number | null): Promise<void> {
  const [taken] = await em.execute<Array<{ id: number }>>(
    'select id from catalogue_matter where provider_unit_id = ? and code = ? and id <> ?',
    [providerUnitId, code, exceptId ?? 0],
  );
  if (taken) throw conflict(`Your unit already has a matter with the code "${code}"; codes are unique within a unit.`, 'CODE_TAKEN', 'input.code');
}

/** Adds a matter to the provider unit's catalogue. */
export async function addMatter(em: EntityManager, viewer: Viewer, input: AddMatterRequest, audit: MutationAudit): Promise<number> {
  const member = requireWriter(viewer);
  const providerUnitId = await providingUnit(em, member, input.provider, audit);
  const errors = new InputErrors();
  const given = normaliseMatter(input, errors);
  const values: MatterValues = {
    nameZh: null, nameEn: null, promisedTimeLimitDays: null, applicationMaterials: [], procedure: [], fees: null, free: false, onlineUrl: null,
    ...given,
  } as MatterValues;
  checkMatter(values, given, errors);
  errors.throwIfAny();
  await checkCodeFree(em, providerUnitId, values.code, null);

  const [row] = await em.execute<Array<{ id: number }>>(
    `insert into catalogue_matter (provider_unit_id, created_by_account_id, ${CATALOGUE_FIELDS.map((field) => COLUMNS[field].column).join(', ')}) ` +
      `values (?::int, ?::int, ${CATALOGUE_FIELDS.map((field) => PLACEHOLDER[COLUMNS[field].type]).join(', ')}) returning id`,
    [providerUnitId, member.accountId, ...CATALOGUE_FIELDS.map((field) => encode(COLUMNS[field].type, values[field]))],
  );
  audit.subject = { type: MATTER, id: row.id, ownerUnitId: providerUnitId };
  audit.detail = { kind: values.kind, code: values.code, tier: values.tier };
  return row.id;
}

interface LockedMatter {
  id: number;
  providerUnitId: number;
  status: CatalogueMatterStatus;
  version: number;
  values: MatterValues;
}

/**
 * Locks a matter the caller can see (`select … for update`); one it cannot see is NOT_FOUND with
 * the same message as one that does not exist. A visible one it may not change is FORBIDDEN.
 */
async function lockForChange(em: EntityManager, member: MemberViewer, id: string, audit: MutationAudit): Promise<LockedMatter> {
  const key = parseIntId(id, MATTER, 'id');
  audit.subject = { type: MATTER, id: key, ownerUnitId: null };
  const visible = visibleMatterSql(member, 'm');
  const [row] = await em.execute<Array<Record<string, any>>>(`select m.* from catalogue_matter m where m.id = ? and ${visible.sql} for update of m`, [
    key,
    ...visible.params,
  ]);
  if (!row) throw notFound(`No catalogue matter has the ID "${id}".`, 'OBJECT_NOT_FOUND', 'id');
  audit.subject = { type: MATTER, id: key, ownerUnitId: row.provider_unit_id };
  if (!member.hubAdmin && member.unitId !== row.provider_unit_id) {
    throw forbidden("Only an EDITOR or ADMIN of the matter's provider unit, or a hub admin, can change it.", 'NOT_PROVIDER');
  }
  return { id: key, providerUnitId: row.provider_unit_id, status: row.status, version: row.version, values: valuesOfRow(row) };
}

/** Changes the fields given; a change that changes nothing stores nothing (and keeps the version). */
export async function updateMatter(
  em: EntityManager,
  viewer: Viewer,
  id: string,
  input: MatterPatch,
  expectedVersion: number,
  audit: MutationAudit,
): Promise<number> {
  const member = requireWriter(viewer);
  const matter = await lockForChange(em, member, id, audit);
  if (matter.version !== expectedVersion) {
    throw conflict(
      `The matter has changed since you read it: it is at version ${matter.version}, not ${expectedVersion}. Read it again, then retry with expectedVersion ${matter.version}.`,
      'STALE_VERSION',
      'expectedVersion',
    );
  }
  const errors = new InputErrors();
  const given = normaliseMatter(input, errors);
  const next: MatterValues = { ...matter.values, ...given };
  // Going OFFLINE drops the address that only made sense online.
  if (next.online === OnlineAvailability.OFFLINE && given.onlineUrl === undefined) next.onlineUrl = null;
  checkMatter(next, given, errors);
  errors.throwIfAny();
  if (given.code !== undefined && given.code !== matter.values.code) await checkCodeFree(em, matter.providerUnitId, next.code, matter.id);

  const changed = differingFields(matter.values, next);
  if (!changed.length) {
    audit.detail = { changedFields: [], version: matter.version };
    return matter.id;
  }
  const version = matter.version + 1;
  await em.execute(
    `update catalogue_matter set ${changed.map((field) => `${COLUMNS[field].column} = ${PLACEHOLDER[COLUMNS[field].type]}, `).join('')}` +
      `version = ?::int, updated_at = now() where id = ?`,
    [...changed.map((field) => encode(COLUMNS[field].type, next[field])), version, matter.id],
  );
  audit.detail = { changedFields: changed, version };
  return matter.id;
}

/** ACTIVE → WITHDRAWN: later editions leave the matter out. */
export async function withdrawMatter(em: EntityManager, viewer: Viewer, id: string, audit: MutationAudit): Promise<number> {
  const member = requireWriter(viewer);
  const matter = await lockForChange(em, member, id, audit);
  if (matter.status !== CatalogueMatterStatus.ACTIVE) {
    throw conflict('The matter is already WITHDRAWN.', 'INVALID_TRANSITION', 'id');
  }
  const version = matter.version + 1;
  await em.execute(
    `update catalogue_matter set status = 'WITHDRAWN', withdrawn_at = now(), version = ?::int, updated_at = now() where id = ?`,
    [version, matter.id],
  );
  audit.detail = { from: matter.status, to: CatalogueMatterStatus.WITHDRAWN, version };
  return matter.id;
}

/** Freezes every ACTIVE matter as it is now into a new edition. Hub admins only. */
export async function publishEdition(
  em: EntityManager,
  viewer: Viewer,
  input: { name: string; note?: string | null },
  audit: MutationAudit,
): Promise<number> {
  audit.subject = { type: EDITION, id: null, ownerUnitId: null };
  const member = requireHubAdmin(viewer);
  const errors = new InputErrors();
  const { name, note } = normaliseEdition(input, errors);
  errors.throwIfAny();
  const [taken] = await em.execute<Array<{ id: number }>>('select id from catalogue_edition where name = ?', [name]);
  if (taken) throw conflict(`An edition named "${name}" is already published; editions need distinct names.`, 'NAME_TAKEN', 'input.name');
  const [row] = await em.execute<Array<{ id: number }>>(
    'insert into catalogue_edition (name, note, published_by_account_id) values (?, ?, ?::int) returning id',
    [name, note, member.accountId],
  );
  audit.subject = { type: EDITION, id: row.id, ownerUnitId: null };
  // One statement: the copy sees the catalogue as of one moment.
  const copied = await em.execute<Array<{ matter_id: number }>>(
    `insert into catalogue_edition_matter (edition_id, matter_id, provider_unit_id, tier, version, fields)
     select ?::int, m.id, m.provider_unit_id, m.tier, m.version, ${FIELDS_JSON('m')} from catalogue_matter m where m.status = 'ACTIVE'
     returning matter_id`,
    [row.id],
  );
  audit.detail = { name, matters: copied.length };
  return row.id;
}

/* ------------------------------------------------------------------------------------------ */
/* reads                                                                                      */

/** Matters by id as the caller may see them, in one statement per tick; an invisible one loads as null. */
export function visibleMattersLoader(em: EntityManager, viewer: Viewer): DataLoader<number, CatalogueMatter | null> {
  return visibleRowLoader(em, catalogueMatterRows.plan(em), 'catalogue_matter', visibleMatterSql(viewer, 't'));
}

export interface MatterFilter {
  kinds?: CatalogueMatterKind[] | null;
  providers?: string[] | null;
  online?: OnlineAvailability[] | null;
  tiers?: SharingTier[] | null;
  statuses?: CatalogueMatterStatus[] | null;
  text?: string | null;
}

/** `%`, `_` and `\` match themselves. */
const likeEscape = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Matters of every unit the caller may see, ACTIVE ones unless the filter says otherwise, in the order added. */
export function listMatters(
  em: EntityManager,
  viewer: Viewer,
  filter: MatterFilter | null | undefined,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<Page<CatalogueMatter>> {
  const { query, map } = catalogueMatterRows.listQuery(em, 'm', selection);
  const add = (sql: string, ...values: unknown[]) => {
    query.where.push(sql);
    query.params.push(...values);
  };
  const visible = visibleMatterSql(viewer, 'm');
  if (visible.sql !== 'true') add(visible.sql, ...visible.params);
  const anyOf = (column: string, values: string[] | null | undefined) => {
    if (values?.length) add(`${column} = any(?::text[])`, [...new Set(values)]);
  };
  anyOf('m.kind', filter?.kinds);
  anyOf('m.online', filter?.online);
  anyOf('m.tier', filter?.tiers);
  anyOf('m.status', filter?.statuses?.length ? filter.statuses : [CatalogueMatterStatus.ACTIVE]);
  if (filter?.providers?.length) {
    add('m.provider_unit_id = any(?::int[])', filter.providers.map((id, index) => parseIntId(id, 'MemberUnit', `filter.providers[${index}]`)));
  }
  const text = filter?.text?.trim();
  if (text) {
    if ([...text].length > MAX_SEARCH_LENGTH) {
      throw badInput(`"filter.text" is ${[...text].length} characters long; at most ${MAX_SEARCH_LENGTH} are allowed.`, 'filter.text', 'SEARCH_TOO_LONG');
    }
    if (text.includes('\u0000')) throw badInput('"filter.text" contains a NUL character.', 'filter.text', 'INVALID_CHARACTER');
    // search_text is lower-cased in the table; the trigram index serves the pattern.
    add(`m.search_text like '%' || lower(?::text) || '%'`, likeEscape(text));
  }
  return keysetPage(em, query, { expr: 'm.id', type: 'int', direction: 'asc' }, args, map);
}

/** Editions, newest first (editions are public). */
export function listEditions(em: EntityManager, args: ConnectionArgs, selection?: FieldSelection): Promise<Page<CatalogueEdition>> {
  const { query, map } = catalogueEditionRows.listQuery(em, 'e', selection);
  return keysetPage(em, query, { expr: 'e.id', type: 'int', direction: 'desc' }, args, map);
}

/** Editions by id, in one statement per tick. */
export function editionsLoader(em: EntityManager): DataLoader<number, CatalogueEdition | null> {
  const plan = catalogueEditionRows.plan(em);
  return new DataLoader<number, CatalogueEdition | null>(async (ids) => {
    const rows = await queryRows(em, `select ${plan.select('t')} from catalogue_edition t where t.id = any(?::int[])`, [[...ids]]);
    const found = new Map(rows.map((row) => plan.map(row, 't')).map((edition) => [edition.id, edition]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

const SNAPSHOT_COLUMNS = 's.edition_id, s.matter_id, s.provider_unit_id, s.version, s.fields';

function toSnapshot(row: Record<string, any>): MatterSnapshot {
  return { ...(row.fields as MatterValues), editionId: row.edition_id, matterId: row.matter_id, providerUnitId: row.provider_unit_id, version: row.version };
}

/** The matters an edition froze that the caller may see (by the tier frozen with them), by matter. */
export function editionMatters(em: EntityManager, viewer: Viewer, editionId: number, args: ConnectionArgs): Promise<Page<MatterSnapshot>> {
  const visible = visibleMatterSql(viewer, 's');
  const query: ListQuery = {
    from: 'catalogue_edition_matter s',
    alias: 's',
    columns: SNAPSHOT_COLUMNS,
    where: ['s.edition_id = ?', ...(visible.sql === 'true' ? [] : [visible.sql])],
    params: [editionId, ...visible.params],
    key: { expr: 's.matter_id', type: 'int' },
  };
  return keysetPage(em, query, { expr: 's.matter_id', type: 'int', direction: 'asc' }, args, toSnapshot);
}

/**
 * What changed from one edition to another, as far as the caller may see: matters only in `to`
 * (added), only in `from` (removed), and in both with different catalogue fields (changed).
 */
export async function catalogueChanges(em: EntityManager, viewer: Viewer, from: string, to: string): Promise<CatalogueChanges> {
  const fromId = parseIntId(from, EDITION, 'from');
  const toId = parseIntId(to, EDITION, 'to');
  const found = await queryRows<{ id: number }>(em, 'select id from catalogue_edition where id = any(?::int[])', [[fromId, toId]]);
  const known = new Set(found.map((row) => row.id));
  if (!known.has(fromId)) throw notFound(`No catalogue edition has the ID "${from}".`, 'OBJECT_NOT_FOUND', 'from');
  if (!known.has(toId)) throw notFound(`No catalogue edition has the ID "${to}".`, 'OBJECT_NOT_FOUND', 'to');
  if (fromId === toId) return { added: [], removed: [], changed: [] };

  const visible = visibleMatterSql(viewer, 's');
  const rows = await queryRows(
    em,
    `select ${SNAPSHOT_COLUMNS} from catalogue_edition_matter s where s.edition_id = any(?::int[]) and ${visible.sql} order by s.matter_id`,
    [[fromId, toId], ...visible.params],
  );
  const before = new Map<number, MatterSnapshot>();
  const after = new Map<number, MatterSnapshot>();
  for (const row of rows) (row.edition_id === fromId ? before : after).set(row.matter_id as number, toSnapshot(row));
  const changes: CatalogueChanges = { added: [], removed: [], changed: [] };
  for (const [matterId, snapshot] of after) {
    const earlier = before.get(matterId);
    if (!earlier) changes.added.push(snapshot);
    else {
      const fields = differingFields(earlier, snapshot);
      if (fields.length) changes.changed.push({ matterId, before: earlier, after: snapshot, fields });
    }
  }
  for (const [matterId, snapshot] of before) if (!after.has(matterId)) changes.removed.push(snapshot);
  return changes;
}

export const matterGlobalId = (id: number) => toGlobalId(MATTER, id);
