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
 * fresh context per delivery) should not carry them.
 */
export function createContext(
  orm: MikroORM,
  logger: Logger,
  config: HubConfig,
  viewer: Viewer = ANONYMOUS,
  requestId: string = randomUUID(),
  feed?: FeedDispatcher,
): HubContext {
  let em: EntityManager | undefined;
  let loaders: Loaders | undefined;
  let childLogger: Logger | undefined;
  return {
    get em() {
      return (em ??= orm.em.fork() as EntityManager);
    },
    set em(value: EntityManager) {
      em = value;
    },
    get loaders() {
      return (loaders ??= createLoaders(this.em, this.viewer));
    },
    set loaders(value: Loaders) {
      loaders = value;
    },
    get logger() {
      return (childLogger ??= logger.child({ requestId }));
    },
    set logger(value: Logger) {
      childLogger = value;
    },
    requestId,
    viewer,
    config,
    feed,
  };
}
