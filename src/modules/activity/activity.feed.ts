import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer';
import { isDatabaseUnavailable } from '../../errors';
import type { Logger } from '../../logger';
import { intern } from '../../shared/intern';
import type { ActivityBus } from './activity.bus';
import { compileCriteria, matchesCriteria, type ActivityCriteria, type CompiledCriteria } from './activity.criteria';
import type { Activity } from './activity.entity';
import { ActivityOrder } from './activity.enums';
import { cursorOfPosition, listActivities, newestPosition, positionOfCursor, readActivitiesAfter, visiblePositions } from './activity.service';

/** The events one subscriber got from one read of the log (executed together: see the WebSocket transport). */
export interface FeedBatch {
  id: number;
  events: FeedEvent[];
}

export interface FeedEvent {
  cursor: string;
  position: number;
  activity: Activity;
  /** Absent for replayed events, which are read for their subscriber alone. */
  batch?: FeedBatch;
}

/** Where a pushed feed goes (see `FeedSubscription.attach`). */
export interface FeedSink {
  /**
   * Delivers events in order. Returns true when it is done with them; otherwise it returns false
   * and calls `done` once it is (its socket drained, their results were made): the next push
   * waits until then.
   */
  push(events: FeedEvent[], done: (error?: unknown) => void): boolean;
  /** The feed ended: normally (closed, too far behind) or with an error. */
  end(error?: unknown): void;
}

export interface FeedOptions {
  /** The caller as of now (a socket's rights change when its token, account or unit does). */
  viewer: () => Viewer;
  filter: ActivityCriteria;
  /** Resume after this cursor; without it, the feed starts with the next activity that commits. */
  after: string | null;
  /** The subscriber fell too far behind: its socket is closed, and it resumes by cursor. */
  onOverflow: () => void;
}

export interface FeedDispatcherOptions {
  /** Activities read from the log at once. */
  batchSize?: number;
  /** Events a subscriber may have waiting before it is disconnected as too slow. */
  maxBacklog?: number;
  /** Read the log this often even without a notification (a safety net, not the mechanism). */
  safetyIntervalMs?: number;
  /** Wait before reading again after the database failed. */
  retryDelayMs?: number;
  /**
   * Least time between two deliveries: what commits meanwhile goes out together, one write per
   * socket for all of it. Writing to thousands of sockets costs per write far more than per byte.
   */
  coalesceMs?: number;
}

/** Who sees the same activities: the visibility rules depend on the unit and on being a hub admin. */
function visibilityClass(viewer: Viewer): string {
  if (viewer.kind === 'anonymous') return 'anonymous';
  return viewer.hubAdmin ? 'hub-admin' : `unit:${viewer.unitId}`;
}

/** The criteria as text. */
const criteriaKey = (criteria: CompiledCriteria) =>
  intern(JSON.stringify(criteria, (_key, value) => (value instanceof Set ? [...value].sort() : value)));

/**
 * The live activity feed of one hub instance. One reader follows the log for all subscribers:
 * woken by the bus (or the safety interval), it reads the activities after the last position it
 * handled, asks PostgreSQL once which of them each kind of viewer may see now (one statement for
 * every unit with subscribers), and hands each subscriber the ones it may see and asked for. So
 * the database work of a delivery grows with the kinds of viewers, not with the subscribers, and
 * visibility is decided per event at delivery time, not at subscribe time.
 *
 * Positions follow commit order (see the activity migration), so "everything after the last
 * position handled" misses nothing. A read that fails (PostgreSQL restarting) hands out nothing and
 * is retried from the same position; subscribers wait, then get everything, in order.
 */
