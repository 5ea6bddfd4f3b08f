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
    if (print) print(formatSeedReport(report));
    else logger.info({ unmatched: report.unmatched.length }, formatSeedReport(report));
    return report;
  } finally {
    await client.end();
  }
}
