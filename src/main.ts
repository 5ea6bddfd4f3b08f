import { createApp, type App } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { formatDemoTokens, issueDemoTokens } from './modules/accounts/demo-tokens';

async function printDemoTokens(app: App, url: string) {
  try {
    const tokens = await issueDemoTokens(app.orm, app.logger);
    if (tokens.length) console.log(formatDemoTokens(tokens, url));
  } catch (error) {
    app.logger.warn({ err: error }, 'could not create the demo tokens');
  }
}

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const app = await createApp(config, { logger });
  const url = await app.listen();
  logger.info({ url, database: app.database.description }, `FAO hub listening on ${url} (database: ${app.database.description})`);

  let signals = 0;
  const shutdown = (signal: string) => {
    if (++signals > 1) {
      logger.warn('second signal: exiting now');
      process.exit(1);
    }
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    app.stop().then(
      () => {
        logger.info('stopped cleanly');
        process.exit(0);
      },
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  // Only on the embedded demo database: a database of DATABASE_URL never gets tokens printed.
  if (!config.databaseUrl) await printDemoTokens(app, url);
}

main().catch((error) => {
  console.error('The hub failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