export class FeedDispatcher {
  /** Every activity at or below this position has been handed to the subscribers registered then. */
  private head = 0;
  /** Activities may have committed since `head` while nobody subscribed (and nobody read the log). */
  private stale = false;
  private readonly subscriptions = new Set<FeedSubscription>();
  private batches = 0;
  private pumping = false;
  private again = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private safetyTimer: NodeJS.Timeout | undefined;
  private unlisten: (() => void) | undefined;
  private closed = false;
  readonly batchSize: number;
  readonly maxBacklog: number;
  private readonly retryDelayMs: number;
  private readonly coalesceMs: number;
  private lastHandOut = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly bus: ActivityBus,
    private readonly logger: Logger,
    options: FeedDispatcherOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.maxBacklog = options.maxBacklog ?? 1000;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.coalesceMs = options.coalesceMs ?? 0;
    this.safetyTimer = setInterval(() => this.pump(), options.safetyIntervalMs ?? 30_000);
    this.safetyTimer.unref();
  }

  async start(): Promise<void> {
    this.head = await newestPosition(this.fork());
    this.unlisten = this.bus.onActivity(() => this.pump());
  }

  private fork(): EntityManager {
    return this.orm.em.fork() as EntityManager;
  }

  /** Opens a feed: replays from `after` if given (BAD_USER_INPUT for a bad cursor), then goes live. */
  async open(options: FeedOptions): Promise<AsyncIterableIterator<FeedEvent>> {
    if (this.closed) throw new Error('the activity feed is closed');
    const criteria = compileCriteria(options.filter);
    const after = options.after == null ? null : positionOfCursor(options.after, 'after');
    if (this.stale) {
      const newest = await newestPosition(this.fork());
      // Only while nobody is registered: once someone is, the reader moves `head`, and moving it
      // here too would skip activities it is handing out.
      if (this.stale && !this.subscriptions.size) this.head = Math.max(this.head, newest);
    }
    // Registered without an await since `head` was read: every position above `liveFrom` reaches it live.
    const liveFrom = this.head;
    const subscription = new FeedSubscription(this, options, criteria, after ?? liveFrom, liveFrom);
    this.subscriptions.add(subscription);
    if (this.stale) {
      this.stale = false;
      this.pump();
    }
    return subscription;
  }

  /** Replayed events (positions in (after, through]) for one subscriber, straight from the log. */
  async replay(subscription: FeedSubscription, after: number, through: number): Promise<FeedEvent[]> {
    const page = await listActivities(
      this.fork(),
      subscription.viewer(),
      subscription.criteria,
      ActivityOrder.OLDEST_FIRST,
      { first: 100, after: cursorOfPosition(after) },
      undefined,
      through,
    );
    return page.edges.map((edge) => ({ cursor: edge.cursor, position: Number(edge.node.position), activity: edge.node }));
  }

  remove(subscription: FeedSubscription): void {
    this.subscriptions.delete(subscription);
  }

  /** Reads the log after `head` and hands out what it finds; concurrent wake-ups fold into one more pass. */
  pump(): void {
    if (this.closed) return;
    if (!this.subscriptions.size) {
      // Nobody listens: the log is read when someone subscribes, not now.
      this.stale = true;
      return;
    }
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.drain()
      .catch((error) => {
        this.logger.warn({ err: error }, 'activity feed could not read the log; retrying');
        this.retryTimer ??= setTimeout(() => ((this.retryTimer = undefined), this.pump()), this.retryDelayMs);
      })
      .finally(() => {
        this.pumping = false;
        if (this.again && !this.retryTimer) {
          this.again = false;
          this.pump();
        }
      });
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      for (;;) {
        if (!this.subscriptions.size) {
          this.stale = true;
          return;
        }
        const wait = this.lastHandOut + this.coalesceMs - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const after = this.head;
        const rows = await readActivitiesAfter(this.fork(), after, this.batchSize);
        if (!rows.length) break;
        await this.handOut(after, rows);
        if (rows.length < this.batchSize) break;
      }
    } while (this.again && !this.closed);
  }

  /**
   * Decides visibility for every class of viewer subscribed (asking again for classes that
   * subscribed while the answer was awaited), then hands out synchronously: no subscriber can
   * register between the last answer and the move of `head`.
   */
  private async handOut(from: number, rows: Activity[]): Promise<void> {
    const through = Number(rows[rows.length - 1].position);
    const visible = new Map<string, Set<number>>();
    for (;;) {
      const missing = new Map<string, Viewer>();
      for (const subscription of this.subscriptions) {
        const key = subscription.classes().viewerClass;
        if (!visible.has(key) && !missing.has(key)) missing.set(key, subscription.viewer());
      }
      if (!missing.size) break;
      const answers = await visiblePositions(this.fork(), [...missing.values()], from, through);
      [...missing.keys()].forEach((key, index) => visible.set(key, answers[index]));
    }

    this.head = Math.max(this.head, through);
    this.lastHandOut = Date.now();
    const batchId = ++this.batches;
    const cursors = rows.map((row) => cursorOfPosition(row.position));
    const lists = new Map<string, FeedEvent[]>();
    for (const subscription of this.subscriptions) {
      const { viewerClass, key } = subscription.classes();
      let events = lists.get(key);
      if (!events) {
        const batch: FeedBatch = { id: batchId, events: [] };
        const seen = visible.get(viewerClass)!;
        rows.forEach((row, index) => {
          const position = Number(row.position);
          if (seen.has(position) && matchesCriteria(row, subscription.criteria)) {
            batch.events.push({ cursor: cursors[index], position, activity: row, batch });
          }
        });
        events = batch.events;
        lists.set(key, events);
      }
      subscription.deliver(events);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unlisten?.();
    clearInterval(this.safetyTimer);
    clearTimeout(this.retryTimer);
    for (const subscription of [...this.subscriptions]) await subscription.return();
  }
}

