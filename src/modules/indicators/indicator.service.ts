import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireHubAdmin, requireMember, requireWriter, type Viewer } from '../../auth/viewer';
import type { HubConfig } from '../../config';
import { badInput, InputErrors } from '../../errors';
import type { ConnectionArgs, Page } from '../../shared/connection';
import { parseIntId, toGlobalId } from '../../shared/global-id';
import { keysetPage } from '../../shared/pagination';
import { queryRows } from '../../shared/sql';
import type { MutationAudit } from '../audit';
import type { LocalityLevel } from '../localities/locality.enums';
import { Indicator } from './indicator.entity';
import { IndicatorValue } from './indicator-value.entity';
import { normaliseReport, type IndicatorReportInput } from './indicator.validation';
import { checkIndexArguments, effectiveWeights, openDevelopmentIndex, type IndexWeight, type LocalityIndexRow } from './open-development-index';

/**
 * The rules of indicators. Every member may read definitions and values; a value is reported by
 * an EDITOR or ADMIN of a unit the indicator is assigned to (or a hub admin), never overwritten.
 * Writes run inside `audited(...)`, whose transaction also records the activity. Nothing here
 * knows GraphQL.
 */

const SUBJECT = 'IndicatorValue';

/** An indicator value as read, with the keys of what it refers to. */
export type IndicatorValueRow = IndicatorValue & { indicatorCode: string; localityId: number; reportedByUnitId: number };

const VALUE_COLUMNS =
  'v.id, v.indicator_code, v.locality_id, v.period, v.value::float8 as value, v.revision, v.reported_by_unit_id, v.reported_at, v.note, v.source';

function valueOf(row: Record<string, unknown>): IndicatorValueRow {
  return Object.assign(Object.create(IndicatorValue.prototype) as IndicatorValue, {
    id: row.id as number,
    indicatorCode: row.indicator_code as string,
    localityId: row.locality_id as number,
    period: row.period as number,
    value: row.value as number,
    revision: row.revision as number,
    reportedByUnitId: row.reported_by_unit_id as number,
    // The ORM's pool hands timestamps over as text.
    reportedAt: row.reported_at instanceof Date ? row.reported_at : new Date(row.reported_at as string),
    note: (row.note as string | null) ?? null,
    source: (row.source as string | null) ?? null,
  });
}

function indicatorOf(row: Record<string, unknown>): Indicator {
  return Object.assign(Object.create(Indicator.prototype) as Indicator, {
    code: row.code as string,
    nameZh: row.name_zh as string,
    nameEn: row.name_en as string,
    unitOfMeasure: row.unit_of_measure as string,
    perCapita: row.per_capita as boolean,
    computed: row.computed as boolean,
    defaultWeight: Number(row.default_weight),
    sortOrder: row.sort_order as number,
  });
}

const INDICATOR_SQL = 'select code, name_zh, name_en, unit_of_measure, per_capita, computed, default_weight, sort_order from indicator';

/** Every indicator definition, in their documented order. */
async function allIndicators(em: EntityManager): Promise<Indicator[]> {
  return (await queryRows(em, `${INDICATOR_SQL} order by sort_order, code`, [])).map(indicatorOf);
}

/* ------------------------------------------------------------------------------------------ */
/* reads                                                                                      */

export async function listIndicators(em: EntityManager, viewer: Viewer): Promise<Indicator[]> {
  requireMember(viewer);
  return allIndicators(em);
}

export interface IndicatorValueFilter {
  indicators?: string[] | null;
  localities?: string[] | null;
  periods?: number[] | null;
  includeHistory?: boolean | null;
}

/** Reported values, newest report first; only each (indicator, locality, period)'s newest revision unless `includeHistory`. */
export function listIndicatorValues(em: EntityManager, viewer: Viewer, filter: IndicatorValueFilter | null | undefined, args: ConnectionArgs): Promise<Page<IndicatorValueRow>> {
  requireMember(viewer);
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter?.indicators?.length) {
    where.push('v.indicator_code = any(?::text[])');
    params.push(filter.indicators);
  }
  if (filter?.localities?.length) {
    where.push('v.locality_id = any(?::int[])');
    params.push(filter.localities.map((id, index) => parseIntId(id, 'Locality', `filter.localities[${index}]`)));
  }
  if (filter?.periods?.length) {
    where.push('v.period = any(?::int[])');
    params.push(filter.periods);
  }
  if (!filter?.includeHistory) {
    where.push(
      'not exists (select 1 from indicator_value n where n.indicator_code = v.indicator_code and n.period = v.period and n.locality_id = v.locality_id and n.revision > v.revision)',
    );
  }
  return keysetPage(
    em,
    { from: 'indicator_value v', alias: 'v', where, params, columns: VALUE_COLUMNS },
    { expr: 'v.id', type: 'int', direction: 'desc' },
    args,
    valueOf,
  );
}

