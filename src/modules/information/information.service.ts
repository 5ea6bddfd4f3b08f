import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden, requireWriter, type MemberViewer, type Viewer } from '../../auth/viewer';
import { badInput, conflict, InputErrors, notFound } from '../../errors';
import type { ConnectionArgs, Page } from '../../shared/connection';
import { parseIntId } from '../../shared/global-id';
import { keysetPage, type SortKey } from '../../shared/pagination';
import type { FieldSelection } from '../../shared/selection';
import { queryRows } from '../../shared/sql';
import { CHINA_TODAY_SQL } from '../access/working-days';
import type { MutationAudit } from '../audit';
import type { SharingTier } from '../resources/resource.enums';
import type { InformationItem } from './information-item.entity';
import { InformationItemOrder, InformationKind, InformationStatus } from './information.enums';
import { informationItemRows } from './information.rows';
import {
  checkInformationReferences,
  checkInformationWhole,
  INFORMATION_FIELDS,
  normaliseInformation,
  sameInformationValue,
  type InformationField,
  type InformationFieldsPatch,
  type InformationValues,
} from './information.validation';
import { visibleInformationSql } from './information.visibility';

/**
 * The rules of information items. Writes run inside `audited(...)`, on its transaction's
 * EntityManager: permission checks first (so denials are audited), then the row is locked before
 * its version and status are judged. Nothing here knows GraphQL.
 */

const SUBJECT = 'InformationItem';

export interface CreateInformationRequest extends InformationFieldsPatch {
  kind: InformationKind;
  tier: SharingTier;
  effectiveFrom: string;
  publisher?: string | null;
}

type Stored = 'text' | 'int' | 'date' | 'json';

const COLUMNS: Partial<Record<InformationField, { column: string; type: Stored }>> = {
  kind: { column: 'kind', type: 'text' },
  tier: { column: 'tier', type: 'text' },
  titleZh: { column: 'title_zh', type: 'text' },
  titleEn: { column: 'title_en', type: 'text' },
  bodyZh: { column: 'body_zh', type: 'text' },
  bodyEn: { column: 'body_en', type: 'text' },
  attachments: { column: 'attachments', type: 'json' },
  effectiveFrom: { column: 'effective_from', type: 'date' },
  expiresOn: { column: 'expires_on', type: 'date' },
  advisoryLevel: { column: 'advisory_level', type: 'int' },
};

const JOINS: Partial<Record<InformationField, { table: string; column: string; cast: string }>> = {
  countries: { table: 'information_item_country', column: 'country_code', cast: 'text' },
  localities: { table: 'information_item_locality', column: 'locality_id', cast: 'int' },
};

const PLACEHOLDER: Record<Stored, string> = { text: '?', int: '?::int', date: '?::date', json: '?::jsonb' };
const encode = (type: Stored, value: unknown) => (type === 'json' ? JSON.stringify(value ?? []) : (value ?? null));

/* ------------------------------------------------------------------------------------------ */
/* writes                                                                                     */

/** Creates a DRAFT item for the caller's unit (hub admins: for any unit, with `publisher`). */
export async function createInformationItem(em: EntityManager, viewer: Viewer, input: CreateInformationRequest, audit: MutationAudit): Promise<number> {
  const member = requireWriter(viewer);
  const ownerUnitId = await publishingUnit(em, member, input.publisher, audit);

  const errors = new InputErrors();
  const given = normaliseInformation(input, errors);
  const values: InformationValues = {
    titleZh: null, titleEn: null, bodyZh: null, bodyEn: null, countries: [], localities: [], attachments: [],
    expiresOn: null, advisoryLevel: null,
    ...given,
  } as InformationValues;
  checkInformationWhole(values, given, errors);
  await checkInformationReferences(em, given, errors);
  errors.throwIfAny();

  const columns = INFORMATION_FIELDS.filter((field) => COLUMNS[field]);
  const [row] = await em.execute<Array<{ id: number }>>(
    `insert into information_item (owner_unit_id, created_by_account_id, status, ${columns.map((field) => COLUMNS[field]!.column).join(', ')}) ` +
      `values (?::int, ?::int, 'DRAFT', ${columns.map((field) => PLACEHOLDER[COLUMNS[field]!.type]).join(', ')}) returning id`,
    [ownerUnitId, member.accountId, ...columns.map((field) => encode(COLUMNS[field]!.type, values[field]))],
  );
  const id = row.id;
  audit.subject = { type: SUBJECT, id, ownerUnitId };
  for (const field of Object.keys(JOINS) as InformationField[]) await insertLinks(em, id, field, values[field] as Array<string | number>);
  audit.detail = { kind: values.kind, tier: values.tier, status: InformationStatus.DRAFT };
  return id;
}

