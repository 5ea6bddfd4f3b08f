import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Viewer } from '../auth/viewer';
import type { HubContext } from '../context';
import { AppError, ErrorCode, isDatabaseUnavailable } from '../errors';
import type { Logger } from '../logger';

export interface HttpHandlerOptions {
  apollo: ApolloServer<HubContext>;
  createContext: (requestId: string, viewer: Viewer) => HubContext;
  /** The caller for an Authorization header; throws UNAUTHENTICATED for a bad token. */
  authenticate: (authorization: string | undefined) => Promise<Viewer>;
  /** Resolves true when the database answers. */
  isReady: () => Promise<boolean>;
  maxBodyBytes: number;
  logger: Logger;
}

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        request.resume();
        reject(new BodyTooLarge());
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

const graphqlError = (message: string, code: string) => ({ errors: [{ message, extensions: { code } }] });

/**
 * The HTTP edge: /healthz, /readyz and /graphql (Apollo, including the browser IDE on GET).
 * Written on node:http directly; Apollo Server 5 ships no web-framework integration and the hub needs none.
 */
export function createHttpHandler(options: HttpHandlerOptions) {
  const { apollo, logger } = options;
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://hub.invalid');
    try {
      if (url.pathname === '/healthz') return sendJson(response, 200, { status: 'ok' });
      if (url.pathname === '/readyz') {
        const ready = await options.isReady();
        return sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', database: ready ? 'up' : 'down' });
      }
      if (url.pathname !== '/graphql') {
        return sendJson(response, 404, { error: 'Not found. The GraphQL API is at /graphql.' });
      }
      if (request.method !== 'GET' && request.method !== 'POST') {
        response.setHeader('allow', 'GET, POST');
        return sendJson(response, 405, graphqlError('Use GET or POST.', 'METHOD_NOT_ALLOWED'));
      }

      let body: unknown = undefined;
      if (request.method === 'POST') {
        const text = await readBody(request, options.maxBodyBytes);
        const contentType = request.headers['content-type'] ?? '';
        if (/json/i.test(contentType)) {
          try {
            body = text.length ? JSON.parse(text) : undefined;
          } catch {
            return sendJson(response, 400, graphqlError('The request body is not valid JSON.', 'BAD_REQUEST'));
          }
        } else body = text;
      }

      const requestId = (typeof request.headers['x-request-id'] === 'string' && request.headers['x-request-id'].slice(0, 100)) || randomUUID();
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      // A bad token fails the whole request, before any field runs (RFC 6750: 401 with WWW-Authenticate).
      let viewer: Viewer;
      try {
        viewer = await options.authenticate(request.headers.authorization);
      } catch (error) {
        if (error instanceof AppError && error.code === ErrorCode.UNAUTHENTICATED) {
          response.setHeader('www-authenticate', 'Bearer error="invalid_token"');
          response.setHeader('x-request-id', requestId);
          return sendJson(response, 401, {
            errors: [{ message: error.message, extensions: { code: error.code, reason: error.details.reason } }],
          });
        }
        if (isDatabaseUnavailable(error)) {
          return sendJson(response, 503, graphqlError('The database is unavailable at the moment; retry in a few seconds.', ErrorCode.SERVICE_UNAVAILABLE));
        }
        throw error;
      }
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: request.method, headers, search: url.search, body },
        context: async () => options.createContext(requestId, viewer),
      });

      for (const [name, value] of result.headers) response.setHeader(name, value);
      response.setHeader('x-request-id', requestId);
      response.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') {
        response.end(result.body.string);
      } else {
        for await (const chunk of result.body.asyncIterator) response.write(chunk);
        response.end();
      }
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        response.setHeader('connection', 'close');
        return sendJson(response, 413, graphqlError(`The request body is larger than ${options.maxBodyBytes} bytes.`, 'BAD_REQUEST'));
      }
      logger.error({ err: error }, 'http handler failed');
      if (!response.headersSent) sendJson(response, 500, graphqlError('Internal server error.', 'INTERNAL_SERVER_ERROR'));
      else response.destroy();
    }
  };
}