/** The DataLoaders of indicators for one operation (see src/loaders.ts); members only, like the queries. */
export function createIndicatorLoaders(em: EntityManager, viewer: Viewer) {
  const member = viewer.kind === 'member';
  return {
    indicatorsByCode: new DataLoader<string, Indicator | null>(async (codes) => {
      if (!member) return codes.map(() => null);
      const rows = (await queryRows(em, `${INDICATOR_SQL} where code = any(?::text[])`, [[...codes]])).map(indicatorOf);
      return codes.map((code) => rows.find((row) => row.code === code) ?? null);
    }),
    unitIdsByIndicatorCode: new DataLoader<string, number[]>(async (codes) => {
      const rows = await queryRows<{ indicator_code: string; unit_id: number }>(
        em,
        'select indicator_code, unit_id from indicator_assignment where indicator_code = any(?::text[]) order by unit_id',
        [[...codes]],
      );
      return codes.map((code) => rows.filter((row) => row.indicator_code === code).map((row) => row.unit_id));
    }),
    indicatorValuesById: new DataLoader<number, IndicatorValueRow | null>(async (ids) => {
      if (!member) return ids.map(() => null);
      const rows = (await queryRows(em, `select ${VALUE_COLUMNS} from indicator_value v where v.id = any(?::int[])`, [[...ids]])).map(valueOf);
      return ids.map((id) => rows.find((row) => row.id === id) ?? null);
    }),
    /** Every revision of an (indicator, locality, period), oldest first; keyed by "code:locality:period". */
    indicatorRevisionsBySeries: new DataLoader<string, IndicatorValueRow[]>(async (keys) => {
      const parts = keys.map((key) => key.split(':'));
      const rows = (
        await queryRows(
          em,
          `select ${VALUE_COLUMNS} from indicator_value v
           join unnest(?::text[], ?::int[], ?::int[]) as k (code, locality_id, period)
             on v.indicator_code = k.code and v.locality_id = k.locality_id and v.period = k.period
           order by v.revision`,
          [parts.map((p) => p[0]), parts.map((p) => Number(p[1])), parts.map((p) => Number(p[2]))],
        )
      ).map(valueOf);
      return keys.map((key) => rows.filter((row) => seriesKey(row) === key));
    }),
  };
}

export const seriesKey = (value: IndicatorValueRow) => `${value.indicatorCode}:${value.localityId}:${value.period}`;

/** The ranked index (see open-development-index.ts); weights: the query's over INDEX_WEIGHTS over the defaults. */
export async function rankOpenDevelopment(
  em: EntityManager,
  viewer: Viewer,
  config: HubConfig,
  period: number,
  level: LocalityLevel,
  weights: IndexWeight[] | null | undefined,
): Promise<LocalityIndexRow[]> {
  requireMember(viewer);
  checkIndexArguments(period, level);
  const definitions = await allIndicators(em);
  return openDevelopmentIndex(em, definitions, effectiveWeights(definitions, config.indexWeights, weights), period, level);
}

/* ------------------------------------------------------------------------------------------ */
/* writes                                                                                     */

/**
 * Stores a report as the next revision of its (indicator, locality, period): 1 for the first,
 * previous + 1 for a correction. Returns the new value's id and the previous revision's, if any.
 */
