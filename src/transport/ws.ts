import type { Server } from 'node:http';
import { WebSocketServer } from 'ws';
import {
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import type { Viewer } from '../auth/viewer';
import { newRequestId, type HubContext } from '../context';
import { AppError, ErrorCode, isDatabaseUnavailable } from '../errors';
import type { CredentialChange } from '../modules/activity/activity.bus';
import { publicLoaders, type PublicLoaders } from '../loaders';
import type { Logger } from '../logger';
import { serveGraphqlWs } from './graphql-ws-server';
import { pushChannel, type PushSocket } from './push-channel';
import { createSharedSubscribe } from './shared-execution';

export interface WsOptions {
  schema: GraphQLSchema;
  createContext: (requestId: string, viewer: Viewer) => HubContext;
  /** The caller for a token sent in `connectionParams` (`authorization: "Bearer …"` or `token`). */
  authenticate: (authorization: string | undefined) => Promise<Viewer>;
  /** Masks errors exactly as the HTTP edge does. */
  formatError: (error: GraphQLError) => GraphQLFormattedError;
  /** The limits the HTTP edge applies: extra validation rules, the token limit, the cost check. */
  validationRules: ValidationRule[];
  maxTokens: number;
  checkCost: (document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined) => GraphQLError | null;
  path?: string;
  connectionInitWaitTimeoutMs?: number;
  /** Subscriptions one socket may hold at once. */
  maxSubscriptionsPerConnection?: number;
  /** Ping interval; a socket that has not answered the previous ping is dropped (it resumes by cursor). */
  keepAliveMs?: number;
  /** Whether an operation's results read the same for every caller (then subscribers share them across accounts). */
  readsSameForEveryone?: (document: DocumentNode) => boolean;
  /** Unsent bytes past which a feed subscription waits for its socket to drain (see shared-execution). */
  maxBufferedBytes?: number;
  /** How long a socket may take to drain before it is closed as too slow (1013). */
  drainTimeoutMs?: number;
  /** Tells when tokens, accounts or units change, so that open sockets are checked again at once. */
  onCredentials?: (listener: (change: CredentialChange) => void) => () => void;
  /** Where internal errors of the WebSocket layer are logged. */
  logger?: Logger;
  /** In production an internal error's close reason says nothing more than that. */
  production?: boolean;
}

/** What a socket keeps between operations (graphql-ws `ctx.extra`, which also holds the socket). */
interface Connection {
  socket: {
    close(code: number, reason: string): void;
    terminate(): void;
  } & PushSocket;
  viewer: Viewer;
  authorization?: string;
  /** Operations holding a slot on this socket (claimed on arrival, freed on completion). */
  slots?: Set<string>;
  /** Checks the token again when it expires. */
  expiry?: NodeJS.Timeout;
}

/** Distinct documents kept parsed and validated. */
const DOCUMENT_CACHE_SIZE = 500;

/** Longest delay setTimeout accepts; a later expiry is checked again then. */
const MAX_TIMER_MS = 2_147_483_647;

/** Closes a socket, and drops it if the peer does not finish the closing handshake (a stalled reader never would). */
function closeSocket(connection: Connection, code: number, reason: string): void {
  connection.socket.close(code, reason);
  setTimeout(() => connection.socket.terminate(), 5000).unref();
}

/** graphql-ws on the same path as HTTP, with the same limits and error masking. */
export function attachWebSocket(httpServer: Server, options: WsOptions) {
  // No compression: it would cost CPU per socket, and the feed's frames are written directly (see pushChannel).
  const wss = new WebSocketServer({ server: httpServer, path: options.path ?? '/graphql', maxPayload: 1024 * 1024, perMessageDeflate: false });
  const rules = [...specifiedRules, ...options.validationRules];
  const connections = new Set<Connection>();

  // Thousands of dashboards subscribe with the same few documents: each is parsed and validated
  // once, and its subscriptions share one syntax tree (a per-subscription copy would cost kilobytes each).
  const documents = new Map<string, DocumentNode | readonly GraphQLError[]>();
  const validDocument = (query: string): DocumentNode | readonly GraphQLError[] => {
    const known = documents.get(query);
    if (known) return known;
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: options.maxTokens });
    } catch (error) {
      const message = error instanceof Error ? error.message : 'The query could not be parsed.';
      return [new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
    }
    const errors = validate(options.schema, document, rules);
    const result = errors.length
      ? errors.map(
          (error) =>
            new GraphQLError(error.message, {
              nodes: error.nodes,
              extensions: { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED' },
            }),
        )
      : document;
    if (documents.size >= DOCUMENT_CACHE_SIZE) documents.delete(documents.keys().next().value!);
    documents.set(query, result);
    return result;
  };

  /** Arms a timer that checks the token again the moment it expires (and closes the socket then). */
  const watchExpiry = (connection: Connection) => {
    clearTimeout(connection.expiry);
    const expiresAt = connection.viewer.kind === 'member' ? connection.viewer.expiresAt : null;
    if (!expiresAt) return;
    const delay = Math.min(Math.max(expiresAt.getTime() - Date.now() + 50, 0), MAX_TIMER_MS);
    connection.expiry = setTimeout(() => recheck(connection).catch(() => undefined), delay);
    connection.expiry.unref();
  };

  /** Checks the connection's token again; a token no longer valid closes the socket (4403) and throws. */
  const recheck = async (connection: Connection): Promise<void> => {
    if (!connection.authorization) return;
    try {
      connection.viewer = await options.authenticate(connection.authorization);
      watchExpiry(connection);
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.UNAUTHENTICATED) closeSocket(connection, 4403, 'Forbidden');
      throw error;
    }
  };

  // A revoked token, a disabled or moved account, a unit that gained or lost the operator's role:
  // the sockets concerned are checked again at once (all of them after the listener reconnected).
  const affected = (connection: Connection, change: CredentialChange) => {
    const viewer = connection.viewer;
    if (!connection.authorization || viewer.kind !== 'member') return false;
    if (!change) return true;
    return change.kind === 'token' ? viewer.tokenId === change.id : change.kind === 'account' ? viewer.accountId === change.id : viewer.unitId === change.id;
  };
  const stopListening = options.onCredentials?.((change) => {
    const due = [...connections].filter((connection) => affected(connection, change));
    // A few at a time: after a reconnect every socket is due, and the pool serves requests too.
    const work = async () => {
      for (let connection = due.shift(); connection; connection = due.shift()) await recheck(connection).catch(() => undefined);
    };
    void Promise.all(Array.from({ length: Math.min(4, due.length) }, work));
  });
  /**
   * Checks the token again (a token revoked, expired or disabled since the socket opened closes it
   * with 4403, as the next HTTP request would get 401), then parses, validates and prices the
   * operation with the limits of the HTTP edge.
   */
  const prepare = async (connection: Connection, id: string, payload: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null }): Promise<ExecutionArgs | readonly GraphQLError[]> => {
    try {
      await recheck(connection);
    } catch (error) {
      if (error instanceof AppError) {
        return [new GraphQLError(error.message, { extensions: { code: error.code, reason: error.details.reason } })];
      }
      throw error;
    }
    const document = validDocument(payload.query);
    if (!('kind' in document)) return document;
    const variables = payload.variables ?? undefined;
    const operationName = payload.operationName ?? undefined;
    const tooCostly = options.checkCost(document, variables, operationName);
    if (tooCostly) return [tooCostly];
    const contextValue = options.createContext(newRequestId(), connection.viewer);
    // Long-running operations (the activity feed) follow the connection's rights as they change.
    contextValue.currentViewer = () => connection.viewer;
    contextValue.closeConnection = (code, reason) => closeSocket(connection, code, reason);
    contextValue.push = pushChannel(connection.socket, id, () =>
      closeSocket(connection, 1013, 'You read too slowly for the feed: reconnect and resume after your last cursor.'),
    );
    return { schema: options.schema, document, variableValues: variables, operationName, contextValue };
  };

  // WebSocket-level keep-alive: a peer that vanished without closing (a dead network, a suspended
  // laptop) would otherwise hold its subscriptions and buffers until TCP gives up, hours later.
  const alive = new WeakMap<object, boolean>();
  wss.on('connection', (socket) => {
    alive.set(socket, true);
    socket.on('pong', () => alive.set(socket, true));
  });
  // Reference data (units, countries, localities, relations) reads the same for everyone: one set
  // of its loaders per delivery batch serves every viewer's execution of that batch.
  const batchLoaders = new Map<number, PublicLoaders>();
  const viewerOf = (contextValue: unknown) => (contextValue as HubContext).currentViewer?.() ?? (contextValue as HubContext).viewer;
  const shared = createSharedSubscribe({
    // Results depend on who asks, unless the operation reads only what reads the same for everyone.
    viewerKey: (contextValue, document) => (options.readsSameForEveryone?.(document) ? 'everyone' : viewerKey(viewerOf(contextValue))),
    freshContext: (contextValue, batchId) => {
      const fresh = options.createContext(newRequestId(), viewerOf(contextValue));
      if (batchId == null) return fresh;
      let reference = batchLoaders.get(batchId);
      if (!reference) {
        reference = publicLoaders(fresh.loaders);
        batchLoaders.set(batchId, reference);
        for (const id of batchLoaders.keys()) if (id <= batchId - 4) batchLoaders.delete(id);
      }
      fresh.loaders = { ...fresh.loaders, ...reference };
      return fresh;
    },
    serialize: (result) => Buffer.from(JSON.stringify(result.errors?.length ? { ...result, errors: result.errors.map(options.formatError) } : result)),
    channel: (contextValue) => (contextValue as HubContext).push,
    maxBufferedBytes: options.maxBufferedBytes,
    drainTimeoutMs: options.drainTimeoutMs,
    isTransient: (result) => result.errors?.some((error) => isDatabaseUnavailable(error.originalError)) ?? false,
  });

  const pinger = setInterval(() => {
    for (const socket of wss.clients) {
      if (!alive.get(socket)) {
        socket.terminate();
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  }, options.keepAliveMs ?? 30_000);
  pinger.unref();

  const cleanup = serveGraphqlWs(
    {
      schema: options.schema,
      connectionInitWaitTimeout: options.connectionInitWaitTimeoutMs ?? 10_000,
      // The same tokens as over HTTP; a bad one closes the socket with 4403 (graphql-ws: Forbidden).
      onConnect: async (ctx) => {
        const params = (ctx.connectionParams ?? {}) as Record<string, unknown>;
        const raw = params.authorization ?? params.Authorization ?? (typeof params.token === 'string' ? `Bearer ${params.token}` : undefined);
        const authorization = typeof raw === 'string' ? raw : undefined;
        try {
          const extra = ctx.extra as unknown as Connection & { request?: unknown };
          // The upgrade request is not needed after the handshake; kept, it would cost each idle socket kilobytes.
          delete extra.request;
          extra.viewer = await options.authenticate(authorization);
          extra.authorization = authorization;
          connections.add(extra);
          watchExpiry(extra);
          return true;
        } catch (error) {
          if (error instanceof AppError && error.code === ErrorCode.UNAUTHENTICATED) return false;
          throw error;
        }
      },
      onSubscribe: async (ctx, id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
        const connection = ctx.extra as unknown as Connection;
        // A slot is claimed before anything is awaited, so operations are counted in arrival order.
        const slots = (connection.slots ??= new Set());
        const limit = options.maxSubscriptionsPerConnection ?? 20;
        if (slots.size >= limit) {
          return [
            new GraphQLError(`This connection already runs ${limit} operations; complete one, or open another connection.`, {
              extensions: { code: ErrorCode.BAD_USER_INPUT, reason: 'TOO_MANY_SUBSCRIPTIONS' },
            }),
          ];
        }
        slots.add(id);
        let accepted = false;
        try {
          const result = await prepare(connection, id, payload);
          accepted = !Array.isArray(result);
          return result;
        } finally {
          if (!accepted) slots.delete(id);
        }
      },
      onComplete: (ctx, id) => {
        (ctx.extra as unknown as Connection).slots?.delete(id);
      },
      onClose: (ctx) => {
        const connection = ctx.extra as unknown as Connection;
        connections.delete(connection);
        clearTimeout(connection.expiry);
      },
      subscribe: shared,

      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors?.length ? { ...result, errors: result.errors.map(options.formatError) } : undefined,
      onError: (_ctx, _id, _payload, errors) => errors.map(options.formatError),
    },
    wss,
    options.logger,
    options.production ?? false,
  );
  return {
    wss,
    /** Closes every socket with 1001 (going away) so clients reconnect elsewhere or later. */
    async close() {
      clearInterval(pinger);
      stopListening?.();
      for (const connection of connections) clearTimeout(connection.expiry);
      for (const client of wss.clients) client.close(1001, 'Server shutting down');
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function viewerKey(viewer: Viewer): string {
  if (viewer.kind === 'anonymous') return 'anonymous';
  return ['member', viewer.accountId, viewer.unitId, viewer.role, viewer.hubAdmin, viewer.readOnly, viewer.service].join(':');
}
