import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../config';
import { openDatabase, type DatabaseHandle } from '../db/database';
import { createOrmConfig } from '../db/orm.config';
import { createLogger, type Logger } from '../logger';

/** Runs a command-line task against the configured database (DATABASE_URL or the embedded one). */
export async function withDatabase(task: (context: { database: DatabaseHandle; orm: MikroORM; logger: Logger }) => Promise<void>) {
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info');
  const database = await openDatabase(config, logger);
  let failed = false;
  try {
    const orm = await MikroORM.init(
      createOrmConfig({ clientUrl: database.url, poolMax: 2, acquireTimeoutMs: 10_000, logger }),
    );
    try {
      await task({ database, orm, logger });
    } finally {
      await orm.close(true);
    }
  } catch (error) {
    failed = true;
    logger.error({ err: error }, error instanceof Error ? error.message : String(error));
  } finally {
    await database.stop();
  }
  process.exit(failed ? 1 : 0);
}
