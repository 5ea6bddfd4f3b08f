import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
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
import type { HubContext } from '../context';
import { AppError, ErrorCode } from '../errors';

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
}

/** What a socket keeps between operations (graphql-ws `ctx.extra`, which also holds the socket). */
interface Connection {
  socket: { close(code: number, reason: string): void };
  viewer: Viewer;
  authorization?: string;
}

/** graphql-ws on the same path as HTTP, with the same limits and error masking. */
export function attachWebSocket(httpServer: Server, options: WsOptions) {
  const wss = new WebSocketServer({ server: httpServer, path: options.path ?? '/graphql', maxPayload: 1024 * 1024 });
  const rules = [...specifiedRules, ...options.validationRules];
  const cleanup = useServer(
    {
      schema: options.schema,
      connectionInitWaitTimeout: options.connectionInitWaitTimeoutMs ?? 10_000,
      // The same tokens as over HTTP; a bad one closes the socket with 4403 (graphql-ws: Forbidden).
      onConnect: async (ctx) => {
        const params = (ctx.connectionParams ?? {}) as Record<string, unknown>;
        const raw = params.authorization ?? params.Authorization ?? (typeof params.token === 'string' ? `Bearer ${params.token}` : undefined);
        const authorization = typeof raw === 'string' ? raw : undefined;
        try {
          const extra = ctx.extra as unknown as Connection;
          extra.viewer = await options.authenticate(authorization);
          extra.authorization = authorization;
          return true;
        } catch (error) {
          if (error instanceof AppError && error.code === ErrorCode.UNAUTHENTICATED) return false;
          throw error;
        }
      },
      onSubscribe: async (ctx, _id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
        // The token is checked again for every operation: a token revoked, expired or disabled
        // since the socket opened closes it (4403), as the next HTTP request would get 401.
        const connection = ctx.extra as unknown as Connection;
        try {
          if (connection.authorization) connection.viewer = await options.authenticate(connection.authorization);
        } catch (error) {
          if (error instanceof AppError && error.code === ErrorCode.UNAUTHENTICATED) {
            connection.socket.close(4403, 'Forbidden');
            return [new GraphQLError(error.message, { extensions: { code: error.code, reason: error.details.reason } })];
          }
          throw error;
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: options.maxTokens });
        } catch (error) {
          const message = error instanceof Error ? error.message : 'The query could not be parsed.';
          return [new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        }
        const errors = validate(options.schema, document, rules);
        if (errors.length) {
          return errors.map(
            (error) =>
              new GraphQLError(error.message, {
                nodes: error.nodes,
                extensions: { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED' },
              }),
          );
        }
        const variables = payload.variables ?? undefined;
        const operationName = payload.operationName ?? undefined;
        const tooCostly = options.checkCost(document, variables, operationName);
        if (tooCostly) return [tooCostly];
        return {
          schema: options.schema,
          document,
          variableValues: variables,
          operationName,
          contextValue: options.createContext(randomUUID(), connection.viewer),
        };
      },
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors?.length ? { ...result, errors: result.errors.map(options.formatError) } : undefined,
      onError: (_ctx, _id, _payload, errors) => errors.map(options.formatError),
    },
    wss,
  );
  return {
    wss,
    /** Closes every socket with 1001 (going away) so clients reconnect elsewhere or later. */
    async close() {
      for (const client of wss.clients) client.close(1001, 'Server shutting down');
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
