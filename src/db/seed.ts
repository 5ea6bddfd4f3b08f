import pg from 'pg';
import type { Logger } from '../logger';
import { formatSeedReport, seedDatabase, type SeedReport } from '../../seeds';

/** Loads (or refreshes: the seeders upsert) the reference and demo data through one client. */
export async function runSeed(url: string, logger: Logger): Promise<SeedReport> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const report = await seedDatabase(client, (message) => logger.info(message));
    logger.info(formatSeedReport(report));
    return report;
  } finally {
    await client.end();
  }
}
