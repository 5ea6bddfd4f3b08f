/**
 * Seed data: countries, Chinese and foreign localities, member units, friendship relations and
 * the seed partner profiles, loaded idempotently in one transaction.
 */
import { buildCountryRows, loadCountries } from './countries';
import { buildDomesticRows, loadDomesticLocalities } from './domestic-localities';
import { formatCoordinateStats, withSeatCoordinates, type CoordinateStats } from './domestic-coordinates';
import { buildCityRows, buildRegionRows, loadCities, loadRegions } from './foreign-localities';
import { buildMemberUnits, loadMemberUnits } from './member-units';
import { loadDemoData } from './demo';
import { loadDemoInformation } from './demo-information';
import { loadDemoPartnerWishes } from './demo-partner-wishes';
import { loadPartnerProfiles } from './partner-profiles';
import {
  DomesticMatcher, ForeignMatcher, loadRelations, matchRelations, readAliases, readCsvRows,
} from './friendship-relations';

export { formatSeedReport } from './report';

export interface SeedDb {
  query(sql: string, params?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }>;
}

export interface SeedReport {
  countries: number;
  domesticLocalities: number;
  /** how many domestic localities got their seat's coordinates, per level */
  domesticCoordinates: CoordinateStats;
  foreignRegions: number;
  foreignCities: number;
  memberUnits: number;
  relations: number;
  unmatched: Array<{ line: number; row: Record<string, string>; reason: string }>;
  /** Seed profiles in the database after the run (new, changed or unchanged), and the rows of partner-profiles.csv not loaded. */
  profiles: number;
  profilesUnmatched: Array<{ line: number; row: Record<string, string>; reason: string }>;
  ms: number;
}

interface PoolLike extends SeedDb {
  connect(): Promise<SeedDb & { release(err?: unknown): void }>;
  totalCount: number;
}

/** A pg.Pool (has connect() and pool counters) hands out one client; a pg.Client is used as is. */
function isPool(db: SeedDb): db is PoolLike {
  const d = db as Partial<PoolLike>;
  return typeof d.connect === 'function' && typeof d.totalCount === 'number';
}

export async function seedDatabase(db: SeedDb, log: (msg: string) => void = () => {}): Promise<SeedReport> {
  const t0 = Date.now();
  const lap = (() => { let last = t0; return (what: string) => { const now = Date.now(); log(`${what} (${now - last} ms)`); last = now; }; })();

  // Everything that needs no database first, so the transaction is short.
  const countries = buildCountryRows();
  const { rows: domestic, stats: coordinates } = withSeatCoordinates(buildDomesticRows());
  const regions = buildRegionRows();
  const { rows: cities, stats } = buildCityRows(regions);
  const units = buildMemberUnits(domestic);
  const csv = readCsvRows();
  const match = matchRelations(csv, new DomesticMatcher(domestic), new ForeignMatcher(regions, cities, readAliases()));
  lap(`prepared ${countries.length} countries, ${domestic.length} domestic (coordinates: ${formatCoordinateStats(coordinates)}), ` +
    `${regions.length} regions, ` +
    `${cities.length} cities (region: ${stats.viaMuni} by JIS municipality code, ${stats.viaAdmin1} by confirmed admin1, ` +
    `${stats.unlinked} none), ${match.matched.length}/${match.total} relations matched`);

  const client = isPool(db) ? await db.connect() : db;
  try {
    await client.query('begin');
    await loadCountries(client, countries);
    lap('countries');
    const domesticIds = await loadDomesticLocalities(client, domestic);
    lap('domestic localities');
    await loadRegions(client, regions);
    lap('foreign regions');
    await loadCities(client, cities);
    lap('foreign cities');
    const unitIds = await loadMemberUnits(client, units);
    // The default indicator assignments name units by code (see the indicators migration).
    await client.query('select hub_seed_indicator_assignments()');
    lap('member units');
    const relations = await loadRelations(client, match.matched, domesticIds, unitIds);
    lap('friendship relations');
    const profiles = await loadPartnerProfiles(client);
    lap(`partner profiles (${profiles.inserted} new, ${profiles.updated} changed, ${profiles.unchanged} unchanged, ` +
      `${profiles.keptEdited} edited by members kept, ${profiles.unresolved.length}/${profiles.rows} rows not loaded)`);
    const demo = await loadDemoData(client);
    lap(`demo accounts and resources (${demo.created} of ${demo.resources} demo resources new)`);
    const information = await loadDemoInformation(client);
    lap(`demo information (${information.items} items, ${information.matters} catalogue matters)`);
    const wishes = await loadDemoPartnerWishes(client);
    lap(`demo partner wishes (${wishes.wishes})`);
    await client.query('commit');
    const ms = Date.now() - t0;
    log(`seed committed in ${ms} ms`);
    return {
      countries: countries.length,
      domesticLocalities: domestic.length,
      domesticCoordinates: coordinates,
      foreignRegions: regions.length,
      foreignCities: cities.length,
      memberUnits: units.length,
      relations,
      unmatched: [...match.unmatched, ...match.duplicates].sort((a, b) => a.line - b.line),
      profiles: profiles.inserted + profiles.updated + profiles.unchanged,
      profilesUnmatched: profiles.unresolved,
      ms,
    };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    if (client !== db) (client as unknown as { release(err?: unknown): void }).release();
  }
}
