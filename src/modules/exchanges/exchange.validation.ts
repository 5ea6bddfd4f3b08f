import { AppError, InputErrors } from '../../errors';
import { parseIntId } from '../../shared/global-id';
import { textInput } from '../../shared/text-input';
import { ExchangeField, ExchangeKind, ExchangeStatus, VISIT_KINDS } from './exchange.enums';

/**
 * The rules an exchange must satisfy, checked without the database: one BAD_USER_INPUT names
 * every bad field (`extensions.fields`), the first in `extensions.field`. References (localities,
 * countries, relations, resources) are decoded here and looked up by the service.
 */

export const LIMITS = {
  title: 300,
  text: 4000,
  destinations: 30,
  relations: 50,
  resources: 50,
} as const;

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

/** Tiers an exchange may have: access grants are for shared resources, so CONDITIONAL is not one. */
export const EXCHANGE_TIERS = ['PUBLIC', 'UNCONDITIONAL', 'NOT_SHARED'] as const;

export interface DestinationRequest {
  locality?: string | null;
  country?: string | null;
}

/** A destination decoded: a locality (its country follows from it) or a whole country. */
export interface Destination {
  localityId: number | null;
  countryCode: string | null;
}

/** The writable values of an exchange, complete (after defaults or merged with what is stored). */
export interface ExchangeValues {
  kind: ExchangeKind;
  titleZh: string | null;
  titleEn: string | null;
  startDate: string;
  endDate: string;
  destinations: Destination[];
  relations: number[];
  resources: number[];
  fields: ExchangeField[];
  participants: number | null;
  purpose: string | null;
  outcome: string | null;
  status: ExchangeStatus;
  tier: string;
}

/** What a caller may send; undefined leaves a value as it is (on update), null clears it. */
export interface ExchangePatch {
  kind?: ExchangeKind | null;
  titleZh?: string | null;
  titleEn?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  destinations?: DestinationRequest[] | null;
  relations?: string[] | null;
  resources?: string[] | null;
  fields?: ExchangeField[] | null;
  participants?: number | null;
  purpose?: string | null;
  outcome?: string | null;
  status?: ExchangeStatus | null;
  tier?: string | null;
}

