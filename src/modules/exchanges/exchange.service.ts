import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden, requireWriter, type MemberViewer, type Viewer } from '../../auth/viewer';
import { conflict, InputErrors, notFound } from '../../errors';
import type { ConnectionArgs, Page } from '../../shared/connection';
import { parseIntId } from '../../shared/global-id';
import { childPage, keysetPage, type ListQuery, type PageLoaders, type SortKey } from '../../shared/pagination';
import type { FieldSelection } from '../../shared/selection';
import { queryRows } from '../../shared/sql';
import type { MutationAudit } from '../audit/audit.service';
import { visibleResourceSql } from '../resources/resource.visibility';
import type { Exchange } from './exchange.entity';
import { ExchangeStatus, type ExchangeField, type ExchangeKind } from './exchange.enums';
import { exchangeRows } from './exchange.rows';
import { checkWhole, normalisePatch, type Destination, type ExchangePatch, type ExchangeValues } from './exchange.validation';
import { visibleExchangeSql } from './exchange.visibility';

/**
 * Exchanges: recording, changing and cancelling them (each inside `audited(...)`, on its
 * transaction: permission checks first, so refusals are audited; nothing is written before every
 * check has passed), and the lists. Who may write: hub admins, and an EDITOR or ADMIN of the
 * organising unit (the same roles that contribute resources), with a token that may write.
 */

const SUBJECT = 'Exchange';

export interface RecordExchangeCommand extends ExchangePatch {
  kind: ExchangeKind;
  tier: string;
  startDate: string;
  endDate: string;
  organisingUnit?: string | null;
}

export interface UpdateExchangeCommand extends ExchangePatch {
  id: string;
  expectedVersion: number;
}

export interface CancelExchangeCommand {
  id: string;
  expectedVersion?: number | null;
  outcome?: string | null;
}

/* ------------------------------------------------------------------------------------------ */
/* writes                                                                                     */

async function organisingUnitOf(em: EntityManager, member: MemberViewer, requested: string | null | undefined): Promise<number> {
  if (requested == null) return member.unitId;
  const unitId = parseIntId(requested, 'MemberUnit', 'input.organisingUnit');
  if (unitId === member.unitId) return unitId;
  if (!member.hubAdmin) {
    throw forbidden('You can record exchanges for your own unit only; hub admins can record them for any unit.', 'NOT_ORGANISER');
  }
  const [row] = await queryRows(em, 'select 1 as found from member_unit where id = ?', [unitId]);
  if (!row) new InputErrors().add('input.organisingUnit', `No member unit has the ID "${requested}".`).throwIfAny();
  return unitId;
}

/**
 * Looks up the references in `given` (one statement): unknown localities or countries are bad
 * destinations, unknown relations bad relations, resources the caller may not read unknown ones.
 * Fills in each destination's country from its locality.
 */
