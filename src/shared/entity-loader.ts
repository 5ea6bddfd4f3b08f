import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { wrap, type EntityName } from '@mikro-orm/core';

/**
 * A DataLoader that fetches entities by primary key in one `where pk = any(?)` query per tick,
 * answering in key order (null for a missing key). Entities already loaded into the request's
 * identity map are served from it without a query.
 */
export function entityLoader<T extends object, K extends string | number>(
  em: EntityManager,
  entity: EntityName<T>,
  primaryKey: keyof T & string,
): DataLoader<K, T | null> {
  const unitOfWork = em.getUnitOfWork();
  const name = typeof entity === 'string' ? entity : (entity as { name: string }).name;
  return new DataLoader<K, T | null>(async (keys) => {
    const found = new Map<K, T>();
    const missing: K[] = [];
    for (const key of keys) {
      const cached = unitOfWork.getById<T>(name, key as never);
      // References created while mapping rows sit in the identity map uninitialised: load those.
      if (cached && wrap(cached, true).isInitialized()) found.set(key, cached);
      else missing.push(key);
    }
    if (missing.length > 0) {
      const rows = await em.find(entity, { [primaryKey]: { $in: missing } } as never);
      for (const row of rows) found.set((row as Record<string, unknown>)[primaryKey] as K, row);
    }
    return keys.map((key) => found.get(key) ?? null);
  });
}
