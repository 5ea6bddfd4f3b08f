import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden, requireMember, requireWriter, type MemberViewer, type Viewer } from '../../auth/viewer';
import { conflict, InputErrors, notFound } from '../../errors';
import type { ConnectionArgs, Page } from '../../shared/connection';
import { parseIntId } from '../../shared/global-id';
import { keysetPage } from '../../shared/pagination';
import { existingId } from '../../shared/references';
import type { FieldSelection } from '../../shared/selection';
import { queryRows } from '../../shared/sql';
import { checkPopulationRange } from '../../shared/population-range';
import { textInput } from '../../shared/text-input';
import type { MutationAudit } from '../audit/audit.service';
import type { Continent } from '../countries/continent.enum';
import { countryCodes, unknownCountriesMessage } from '../countries/country-codes';
import type { ExchangeField } from '../exchanges/exchange.enums';
import { openWishesFittedBy } from '../partner-matching/partner-matching.service';
import { localityForWrite, type LocalityForWrite } from '../localities/city-office';
import { checkThemeCodes } from '../profiles/profile-themes';
import type { PartnerWish } from './partner-wish.entity';
import { PartnerWishStatus } from './partner-wish.enums';
import { partnerWishRows } from './partner-wish.rows';

/**
 * Partner wishes: publishing, changing, closing and listing them. A Chinese locality's wish is
 * published by its city office (an EDITOR or ADMIN of the member unit whose locality it is) or a
 * hub admin; a foreign city's wish is recorded by a hub admin, from what reached the hub through a
 * channel. The owning unit and hub admins change and close it. Members read every wish.
 */

export const SUBJECT = 'PartnerWish';
const MAX_LIST = 30;

export interface WishCriteria {
  countries?: string[] | null;
  continents?: Continent[] | null;
  regions?: string[] | null;
  themes?: string[] | null;
  exchangeFields?: ExchangeField[] | null;
  minPopulation?: number | null;
  maxPopulation?: number | null;
  note?: string | null;
  channel?: string | null;
}

// Arrays travel as JSON: the driver would spread a JavaScript array into a list of parameters.
const TEXT_ARRAY = 'array(select jsonb_array_elements_text(?::jsonb))';
const COLUMNS = {
  countries: ['countries', TEXT_ARRAY],
  continents: ['continents', TEXT_ARRAY],
  regions: ['region_ids', 'array(select jsonb_array_elements_text(?::jsonb)::int)'],
  themes: ['themes', TEXT_ARRAY],
  exchangeFields: ['exchange_fields', TEXT_ARRAY],
  minPopulation: ['min_population', '?::int'],
  maxPopulation: ['max_population', '?::int'],
  note: ['note', '?::text'],
  channel: ['channel', '?::text'],
} as const;
type Criterion = keyof typeof COLUMNS;
const param = (value: unknown) => (Array.isArray(value) ? JSON.stringify(value) : value);

const listInput = <T>(values: readonly T[] | null | undefined, field: string, errors: InputErrors): T[] => {
  const kept = [...new Set(values ?? [])];
  errors.check(kept.length <= MAX_LIST, field, `"${field}" lists ${kept.length} entries; at most ${MAX_LIST} are allowed.`);
  return kept;
};

/**
 * The criteria present in `given`, checked for a seeker on `side`; unknown countries, regions and
 * themes are problems naming the value. `current` fills in what `given` leaves out, for the
 * checks that span two fields (the population range).
 */
