import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded';
import { createLogger } from '../../src/logger';
import { freePort } from './ports';

/**
 * A PostgreSQL server of a test's own (embedded, in a temporary folder), for tests that stop and
 * start it: never the shared server the other test files use. It holds an empty database "hub".
 */
export async function startScratchPostgres(prefix: string) {
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `${prefix}-`));
  // The server runs as the "postgres" user when we are root: it must be able to enter the folder.
  await fs.chmod(dir, 0o755);
  const port = await freePort();
  let server: EmbeddedServer | undefined = await startEmbeddedPostgres(dir, port, logger);
  await server.ensureDatabase('hub');
  return {
    url: server.urlFor('hub'),
    port,
    /** Stops the server (clients see their connections end, and new ones refused). */
    async stop() {
      await server?.stop();
      server = undefined;
    },
    /** Starts it again on the same folder and port. */
    async start() {
      server = await startEmbeddedPostgres(dir, port, logger);
    },
    /** Stops it and deletes its folder. */
    async remove() {
      await server?.stop().catch(() => undefined);
      server = undefined;
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

export type ScratchPostgres = Awaited<ReturnType<typeof startScratchPostgres>>;
