import { createClient, type Client, type ExecutionResult, type FormattedExecutionResult } from 'graphql-ws';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FindLocalityDocument, LocalityByIdDocument, RelationsWithSidesDocument } from '../generated/graphql';
import { startTestHub, type TestHub } from '../helpers/hub';
import { execute, source } from '../helpers/operations';

type Outcome<TData = any> =
  | { kind: 'result'; results: Array<FormattedExecutionResult<TData>> }
  | { kind: 'error'; error: unknown };

const wsUrl = (hub: TestHub) => hub.url.replace(/^http/, 'ws');

function connect(hub: TestHub, options: { lazy?: boolean; on?: Parameters<typeof createClient>[0]['on'] } = {}): Client {
  return createClient({
    url: wsUrl(hub),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: options.lazy ?? true,
    // A non-lazy client reports the final close here (to console.error by default); tests read `on.closed`.
    onNonLazyError: () => undefined,
    on: options.on,
  });
}

/** Runs one operation over the socket and collects what the server sent for it. */
function run(client: Client, query: string, variables?: Record<string, unknown>): Promise<Outcome> {
  const results: FormattedExecutionResult[] = [];
  return new Promise((resolve) => {
    client.subscribe(
      { query, variables },
      {
        next: (result: ExecutionResult<any, any>) => void results.push(result as FormattedExecutionResult),
        error: (error) => resolve({ kind: 'error', error }),
        complete: () => resolve({ kind: 'result', results }),
      },
    );
  });
}

/** The single result of a generated document sent over the socket; fails the test on a protocol error. */
async function runDocument<TData, TVariables extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentNode<TData, TVariables>,
  variables?: TVariables,
): Promise<FormattedExecutionResult<TData>> {
  const outcome = await run(client, source(document), variables);
  expect(outcome.kind).toBe('result');
  const { results } = outcome as Extract<Outcome<TData>, { kind: 'result' }>;
  expect(results).toHaveLength(1);
  return results[0];
}