/** Today in China (the hub's calendar), as YYYY-MM-DD. */
export function todayInChina(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** undefined (not given) stays undefined; otherwise as textInput. */
function text(errors: InputErrors, value: string | null | undefined, max: number, field: string): string | null | undefined {
  return value === undefined ? undefined : textInput(value, field, max, errors);
}

function ids(errors: InputErrors, values: string[] | null | undefined, type: string, max: number, field: string): number[] | undefined {
  if (values === undefined) return undefined;
  const list = values ?? [];
  errors.check(list.length <= max, field, `"${field}" may list at most ${max} IDs, got ${list.length}.`);
  const keys = new Set<number>();
  for (const value of list) {
    try {
      keys.add(parseIntId(value, type, field));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      errors.add(field, error.message);
    }
  }
  return [...keys];
}

/** Decodes and checks the fields given; the result holds only those (undefined = not given). */
export function normalisePatch(patch: ExchangePatch, errors: InputErrors): Partial<ExchangeValues> {
  const out: Partial<ExchangeValues> = {};
  const required = (name: 'kind' | 'startDate' | 'endDate' | 'status' | 'tier') => {
    if (patch[name] === null) errors.add(`input.${name}`, `"input.${name}" cannot be cleared.`);
  };
  (['kind', 'startDate', 'endDate', 'status', 'tier'] as const).forEach(required);
  if (patch.kind != null) out.kind = patch.kind;
  if (patch.status != null) out.status = patch.status;
  if (patch.tier != null) {
    if ((EXCHANGE_TIERS as readonly string[]).includes(patch.tier)) out.tier = patch.tier;
    else {
      errors.add(
        'input.tier',
        `An exchange cannot be ${patch.tier}: access grants apply to shared resources only. Use PUBLIC, UNCONDITIONAL or NOT_SHARED.`,
      );
    }
  }
  for (const name of ['startDate', 'endDate'] as const) {
    const value = patch[name];
    if (value == null) continue;
    const year = Number(value.slice(0, 4));
    if (year < MIN_YEAR || year > MAX_YEAR) errors.add(`input.${name}`, `"input.${name}" must fall between ${MIN_YEAR} and ${MAX_YEAR}, got ${value}.`);
    else out[name] = value;
  }
  const titleZh = text(errors, patch.titleZh, LIMITS.title, 'input.titleZh');
  const titleEn = text(errors, patch.titleEn, LIMITS.title, 'input.titleEn');
  if (titleZh !== undefined) out.titleZh = titleZh;
  if (titleEn !== undefined) out.titleEn = titleEn;
  const purpose = text(errors, patch.purpose, LIMITS.text, 'input.purpose');
  const outcome = text(errors, patch.outcome, LIMITS.text, 'input.outcome');
  if (purpose !== undefined) out.purpose = purpose;
  if (outcome !== undefined) out.outcome = outcome;
  if (patch.participants !== undefined) {
    const participants = patch.participants;
    if (participants != null && participants < 0) {
      errors.add('input.participants', `"input.participants" counts people: 0 or more, got ${participants}.`);
    } else out.participants = participants;
  }
  if (patch.fields !== undefined) out.fields = [...new Set(patch.fields ?? [])];
  const relations = ids(errors, patch.relations, 'FriendshipRelation', LIMITS.relations, 'input.relations');
  if (relations) out.relations = relations;
  const resources = ids(errors, patch.resources, 'SharedResource', LIMITS.resources, 'input.resources');
  if (resources) out.resources = resources;
  if (patch.destinations !== undefined) out.destinations = destinations(errors, patch.destinations ?? []);
  return out;
}

function destinations(errors: InputErrors, given: DestinationRequest[]): Destination[] {
  const field = 'input.destinations';
  errors.check(given.length <= LIMITS.destinations, field, `"${field}" may list at most ${LIMITS.destinations} destinations, got ${given.length}.`);
  const out: Destination[] = [];
  const seen = new Set<string>();
  given.forEach((destination, index) => {
    if (destination.locality == null && destination.country == null) {
      errors.add(field, `Destination ${index + 1} names neither a locality nor a country.`);
      return;
    }
    let localityId: number | null = null;
    if (destination.locality != null) {
      try {
        localityId = parseIntId(destination.locality, 'Locality', field);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        errors.add(field, error.message);
        return;
      }
    }
    const countryCode = destination.country?.trim().toUpperCase() ?? null;
    if (countryCode != null && !/^[A-Z]{2}$/.test(countryCode)) {
      errors.add(field, `"${destination.country}" is not a country code: use two letters, e.g. "JP".`);
      return;
    }
    const key = localityId != null ? `l${localityId}` : `c${countryCode}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ localityId, countryCode });
  });
  return out;
}

/** The rules across fields, on the values the exchange will have. */
export function checkWhole(values: ExchangeValues, errors: InputErrors, today = todayInChina()): void {
  if (!values.titleZh && !values.titleEn) errors.add('input.titleEn', 'Give the exchange a title: "titleZh", "titleEn" or both.');
  if (values.endDate < values.startDate) {
    errors.add('input.endDate', `"input.endDate" (${values.endDate}) is before "input.startDate" (${values.startDate}).`);
  }
  if (VISIT_KINDS.has(values.kind) && !values.destinations.length) {
    errors.add('input.destinations', `A ${values.kind} needs at least one destination: a locality or a country.`);
  }
  if (values.status === ExchangeStatus.DONE && values.startDate > today) {
    errors.add('input.status', `An exchange starting on ${values.startDate} cannot be DONE yet (today is ${today}); keep it PLANNED.`);
  }
}
