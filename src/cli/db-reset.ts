import { runSeed } from '../db/seed';
import { withDatabase } from './with-database';

// npm run db:reset: drop everything in the public schema, migrate from scratch, seed.
void withDatabase(async ({ database, orm, logger }) => {
  logger.warn(`resetting ${database.description}`);
  const connection = orm.em.getConnection();
  await connection.execute('drop schema public cascade');
  await connection.execute('create schema public');
  await orm.getMigrator().up();
  await runSeed(database.url, logger, (report) => console.log(report));
});
