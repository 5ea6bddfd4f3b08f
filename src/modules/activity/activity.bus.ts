import pg from 'pg';
import type { Logger } from '../../logger';

/** What changed about credentials: `token:12`, `account:7`, `unit:3`; null when anything may have (after a lost connection). */
export type CredentialChange = { kind: 'token' | 'account' | 'unit'; id: number } | null;

/**
 * Hears the database on one dedicated connection per instance: `hub_activity` when activities
 * commit (on this instance or any other sharing the database; PostgreSQL delivers NOTIFY only on
 * commit), and `hub_credentials` when a token, account or unit changes. Notifications are hints:
 * a woken reader reads the log after its own position, so a missed or coalesced one costs only
 * latency. When the connection drops (PostgreSQL restarted, network), the bus reconnects and then
 * wakes everyone, since anything may have happened while nobody listened.
 */
export class ActivityBus {
  private client: pg.Client | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly activityListeners = new Set<() => void>();
  private readonly credentialListeners = new Set<(change: CredentialChange) => void>();

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
    private readonly reconnectDelayMs = 1000,
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  /** Calls `listener` whenever activities may have committed. Returns the unsubscribe function. */
  onActivity(listener: () => void): () => void {
    this.activityListeners.add(listener);
    return () => this.activityListeners.delete(listener);
  }

  /** Calls `listener` when a token, account or unit changed (null: anything may have). */
  onCredentials(listener: (change: CredentialChange) => void): () => void {
    this.credentialListeners.add(listener);
    return () => this.credentialListeners.delete(listener);
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
    client.on('notification', (message) => {
      if (message.channel === 'hub_activity') this.emitActivity();
      else if (message.channel === 'hub_credentials') this.emitCredentials(parseChange(message.payload));
    });
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query('listen hub_activity; listen hub_credentials');
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end();
      return;
    }
    this.client = client;
    // Whatever committed while nobody listened is in the log, and any token may have been revoked.
    this.emitActivity();
    this.emitCredentials(null);
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

  private emitActivity(): void {
    for (const listener of [...this.activityListeners]) listener();
  }

  private emitCredentials(change: CredentialChange): void {
    for (const listener of [...this.credentialListeners]) listener(change);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}

function parseChange(payload: string | undefined): CredentialChange {
  const match = /^(token|account|unit):(\d+)$/.exec(payload ?? '');
  return match ? { kind: match[1] as 'token' | 'account' | 'unit', id: Number(match[2]) } : null;
}
