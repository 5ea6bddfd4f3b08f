import pg from 'pg';
import type { Logger } from '../../logger';

/**
 * Wakes subscribers when an activity commits, on this instance or any other sharing the
 * database: a trigger NOTIFYs `hub_activity` with the position (PostgreSQL delivers it only on
 * commit), and one dedicated connection per instance LISTENs. Notifications carry no payload the
 * subscribers rely on: woken, each reads the log after its own cursor, so a missed or coalesced
 * notification costs nothing but latency. When the listening connection drops (PostgreSQL
 * restarted, network), the bus reconnects and wakes everyone to catch up from the log.
 */
export class ActivityBus {
  private client: pg.Client | undefined;
  private waiters = new Set<() => void>();
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Grows with every wake-up; a subscriber that read the log at version v waits for v + 1. */
  version = 0;

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
    private readonly reconnectDelayMs = 1000,
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    const lost = (error?: unknown) => {
      if (this.client !== client) return;
      this.client = undefined;
      if (!this.closed) this.logger.warn({ err: error }, 'activity listener lost its connection; reconnecting');
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on('notification', () => this.wake());
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    await client.query('listen hub_activity');
    if (this.closed) {
      await client.end();
      return;
    }
    this.client = client;
    // Whatever committed while nobody listened is in the log: everyone reads on.
    this.wake();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect().catch((error) => {
        this.logger.warn({ err: error }, 'activity listener could not reconnect; retrying');
        this.scheduleReconnect();
      });
    }, this.reconnectDelayMs);
  }

  private wake(): void {
    this.version++;
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves when the version passes `seen`, when `signal` aborts, or after `timeoutMs` (a safety net). */
  wait(seen: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.version > seen || signal.aborted || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.wake();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
