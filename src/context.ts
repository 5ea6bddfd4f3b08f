import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from './logger';
import { createLoaders, type Loaders } from './loaders';

/** What every resolver gets: its own EntityManager fork and DataLoaders, for one operation. */
export interface HubContext {
  em: EntityManager;
  loaders: Loaders;
  logger: Logger;
  requestId: string;
}

export function createContext(orm: MikroORM, logger: Logger, requestId: string = randomUUID()): HubContext {
  const em = orm.em.fork() as EntityManager;
  return { em, loaders: createLoaders(em), logger: logger.child({ requestId }), requestId };
}
