import {
  createSourceEventStream,
  execute,
  Kind,
  print,
  visit,
  type ArgumentNode,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type OperationDefinitionNode,
} from 'graphql';
import { intern } from '../shared/intern';

/** A source event that belongs to a batch handed to many subscribers at once (the activity feed's). */
interface BatchedEvent {
  position: number;
  batch?: { id: number; events: BatchedEvent[] };
}

const isBatched = (event: unknown): event is BatchedEvent & { batch: NonNullable<BatchedEvent['batch']> } =>
  typeof event === 'object' && event !== null && 'batch' in event && typeof (event as BatchedEvent).batch?.id === 'number';

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * What makes two subscriptions' results equal for the same event: the operation as printed and
 * the variables other than those only the root field's arguments use (they choose the stream:
 * which events, from where; an event's result depends on the selection below the root field).
 * Who asks is added by the caller.
 */
const printed = new WeakMap<DocumentNode, string>();

function operationKey(args: ExecutionArgs): string {
  const operation = args.document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION && (args.operationName == null || definition.name?.value === args.operationName),
  );
  const startArguments = new Set<ArgumentNode>();
  const startOnly = new Set<string>();
  for (const selection of operation?.selectionSet.selections ?? []) {
    if (selection.kind !== Kind.FIELD) continue;
    for (const argument of selection.arguments ?? []) {
      startArguments.add(argument);
      visit(argument, { Variable: (node) => void startOnly.add(node.name.value) });
    }
  }
  const used = new Set<string>();
  visit(args.document, {
    VariableDefinition: () => false,
    // The root field's arguments are not a use; any other use of the same variable is.
    Argument: (node) => (startArguments.has(node) ? false : undefined),
    Variable(node) {
      used.add(node.name.value);
    },
  });
  const variables = Object.entries(args.variableValues ?? {})
    .filter(([name]) => used.has(name) || !startOnly.has(name))
    .sort(([a], [b]) => a.localeCompare(b));
  let text = printed.get(args.document);
  if (text === undefined) printed.set(args.document, (text = print(args.document)));
  return `${args.operationName ?? ''}\u0000${text}\u0000${JSON.stringify(variables)}`;
}

export interface PushChannel {
  /** Sends serialized results (JSON, UTF-8) as `next` messages of this operation, in order, in as few writes as possible. */
  send(payloads: Buffer[]): void;
  /** Bytes queued on the socket and not yet written. */
  bufferedBytes(): number;
  /** Resolves true once the socket has written out what it held, false if it has not within `timeoutMs`. */
  drained(timeoutMs: number): Promise<boolean>;
  /** The socket holds more than it may: close it (the client resumes by cursor). */
  overflow(): void;
}

/** A source that can push its events (the activity feed), rather than be pulled one at a time. */
interface PushSource {
  attach(sink: { push(events: BatchedEvent[], done: (error?: unknown) => void): boolean; end(error?: unknown): void }): void;
  return(): Promise<unknown>;
}

const isPushSource = (value: unknown): value is PushSource =>
  typeof (value as PushSource).attach === 'function' && typeof (value as PushSource).return === 'function';

export interface SharedSubscribeOptions {
  /** Who the results are for: subscriptions with the same key (and operation) may share results. */
  viewerKey: (contextValue: unknown, document: DocumentNode) => string;
  /** A fresh context for executing one batch for one viewer (fresh EntityManager fork and loaders). */
  freshContext: (contextValue: unknown, batchId: number | null) => unknown;
  /** The `next` payload as JSON (errors formatted as the transport formats them). */
  serialize: (result: ExecutionResult) => Buffer;
  /** Where a pushed subscription's results go; without one, results are pulled by graphql-ws. */
  channel?: (contextValue: unknown) => PushChannel | undefined;
  /**
   * Unsent bytes past which a pushed subscription waits for its socket to drain before sending
   * more (its next events wait in its bounded backlog meanwhile).
   */
  maxBufferedBytes?: number;
  /** How long a socket may take to drain; one that does not is closed as too slow. */
  drainTimeoutMs?: number;
  /** A result spoilt by a passing failure (the database restarting) is executed again, not sent. */
  isTransient?: (result: ExecutionResult) => boolean;
  /** First wait before executing again; doubles up to 8 times that. */
  retryDelayMs?: number;
}