async function checkReferences(em: EntityManager, member: MemberViewer, given: Partial<ExchangeValues>, errors: InputErrors): Promise<void> {
  const destinations = given.destinations ?? [];
  const localityIds = destinations.flatMap((d) => (d.localityId != null ? [d.localityId] : []));
  const countryCodes = destinations.flatMap((d) => (d.countryCode != null ? [d.countryCode] : []));
  const relations = given.relations ?? [];
  const resources = given.resources ?? [];
  if (!localityIds.length && !countryCodes.length && !relations.length && !resources.length) return;
  const visible = visibleResourceSql(member, 'r');
  const [found] = await queryRows<{ localities: Array<{ id: number; country: string }>; countries: string[]; relations: number[]; resources: number[] }>(
    em,
    `select
       (select coalesce(json_agg(json_build_object('id', l.id, 'country', l.country_code)), '[]'::json) from locality l where l.id = any(?::int[])) as localities,
       array(select c.code::text from country c where c.code = any(?::text[])) as countries,
       array(select x.id from friendship_relation x where x.id = any(?::int[])) as relations,
       array(select r.id from shared_resource r where r.id = any(?::int[]) and ${visible.sql}) as resources`,
    [localityIds, countryCodes, relations, resources, ...visible.params],
  );
  const localityCountry = new Map(found.localities.map((l) => [l.id, l.country.trim()]));
  const countries = new Set(found.countries);
  for (const destination of destinations) {
    if (destination.localityId != null) {
      const country = localityCountry.get(destination.localityId);
      if (country == null) {
        errors.add('input.destinations', `No locality has the ID "${localityGlobalId(destination.localityId)}".`);
      } else if (destination.countryCode != null && destination.countryCode !== country) {
        errors.add('input.destinations', `The locality "${localityGlobalId(destination.localityId)}" lies in ${country}, not ${destination.countryCode}.`);
      } else destination.countryCode = country;
    } else if (destination.countryCode != null && !countries.has(destination.countryCode)) {
      errors.add('input.destinations', `"${destination.countryCode}" is not a country the hub knows.`);
    }
  }
  const relationsFound = new Set(found.relations);
  for (const id of relations) {
    if (!relationsFound.has(id)) errors.add('input.relations', `No friendship relation has the ID "${globalId('FriendshipRelation', id)}".`);
  }
  const resourcesFound = new Set(found.resources);
  for (const id of resources) {
    if (!resourcesFound.has(id)) errors.add('input.resources', `No shared resource has the ID "${globalId('SharedResource', id)}".`);
  }
}

const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
const localityGlobalId = (id: number) => globalId('Locality', id);

const COLUMNS = 'kind, title_zh, title_en, start_date, end_date, participants, purpose, outcome, status, tier, fields';
const PLACEHOLDERS = '?, ?, ?, ?::date, ?::date, ?::int, ?, ?, ?, ?, array(select jsonb_array_elements_text(?::jsonb))';
const columnValues = (v: ExchangeValues) => [
  v.kind,
  v.titleZh,
  v.titleEn,
  v.startDate,
  v.endDate,
  v.participants,
  v.purpose,
  v.outcome,
  v.status,
  v.tier,
  JSON.stringify(v.fields),
];

async function writeLinks(em: EntityManager, id: number, values: ExchangeValues, replace: boolean): Promise<void> {
  if (replace) {
    await em.execute('delete from exchange_destination where exchange_id = ?', [id]);
    await em.execute('delete from exchange_relation where exchange_id = ?', [id]);
    await em.execute('delete from exchange_resource where exchange_id = ?', [id]);
  }
  if (values.destinations.length) {
    await em.execute(
      `insert into exchange_destination (exchange_id, locality_id, country_code, position)
       select ?::int, (d->>'localityId')::int, d->>'countryCode', (n - 1)::smallint from jsonb_array_elements(?::jsonb) with ordinality as t(d, n)`,
      [id, JSON.stringify(values.destinations)],
    );
  }
  if (values.relations.length) {
    await em.execute(
      `insert into exchange_relation (exchange_id, relation_id) select ?::int, value::int from jsonb_array_elements_text(?::jsonb)`,
      [id, JSON.stringify(values.relations)],
    );
  }
  if (values.resources.length) {
    await em.execute(
      `insert into exchange_resource (exchange_id, resource_id) select ?::int, value::int from jsonb_array_elements_text(?::jsonb)`,
      [id, JSON.stringify(values.resources)],
    );
  }
}

