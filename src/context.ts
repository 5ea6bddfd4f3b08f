import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { ANONYMOUS, type Viewer } from './auth/viewer';
import type { HubConfig } from './config';
import type { FeedDispatcher } from './modules/activity/activity.feed';
import type { Logger } from './logger';
import { createLoaders, type Loaders } from './loaders';
import type { PushChannel } from './transport/shared-execution';

/** What every resolver gets: its own EntityManager fork and DataLoaders, for one operation. */
export interface HubContext {
  em: EntityManager;
  loaders: Loaders;
  logger: Logger;
  requestId: string;
  /** Who is calling; resolved once per request (HTTP) or per connection (WebSocket). */
  viewer: Viewer;
  config: HubConfig;
  /** The live activity feed (absent where no subscriptions run, e.g. CLI tools). */
  feed?: FeedDispatcher;
  /** Over WebSocket: the connection's caller as of now (its rights follow token, account and unit changes). */
  currentViewer?: () => Viewer;
  /** Over WebSocket: closes the connection (a subscriber too slow to keep up). */
  closeConnection?: (code: number, reason: string) => void;
  /** Over WebSocket: sends serialized results of this operation straight to the socket (the feed's deliveries). */
  push?: PushChannel;
}

/**
 * The fork, loaders and child logger are made on first use: a subscription holds its context for
 * as long as it runs, and a feed subscriber that never needs them (its events are executed on a
 * fresh context per delivery) should not carry them. A class, so that ten thousand contexts share
 * their accessors.
 */
class OperationContext implements HubContext {
  private lazyEm: EntityManager | undefined;
  private lazyLoaders: Loaders | undefined;
  private lazyLogger: Logger | undefined;
  currentViewer?: () => Viewer;
  closeConnection?: (code: number, reason: string) => void;
  push?: PushChannel;

  constructor(
    private readonly orm: MikroORM,
    private readonly rootLogger: Logger,
    readonly config: HubConfig,
    public viewer: Viewer,
    readonly requestId: string,
    readonly feed: FeedDispatcher | undefined,
  ) {}

  get em(): EntityManager {
    return (this.lazyEm ??= this.orm.em.fork() as EntityManager);
  }
  set em(value: EntityManager) {
    this.lazyEm = value;
  }
  get loaders(): Loaders {
    return (this.lazyLoaders ??= createLoaders(this.em, this.viewer));
  }
  set loaders(value: Loaders) {
    this.lazyLoaders = value;
  }
  get logger(): Logger {
    return (this.lazyLogger ??= this.rootLogger.child({ requestId: this.requestId }));
  }
  set logger(value: Logger) {
    this.lazyLogger = value;
  }
}

export function createContext(
  orm: MikroORM,
  logger: Logger,
  config: HubConfig,
  viewer: Viewer = ANONYMOUS,
  requestId: string = newRequestId(),
  feed?: FeedDispatcher,
): HubContext {
  return new OperationContext(orm, logger, config, viewer, requestId, feed);
}

/**
 * A request id for the logs. `randomUUID()`'s text is a rope of 16 pieces in V8, and a
 * subscription keeps its context (and id) as long as it lasts: copied once, it is one flat string.
 */
export function newRequestId(): string {
  return Buffer.from(randomUUID(), 'latin1').toString('latin1');
}