async function checkedCriteria(
  em: EntityManager,
  side: string,
  given: WishCriteria,
  current: { minPopulation: number | null; maxPopulation: number | null } | null,
  errors: InputErrors,
): Promise<Partial<Record<Criterion, unknown>>> {
  const values: Partial<Record<Criterion, unknown>> = {};
  const has = (key: Criterion) => given[key] !== undefined;
  const domestic = side === 'DOMESTIC';
  if (has('countries')) {
    const codes = listInput(countryCodes(given.countries), 'input.countries', errors);
    if (codes.length && !domestic) errors.add('input.countries', "A foreign city's wish seeks Chinese localities; name provinces or prefectures in \"regions\" instead of countries.");
    if (codes.includes('CN')) errors.add('input.countries', 'A Chinese locality seeks foreign partners; "CN" cannot be a wished-for country.');
    const known = new Set((await queryRows<{ code: string }>(em, 'select code::text as code from country where code = any(?::text[])', [codes])).map((row) => row.code));
    const unknown = codes.filter((code) => !known.has(code));
    if (unknown.length) errors.add('input.countries', unknownCountriesMessage(unknown));
    values.countries = codes;
  }
  if (has('continents')) {
    const continents = listInput(given.continents, 'input.continents', errors);
    if (continents.length && !domestic) errors.add('input.continents', "A foreign city's wish seeks Chinese localities; continents do not apply.");
    values.continents = continents;
  }
  if (has('regions')) {
    const ids = listInput(given.regions, 'input.regions', errors).map((id) => parseIntId(id, 'Locality', 'input.regions'));
    const wanted = domestic ? ['REGION'] : ['PROVINCE', 'PREFECTURE'];
    const found = new Map(
      (await queryRows<{ id: number; level: string }>(em, 'select id, level from locality where id = any(?::int[])', [ids])).map((row) => [row.id, row.level]),
    );
    for (const [index, id] of ids.entries()) {
      const level = found.get(id);
      const shown = (given.regions ?? [])[index];
      if (level == null) errors.add('input.regions', `No locality has the ID "${shown}".`);
      else if (!wanted.includes(level)) {
        errors.add('input.regions', `"${shown}" is a ${level}; a ${domestic ? 'Chinese' : 'foreign'} locality's wish names ${domestic ? 'foreign first-level regions' : 'Chinese provinces or prefectures'}.`);
      }
    }
    values.regions = ids;
  }
  if (has('themes')) values.themes = await checkThemeCodes(em, given.themes, 'input.themes', errors);
  if (has('exchangeFields')) values.exchangeFields = listInput(given.exchangeFields, 'input.exchangeFields', errors);
  for (const key of ['minPopulation', 'maxPopulation'] as const) if (has(key)) values[key] = given[key] ?? null;
  const min = (has('minPopulation') ? values.minPopulation : current?.minPopulation) as number | null | undefined;
  const max = (has('maxPopulation') ? values.maxPopulation : current?.maxPopulation) as number | null | undefined;
  checkPopulationRange(min, max, 'input', errors);
  if (has('note')) values.note = textInput(given.note, 'input.note', 2000, errors);
  if (has('channel')) values.channel = textInput(given.channel, 'input.channel', 200, errors);
  return values;
}

function checkMayPublish(member: MemberViewer, seeker: LocalityForWrite): void {
  if (member.hubAdmin) return;
  if (seeker.side === 'FOREIGN') {
    throw forbidden("Foreign cities' wishes are recorded by hub admins, from what reaches the hub through its channels.", 'HUB_ADMIN_ONLY');
  }
  if (!seeker.cityOffice) {
    throw forbidden(`Only the city office of ${seeker.name} (the member unit whose locality it is) or a hub admin can publish its wishes.`, 'NOT_CITY_OFFICE');
  }
}

