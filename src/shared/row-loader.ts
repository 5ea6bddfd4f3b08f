import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RowShape } from './rows';
import { queryRows } from './sql';

/**
 * A DataLoader that fetches rows by primary key, with the shape's joined references, in one
 * statement per tick, answering in key order (null for a missing key).
 */
export function rowLoader<T extends object, K extends string | number>(
  em: EntityManager,
  shape: RowShape<T>,
  table: string,
  key: { column: string; prop: keyof T & string },
): DataLoader<K, T | null> {
  // Loaders serve every caller in the operation, whatever it selects: they read whole rows.
  const plan = shape.plan(em);
  return new DataLoader<K, T | null>(async (keys) => {
    const rows = await queryRows(
      em,
      `select ${plan.select('t')} from ${table} t${plan.joinSql('t')} where t.${key.column} in (${keys.map(() => '?').join(', ')})`,
      [...keys],
    );
    const found = new Map<K, T>();
    for (const row of rows) {
      const instance = plan.map(row, 't');
      found.set(instance[key.prop] as K, instance);
    }
    return keys.map((k) => found.get(k) ?? null);
  });
}