type Batched = BatchedEvent & { batch: NonNullable<BatchedEvent['batch']> };

/**
 * `subscribe` for graphql-ws that executes each event once per (operation, viewer), not once per
 * subscriber: when 10,000 dashboards follow the feed, an activity is turned into a result and
 * serialized once for each distinct operation and viewer, and the same bytes go to every socket
 * that asked for it. The events of one read of the log are executed together on one fresh
 * context, so their loaders batch. A pushed source (the feed) writes each delivery to its socket
 * in one go, checking the socket's backlog of unsent bytes; other sources are pulled as usual.
 */
export function createSharedSubscribe(options: SharedSubscribeOptions) {
  // batch id -> (viewer + operation -> position -> serialized result); only the latest batches are kept.
  const cache = new Map<number, Map<string, Map<number, Promise<ExecutionResult | Buffer>>>>();
  const KEEP_BATCHES = 4;
  const retryDelay = options.retryDelayMs ?? 250;
  // Serialized results whose promise has settled, readable without awaiting it.
  const settled = new WeakMap<Promise<ExecutionResult | Buffer>, Buffer>();
  const remember = (pending: Promise<ExecutionResult | Buffer>) => {
    void pending.then((result) => Buffer.isBuffer(result) && settled.set(pending, result), () => undefined);
    return pending;
  };

  /** Executes (and serializes) events together on one fresh context: started in one tick, their loaders batch. */
  const executeTogether = (args: ExecutionArgs, events: BatchedEvent[], batchId: number | null) => {
    const contextValue = options.freshContext(args.contextValue, batchId);
    return new Map(
      events.map((event) => [
        event.position,
        remember(
          Promise.resolve(execute({ ...args, rootValue: event, contextValue })).then((result) =>
            options.isTransient?.(result) ? result : options.serialize(result),
          ),
        ),
      ]),
    );
  };

  const cached = (args: ExecutionArgs, key: string, event: Batched) => {
    const { batch } = event;
    let byKey = cache.get(batch.id);
    if (!byKey) {
      byKey = new Map();
      cache.set(batch.id, byKey);
      for (const id of cache.keys()) if (id <= batch.id - KEEP_BATCHES) cache.delete(id);
    }
    let results = byKey.get(key);
    if (!results) byKey.set(key, (results = new Map()));
    if (!results.has(event.position)) {
      // Subscribers with other filters may share the key but not the events: execute what is missing.
      const missing = batch.events.filter((each) => !results!.has(each.position));
      for (const [position, result] of executeTogether(args, missing, batch.id)) results.set(position, result);
    }
    return { results, byKey };
  };

  /** The serialized results of `events` if every one is made already (by an earlier subscriber of the key). */
  const readyNow = (args: ExecutionArgs, key: string, events: BatchedEvent[]): Buffer[] | undefined => {
    if (!events.every(isBatched)) return undefined;
    const ready = events.map((event) => settled.get(cached(args, key, event as Batched).results.get(event.position)!));
    return ready.every((result) => result !== undefined) ? (ready as Buffer[]) : undefined;
  };

  /**
   * The serialized results of `events`, in order. A result spoilt by a passing failure is
   * executed again after a pause (and dropped from the cache), never sent half-empty.
   */
  const payloads = async (args: ExecutionArgs, key: string, events: BatchedEvent[], live: () => boolean): Promise<Buffer[] | null> => {
    for (let attempt = 0; ; attempt++) {
      const pending = events.map((event) => {
        if (!isBatched(event)) return null;
        return cached(args, key, event);
      });
      const replay = pending.includes(null) ? executeTogether(args, events.filter((event) => !isBatched(event)), null) : null;
      const results = await Promise.all(events.map((event, i) => (pending[i] ? pending[i]!.results.get(event.position)! : replay!.get(event.position)!)));
      if (results.every((result) => Buffer.isBuffer(result))) return results as Buffer[];
      if (!live()) return null;
      pending.forEach((entry) => entry?.byKey.delete(key));
      await new Promise((resolve) => setTimeout(resolve, retryDelay * 2 ** Math.min(attempt, 3)));
    }
  };

  /**
   * Subscribers handed the same list of events (the feed hands one list to every subscriber of a
   * class) with the same key wait for one set of results together: when it is made, it is sent
   * to all of them in one synchronous loop, not through a chain of promises per subscriber.
   */
  interface Group {
    /** The results; null when every subscriber waiting for them had gone; undefined while being made. */
    payloads?: Buffer[] | null;
    error?: unknown;
    waiting: Array<() => void>;
    lives: Array<() => boolean>;
  }
  const groups = new WeakMap<BatchedEvent[], Map<string, Group>>();

  const groupOf = (args: ExecutionArgs, key: string, events: BatchedEvent[]): Group => {
    let byKey = groups.get(events);
    if (!byKey) groups.set(events, (byKey = new Map()));
    const existing = byKey.get(key);
    if (existing && existing.payloads !== null && existing.error === undefined) return existing;
    const group: Group = { waiting: [], lives: [] };
    byKey.set(key, group);
    const ready = readyNow(args, key, events);
    if (ready) {
      group.payloads = ready;
      return group;
    }
    const settle = () => {
      for (const resume of group.waiting.splice(0)) resume();
    };
    payloads(args, key, events, () => group.lives.some((live) => live())).then(
      (made) => ((group.payloads = made), settle()),
      (error: unknown) => ((group.error = error ?? new Error('the results could not be made')), settle()),
    );
    return group;
  };

  return async (args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source as ExecutionResult;
    const key = intern(`${options.viewerKey(args.contextValue, args.document)}\u0000${operationKey(args)}`);
    const channel = options.channel?.(args.contextValue);
    let finished = false;
    const live = () => !finished;

    if (channel && isPushSource(source)) {
      // graphql-ws waits on this iterator until the feed ends; the results go straight to the socket.
      let end: (outcome: IteratorResult<ExecutionResult>) => void = () => undefined;
      let failed: (error: unknown) => void = () => undefined;
      const ended = new Promise<IteratorResult<ExecutionResult>>((resolve, reject) => ((end = resolve), (failed = reject)));
      const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
      /** Sends; true when done, false when `done` is called later (after the socket drained). */
      const send = (sent: Buffer[] | null | undefined, done: (error?: unknown) => void): boolean => {
        if (!sent || finished) return true;
        channel.send(sent);
        if (channel.bufferedBytes() <= maxBuffered) return true;
        // A client that reads slower than we write: wait for it (its live events queue up in its
        // bounded backlog), and close it if it does not catch up in time.
        void channel.drained(options.drainTimeoutMs ?? 30_000).then((drained) => {
          if (!drained) channel.overflow();
          done();
        });
        return false;
      };
      source.attach({
        push: (events, done) => {
          if (finished) return true;
          const group = groupOf(args, key, events);
          if (group.error !== undefined) throw group.error;
          if (group.payloads !== undefined) return send(group.payloads, done);
          group.lives.push(live);
          group.waiting.push(() => {
            try {
              if (group.error !== undefined) return done(group.error);
              if (send(group.payloads, done)) done();
            } catch (error) {
              done(error);
            }
          });
          return false;
        },
        end: (error) => (error ? failed(error) : end({ done: true, value: undefined })),
      });
      const pushed: AsyncGenerator<ExecutionResult> = {
        next: () => ended,
        async return() {
          finished = true;
          await source.return();
          end({ done: true, value: undefined });
          return { done: true, value: undefined };
        },
        async throw(error) {
          finished = true;
          await source.return();
          throw error;
        },
        [Symbol.asyncIterator]() {
          return pushed;
        },
      } as AsyncGenerator<ExecutionResult>;
      return pushed;
    }

    const iterator = source[Symbol.asyncIterator]();
    // Not an async generator function: its return() would wait for the pending next(), and a
    // completed subscription would linger until the next event.
    const results: AsyncGenerator<ExecutionResult> = {
      async next() {
        const next = await iterator.next();
        if (next.done) return { done: true, value: undefined };
        const event = next.value;
        for (let attempt = 0; ; attempt++) {
          const result = await execute({ ...args, rootValue: event });
          if (finished || !options.isTransient?.(result)) return { done: false, value: result };
          await new Promise((resolve) => setTimeout(resolve, retryDelay * 2 ** Math.min(attempt, 3)));
        }
      },
      async return() {
        finished = true;
        await iterator.return?.();
        return { done: true, value: undefined };
      },
      async throw(error) {
        finished = true;
        await iterator.return?.();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return results;
      },
    } as AsyncGenerator<ExecutionResult>;
    return results;
  };
}