/** Publishes a wish (status OPEN); returns its id and the seeking locality's. */
export async function publishPartnerWish(
  em: EntityManager,
  viewer: Viewer,
  command: WishCriteria & { locality: string },
  audit: MutationAudit,
): Promise<{ id: number; localityId: number }> {
  const member = requireWriter(viewer);
  const seeker = await localityForWrite(em, command.locality, member.unitId, 'input.locality');
  audit.subject = { type: SUBJECT, id: null, ownerUnitId: member.unitId };
  checkMayPublish(member, seeker);
  const errors = new InputErrors();
  const values = await checkedCriteria(em, seeker.side, command, null, errors);
  errors.throwIfAny();
  const given = Object.keys(values) as Criterion[];
  const [row] = await em.execute<Array<{ id: number }>>(
    `insert into partner_wish (locality_id, owner_unit_id, created_by_account_id${given.map((key) => `, ${COLUMNS[key][0]}`).join('')})
     values (?, ?, ?${given.map((key) => `, ${COLUMNS[key][1]}`).join('')}) returning id`,
    [seeker.id, member.unitId, member.accountId, ...given.map((key) => param(values[key]))],
  );
  audit.subject = { type: SUBJECT, id: row.id, ownerUnitId: member.unitId };
  audit.detail = { locality: seeker.id, criteria: given };
  // A locality that now seeks a partner may itself be what an open wish on the other side seeks.
  await tellFittingWishes(em, viewer, seeker.id, audit);
  return { id: row.id, localityId: seeker.id };
}

interface LockedWish {
  id: number;
  side: string;
  ownerUnitId: number;
  status: PartnerWishStatus;
  version: number;
  minPopulation: number | null;
  maxPopulation: number | null;
}

/** Locks a wish for change: members see every wish; only its unit and hub admins change it. */
async function lockForChange(em: EntityManager, member: MemberViewer, id: string, expectedVersion: number | null | undefined, audit: MutationAudit): Promise<LockedWish> {
  const key = parseIntId(id, 'PartnerWish', 'input.id');
  audit.subject = { type: SUBJECT, id: key, ownerUnitId: null };
  const [row] = await queryRows<{ id: number; side: string; owner_unit_id: number; status: PartnerWishStatus; version: number; min_population: number | null; max_population: number | null }>(
    em,
    `select w.id, l.side, w.owner_unit_id, w.status, w.version, w.min_population, w.max_population
     from partner_wish w join locality l on l.id = w.locality_id where w.id = ? for update of w`,
    [key],
  );
  if (!row) throw notFound(`No partner wish has the ID "${id}".`, 'OBJECT_NOT_FOUND', 'input.id');
  audit.subject = { type: SUBJECT, id: key, ownerUnitId: row.owner_unit_id };
  if (!member.hubAdmin && member.unitId !== row.owner_unit_id) {
    throw forbidden('Only the unit that published this wish, or a hub admin, can change it.', 'NOT_OWNER');
  }
  if (expectedVersion != null && expectedVersion !== row.version) {
    throw conflict(
      `The wish has changed since you read it: it is at version ${row.version}, not ${expectedVersion}. Read it again, then retry with expectedVersion ${row.version}.`,
      'STALE_VERSION',
      'input.expectedVersion',
    );
  }
  if (row.status !== PartnerWishStatus.OPEN) {
    throw conflict(`The wish is ${row.status}; only OPEN wishes change.`, 'INVALID_TRANSITION', 'input.id');
  }
  return { id: row.id, side: row.side, ownerUnitId: row.owner_unit_id, status: row.status, version: row.version, minPopulation: row.min_population, maxPopulation: row.max_population };
}

/** Changes an OPEN wish's criteria; returns its id. */
export async function updatePartnerWish(em: EntityManager, viewer: Viewer, command: WishCriteria & { id: string; expectedVersion: number }, audit: MutationAudit): Promise<number> {
  const member = requireWriter(viewer);
  const wish = await lockForChange(em, member, command.id, command.expectedVersion, audit);
  const errors = new InputErrors();
  const values = await checkedCriteria(em, wish.side, command, wish, errors);
  errors.throwIfAny();
  const given = Object.keys(values) as Criterion[];
  await em.execute(
    `update partner_wish set ${[...given.map((key) => `${COLUMNS[key][0]} = ${COLUMNS[key][1]}`), 'updated_at = now()', 'version = version + 1'].join(', ')} where id = ?`,
    [...given.map((key) => param(values[key])), wish.id],
  );
  audit.detail = { criteria: given, version: wish.version + 1 };
  return wish.id;
}