/** Records an exchange (PLANNED unless DONE is asked for); returns its id. */
export async function recordExchange(em: EntityManager, viewer: Viewer, command: RecordExchangeCommand, audit: MutationAudit): Promise<number> {
  const member = requireWriter(viewer);
  const unitId = await organisingUnitOf(em, member, command.organisingUnit);
  audit.subject = { type: SUBJECT, id: null, ownerUnitId: unitId };
  const errors = new InputErrors();
  if (command.status === ExchangeStatus.CANCELLED) errors.add('input.status', 'Record an exchange as PLANNED or DONE; cancelExchange cancels it.');
  const given = normalisePatch(command, errors);
  const values: ExchangeValues = {
    kind: command.kind,
    titleZh: null,
    titleEn: null,
    startDate: command.startDate,
    endDate: command.endDate,
    destinations: [],
    relations: [],
    resources: [],
    fields: [],
    participants: null,
    purpose: null,
    outcome: null,
    status: ExchangeStatus.PLANNED,
    tier: command.tier,
    ...given,
  };
  if (errors.empty) checkWhole(values, errors);
  await checkReferences(em, member, given, errors);
  errors.throwIfAny();

  const [row] = await em.execute<Array<{ id: number }>>(
    `insert into exchange (organising_unit_id, created_by_account_id, ${COLUMNS}) values (?::int, ?::int, ${PLACEHOLDERS}) returning id`,
    [unitId, member.accountId, ...columnValues(values)],
  );
  await writeLinks(em, row.id, values, false);
  audit.subject = { type: SUBJECT, id: row.id, ownerUnitId: unitId };
  audit.detail = { kind: values.kind, status: values.status, tier: values.tier, version: 1 };
  return row.id;
}

interface LockedExchange {
  id: number;
  unitId: number;
  version: number;
  values: ExchangeValues;
}

/**
 * Locks an exchange the caller can see; one it cannot see is NOT_FOUND like one that does not
 * exist. A visible one that another unit organises is FORBIDDEN (hub admins may change any).
 */
async function lockForChange(em: EntityManager, member: MemberViewer, id: string, audit: MutationAudit): Promise<LockedExchange> {
  const key = parseIntId(id, SUBJECT, 'input.id');
  audit.subject = { type: SUBJECT, id: key, ownerUnitId: null };
  const visible = visibleExchangeSql(member, 'e');
  const [row] = await queryRows<Record<string, any>>(
    em,
    `select e.id, e.organising_unit_id, e.version, e.kind, e.title_zh, e.title_en, e.start_date::text as start_date, e.end_date::text as end_date,
       e.participants, e.purpose, e.outcome, e.status, e.tier, e.fields,
       coalesce((select json_agg(json_build_object('localityId', d.locality_id, 'countryCode', trim(d.country_code)) order by d.position)
                 from exchange_destination d where d.exchange_id = e.id), '[]'::json) as destinations,
       array(select x.relation_id from exchange_relation x where x.exchange_id = e.id order by 1) as relations,
       array(select x.resource_id from exchange_resource x where x.exchange_id = e.id order by 1) as resources
     from exchange e where e.id = ? and ${visible.sql} for update of e`,
    [key, ...visible.params],
  );
  if (!row) throw notFound(`No exchange has the ID "${id}".`, 'OBJECT_NOT_FOUND', 'input.id');
  audit.subject = { type: SUBJECT, id: key, ownerUnitId: row.organising_unit_id };
  if (!member.hubAdmin && member.unitId !== row.organising_unit_id) {
    throw forbidden('Only an EDITOR or ADMIN of the organising unit, or a hub admin, can change this exchange.', 'NOT_ORGANISER');
  }
  return {
    id: key,
    unitId: row.organising_unit_id,
    version: row.version,
    values: {
      kind: row.kind,
      titleZh: row.title_zh,
      titleEn: row.title_en,
      startDate: row.start_date,
      endDate: row.end_date,
      destinations: row.destinations as Destination[],
      relations: row.relations,
      resources: row.resources,
      fields: row.fields as ExchangeField[],
      participants: row.participants,
      purpose: row.purpose,
      outcome: row.outcome,
      status: row.status,
      tier: row.tier,
    },
  };
}

function checkVersion(exchange: LockedExchange, expected: number | null | undefined): void {
  if (expected != null && exchange.version !== expected) {
    throw conflict(
      `The exchange has changed since you read it: it is at version ${exchange.version}, not ${expected}. Read it again, then retry with expectedVersion ${exchange.version}.`,
      'STALE_VERSION',
      'input.expectedVersion',
    );
  }
}

function checkNotCancelled(exchange: LockedExchange): void {
  if (exchange.values.status === ExchangeStatus.CANCELLED) {
    throw conflict('The exchange was cancelled; a cancelled exchange can no longer change.', 'INVALID_TRANSITION', 'input.id');
  }
}