/**
 * One subscriber's feed: first the replay (read page by page from the log, up to where its live
 * part starts), then live events in the order they were handed out. Replay and live never overlap:
 * the replay stops at `liveFrom`, and live events are only those above it and above the cursor.
 */
export class FeedSubscription implements AsyncIterableIterator<FeedEvent> {
  readonly criteriaKey: string;
  private queue: FeedEvent[] = [];
  private pulled: FeedEvent[] = [];
  private replayAfter: number | null;
  /** Live events at or below this position were already delivered (or replayed). */
  private floor: number;
  private wake: (() => void) | undefined;
  private ended = false;
  private failures = 0;

  constructor(
    private readonly dispatcher: FeedDispatcher,
    private readonly options: FeedOptions,
    readonly criteria: CompiledCriteria,
    after: number,
    private readonly liveFrom: number,
  ) {
    this.criteriaKey = criteriaKey(criteria);
    this.replayAfter = after < liveFrom ? after : null;
    this.floor = Math.max(after, liveFrom);
  }

  viewer(): Viewer {
    return this.options.viewer();
  }

  private classesOf: { viewer: Viewer; viewerClass: string; key: string } | undefined;
  /** Its visibility class, and that plus its criteria: computed again only when its viewer changes. */
  classes(): { viewerClass: string; key: string } {
    const viewer = this.viewer();
    if (this.classesOf?.viewer !== viewer) {
      const viewerClass = visibilityClass(viewer);
      this.classesOf = { viewer, viewerClass, key: intern(`${viewerClass}|${this.criteriaKey}`) };
    }
    return this.classesOf;
  }

  /** Called by the dispatcher with the events of one read it may see, in position order. */
  deliver(events: FeedEvent[]): void {
    if (this.ended || !events.length) return;
    // Usually all of them are new: pass the dispatcher's list itself, which the transport
    // recognises as shared by every subscriber of the same class.
    const fresh = events[0].position > this.floor ? events : events.filter((event) => event.position > this.floor);
    this.floor = Math.max(this.floor, events[events.length - 1].position);
    if (!fresh.length) return;
    if (this.sink && !this.sending) {
      // Pushed at once, without a promise: a delivery to 10,000 sockets is one synchronous loop.
      this.sending = true;
      this.pushToSink(fresh);
      return;
    }
    for (const event of fresh) this.queue.push(event);
    if (this.queue.length > this.dispatcher.maxBacklog) {
      // A subscriber that does not keep up would make the server hold ever more for it.
      this.options.onOverflow();
      void this.return();
      return;
    }
    this.wake?.();
  }