async function publishingUnit(em: EntityManager, member: MemberViewer, publisher: string | null | undefined, audit: MutationAudit): Promise<number> {
  const unitId = publisher == null ? member.unitId : parseIntId(publisher, 'MemberUnit', 'input.publisher');
  audit.subject = { type: SUBJECT, id: null, ownerUnitId: unitId };
  if (unitId === member.unitId) return unitId;
  if (!member.hubAdmin) {
    throw forbidden('You can publish information only for your own unit; a hub admin can publish on behalf of another unit.', 'OWN_UNIT_ONLY');
  }
  const [unit] = await em.execute<Array<{ id: number }>>('select id from member_unit where id = ?', [unitId]);
  if (!unit) {
    audit.subject = { type: SUBJECT, id: null, ownerUnitId: null };
    throw badInput(`No member unit has the ID "${publisher}".`, 'input.publisher', 'OBJECT_NOT_FOUND');
  }
  return unitId;
}

interface LockedItem {
  id: number;
  ownerUnitId: number;
  status: InformationStatus;
  version: number;
  values: InformationValues;
}

/**
 * Locks an item the caller can see; one it cannot see is NOT_FOUND like one that does not exist,
 * a visible one it may not change FORBIDDEN.
 */
async function lockForChange(em: EntityManager, member: MemberViewer, id: string, audit: MutationAudit): Promise<LockedItem> {
  const key = parseIntId(id, SUBJECT, 'id');
  audit.subject = { type: SUBJECT, id: key, ownerUnitId: null };
  const visible = visibleInformationSql(member, 'i');
  const [row] = await em.execute<Array<Record<string, any>>>(
    `select i.*,
       array(select c.country_code::text from information_item_country c where c.item_id = i.id order by 1) as linked_countries,
       array(select l.locality_id from information_item_locality l where l.item_id = i.id order by 1) as linked_localities
     from information_item i where i.id = ? and ${visible.sql} for update of i`,
    [key, ...visible.params],
  );
  if (!row) throw notFound(`No information item has the ID "${id}".`, 'OBJECT_NOT_FOUND', 'id');
  audit.subject = { type: SUBJECT, id: key, ownerUnitId: row.owner_unit_id };
  if (!member.hubAdmin && member.unitId !== row.owner_unit_id) {
    throw forbidden("Only an EDITOR or ADMIN of the item's publisher unit, or a hub admin, can change it.", 'NOT_OWNER');
  }
  return {
    id: key,
    ownerUnitId: row.owner_unit_id,
    status: row.status,
    version: row.version,
    values: {
      kind: row.kind,
      tier: row.tier,
      titleZh: row.title_zh,
      titleEn: row.title_en,
      bodyZh: row.body_zh,
      bodyEn: row.body_en,
      countries: row.linked_countries,
      localities: row.linked_localities,
      attachments: row.attachments,
      effectiveFrom: row.effective_from,
      expiresOn: row.expires_on,
      advisoryLevel: row.advisory_level,
    },
  };
}

function checkVersion(item: LockedItem, expected: number | null | undefined): void {
  if (expected != null && item.version !== expected) {
    throw conflict(
      `The information item has changed since you read it: it is at version ${item.version}, not ${expected}. Read it again, then retry with expectedVersion ${item.version}.`,
      'STALE_VERSION',
      'expectedVersion',
    );
  }
}

