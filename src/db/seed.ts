import pg from 'pg';
import type { Logger } from '../logger';
import { formatSeedReport, seedDatabase, type SeedReport } from '../../seeds';

/**
 * Loads (or refreshes: the seeders upsert) the reference and demo data through one client.
 * The report (counts, and every CSV row that could not be matched) goes to `print`, or the log.
 */
export async function runSeed(url: string, logger: Logger, print?: (report: string) => void): Promise<SeedReport> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const report = await seedDatabase(client, (message) => logger.info(message));
    // Fresh statistics for the planner after a bulk load (VACUUM cannot run inside the seed's transaction).
    await client.query('vacuum analyze country, locality, member_unit, friendship_relation, relation_status_change');
    if (print) print(formatSeedReport(report));
    else logger.info({ unmatched: report.unmatched.length }, formatSeedReport(report));
    return report;
  } finally {
    await client.end();
  }
}