  /**
   * The next events in order: a page of the replay while it lasts, then whatever arrived live
   * (waiting for it); null once the feed ended.
   */
  private async nextEvents(): Promise<FeedEvent[] | null> {
    for (;;) {
      if (this.ended) return null;
      if (this.replayAfter != null) {
        const page = await this.readReplay(this.replayAfter);
        if (!page) continue;
        if (page.length) {
          this.replayAfter = page[page.length - 1].position;
          return page;
        }
        this.replayAfter = null;
        continue;
      }
      if (this.queue.length) {
        const events = this.queue;
        this.queue = [];
        return events;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  async next(): Promise<IteratorResult<FeedEvent>> {
    if (!this.pulled.length) this.pulled = (await this.nextEvents()) ?? [];
    return this.pulled.length ? { done: false, value: this.pulled.shift()! } : { done: true, value: undefined };
  }

  /**
   * Pushes the events to `sink` instead of waiting to be pulled one by one: a transport that can
   * send many events in one write (the WebSocket one) delivers a batch to thousands of sockets
   * in one synchronous pass. The replay (and whatever queued meanwhile) goes first, then each
   * delivery is pushed as it comes, or queued while the sink is still busy with the one before.
   */
  attach(sink: FeedSink): void {
    this.sink = sink;
    this.sending = true;
    void this.sendWaiting();
  }

  private sink: FeedSink | undefined;
  /** A push is under way (or the replay is being sent): deliveries queue behind it. */
  private sending = false;
  private sinkEnded = false;

  /** Pushes one delivery; once the sink is done with it, what queued meanwhile follows. */
  private pushToSink(events: FeedEvent[]): void {
    let returned = false;
    let doneAlready = false;
    const done = (error?: unknown) => {
      if (error) return void this.failSink(error);
      if (returned) void this.sendWaiting();
      else doneAlready = true;
    };
    let doneNow: boolean;
    try {
      doneNow = this.sink!.push(events, done);
    } catch (error) {
      return void this.failSink(error);
    }
    returned = true;
    if (doneNow || doneAlready) {
      // Done within the call: nothing can have queued meanwhile, the next delivery goes straight out too.
      this.sending = false;
      if (this.ended) this.endSink();
    }
  }

  /** Sends the replay and the queue, one push at a time, until nothing waits; then deliveries go straight to the sink. */
  private async sendWaiting(): Promise<void> {
    const sink = this.sink!;
    try {
      for (;;) {
        if (this.ended) return this.endSink();
        let events: FeedEvent[];
        if (this.replayAfter != null) {
          const page = await this.readReplay(this.replayAfter);
          if (!page) continue;
          if (!page.length) {
            this.replayAfter = null;
            continue;
          }
          this.replayAfter = page[page.length - 1].position;
          events = page;
        } else if (this.queue.length) {
          events = this.queue;
          this.queue = [];
        } else {
          this.sending = false;
          return;
        }
        await new Promise<void>((resolve, reject) => {
          if (sink.push(events, (error) => (error ? reject(error) : resolve()))) resolve();
        });
      }
    } catch (error) {
      await this.failSink(error);
    }
  }

  private async failSink(error: unknown): Promise<void> {
    await this.return();
    if (!this.sinkEnded) (this.sinkEnded = true), this.sink!.end(error);
  }

  private endSink(): void {
    if (this.sink && !this.sinkEnded) (this.sinkEnded = true), this.sink.end();
  }

  /** One page of the replay; null after a passing database failure (retried after a pause, as live reads are). */
  private async readReplay(after: number): Promise<FeedEvent[] | null> {
    try {
      return await this.dispatcher.replay(this, after, this.liveFrom);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      this.failures++;
      await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** this.failures, 4000)));
      return null;
    }
  }

  async return(): Promise<IteratorResult<FeedEvent>> {
    this.ended = true;
    this.queue = [];
    this.dispatcher.remove(this);
    this.wake?.();
    // A sink busy with a push ends once that push is done.
    if (!this.sending) this.endSink();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<FeedEvent> {
    return this;
  }
}