/** Changes the fields given; the others stay. A change that changes nothing stores nothing but its audit entry and activity. */
export async function updateInformationItem(
  em: EntityManager,
  viewer: Viewer,
  id: string,
  input: InformationFieldsPatch,
  expectedVersion: number | null | undefined,
  audit: MutationAudit,
): Promise<number> {
  const member = requireWriter(viewer);
  const item = await lockForChange(em, member, id, audit);
  checkVersion(item, expectedVersion);

  const errors = new InputErrors();
  const given = normaliseInformation(input, errors);
  const next: InformationValues = { ...item.values, ...given };
  // A kind that is no longer ADVISORY drops the level that only made sense there.
  if (next.kind !== InformationKind.ADVISORY && given.advisoryLevel === undefined) next.advisoryLevel = null;
  checkInformationWhole(next, given, errors);
  await checkInformationReferences(em, given, errors);
  errors.throwIfAny();

  const changed = INFORMATION_FIELDS.filter((field) => !sameInformationValue(field, item.values[field], next[field]));
  if (!changed.length) {
    audit.detail = { changedFields: [], version: item.version };
    return item.id;
  }
  const columns = changed.filter((field) => COLUMNS[field]);
  const version = item.version + 1;
  await em.execute(
    `update information_item set ${columns.map((field) => `${COLUMNS[field]!.column} = ${PLACEHOLDER[COLUMNS[field]!.type]}, `).join('')}` +
      `version = ?::int, updated_at = now() where id = ?`,
    [...columns.map((field) => encode(COLUMNS[field]!.type, next[field])), version, item.id],
  );
  for (const field of changed.filter((field) => JOINS[field])) {
    await em.execute(`delete from ${JOINS[field]!.table} where item_id = ?`, [item.id]);
    await insertLinks(em, item.id, field, next[field] as Array<string | number>);
  }
  audit.detail = { changedFields: changed, version };
  return item.id;
}

/**
 * Moves a visible, writable item to `to` when `allowed` (given its current status) holds, with
 * `set` (columns besides status, version and updated_at); otherwise CONFLICT INVALID_TRANSITION.
 */
async function changeStatus(
  em: EntityManager,
  viewer: Viewer,
  id: string,
  expectedVersion: number | null | undefined,
  audit: MutationAudit,
  change: { to: InformationStatus; set: string; refusal: (from: InformationStatus) => string | null },
): Promise<number> {
  const member = requireWriter(viewer);
  const item = await lockForChange(em, member, id, audit);
  checkVersion(item, expectedVersion);
  const refusal = change.refusal(item.status);
  if (refusal) throw conflict(refusal, 'INVALID_TRANSITION', 'id');
  const version = item.version + 1;
  await em.execute(`update information_item set status = ?, ${change.set}, version = ?::int, updated_at = now() where id = ?`, [
    change.to,
    version,
    item.id,
  ]);
  audit.detail = { from: item.status, to: change.to, version };
  return item.id;
}

/** DRAFT or ARCHIVED → PUBLISHED: the item becomes visible according to its tier. */
export function publishInformationItem(
  em: EntityManager,
  viewer: Viewer,
  id: string,
  expectedVersion: number | null | undefined,
  audit: MutationAudit,
): Promise<number> {
  return changeStatus(em, viewer, id, expectedVersion, audit, {
    to: InformationStatus.PUBLISHED,
    set: 'published_at = now(), archived_at = null',
    refusal: (from) => (from === InformationStatus.PUBLISHED ? 'The information item is already PUBLISHED.' : null),
  });
}

/** PUBLISHED → ARCHIVED: no longer current, still readable by its tier. A draft is never archived (that would publish it). */
export function archiveInformationItem(
  em: EntityManager,
  viewer: Viewer,
  id: string,
  expectedVersion: number | null | undefined,
  audit: MutationAudit,
): Promise<number> {
  return changeStatus(em, viewer, id, expectedVersion, audit, {
    to: InformationStatus.ARCHIVED,
    set: 'archived_at = now()',
    refusal: (from) => (from === InformationStatus.PUBLISHED ? null : `Only a PUBLISHED information item can be archived; this one is ${from}.`),
  });
}

async function insertLinks(em: EntityManager, itemId: number, field: InformationField, keys: Array<string | number>): Promise<void> {
  if (!keys.length) return;
  const join = JOINS[field]!;
  await em.execute(
    `insert into ${join.table} (item_id, ${join.column}) select ?::int, value::${join.cast} from jsonb_array_elements_text(?::jsonb)`,
    [itemId, JSON.stringify(keys)],
  );
}

/* ------------------------------------------------------------------------------------------ */
/* reads                                                                                      */

export interface InformationFilterRequest {
  kinds?: InformationKind[] | null;
  statuses?: InformationStatus[] | null;
  publishers?: string[] | null;
  countries?: string[] | null;
  localities?: string[] | null;
  tiers?: SharingTier[] | null;
  effectiveOn?: string | null;
}

/** Country codes the hub does not know, in the order given. */
async function unknownCountries(em: EntityManager, codes: string[]): Promise<string[]> {
  const rows = await queryRows<{ code: string }>(em, 'select code::text as code from country where code = any(?::text[])', [codes]);
  const known = new Set(rows.map((row) => row.code));
  return codes.filter((code) => !known.has(code));
}

