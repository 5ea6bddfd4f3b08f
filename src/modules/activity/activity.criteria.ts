import { badInput } from '../../errors';
import { parseIntId } from '../../shared/global-id';
import type { ListQuery } from '../../shared/pagination';
import type { Activity } from './activity.entity';
import type { ActivityVerb } from './activity.enums';

/** The filter of `activities` and `activityFeed`, as the caller gave it. */
export interface ActivityCriteria {
  verbs?: ActivityVerb[] | null;
  units?: string[] | null;
  subjectTypes?: string[] | null;
  countries?: string[] | null;
  localities?: string[] | null;
  relations?: string[] | null;
  since?: Date | null;
}

/** The same filter checked and decoded once: the log query turns it into SQL, the live feed tests rows with it. */
export interface CompiledCriteria {
  compiled: true;
  verbs: Set<string> | null;
  units: Set<number> | null;
  subjectTypes: Set<string> | null;
  countries: Set<string> | null;
  localities: Set<number> | null;
  relations: Set<number> | null;
  since: Date | null;
}

const SUBJECT_TYPES = new Set([
  'SharedResource',
  'AccessRequest',
  'AccessGrant',
  'FriendshipRelation',
  'MemberUnit',
  'Account',
  'InformationItem',
  'CatalogueMatter',
  'CatalogueEdition',
  'Exchange',
  'IndicatorValue',
  'Locality',
  'PartnerWish',
]);

const some = <T>(values: T[] | null | undefined): values is T[] => Array.isArray(values) && values.length > 0;

/** Decodes IDs and checks names; BAD_USER_INPUT names the offending entry. */
export function compileCriteria(filter: ActivityCriteria): CompiledCriteria {
  const ids = (values: string[], type: string, field: string) => new Set(values.map((value, i) => parseIntId(value, type, `${field}[${i}]`)));
  const unknown = filter.subjectTypes?.find((type) => !SUBJECT_TYPES.has(type));
  if (unknown) {
    throw badInput(`"${unknown}" is not a type activities are about; use one of ${[...SUBJECT_TYPES].join(', ')}.`, 'filter.subjectTypes', 'UNKNOWN_TYPE');
  }
  return {
    compiled: true,
    verbs: some(filter.verbs) ? new Set(filter.verbs) : null,
    units: some(filter.units) ? ids(filter.units, 'MemberUnit', 'filter.units') : null,
    subjectTypes: some(filter.subjectTypes) ? new Set(filter.subjectTypes) : null,
    countries: some(filter.countries) ? new Set(filter.countries.map((code) => code.toUpperCase())) : null,
    localities: some(filter.localities) ? ids(filter.localities, 'Locality', 'filter.localities') : null,
    relations: some(filter.relations) ? ids(filter.relations, 'FriendshipRelation', 'filter.relations') : null,
    since: filter.since ?? null,
  };
}

/** Adds the criteria to a query over `activity a`. */
export function addCriteriaSql(query: ListQuery, criteria: CompiledCriteria): void {
  const add = (sql: string, value: unknown) => {
    query.where.push(sql);
    query.params.push(value);
  };
  if (criteria.verbs) add('a.verb = any(?::text[])', [...criteria.verbs]);
  if (criteria.units) add('a.actor_unit_id = any(?::int[])', [...criteria.units]);
  if (criteria.subjectTypes) add('a.subject_type = any(?::text[])', [...criteria.subjectTypes]);
  if (criteria.countries) add('a.country_codes && ?::text[]', [...criteria.countries]);
  if (criteria.localities) add('a.locality_ids && ?::int[]', [...criteria.localities]);
  if (criteria.relations) add('a.relation_ids && ?::int[]', [...criteria.relations]);
  if (criteria.since) add('a.occurred_at >= ?', criteria.since);
}

const overlaps = <T>(wanted: Set<T> | null, values: readonly T[]) => !wanted || values.some((value) => wanted.has(value));

/** Whether an activity read from the log meets the criteria: the same conditions as `addCriteriaSql`. */
export function matchesCriteria(activity: Activity, criteria: CompiledCriteria): boolean {
  return (
    (!criteria.verbs || criteria.verbs.has(activity.verb)) &&
    (!criteria.units || (activity.actorUnitId != null && criteria.units.has(activity.actorUnitId))) &&
    (!criteria.subjectTypes || criteria.subjectTypes.has(activity.subjectType)) &&
    overlaps(criteria.countries, activity.countryCodes) &&
    overlaps(criteria.localities, activity.localityIds) &&
    overlaps(criteria.relations, activity.relationIds) &&
    (!criteria.since || activity.occurredAt.getTime() >= criteria.since.getTime())
  );
}
