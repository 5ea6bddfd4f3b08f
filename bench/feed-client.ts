/**
 * A subscriber process of `npm run bench:feed` (forked, several share the subscribers): raw `ws`
 * sockets speaking graphql-transport-ws, no graphql-ws client, because its per-socket promises
 * and timers would cost the client CPU and memory the measurement needs. Each event's position,
 * title index and receipt time go into flat typed arrays; after a burst the parent sends what
 * each subscriber should have received and gets back the tallies and latencies.
 *
 * Times are CLOCK_MONOTONIC in ms (process.hrtime), which every process of the machine shares,
 * so receipt times here compare with the parent's send times.
 */
import WebSocket from 'ws';

export interface SubscriberSpec {
  /** "Bearer …", or null for an anonymous subscriber. */
  authorization: string | null;
  variables: Record<string, unknown>;
  /** Subscribers of one class (same viewer, same filter) should receive the same activities. */
  classKey: string;
}

export type ToClient =
  | { type: 'init'; url: string; query: string; subscribers: SubscriberSpec[] }
  | { type: 'connect'; from: number; to: number; window: number; timeoutMs: number }
  | { type: 'reset'; titlePrefix: string }
  | { type: 'count' }
  | { type: 'collect'; expected: Record<string, number[]>; sentAt: number[]; answeredAt: number[]; committedAt: Array<[number, number]> }
  | { type: 'close' };

export interface Tally {
  subscribers: number;
  expected: number;
  delivered: number;
  lost: number;
  duplicates: number;
  outOfOrder: number;
  /** Received but not expected: an activity the subscriber should not have seen (or a model error). */
  extra: number;
  /** Events of an earlier burst that arrived after that burst's window closed. */
  stale: number;
  subscribersWithLoss: number;
  lostSamples: string[];
  extraSamples: string[];
  /** Receipt − request start of the activity's mutation (an overestimate of commit-to-delivery). */
  fromRequest: Float64Array;
  /** Receipt − response of the activity's mutation (an underestimate). */
  fromResponse: Float64Array;
  /** Receipt − commit of the activity (when PostgreSQL's commit notification reached the bench). */
  fromCommit: Float64Array;
  firstReceipt: number;
  lastReceipt: number;
  cpuMs: number;
}

export type FromClient =
  | { type: 'connected'; opened: number; failed: number; failures: string[]; ms: number }
  | { type: 'count'; received: number; open: number; closes: Record<string, number>; errors: number; errorSamples: string[]; cpuMs: number }
  | { type: 'collected'; tally: Tally }
  | { type: 'fatal'; message: string };

const now = () => Number(process.hrtime.bigint()) / 1e6;
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

let url = '';
let query = '';
let specs: SubscriberSpec[] = [];
let sockets: (WebSocket | undefined)[] = [];
/** Settles the connect promise of subscriber i once its subscribe message is sent. */
let pending: (((error?: string) => void) | undefined)[] = [];
let lastPosition = new Float64Array(0);
let subscribed = new Uint8Array(0);

// The current window's events, in arrival order.
let capacity = 1 << 16;
let count = 0;
let evSub = new Int32Array(capacity);
let evPos = new Float64Array(capacity);
let evIdx = new Int32Array(capacity);
let evTime = new Float64Array(capacity);
let titlePrefix = '\u0000';
let outOfOrder = 0;

let open = 0;
let errors = 0;
const errorSamples: string[] = [];
const closes: Record<string, number> = {};
/** The first events are also parsed in full, to check the fast extraction below. */
let checked = 0;

function send(message: FromClient) {
  process.send!(message);
}

function grow() {
  capacity *= 2;
  const widen = <T extends Int32Array | Float64Array>(old: T, make: (n: number) => T) => {
    const next = make(capacity);
    next.set(old);
    return next;
  };
  evSub = widen(evSub, (n) => new Int32Array(n));
  evPos = widen(evPos, (n) => new Float64Array(n));
  evIdx = widen(evIdx, (n) => new Int32Array(n));
  evTime = widen(evTime, (n) => new Float64Array(n));
}

function noteError(text: string) {
  errors++;
  if (errorSamples.length < 5) errorSamples.push(text.slice(0, 300));
}

// Next messages take a fast path over the raw bytes (no string, no JSON.parse): graphql-ws
// writes them with JSON.stringify, and our positions and titles hold no escapes.
const NEXT = Buffer.from('"type":"next"');
const POSITION = Buffer.from('"position":"');
const TITLE = Buffer.from('"subjectTitle":"');
let prefixBytes = Buffer.from('\u0000');

