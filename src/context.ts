import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { ANONYMOUS, type Viewer } from './auth/viewer';
import type { HubConfig } from './config';
import type { FeedDispatcher } from './modules/activity/activity.feed';
import type { Logger } from './logger';
import { createLoaders, type Loaders } from './loaders';

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
}

export function createContext(
  orm: MikroORM,
  logger: Logger,
  config: HubConfig,
  viewer: Viewer = ANONYMOUS,
  requestId: string = randomUUID(),
  feed?: FeedDispatcher,
): HubContext {
  const em = orm.em.fork() as EntityManager;
  return { em, loaders: createLoaders(em, viewer), logger: logger.child({ requestId }), requestId, viewer, config, feed };
}
