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
 * What makes two subscriptions' results equal for the same event: the operation as printed, the
 * variables other than the root field's `after` (which only says where the stream starts), and
 * who asks. Anything else (another selection, another variable) gives another key.
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
      if (argument.name.value === 'after' && argument.value.kind === Kind.VARIABLE) {
        startArguments.add(argument);
        startOnly.add(argument.value.name.value);
      }
    }
  }
  const used = new Set<string>();
  visit(args.document, {
    VariableDefinition: () => false,
    // The root field's `after` itself is not a use; any other use of the same variable is.
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

export interface SharedSubscribeOptions {
  /** Who the results are for: subscriptions with the same viewer key may share results. */
  viewerKey: (contextValue: unknown) => string;
  /** A fresh context for executing one batch for one viewer (fresh EntityManager fork and loaders). */
  freshContext: (contextValue: unknown, batchId: number) => unknown;
  /** A result spoilt by a passing failure (the database restarting) is executed again, not sent. */
  isTransient?: (result: ExecutionResult) => boolean;
  /** First wait before executing again; doubles up to 8 times that. */
  retryDelayMs?: number;
}

/**
 * `subscribe` for graphql-ws that executes each event once per (operation, viewer), not once per
 * subscriber: when 10,000 dashboards follow the feed, an activity is turned into a result once for
 * each distinct operation and viewer, and the result is sent to every socket that asked for it.
 * The events a subscriber got from one read of the log are executed together with one fresh
 * context, so their loaders batch. Events without a batch (a replay) are executed as usual.
 */
export function createSharedSubscribe(options: SharedSubscribeOptions) {
  // batch id -> (operation + viewer -> position -> result); only the latest batches are kept.
  const cache = new Map<number, Map<string, Map<number, Promise<ExecutionResult> | ExecutionResult>>>();
  const KEEP_BATCHES = 4;

  const resultsFor = (args: ExecutionArgs, key: string, event: BatchedEvent & { batch: NonNullable<BatchedEvent['batch']> }) => {
    const { batch } = event;
    let byKey = cache.get(batch.id);
    if (!byKey) {
      byKey = new Map();
      cache.set(batch.id, byKey);
      for (const id of cache.keys()) if (id <= batch.id - KEEP_BATCHES) cache.delete(id);
    }
    let results = byKey.get(key);
    if (!results?.has(event.position)) {
      // Started in one tick, so the loaders of the fresh context batch across the events.
      const contextValue = options.freshContext(args.contextValue, batch.id);
      results = new Map(batch.events.map((each) => [each.position, execute({ ...args, rootValue: each, contextValue })]));
      byKey.set(key, results);
    }
    return results.get(event.position)!;
  };

  return async (args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source as ExecutionResult;
    const key = `${options.viewerKey(args.contextValue)}\u0000${operationKey(args)}`;
    const iterator = source[Symbol.asyncIterator]();
    let finished = false;
    const deliver = async (event: unknown): Promise<ExecutionResult> => {
      for (let attempt = 0; ; attempt++) {
        const result = await (isBatched(event) ? resultsFor(args, key, event) : execute({ ...args, rootValue: event }));
        if (finished || !options.isTransient?.(result)) return result;
        // Executed again on a fresh context once the database is back; the event is never lost or sent half-empty.
        if (isBatched(event)) cache.get(event.batch.id)?.delete(key);
        const delay = (options.retryDelayMs ?? 250) * 2 ** Math.min(attempt, 3);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    };
    // Not an async generator function: its return() would wait for the pending next(), and a
    // completed subscription would linger until the next event.
    const results: AsyncGenerator<ExecutionResult> = {
      async next() {
        const next = await iterator.next();
        if (next.done) return { done: true, value: undefined };
        return { done: false, value: await deliver(next.value) };
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
