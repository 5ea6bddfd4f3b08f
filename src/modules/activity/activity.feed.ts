import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer';
import type { Activity } from './activity.entity';
import type { ActivityBus } from './activity.bus';
import { ActivityOrder } from './activity.enums';
import { listActivities, type ActivityCriteria } from './activity.service';

export interface FeedEvent {
  cursor: string;
  activity: Activity;
}

export interface FeedOptions {
  /** Forked afresh for every read, so each event shows the data as it is when delivered. */
  em: EntityManager;
  bus: ActivityBus;
  viewer: Viewer;
  filter: ActivityCriteria;
  /** Resume after this cursor; without it, the feed starts after the newest activity the caller may see. */
  after: string | null;
  pageSize?: number;
  /** Read the log even without a notification this often (a safety net, not the mechanism). */
  safetyIntervalMs?: number;
  /** Called before each event is delivered (the resolver gives the event fresh loaders). */
  beforeEvent?: () => void;
  /** Called before each read of the log: a revoked or expired token ends the feed there. */
  reauthenticate?: () => Promise<void>;
}

/**
 * The activities after a cursor, then live ones, in position order, without gap or duplicate:
 * the feed only ever reads the log after the last cursor it delivered (replay and live are the
 * same loop), and positions follow commit order (see the activity migration). Visibility is
 * applied by the read, so it is checked per event at delivery time, not once at subscribe time.
 */
export async function openActivityFeed(options: FeedOptions): Promise<AsyncIterableIterator<FeedEvent>> {
  const { bus, viewer, filter } = options;
  const pageSize = options.pageSize ?? 100;
  const safety = options.safetyIntervalMs ?? 30_000;
  const read = (after: string | null, order: ActivityOrder, first: number) =>
    listActivities(options.em.fork() as EntityManager, viewer, filter, order, { first, after: after ?? undefined });

  // Checks the cursor (BAD_USER_INPUT before any event) or finds where "now" is.
  let cursor: string | null = options.after;
  if (cursor) await read(cursor, ActivityOrder.OLDEST_FIRST, 1);
  else cursor = (await read(null, ActivityOrder.NEWEST_FIRST, 1)).edges[0]?.cursor ?? null;

  const abort = new AbortController();
  let buffer: FeedEvent[] = [];
  const fill = async () => {
    while (!buffer.length && !abort.signal.aborted) {
      const seen = bus.version;
      await options.reauthenticate?.();
      const page = await read(cursor, ActivityOrder.OLDEST_FIRST, pageSize);
      if (page.edges.length) {
        buffer = page.edges.map((edge) => ({ cursor: edge.cursor, activity: edge.node }));
        cursor = buffer[buffer.length - 1].cursor;
        return;
      }
      await bus.wait(seen, safety, abort.signal);
    }
  };
  const done = { done: true as const, value: undefined };
  const iterator: AsyncIterableIterator<FeedEvent> = {
    async next() {
      await fill();
      if (abort.signal.aborted) return done;
      options.beforeEvent?.();
      return { done: false, value: buffer.shift()! };
    },
    async return() {
      abort.abort();
      return done;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
