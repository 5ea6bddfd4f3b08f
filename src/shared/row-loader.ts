import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RowPlan, RowShape } from './rows';
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
      // One text for any number of keys (the parameter takes the column's array type): prepared once per connection.
      `select ${plan.select('t')} from ${table} t${plan.joinSql('t')} where t.${key.column} = any(?)`,
      [[...keys]],
      { prepared: true },
    );
    const found = new Map<K, T>();
    for (const row of rows) {
      const instance = plan.map(row, 't');
      found.set(instance[key.prop] as K, instance);
    }
    return keys.map((k) => found.get(k) ?? null);
  });
}

/**
 * Rows of `table` by id as the caller may see them, in one statement per tick: `visible` is the
 * type's read rule over alias `t`, so an invisible row loads as null, exactly like a missing one.
 */
export function visibleRowLoader<T extends { id: number }>(
  em: EntityManager,
  plan: RowPlan<T>,
  table: string,
  visible: { sql: string; params: unknown[] },
): DataLoader<number, T | null> {
  const sql = `select ${plan.select('t')} from ${table} t${plan.joinSql('t')} where t.id = any(?::int[]) and ${visible.sql}`;
  return new DataLoader<number, T | null>(async (ids) => {
    const rows = await queryRows(em, sql, [[...ids], ...visible.params], { prepared: true });
    const found = new Map<number, T>();
    for (const row of rows) {
      const instance = plan.map(row, 't');
      found.set(instance.id, instance);
    }
    return ids.map((id) => found.get(id) ?? null);
  });
}

/** A join table from a parent's rows (`parent`, an integer column) to the rows of `target`. */
export interface LinkTable {
  table: string;
  parent: string;
  /** The join table's column that holds the target's `targetKey`. */
  column: string;
  target: string;
  targetKey: string;
  /** Order within each parent's list, over the target as `t`. */
  orderBy: string;
}

/**
 * The rows a join table links to each parent, for many parents in one statement, in `orderBy`
 * order. Callers hold parents the viewer may see; what they link to must be readable with them.
 */
export function linkedRowsLoader<T extends object>(em: EntityManager, plan: RowPlan<T>, link: LinkTable): DataLoader<number, T[]> {
  const sql =
    `select x.${link.parent} as "_parent", ${plan.select('t')} from ${link.table} x ` +
    `join ${link.target} t on t.${link.targetKey} = x.${link.column}${plan.joinSql('t')} ` +
    `where x.${link.parent} = any(?::int[]) order by x.${link.parent}, ${link.orderBy}`;
  return new DataLoader<number, T[]>(async (parentIds) => {
    const rows = await queryRows(em, sql, [[...parentIds]], { prepared: true });
    const byParent = new Map<number, T[]>();
    for (const row of rows) {
      const list = byParent.get(row._parent as number);
      const instance = plan.map(row, 't');
      if (list) list.push(instance);
      else byParent.set(row._parent as number, [instance]);
    }
    return parentIds.map((id) => byParent.get(id) ?? []);
  });
}
