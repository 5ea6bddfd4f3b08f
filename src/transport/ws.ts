import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { ExecutionResult, GraphQLError, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { HubContext } from '../context';

export interface WsOptions {
  schema: GraphQLSchema;
  createContext: (requestId: string) => HubContext;
  /** Masks errors exactly as the HTTP edge does. */
  formatError: (error: GraphQLError) => GraphQLFormattedError;
  path?: string;
  connectionInitWaitTimeoutMs?: number;
}

/** graphql-ws on the same path as HTTP; subscriptions and queries alike. */
export function attachWebSocket(httpServer: Server, options: WsOptions) {
  const wss = new WebSocketServer({ server: httpServer, path: options.path ?? '/graphql', maxPayload: 1024 * 1024 });
  const cleanup = useServer(
    {
      schema: options.schema,
      connectionInitWaitTimeout: options.connectionInitWaitTimeoutMs ?? 10_000,
      context: () => options.createContext(randomUUID()),
      onNext: (_ctx, _id, _payload, result) => {
        const { errors } = result as ExecutionResult;
        return errors?.length ? { ...result, errors: errors.map(options.formatError) } : undefined;
      },
      onError: (_ctx, _id, _payload, errors) => errors.map(options.formatError) as unknown as GraphQLError[],
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
