import type { IncomingMessage } from 'node:http';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../logger';

/** What graphql-ws hands each operation as `ctx.extra`. */
export interface SocketExtra {
  socket: WebSocket;
  request?: IncomingMessage;
}

/**
 * graphql-ws served on a `ws` server: what `graphql-ws/use/ws` does, minus its per-socket ping
 * timer (one pinger serves every socket, see ws.ts) and minus what would make each of 10,000 idle
 * subscriptions hold on to its subscribe message's buffer: its message listener is an async
 * function that awaits the whole operation. Internal errors go to the log, not to the console,
 * and never reach the client in production.
 */
export function serveGraphqlWs<E extends SocketExtra>(
  options: ServerOptions<Record<string, unknown> | undefined, E>,
  wss: WebSocketServer,
  logger: Logger | undefined,
  isProduction: boolean,
) {
  const server = makeServer(options);
  wss.options.handleProtocols = handleProtocols;
  const internalError = (socket: WebSocket, error: unknown, what: string) => {
    logger?.error({ err: error }, what);
    const detail = error instanceof Error ? error.message : String(error);
    // A close reason is at most 123 bytes.
    socket.close(CloseCode.InternalServerError, isProduction || Buffer.byteLength(detail) > 123 ? 'Internal server error' : detail);
  };

  wss.on('connection', (socket, request) => {
    socket.once('error', (error) => internalError(socket, error, 'WebSocket error'));
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            // Not an async listener: the message's buffer is turned into text and let go here.
            handle(String(data)).catch((error: unknown) => internalError(socket, error, 'graphql-ws message handling failed'));
          }),
      },
      { socket, request } as E,
    );
    socket.once('close', (code, reason) => void closed(code, String(reason)));
  });

  return {
    /** Closes every socket with 1001 (going away) and the server. */
    async dispose(): Promise<void> {
      for (const client of wss.clients) client.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