export async function reportIndicatorValue(
  em: EntityManager,
  viewer: Viewer,
  input: IndicatorReportInput,
  audit: MutationAudit,
): Promise<{ id: number; previousId: number | null }> {
  const member = requireWriter(viewer);
  audit.subject = { type: SUBJECT, id: null, ownerUnitId: member.unitId };
  const errors = new InputErrors();
  const report = normaliseReport(input, errors);
  const [facts] = await queryRows<{ code: string | null; computed: boolean | null; assigned: boolean; side: string | null; locality: boolean }>(
    em,
    `select i.code, i.computed,
            exists (select 1 from indicator_assignment a where a.indicator_code = i.code and a.unit_id = ?) as assigned,
            (select l.side from locality l where l.id = ?) as side
     from (select 1) x left join indicator i on i.code = ?`,
    [member.unitId, report.localityId ?? 0, report.indicator],
  );
  if (!facts.code) {
    errors.add('input.indicator', `The hub has no indicator "${report.indicator}".`);
  } else if (facts.computed) {
    errors.add('input.indicator', `${report.indicator} is computed by the hub from its own records; it cannot be reported.`);
  } else if (!facts.assigned && !member.hubAdmin) {
    errors.add('input.indicator', `${report.indicator} is not assigned to your unit; only the units it is assigned to can report it.`);
  }
  if (report.localityId != null) {
    const id = toGlobalId('Locality', report.localityId);
    if (!facts.side) errors.add('input.locality', `No locality has the ID "${id}".`);
    else if (facts.side !== 'DOMESTIC') errors.add('input.locality', `Indicators are reported for Chinese localities; "${id}" is a foreign one.`);
  }
  errors.throwIfAny();

  // Reports of the same series wait for each other, so revisions follow one another without a gap.
  await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`indicator_value:${report.indicator}:${report.localityId}:${report.period}`]);
  const [row] = await em.execute<Array<{ id: number; revision: number }>>(
    `insert into indicator_value (indicator_code, locality_id, period, value, revision, reported_by_account_id, reported_by_unit_id, note, source)
     select ?, ?::int, ?::int, ?::numeric, coalesce(max(revision), 0) + 1, ?::int, ?::int, ?, ?
     from indicator_value where indicator_code = ? and locality_id = ?::int and period = ?::int
     returning id, revision`,
    [
      report.indicator, report.localityId, report.period, report.value, member.accountId, member.unitId, report.note, report.source,
      report.indicator, report.localityId, report.period,
    ],
  );
  audit.subject = { type: SUBJECT, id: row.id, ownerUnitId: member.unitId };
  audit.detail = { indicator: report.indicator, localityId: report.localityId, period: report.period, revision: row.revision };
  const [previous] = await em.execute<Array<{ id: number }>>(
    'select id from indicator_value where indicator_code = ? and locality_id = ?::int and period = ?::int and revision = ?::int',
    [report.indicator, report.localityId, report.period, row.revision - 1],
  );
  return { id: row.id, previousId: previous?.id ?? null };
}

async function assignmentTarget(em: EntityManager, viewer: Viewer, indicator: string, unit: string, audit: MutationAudit) {
  requireHubAdmin(viewer);
  const unitId = parseIntId(unit, 'MemberUnit', 'unit');
  audit.subject = { type: 'Indicator', id: indicator, ownerUnitId: unitId };
  const [facts] = await queryRows<{ code: string | null; computed: boolean | null; unit: boolean }>(
    em,
    `select i.code, i.computed, exists (select 1 from member_unit u where u.id = ?) as unit from (select 1) x left join indicator i on i.code = ?`,
    [unitId, indicator],
  );
  if (!facts.code) throw badInput(`The hub has no indicator "${indicator}".`, 'indicator', 'OBJECT_NOT_FOUND');
  if (facts.computed) throw badInput(`${indicator} is computed by the hub; no unit reports it.`, 'indicator', 'COMPUTED_INDICATOR');
  if (!facts.unit) throw badInput(`No member unit has the ID "${unit}".`, 'unit', 'OBJECT_NOT_FOUND');
  return unitId;
}

/** Lets a unit report an indicator (hub admins only); assigning twice changes nothing. */
export async function assignIndicator(em: EntityManager, viewer: Viewer, indicator: string, unit: string, audit: MutationAudit): Promise<void> {
  const unitId = await assignmentTarget(em, viewer, indicator, unit, audit);
  await em.execute('insert into indicator_assignment (indicator_code, unit_id) values (?, ?::int) on conflict do nothing', [indicator, unitId]);
}

/** Stops a unit reporting an indicator (hub admins only); what it reported stays. */
export async function unassignIndicator(em: EntityManager, viewer: Viewer, indicator: string, unit: string, audit: MutationAudit): Promise<void> {
  const unitId = await assignmentTarget(em, viewer, indicator, unit, audit);
  await em.execute('delete from indicator_assignment where indicator_code = ? and unit_id = ?::int', [indicator, unitId]);
}

/** An indicator definition by code, for mutation payloads. */
export async function indicatorByCode(em: EntityManager, code: string): Promise<Indicator> {
  return (await queryRows(em, `${INDICATOR_SQL} where code = ?`, [code])).map(indicatorOf)[0];
}

/** Values by id inside a transaction (mutation payloads). */
export async function indicatorValuesByIds(em: EntityManager, ids: number[]): Promise<IndicatorValueRow[]> {
  const rows = (await queryRows(em, `select ${VALUE_COLUMNS} from indicator_value v where v.id = any(?::int[])`, [ids])).map(valueOf);
  return ids.map((id) => rows.find((row) => row.id === id)!);
}