/** The whole number written from `at` up to the next '"' (NaN if anything else is there). */
function digits(data: Buffer, at: number): number {
  let value = 0;
  for (let k = at; k < data.length; k++) {
    const c = data[k];
    if (c === 34 /* " */) return k > at ? value : Number.NaN;
    if (c < 48 || c > 57) return Number.NaN;
    value = value * 10 + (c - 48);
  }
  return Number.NaN;
}

/** The burst index in a title "<prefix><index>", or -1 for any other title. */
function titleIndex(data: Buffer): number {
  const at = data.indexOf(TITLE);
  if (at < 0) return -1;
  const start = at + TITLE.length;
  if (data.compare(prefixBytes, 0, prefixBytes.length, start, start + prefixBytes.length) !== 0) return -1;
  const index = digits(data, start + prefixBytes.length);
  return Number.isNaN(index) ? -1 : index;
}

function record(i: number, position: number, index: number, time: number) {
  if (count === capacity) grow();
  evSub[count] = i;
  evPos[count] = position;
  evIdx[count] = index;
  evTime[count] = time;
  count++;
  if (position < lastPosition[i]) outOfOrder++;
  else lastPosition[i] = position;
}

function onMessage(i: number, data: Buffer) {
  const time = now();
  const at = data.indexOf(POSITION);
  if (at >= 0 && data.indexOf(NEXT) >= 0) {
    const position = digits(data, at + POSITION.length);
    if (Number.isNaN(position)) return noteError(data.toString('utf8'));
    const index = titleIndex(data);
    if (checked < 200) {
      checked++;
      const parsed = JSON.parse(data.toString('utf8'));
      const activity = parsed.payload?.data?.activityFeed?.activity;
      const title: string | null = activity?.subjectTitle ?? null;
      const expectedIndex = title?.startsWith(titlePrefix) && /^\d+$/.test(title.slice(titlePrefix.length)) ? Number(title.slice(titlePrefix.length)) : -1;
      if (parsed.type !== 'next' || Number(activity?.position) !== position || expectedIndex !== index) {
        send({ type: 'fatal', message: `the fast parse disagrees with JSON.parse on ${data.toString('utf8').slice(0, 300)}` });
      }
    }
    return record(i, position, index, time);
  }
  const text = data.toString('utf8');
  let message: { type?: string; payload?: unknown };
  try {
    message = JSON.parse(data.toString('utf8'));
  } catch {
    return noteError(`not JSON: ${text}`);
  }
  const socket = sockets[i]!;
  switch (message.type) {
    case 'connection_ack':
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables: specs[i].variables } }));
      subscribed[i] = 1;
      pending[i]?.();
      return;
    case 'ping':
      socket.send('{"type":"pong"}');
      return;
    case 'pong':
      return;
    case 'error':
      return noteError(`error: ${JSON.stringify(message.payload)}`);
    case 'complete':
      return noteError('the server completed the subscription');
    default:
      return noteError(`unexpected message: ${text}`);
  }
}

function openOne(i: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const spec = specs[i];
    const socket = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false, skipUTF8Validation: true, handshakeTimeout: timeoutMs });
    sockets[i] = socket;
    const timer = setTimeout(() => settle(`no connection_ack within ${timeoutMs} ms`), timeoutMs);
    const settle = (error?: string) => {
      if (!pending[i]) return;
      pending[i] = undefined;
      clearTimeout(timer);
      if (error) {
        socket.terminate();
        reject(new Error(error));
      } else resolve();
    };
    pending[i] = settle;
    let opened = false;
    socket.on('open', () => {
      opened = true;
      open++;
      socket.send(JSON.stringify({ type: 'connection_init', payload: spec.authorization ? { authorization: spec.authorization } : {} }));
    });
    socket.on('message', (data: Buffer) => onMessage(i, data));
    socket.on('close', (code: number) => {
      if (opened) open--;
      closes[code] = (closes[code] ?? 0) + 1;
      settle(`closed with ${code} before connection_ack`);
    });
    socket.on('error', (error: Error) => settle(error.message));
  });
}

