import 'reflect-metadata';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { MikroORM } from '@mikro-orm/postgresql';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import { createAuthenticator, createOidcVerifier } from './auth';
import type { Viewer } from './auth/viewer';
import type { HubConfig } from './config';
import { createContext } from './context';
import { openDatabase, isDatabaseEmpty, type DatabaseHandle } from './db/database';
import { createOrmConfig } from './db/orm.config';
import { runSeed } from './db/seed';
import { maskError } from './errors';
import { createLogger, type Logger } from './logger';
import { ActivityBus } from './modules/activity/activity.bus';
import { FeedDispatcher } from './modules/activity/activity.feed';
import { readsSameForEveryone } from './modules/activity/feed.sharing';
import { getSchema } from './schema';
import { createApollo } from './transport/apollo';
import { createHttpHandler } from './transport/http';
import { costLimitError } from './transport/cost-limit';
import { createArmor, tokenLimitError } from './transport/limits';
import { attachWebSocket } from './transport/ws';

export interface App {
  http: http.Server;
  orm: MikroORM;
  database: DatabaseHandle;
  logger: Logger;
  /** Starts listening; resolves with the URL of the GraphQL endpoint. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops accepting, finishes in-flight requests, closes sockets, the pool and the embedded database. */
  stop(): Promise<void>;
}

export interface AppOptions {
  logger?: Logger;
  /** Receives every SQL statement (tests count them). */
  onQuery?: (sql: string) => void;
}

/** How long, on stop, requests arriving on already open connections are still served. */
const DRAIN_GRACE_MS = 1000;

/** Builds the hub; importing this module starts nothing. */
export async function createApp(config: HubConfig, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = await openDatabase(config, logger);
  let orm: MikroORM | undefined;
  try {
    orm = await MikroORM.init(
      createOrmConfig({
        clientUrl: database.url,
        poolMax: config.dbPoolMax,
        acquireTimeoutMs: config.dbAcquireTimeoutMs,
        logger,
        onQuery: options.onQuery,
      }),
    );
    const applied = await orm.getMigrator().up();
    if (applied.length) logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
    if (config.seedOnStart && (await isDatabaseEmpty(database.url))) {
      logger.info('empty database: loading seed data');
      await runSeed(database.url, logger);
    }
  } catch (error) {
    await orm?.close(true).catch(() => undefined);
    await database.stop().catch(() => undefined);
    throw error;
  }
  const readyOrm = orm;

  const bus = new ActivityBus(database.url, logger);
  const feed = new FeedDispatcher(readyOrm, bus, logger, { maxBacklog: config.feedMaxBacklog, coalesceMs: config.feedCoalesceMs });
  try {
    await feed.start();
    await bus.start();
  } catch (error) {
    await feed.close();
    await bus.close();
    await readyOrm.close(true).catch(() => undefined);
    await database.stop().catch(() => undefined);
    throw error;
  }

  const schema = await getSchema();
  const apollo = createApollo(schema, config, logger);
  await apollo.start();

  const contextFor = (requestId: string, viewer: Viewer) => createContext(readyOrm, logger, config, viewer, requestId, feed);
  const authenticator = createAuthenticator({
    logger,
    oidc: config.oidc ? { config: config.oidc, verify: createOidcVerifier(config.oidc) } : undefined,
  });
  // Token lookups run on their own fork, outside any operation's unit of work.
  const authenticate = (authorization: string | undefined) => authenticator(readyOrm.em.fork() as typeof readyOrm.em, authorization);
  const isReady = async () => {
    try {
      await readyOrm.em.getConnection().execute('select 1');
      return true;
    } catch {
      return false;
    }
  };
  const server = http.createServer(
    createHttpHandler({ apollo, createContext: contextFor, authenticate, isReady, maxBodyBytes: config.limits.maxBodyBytes, logger }),
  );
  server.keepAliveTimeout = 65_000;
  // Draining: the listener closes at once, but a keep-alive connection that looks idle may have a
  // request on the wire (a client reusing it at the moment of the signal): for a short grace such
  // requests are still served, each response asking the client to close. After the grace, idle
  // connections are closed, and so is each one as its last response finishes (Node would otherwise
  // keep it open and stop() would wait out shutdownTimeoutMs).
  let draining = false;
  let graceOver = false;
  const inFlight = new Set<http.ServerResponse>();
  server.on('request', (_request, response: http.ServerResponse) => {
    if (draining) response.setHeader('connection', 'close');
    inFlight.add(response);
    response.once('close', () => {
      inFlight.delete(response);
      if (graceOver) setImmediate(() => server.closeIdleConnections());
    });
  });
  const protection = createArmor(config);
  const ws = attachWebSocket(server, {
    schema,
    createContext: contextFor,
    authenticate,
    logger,
    production: config.env === 'production',
    keepAliveMs: config.wsKeepAliveMs,
    onCredentials: (listener) => bus.onCredentials(listener),
    readsSameForEveryone: (document) => readsSameForEveryone(schema, document),
    maxBufferedBytes: config.wsMaxBufferedBytes,
    drainTimeoutMs: config.wsDrainTimeoutMs,
    // Apollo refuses introspection over HTTP when it is off; the socket must refuse it too.
    validationRules: config.introspection
      ? protection.validationRules
      : [...protection.validationRules, NoSchemaIntrospectionCustomRule],
    maxTokens: config.limits.maxTokens,
    checkCost: (document, variables, operationName) =>
      costLimitError(schema, config.limits.maxCost, document, variables, operationName),
    formatError: (error) => maskError(tokenLimitError(error.toJSON()), error, { logger, exposeStackTraces: config.exposeStackTraces }),
  });

  let stopping: Promise<void> | undefined;
  return {
    http: server,
    orm: readyOrm,
    database,
    logger,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shownHost = host === '0.0.0.0' || host === '::' || host === '127.0.0.1' ? 'localhost' : host;
          resolve(`http://${shownHost}:${address.port}/graphql`);
        });
      });
    },
    stop() {
      stopping ??= (async () => {
        draining = true;
        for (const response of inFlight) if (!response.headersSent) response.setHeader('connection', 'close');
        // net.Server's close stops accepting without http.Server's immediate closing of idle connections.
        const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()));
        const grace = setTimeout(() => {
          graceOver = true;
          server.closeIdleConnections();
        }, Math.min(DRAIN_GRACE_MS, config.shutdownTimeoutMs));
        await ws.close();
        const timer = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
        await closed;
        clearTimeout(timer);
        clearTimeout(grace);
        await apollo.stop();
        await feed.close();
        await bus.close();
        await readyOrm.close(true);
        await database.stop();
      })();
      return stopping;
    },
  };
}