describe('GraphQL over WebSocket (graphql-ws)', () => {
  let hub: TestHub;
  let client: Client;
  beforeAll(async () => {
    hub = await startTestHub();
    client = connect(hub);
  });
  afterAll(async () => {
    await client?.dispose();
    await hub?.stop();
  });

  it('a query over the socket returns the same data as over HTTP', async () => {
    const variables = { first: 20 };
    const overHttp = await execute(hub, RelationsWithSidesDocument, variables);
    expect(overHttp.errors).toBeUndefined();

    const overSocket = await runDocument(client, RelationsWithSidesDocument, variables);
    expect(overSocket.errors).toBeUndefined();
    expect(overSocket.data).toEqual(overHttp.data);
    expect(overSocket.data?.friendshipRelations.edges).toHaveLength(20);
  });

  it('finds a locality over the socket and fetches it again through node(id)', async () => {
    const found = await runDocument(client, FindLocalityDocument, { search: 'xian' });
    const xian = found.data!.localities.edges[0].node;
    expect(xian).toMatchObject({ name: "Xi'an", level: 'PREFECTURE' });

    const byId = await runDocument(client, LocalityByIdDocument, { id: xian.id });
    expect(byId.errors).toBeUndefined();
    expect(byId.data?.node).toMatchObject({ id: xian.id, __typename: 'Locality', nameZh: '西安市', side: 'DOMESTIC' });
  });

  it('a bad argument over the socket gets a masked BAD_USER_INPUT error naming the field, without a stack trace', async () => {
    const outcome = await run(client, '{ node(id: "garbage") { id } }');
    expect(outcome.kind).toBe('result');
    const [result] = (outcome as Extract<Outcome, { kind: 'result' }>).results;
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors!;
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(error.extensions).not.toHaveProperty('stacktrace');
    expect(error.extensions).not.toHaveProperty('exception');
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  it('a query that does not match the schema is rejected over the socket with GRAPHQL_VALIDATION_FAILED and no stack trace', async () => {
    const outcome = await run(client, '{ countries(first: 1) { edgez { node { id } } } }');
    expect(outcome.kind).toBe('error');
    const errors = (outcome as Extract<Outcome, { kind: 'error' }>).error as Array<{ message: string; extensions?: Record<string, unknown> }>;
    expect(Array.isArray(errors)).toBe(true);
    expect(errors[0].message).toMatch(/edgez/);
    expect(errors[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(errors[0].extensions).not.toHaveProperty('stacktrace');
  });

  it('the query limits apply over the socket as over HTTP: a query nested too deep is rejected with MAX_DEPTH', async () => {
    const deep = '{ localities(first: 1) { edges { node { parent { parent { parent { parent { parent { parent { parent { parent { parent { id } } } } } } } } } } } } }';
    const overHttp = await hub.gql(deep);
    expect(overHttp.errors?.[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', reason: 'MAX_DEPTH' });

    const outcome = await run(client, deep);
    expect(outcome.kind).toBe('error');
    const errors = (outcome as Extract<Outcome, { kind: 'error' }>).error as Array<{ extensions?: Record<string, unknown> }>;
    expect(errors[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', reason: 'MAX_DEPTH' });
  });

  it('the socket stays usable after an error', async () => {
    const outcome = await run(client, '{ country(code: "JP") { code nameZh } }');
    expect(outcome).toEqual({ kind: 'result', results: [{ data: { country: { code: 'JP', nameZh: '日本' } } }] });
  });
});

describe('WebSocket shutdown', () => {
  it('an open connection is closed with 1001 (going away) when the hub stops', async () => {
    const hub = await startTestHub();
    let client: Client | undefined;
    try {
      // Not lazy: the socket stays open while idle, as a dashboard's would between events.
      let onClosed!: (event: { code: number; reason: string }) => void;
      const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
      const connected = new Promise<void>((resolve) => {
        client = connect(hub, {
          lazy: false,
          on: {
            connected: () => resolve(),
            closed: (event) => onClosed({ code: (event as WebSocket.CloseEvent).code, reason: (event as WebSocket.CloseEvent).reason }),
          },
        });
      });
      await connected;
      await hub.stop();
      expect(await closed).toEqual({ code: 1001, reason: 'Server shutting down' });
    } finally {
      await client?.dispose();
      await hub.stop();
    }
  });
});

describe('WebSocket in production', () => {
  it('refuses introspection over the socket as over HTTP when it is off', async () => {
    const hub = await startTestHub({}, { NODE_ENV: 'production' });
    const client = connect(hub);
    try {
      const query = '{ __schema { queryType { name } } }';
      const overHttp = await hub.gql(query);
      expect(overHttp.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

      const outcome = await run(client, query);
      expect(outcome.kind).toBe('error');
      const errors = (outcome as Extract<Outcome, { kind: 'error' }>).error as Array<{ message: string; extensions?: Record<string, unknown> }>;
      expect(errors[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
      expect(errors[0].message).toMatch(/introspection/i);

      const ordinary = await run(client, '{ country(code: "JP") { code } }');
      expect(ordinary).toEqual({ kind: 'result', results: [{ data: { country: { code: 'JP' } } }] });
    } finally {
      await client.dispose();
      await hub.stop();
    }
  });
});

describe('WebSocket keep-alive', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({}, { WS_KEEPALIVE_MS: '150' });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const open = (autoPong: boolean) =>
    new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(hub.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { autoPong });
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });

  it('drops a client that stops answering pings, and keeps one that answers', async () => {
    const silent = await open(false);
    const answering = await open(true);
    const closed = new Promise<number>((resolve) => silent.once('close', (code) => resolve(code)));
    // Both stay quiet at the protocol level; only the ping answers differ.
    silent.send(JSON.stringify({ type: 'connection_init' }));
    answering.send(JSON.stringify({ type: 'connection_init' }));
    const code = await Promise.race([closed, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 3000))]);
    expect(code).toBe(1006); // terminated, without a closing handshake
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(answering.readyState).toBe(WebSocket.OPEN);
    answering.close();
  });
});