/** Closes an OPEN wish as FULFILLED or WITHDRAWN; returns its id. */
export async function closePartnerWish(
  em: EntityManager,
  viewer: Viewer,
  command: { id: string; expectedVersion?: number | null; status: PartnerWishStatus },
  audit: MutationAudit,
): Promise<number> {
  const member = requireWriter(viewer);
  if (command.status === PartnerWishStatus.OPEN) {
    new InputErrors().add('input.status', 'Close a wish as FULFILLED or WITHDRAWN; publish a new wish to seek again.').throwIfAny();
  }
  const wish = await lockForChange(em, member, command.id, command.expectedVersion, audit);
  await em.execute(`update partner_wish set status = ?, updated_at = now(), version = version + 1 where id = ?`, [command.status, wish.id]);
  audit.detail = { status: command.status, version: wish.version + 1 };
  return wish.id;
}

export interface WishListFilter {
  status?: PartnerWishStatus | null;
  side?: string | null;
  locality?: string | null;
  owner?: string | null;
}

/** Wishes, newest first; members only. */
export async function listPartnerWishes(
  em: EntityManager,
  viewer: Viewer,
  filter: WishListFilter,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<Page<PartnerWish>> {
  requireMember(viewer);
  const { query, map } = partnerWishRows.listQuery(em, 'w', selection);
  if (filter.status) {
    query.where.push('w.status = ?');
    query.params.push(filter.status);
  }
  if (filter.side) {
    query.where.push('exists (select 1 from locality sl where sl.id = w.locality_id and sl.side = ?)');
    query.params.push(filter.side);
  }
  if (filter.locality != null) {
    query.where.push('w.locality_id = ?');
    query.params.push(await existingId(em, filter.locality, 'Locality', 'filter.locality'));
  }
  if (filter.owner != null) {
    query.where.push('w.owner_unit_id = ?');
    query.params.push(await existingId(em, filter.owner, 'MemberUnit', 'filter.owner'));
  }
  return keysetPage(em, query, { expr: 'w.id', type: 'int', direction: 'desc' }, args, map);
}

/**
 * Tells the units whose OPEN wishes `localityId` now fits (its profile changed, or it published a
 * wish of its own): one PARTNER_WISH_MATCHED activity per wish, for that wish's unit only (and hub
 * admins), written after the mutation's own activity, in its transaction.
 */
export async function tellFittingWishes(em: EntityManager, viewer: Viewer, localityId: number, audit: MutationAudit): Promise<void> {
  const fits = await openWishesFittedBy(em, localityId);
  if (fits.length) (audit.afterActivity ??= []).push((tx) => recordWishMatches(tx, viewer, localityId, fits));
}

async function recordWishMatches(
  em: EntityManager,
  viewer: Viewer,
  localityId: number,
  fits: ReadonlyArray<{ wishId: number; score: number }>,
): Promise<void> {
  const member = viewer.kind === 'member' ? viewer : null;
  await em.execute(
    `insert into activity (verb, actor_account_id, actor_unit_id, subject_type, subject_id, subject_title, audience, owner_unit_id,
       audience_unit_id, country_codes, locality_ids)
     select 'PARTNER_WISH_MATCHED', ?::int, ?::int, 'PartnerWish', w.id,
       coalesce(l.name_en, l.name_zh) || ' fits the wish of ' || coalesce(wl.name_en, wl.name_zh) || ' (score ' || to_char(f.score, 'FM0.00') || ')',
       'UNIT', w.owner_unit_id, w.owner_unit_id, array[l.country_code::text], array[w.locality_id, l.id]
     from jsonb_to_recordset(?::jsonb) as f ("wishId" int, score numeric)
     join partner_wish w on w.id = f."wishId" join locality wl on wl.id = w.locality_id
     join locality l on l.id = ?
     order by w.id`,
    [member?.accountId ?? null, member?.unitId ?? null, JSON.stringify(fits), localityId],
  );
}