/** Opens subscribers [from, to) with at most `window` handshakes in flight. */
async function connect(from: number, to: number, window: number, timeoutMs: number) {
  const started = now();
  let next = from;
  let opened = 0;
  const failures: string[] = [];
  const lane = async () => {
    while (next < to) {
      const i = next++;
      try {
        await openOne(i, timeoutMs);
        opened++;
      } catch (error) {
        failures.push(`subscriber ${i}: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, window) }, lane));
  send({ type: 'connected', opened, failed: failures.length, failures: failures.slice(0, 5), ms: now() - started });
}

function collect(expectedByClass: Record<string, number[]>, sentAt: number[], answeredAt: number[], committed: Array<[number, number]>): Tally {
  const committedAt = new Map(committed);
  const n = specs.length;
  // Group the window's events by subscriber, keeping arrival order (a counting sort).
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < count; e++) offsets[evSub[e] + 1]++;
  for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
  const order = new Int32Array(count);
  const fill = offsets.slice(0, n);
  for (let e = 0; e < count; e++) order[fill[evSub[e]]++] = e;

  const sets = new Map<string, Set<number>>();
  const fromRequest: number[] = [];
  const fromResponse: number[] = [];
  const fromCommit: number[] = [];
  const tally: Omit<Tally, 'fromRequest' | 'fromResponse' | 'fromCommit' | 'cpuMs'> = {
    subscribers: 0, expected: 0, delivered: 0, lost: 0, duplicates: 0, outOfOrder, extra: 0, stale: 0,
    subscribersWithLoss: 0, lostSamples: [], extraSamples: [], firstReceipt: Infinity, lastReceipt: -Infinity,
  };
  for (let i = 0; i < n; i++) {
    if (!sockets[i]) continue;
    tally.subscribers++;
    const key = specs[i].classKey;
    let expected = sets.get(key);
    if (!expected) sets.set(key, (expected = new Set(expectedByClass[key] ?? [])));
    tally.expected += expected.size;
    const seen = new Set<number>();
    for (let k = offsets[i]; k < offsets[i + 1]; k++) {
      const e = order[k];
      const position = evPos[e];
      const index = evIdx[e];
      if (index < 0 && !expected.has(position)) {
        tally.stale++;
        continue;
      }
      if (seen.has(position)) {
        tally.duplicates++;
        continue;
      }
      seen.add(position);
      if (!expected.has(position)) {
        tally.extra++;
        if (tally.extraSamples.length < 5) tally.extraSamples.push(`subscriber ${key}: position ${position}`);
        continue;
      }
      tally.delivered++;
      tally.firstReceipt = Math.min(tally.firstReceipt, evTime[e]);
      tally.lastReceipt = Math.max(tally.lastReceipt, evTime[e]);
      if (index >= 0 && Number.isFinite(sentAt[index])) {
        fromRequest.push(evTime[e] - sentAt[index]);
        fromResponse.push(evTime[e] - answeredAt[index]);
      }
      const commit = committedAt.get(position);
      if (commit !== undefined) fromCommit.push(evTime[e] - commit);
    }
    let missing = 0;
    for (const position of expected) if (!seen.has(position)) missing++;
    if (missing) {
      tally.lost += missing;
      tally.subscribersWithLoss++;
      if (tally.lostSamples.length < 5) {
        const first = [...expected].filter((p) => !seen.has(p)).slice(0, 3);
        tally.lostSamples.push(`${key} (${subscribed[i] ? 'subscribed' : 'never subscribed'}, socket ${sockets[i]!.readyState === WebSocket.OPEN ? 'open' : 'closed'}): missing ${missing}, e.g. ${first.join(', ')}`);
      }
    }
  }
  return { ...tally, fromRequest: Float64Array.from(fromRequest), fromResponse: Float64Array.from(fromResponse), fromCommit: Float64Array.from(fromCommit), cpuMs: cpuMs() };
}

process.on('message', (message: ToClient) => {
  try {
    switch (message.type) {
      case 'init':
        ({ url, query } = message);
        specs = message.subscribers;
        sockets = new Array(specs.length);
        pending = new Array(specs.length);
        lastPosition = new Float64Array(specs.length);
        subscribed = new Uint8Array(specs.length);
        // Room for a 100-event burst to every subscriber without growing the arrays mid-burst.
        while (capacity < specs.length * 100) grow();
        return;
      case 'connect':
        void connect(message.from, message.to, message.window, message.timeoutMs);
        return;
      case 'reset':
        titlePrefix = message.titlePrefix;
        prefixBytes = Buffer.from(titlePrefix);
        count = 0;
        outOfOrder = 0;
        return;
      case 'count':
        send({ type: 'count', received: count, open, closes, errors, errorSamples, cpuMs: cpuMs() });
        return;
      case 'collect':
        send({ type: 'collected', tally: collect(message.expected, message.sentAt, message.answeredAt, message.committedAt) });
        return;
      case 'close':
        for (const socket of sockets) socket?.terminate();
        setTimeout(() => process.exit(0), 50);
        return;
    }
  } catch (error) {
    send({ type: 'fatal', message: error instanceof Error ? error.stack ?? error.message : String(error) });
  }
});
// The parent gone (killed, crashed): nothing left to report to.
process.on('disconnect', () => process.exit(0));
