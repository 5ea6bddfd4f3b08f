import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden, requireWriter, type Viewer } from '../../auth/viewer';
import { conflict, InputErrors } from '../../errors';
import { queryRows } from '../../shared/sql';
import { httpUrlInput, textInput } from '../../shared/text-input';
import type { MutationAudit } from '../audit/audit.service';
import { ExchangeField } from '../exchanges/exchange.enums';
import { localityForWrite } from '../localities/city-office';
import { tellFittingWishes } from '../partner-wishes/partner-wish.service';
import { checkThemeCodes } from './profile-themes';

/**
 * Locality profiles: who may write them, and the write. A Chinese locality's profile belongs to
 * its city office (a member unit whose locality it is) and to hub admins; a foreign one is
 * annotated by any member unit (EDITOR or ADMIN). Reading is open to anyone, like the locality.
 */

export const SUBJECT = 'LocalityProfile';

/** Changes to a profile; a field left out stays as it is, null clears it. */
export interface UpdateProfileCommand {
  locality: string;
  expectedVersion?: number | null;
  themes?: string[] | null;
  exchangeFields?: ExchangeField[] | null;
  descriptionEn?: string | null;
  descriptionZh?: string | null;
  population?: number | null;
  populationYear?: number | null;
  gdp?: number | null;
  gdpCurrency?: string | null;
  gdpYear?: number | null;
  sources?: string[] | null;
}

const COLUMNS = {
  themes: 'themes',
  exchangeFields: 'exchange_fields',
  descriptionEn: 'description_en',
  descriptionZh: 'description_zh',
  population: 'population',
  populationYear: 'population_year',
  gdp: 'gdp',
  gdpCurrency: 'gdp_currency',
  gdpYear: 'gdp_year',
  sources: 'sources',
} as const;
type Column = keyof typeof COLUMNS;
// Arrays travel as JSON: the driver would spread a JavaScript array into a list of parameters.
const TEXT_ARRAY = 'array(select jsonb_array_elements_text(?::jsonb))';
const CASTS: Record<Column, string> = {
  themes: TEXT_ARRAY,
  exchangeFields: TEXT_ARRAY,
  descriptionEn: '?::text',
  descriptionZh: '?::text',
  population: '?::int',
  populationYear: '?::smallint',
  gdp: '?::numeric',
  gdpCurrency: '?::char(3)',
  gdpYear: '?::smallint',
  sources: TEXT_ARRAY,
};

const MAX_DESCRIPTION = 4000;
const MAX_SOURCES = 20;

function yearInput(value: number | null | undefined, field: string, errors: InputErrors): number | null | undefined {
  if (value == null) return value;
  const latest = new Date().getUTCFullYear() + 1;
  errors.check(value >= 1900 && value <= latest, field, `"${field}" must be a year from 1900 to ${latest}; got ${value}.`);
  return value;
}

/** The given fields, checked; problems go to `errors`. Only fields present in the command are returned. */
async function checkedValues(em: EntityManager, command: UpdateProfileCommand, errors: InputErrors): Promise<Partial<Record<Column, unknown>>> {
  const values: Partial<Record<Column, unknown>> = {};
  const has = (key: Column) => command[key] !== undefined;
  if (has('themes')) values.themes = await checkThemeCodes(em, command.themes, 'input.themes', errors);
  if (has('exchangeFields')) values.exchangeFields = [...new Set(command.exchangeFields ?? [])];
  if (has('descriptionEn')) values.descriptionEn = textInput(command.descriptionEn, 'input.descriptionEn', MAX_DESCRIPTION, errors);
  if (has('descriptionZh')) values.descriptionZh = textInput(command.descriptionZh, 'input.descriptionZh', MAX_DESCRIPTION, errors);
  if (has('population')) {
    const population = command.population ?? null;
    errors.check(population == null || population >= 0, 'input.population', `"input.population" cannot be negative; got ${population}.`);
    values.population = population;
  }
  if (has('populationYear')) values.populationYear = yearInput(command.populationYear, 'input.populationYear', errors) ?? null;
  if (has('gdp')) {
    const gdp = command.gdp ?? null;
    errors.check(gdp == null || (Number.isFinite(gdp) && gdp >= 0 && gdp < 1e17), 'input.gdp', `"input.gdp" must be 0 or more (and below 10^17); got ${gdp}.`);
    values.gdp = gdp;
  }
  if (has('gdpCurrency')) {
    const currency = command.gdpCurrency?.trim().toUpperCase() || null;
    errors.check(currency == null || /^[A-Z]{3}$/.test(currency), 'input.gdpCurrency', `"input.gdpCurrency" must be an ISO 4217 code such as "CNY" or "EUR"; got "${(command.gdpCurrency ?? '').slice(0, 20)}".`);
    values.gdpCurrency = currency;
  }
  if (has('gdpYear')) values.gdpYear = yearInput(command.gdpYear, 'input.gdpYear', errors) ?? null;
  if (has('sources')) {
    const sources = [...new Set((command.sources ?? []).map((source) => source.trim()).filter(Boolean))];
    errors.check(sources.length <= MAX_SOURCES, 'input.sources', `"input.sources" lists ${sources.length} sources; at most ${MAX_SOURCES} are allowed.`);
    values.sources = sources.map((source) => (/^https?:/i.test(source) ? httpUrlInput(source, 'input.sources', 1000, errors) : textInput(source, 'input.sources', 300, errors)));
  }
  return values;
}