/** Changes the fields given (null clears an optional one; a list given replaces the old one) and raises the version. */
export async function updateExchange(em: EntityManager, viewer: Viewer, command: UpdateExchangeCommand, audit: MutationAudit): Promise<number> {
  const member = requireWriter(viewer);
  const exchange = await lockForChange(em, member, command.id, audit);
  checkVersion(exchange, command.expectedVersion);
  checkNotCancelled(exchange);
  const errors = new InputErrors();
  if (command.status === ExchangeStatus.CANCELLED) errors.add('input.status', 'Use cancelExchange to cancel an exchange.');
  const given = normalisePatch(command, errors);
  const next: ExchangeValues = { ...exchange.values, ...given };
  if (errors.empty) checkWhole(next, errors);
  await checkReferences(em, member, given, errors);
  errors.throwIfAny();

  const version = exchange.version + 1;
  await em.execute(
    `update exchange set (${COLUMNS}) = (${PLACEHOLDERS}), version = ?::int, updated_at = now() where id = ?`,
    [...columnValues(next), version, exchange.id],
  );
  if (given.destinations || given.relations || given.resources) await writeLinks(em, exchange.id, next, true);
  const changed = Object.keys(given).filter((field) => JSON.stringify(given[field as keyof ExchangeValues]) !== JSON.stringify(exchange.values[field as keyof ExchangeValues]));
  audit.detail = { changedFields: changed, status: next.status, tier: next.tier, version };
  return exchange.id;
}

/** Cancels a PLANNED or DONE exchange (final), optionally with a note on why in `outcome`. */
export async function cancelExchange(em: EntityManager, viewer: Viewer, command: CancelExchangeCommand, audit: MutationAudit): Promise<number> {
  const member = requireWriter(viewer);
  const exchange = await lockForChange(em, member, command.id, audit);
  checkVersion(exchange, command.expectedVersion);
  checkNotCancelled(exchange);
  const errors = new InputErrors();
  const { outcome } = normalisePatch({ outcome: command.outcome }, errors);
  errors.throwIfAny();
  const version = exchange.version + 1;
  await em.execute(
    `update exchange set status = 'CANCELLED', outcome = coalesce(?, outcome), version = ?::int, updated_at = now() where id = ?`,
    [outcome ?? null, version, exchange.id],
  );
  audit.detail = { from: exchange.values.status, to: ExchangeStatus.CANCELLED, version };
  return exchange.id;
}

/* ------------------------------------------------------------------------------------------ */
/* reads                                                                                      */

/** The filter of `exchanges`, as the caller gave it. */
export interface ExchangeFilterCommand {
  kinds?: ExchangeKind[] | null;
  statuses?: ExchangeStatus[] | null;
  units?: string[] | null;
  countries?: string[] | null;
  localities?: string[] | null;
  relations?: string[] | null;
  fields?: ExchangeField[] | null;
  from?: string | null;
  to?: string | null;
}

export interface ExchangeCriteria {
  kinds?: string[];
  statuses?: string[];
  units?: number[];
  countries?: string[];
  localities?: number[];
  relations?: number[];
  fields?: string[];
  from?: string;
  to?: string;
}

const some = <T>(values: T[] | null | undefined): values is T[] => Array.isArray(values) && values.length > 0;

/** Decodes the filter; a malformed ID or a period that ends before it starts is BAD_USER_INPUT. */
export function exchangeCriteria(filter: ExchangeFilterCommand = {}): ExchangeCriteria {
  const decode = (values: string[], type: string, field: string) => values.map((value) => parseIntId(value, type, field));
  const errors = new InputErrors();
  if (filter.from && filter.to && filter.to < filter.from) errors.add('filter.to', `"filter.to" (${filter.to}) is before "filter.from" (${filter.from}).`);
  errors.throwIfAny();
  return {
    kinds: some(filter.kinds) ? filter.kinds : undefined,
    statuses: some(filter.statuses) ? filter.statuses : undefined,
    units: some(filter.units) ? decode(filter.units, 'MemberUnit', 'filter.units') : undefined,
    countries: some(filter.countries) ? filter.countries.map((code) => code.toUpperCase()) : undefined,
    localities: some(filter.localities) ? decode(filter.localities, 'Locality', 'filter.localities') : undefined,
    relations: some(filter.relations) ? decode(filter.relations, 'FriendshipRelation', 'filter.relations') : undefined,
    fields: some(filter.fields) ? filter.fields : undefined,
    from: filter.from ?? undefined,
    to: filter.to ?? undefined,
  };
}

