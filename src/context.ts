import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { ANONYMOUS, type Viewer } from './auth/viewer';
import type { HubConfig } from './config';
import type { ActivityBus } from './modules/activity/activity.bus';
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
  /** Wakes activity subscriptions on commit (absent where no subscriptions run, e.g. CLI tools). */
  feed?: ActivityBus;
  /** Over WebSocket: checks the connection's token again, closing the socket (4403) when it no longer holds. */
  reauthenticate?: () => Promise<void>;
}

export function createContext(
  orm: MikroORM,
  logger: Logger,
  config: HubConfig,
  viewer: Viewer = ANONYMOUS,
  requestId: string = randomUUID(),
  feed?: ActivityBus,
): HubContext {
  const em = orm.em.fork() as EntityManager;
  return { em, loaders: createLoaders(em, viewer), logger: logger.child({ requestId }), requestId, viewer, config, feed };
}