/**
 * Creates or changes a locality's profile (one statement after the checks); returns the locality
 * id. A profile changed by a member is no longer seed data. With `expectedVersion`, a profile
 * changed meanwhile is CONFLICT.
 */
export async function updateLocalityProfile(em: EntityManager, viewer: Viewer, command: UpdateProfileCommand, audit: MutationAudit): Promise<number> {
  const member = requireWriter(viewer);
  const locality = await localityForWrite(em, command.locality, member.unitId, 'input.locality');
  audit.subject = { type: SUBJECT, id: locality.id, ownerUnitId: null };
  if (locality.side === 'DOMESTIC' && !locality.cityOffice && !member.hubAdmin) {
    throw forbidden(
      `Only the city office of ${locality.name} (the member unit whose locality it is) or a hub admin can edit its profile; foreign localities' profiles are open to every member unit.`,
      'NOT_CITY_OFFICE',
    );
  }
  const errors = new InputErrors();
  const values = await checkedValues(em, command, errors);
  errors.throwIfAny();

  const [current] = await queryRows<{ version: number; gdp: string | null; gdp_currency: string | null }>(
    em,
    'select version, gdp, gdp_currency from locality_profile where locality_id = ? for update',
    [locality.id],
  );
  const expected = command.expectedVersion;
  const version = current?.version ?? 0;
  if (expected != null && expected !== version) {
    throw conflict(
      current
        ? `The profile has changed since you read it: it is at version ${version}, not ${expected}. Read it again, then retry with expectedVersion ${version}.`
        : `The locality has no profile yet; leave out expectedVersion (or send 0) to create one.`,
      'STALE_VERSION',
      'input.expectedVersion',
    );
  }
  const gdp = 'gdp' in values ? values.gdp : current?.gdp ?? null;
  const currency = 'gdpCurrency' in values ? values.gdpCurrency : current?.gdp_currency ?? null;
  if ((gdp == null) !== (currency == null)) {
    new InputErrors().add(gdp == null ? 'input.gdp' : 'input.gdpCurrency', 'A GDP needs its currency ("gdp" with "gdpCurrency"), and a currency needs a GDP.').throwIfAny();
  }

  const given = Object.keys(values) as Column[];
  const params = given.map((key) => (Array.isArray(values[key]) ? JSON.stringify(values[key]) : values[key]));
  if (current) {
    const set = given.map((key) => `${COLUMNS[key]} = ${CASTS[key]}`);
    await em.execute(
      `update locality_profile set ${[...set, 'seed = false', 'updated_by_unit_id = ?', 'updated_at = now()', 'version = version + 1'].join(', ')}
       where locality_id = ?`,
      [...params, member.unitId, locality.id],
    );
  } else {
    const inserted = await em.execute<Array<{ locality_id: number }>>(
      `insert into locality_profile (locality_id, updated_by_unit_id${given.map((key) => `, ${COLUMNS[key]}`).join('')})
       values (?, ?${given.map((key) => `, ${CASTS[key]}`).join('')})
       on conflict (locality_id) do nothing returning locality_id`,
      [locality.id, member.unitId, ...params],
    );
    if (!inserted.length) {
      throw conflict('Someone created this profile at the same moment; read it, then retry with its expectedVersion.', 'STALE_VERSION', 'input.expectedVersion');
    }
  }
  audit.detail = { fields: given, version: version + 1 };
  // Open wishes on the other side that the locality now fits hear of it, after the change's own activity.
  await tellFittingWishes(em, viewer, locality.id, audit);
  return locality.id;
}