/** Items the caller may see that match the filter, newest first unless asked otherwise. */
export async function listInformationItems(
  em: EntityManager,
  viewer: Viewer,
  filter: InformationFilterRequest | null | undefined,
  order: InformationItemOrder | null | undefined,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<Page<InformationItem>> {
  const { query, map } = informationItemRows.listQuery(em, 'i', selection);
  const add = (condition: string, ...values: unknown[]) => {
    query.where.push(condition);
    query.params.push(...values);
  };
  const visible = visibleInformationSql(viewer, 'i');
  if (visible.sql !== 'true') add(visible.sql, ...visible.params);
  if (filter?.kinds?.length) add('i.kind = any(?::text[])', filter.kinds);
  if (filter?.statuses?.length) add('i.status = any(?::text[])', filter.statuses);
  if (filter?.tiers?.length) add('i.tier = any(?::text[])', filter.tiers);
  if (filter?.publishers?.length) {
    add('i.owner_unit_id = any(?::int[])', filter.publishers.map((id, index) => parseIntId(id, 'MemberUnit', `filter.publishers[${index}]`)));
  }
  if (filter?.localities?.length) {
    const ids = filter.localities.map((id, index) => parseIntId(id, 'Locality', `filter.localities[${index}]`));
    add('exists (select 1 from information_item_locality x where x.item_id = i.id and x.locality_id = any(?::int[]))', ids);
  }
  if (filter?.countries?.length) {
    const codes = [...new Set(filter.countries.map((code) => code.toUpperCase()))];
    const unknown = await unknownCountries(em, codes);
    if (unknown.length) throw badInput(`The hub knows no country "${unknown[0]}".`, 'filter.countries', 'UNKNOWN_COUNTRY');
    add('exists (select 1 from information_item_country x where x.item_id = i.id and x.country_code = any(?::text[]))', codes);
  }
  if (filter?.effectiveOn) add('i.effective_from <= ?::date and (i.expires_on is null or i.expires_on >= ?::date)', filter.effectiveOn, filter.effectiveOn);
  return keysetPage(em, query, informationSort(order), args, map);
}

function informationSort(order: InformationItemOrder | null | undefined): SortKey {
  if (order === InformationItemOrder.EFFECTIVE_FROM) return { expr: `(i.effective_from - date '2000-01-01')`, type: 'int', direction: 'desc' };
  return { expr: `(extract(epoch from i.created_at at time zone 'UTC') * 1000000)::bigint`, type: 'bigint', direction: 'desc' };
}

export const MAX_ADVISORY_COUNTRIES = 100;

/**
 * PUBLISHED advisories for any of `countries` in effect on `on` (today in China when not given)
 * that the caller may see: highest level first, then the most recently published.
 */
export async function currentAdvisories(em: EntityManager, viewer: Viewer, countries: string[], on: string | null | undefined): Promise<InformationItem[]> {
  if (!countries.length) throw badInput('Name at least one country in "countries".', 'countries', 'EMPTY_LIST');
  const codes = [...new Set(countries.map((code) => code.toUpperCase()))];
  if (codes.length > MAX_ADVISORY_COUNTRIES) throw badInput(`"countries" takes at most ${MAX_ADVISORY_COUNTRIES} codes.`, 'countries');
  const unknown = await unknownCountries(em, codes);
  if (unknown.length) throw badInput(`The hub knows no country "${unknown[0]}".`, 'countries', 'UNKNOWN_COUNTRY');
  const { query, map } = informationItemRows.listQuery(em, 'i');
  const day = on ? '?::date' : CHINA_TODAY_SQL;
  const dayParams = on ? [on, on] : [];
  const visible = visibleInformationSql(viewer, 'i');
  const rows = await queryRows(
    em,
    `select ${query.columns} from ${query.from}${query.joins ?? ''}
     where i.kind = 'ADVISORY' and i.status = 'PUBLISHED' and i.effective_from <= ${day} and (i.expires_on is null or i.expires_on >= ${day})
       and exists (select 1 from information_item_country x where x.item_id = i.id and x.country_code = any(?::text[]))
       and ${visible.sql}
     order by i.advisory_level desc, i.published_at desc nulls last, i.id desc limit 500`,
    [...dayParams, codes, ...visible.params],
  );
  return rows.map(map);
}

