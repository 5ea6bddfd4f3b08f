import { runSeed } from '../db/seed';
import { withDatabase } from './with-database';

// npm run seed: apply pending migrations, then load or refresh the seed data (idempotent).
void withDatabase(async ({ database, orm, logger }) => {
  await orm.getMigrator().up();
  logger.info(`seeding ${database.description}`);
  await runSeed(database.url, logger, (report) => console.log(report));
});