function addConditions(query: ListQuery, viewer: Viewer, criteria: ExchangeCriteria): ListQuery {
  const add = (sql: string, ...values: unknown[]) => {
    query.where.push(sql);
    query.params.push(...values);
  };
  const visible = visibleExchangeSql(viewer, 'e');
  if (visible.sql !== 'true') add(visible.sql, ...visible.params);
  if (criteria.kinds) add('e.kind = any(?::text[])', criteria.kinds);
  if (criteria.statuses) add('e.status = any(?::text[])', criteria.statuses);
  if (criteria.units) add('e.organising_unit_id = any(?::int[])', criteria.units);
  if (criteria.fields) add('e.fields && ?::text[]', criteria.fields);
  if (criteria.countries) add('exists (select 1 from exchange_destination fd where fd.exchange_id = e.id and fd.country_code = any(?::bpchar[]))', criteria.countries);
  if (criteria.localities) add('exists (select 1 from exchange_destination fd where fd.exchange_id = e.id and fd.locality_id = any(?::int[]))', criteria.localities);
  if (criteria.relations) add('exists (select 1 from exchange_relation fr where fr.exchange_id = e.id and fr.relation_id = any(?::int[]))', criteria.relations);
  // The period: exchanges that overlap it.
  if (criteria.from) add('e.end_date >= ?::date', criteria.from);
  if (criteria.to) add('e.start_date <= ?::date', criteria.to);
  return query;
}

/** Newest start date first, then newest recorded. */
const SORT: SortKey = { expr: `(e.start_date - date '1970-01-01')`, type: 'int', direction: 'desc' };

/** Exchanges the caller may see that meet `criteria`, newest start date first. */
export function listExchanges(
  em: EntityManager,
  viewer: Viewer,
  criteria: ExchangeCriteria,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<Page<Exchange>> {
  const { query, map } = exchangeRows.listQuery(em, 'e', selection);
  return keysetPage(em, addConditions(query, viewer, criteria), SORT, args, map);
}

/**
 * The exchanges linked to each locality: as a destination; and for a Chinese locality, also
 * under relations whose Chinese side it is and organised by units located in it.
 */
const LOCALITY_LINKS =
  ` join (select d.exchange_id, d.locality_id from exchange_destination d where d.locality_id is not null` +
  ` union select x.exchange_id, r.domestic_locality_id from exchange_relation x join friendship_relation r on r.id = x.relation_id` +
  ` union select o.id, u.locality_id from exchange o join member_unit u on u.id = o.organising_unit_id where u.locality_id is not null) xl on xl.exchange_id = e.id`;

const PARENTS = {
  relation: { join: ' join exchange_relation xr on xr.exchange_id = e.id', column: 'xr.relation_id' },
  locality: { join: LOCALITY_LINKS, column: 'xl.locality_id' },
} as const;

export type ExchangeParent = keyof typeof PARENTS;

/** One parent's exchanges (a relation's history, a locality's record), batched across the parents of a list. */
export function listChildExchanges(
  em: EntityManager,
  viewer: Viewer,
  loaders: PageLoaders,
  parent: ExchangeParent,
  parentId: number,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<Page<Exchange>> {
  const { query, map } = exchangeRows.listQuery(em, 'e', selection);
  const link = PARENTS[parent];
  const linked = { ...addConditions(query, viewer, {}), from: query.from + link.join, parentColumn: link.column };
  return childPage(loaders, em, linked, parentId, SORT, args, map);
}
