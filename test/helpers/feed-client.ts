import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** The activity feed with the fields most tests look at; pass your own query for others. */
export const FEED_QUERY = `subscription($after: String, $filter: ActivityFilter) {
  activityFeed(after: $after, filter: $filter) {
    cursor
    activity { position verb subjectTitle tier subject { ... on SharedResource { summaryEn bodyEn contentReadable } } }
  }
}`;

export interface FeedEvent {
  cursor: string;
  activity: {
    position: string;
    verb: string;
    subjectTitle: string;
    tier: string | null;
    subject: { summaryEn?: string | null; bodyEn?: string | null; contentReadable?: boolean } | null;
    [field: string]: unknown;
  };
}

export interface FeedSubscriberOptions {
  /** ws://…/graphql or http://…/graphql (turned into ws://). */
  url: string;
  /** `{ authorization: 'Bearer …' }`, or `{}` for an anonymous subscriber. */
  headers?: Record<string, string>;
  after?: string | null;
  filter?: Record<string, unknown>;
  query?: string;
  /**
   * Reconnect whenever the socket closes for a reason other than our own `close()`, resuming
   * after the last cursor received (as a dashboard would after a restart or a dropped link).
   */
  resume?: boolean;
}

/**
 * A subscriber that collects feed events (`events`), the errors it got and the close codes of
 * its sockets. With `resume`, a closed socket is replaced and the feed resumes by cursor.
 */
export function subscribeFeed(options: FeedSubscriberOptions) {
  const url = options.url.replace(/^http/, 'ws');
  const events: FeedEvent[] = [];
  const errors: unknown[] = [];
  const closeCodes: number[] = [];
  let cursor = options.after ?? null;
  let stopped = false;
  let client: Client | undefined;
  let dispose: (() => void) | undefined;
  let notify = () => {};
  let reconnects = 0;

  const open = () => {
    const current = createClient({
      url,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: options.headers?.authorization ? { authorization: options.headers.authorization } : {},
      on: {
        closed: (event) => {
          closeCodes.push((event as WebSocket.CloseEvent).code);
          notify();
          if (options.resume && !stopped && current === client) {
            reconnects++;
            setTimeout(() => !stopped && open(), 200);
          }
        },
      },
    });
    client = current;
    dispose = current.subscribe<{ activityFeed: FeedEvent }>(
      { query: options.query ?? FEED_QUERY, variables: { after: cursor, filter: options.filter ?? null } },
      {
        next: (result) => {
          if (result.errors) errors.push(result.errors);
          if (result.data) {
            events.push(result.data.activityFeed);
            cursor = result.data.activityFeed.cursor;
          }
          notify();
        },
        // A socket error while resuming is retried by `closed`; anything else is the test's business.
        error: (error) => {
          if (!(options.resume && (error as { type?: string })?.type === 'close')) errors.push(error);
          notify();
        },
        complete: () => undefined,
      },
    );
  };
  open();

  const waitFor = async (done: () => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!done() && Date.now() < deadline) await new Promise<void>((resolve) => ((notify = resolve), setTimeout(resolve, 100)));
  };

  return {
    events,
    errors,
    closeCodes,
    /** The last cursor received (or the one it started after). */
    cursor: () => cursor,
    reconnects: () => reconnects,
    titles: () => events.map((event) => event.activity.subjectTitle),
    /** Waits until `count` events arrived (or the timeout passed) and returns them all. */
    async until(count: number, timeoutMs = 10_000) {
      await waitFor(() => events.length >= count, timeoutMs);
      return events;
    },
    /** Waits until the socket closed once more than it had (or the timeout passed). */
    async closed(timeoutMs = 10_000) {
      const before = closeCodes.length;
      await waitFor(() => closeCodes.length > before, timeoutMs);
      return closeCodes.at(-1);
    },
    async close() {
      stopped = true;
      dispose?.();
      await client?.dispose();
    },
  };
}

export type FeedSubscriber = ReturnType<typeof subscribeFeed>;
