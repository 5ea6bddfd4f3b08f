import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer';
import { linkedRowsLoader, visibleRowLoader } from '../../shared/row-loader';
import { queryRows } from '../../shared/sql';
import type { FriendshipRelation } from '../friendship-relations/friendship-relation.entity';
import { relationRows } from '../friendship-relations/friendship-relation.rows';
import type { Exchange } from './exchange.entity';
import { relationHealthSql } from './exchange.health';
import { exchangeRows } from './exchange.rows';
import { visibleExchangeSql } from './exchange.visibility';

/** A destination as stored: a locality (with its country) or a whole country. */
export interface DestinationRow {
  localityId: number | null;
  countryCode: string;
}

export interface RelationHealthRow {
  lastExchangeOn: string | null;
  exchangesInLastThreeYears: number;
  quiet: boolean;
}

/** Groups rows by `_parent`, answering in key order. */
function grouped<T>(keys: readonly number[], rows: Array<Record<string, unknown>>, map: (row: Record<string, unknown>) => T): T[][] {
  const byParent = new Map<number, T[]>();
  for (const row of rows) {
    const list = byParent.get(row._parent as number);
    if (list) list.push(map(row));
    else byParent.set(row._parent as number, [map(row)]);
  }
  return keys.map((key) => byParent.get(key) ?? []);
}

/** The DataLoaders of exchanges for one operation (see src/loaders.ts); each runs one statement per tick. */
export function createExchangeLoaders(em: EntityManager, viewer: Viewer) {
  const plan = exchangeRows.plan(em);
  const visible = visibleExchangeSql(viewer, 't');
  const relationPlan = relationRows.plan(em);
  const healthByGap = new Map<number, DataLoader<number, RelationHealthRow>>();
  return {
    /** Exchanges the caller may see; an invisible one loads as null, like a missing one. */
    byId: visibleRowLoader<Exchange>(em, plan, 'exchange', visible),
    destinationsByExchangeId: new DataLoader<number, DestinationRow[]>(async (ids) => {
      const rows = await queryRows(
        em,
        `select d.exchange_id as "_parent", d.locality_id, trim(d.country_code) as country_code from exchange_destination d
         where d.exchange_id = any(?::int[]) order by d.exchange_id, d.position`,
        [[...ids]],
      );
      return grouped(ids, rows, (row) => ({ localityId: row.locality_id as number | null, countryCode: row.country_code as string }));
    }),
    relationsByExchangeId: linkedRowsLoader<FriendshipRelation>(em, relationPlan, {
      table: 'exchange_relation',
      parent: 'exchange_id',
      column: 'relation_id',
      target: 'friendship_relation',
      targetKey: 'id',
      orderBy: 't.id',
    }),
    /** Ids only: the resources themselves load through resourcesById, which applies the caller's visibility. */
    resourceIdsByExchangeId: new DataLoader<number, number[]>(async (ids) => {
      const rows = await queryRows(
        em,
        `select x.exchange_id as "_parent", x.resource_id from exchange_resource x where x.exchange_id = any(?::int[]) order by x.exchange_id, x.resource_id`,
        [[...ids]],
      );
      return grouped(ids, rows, (row) => row.resource_id as number);
    }),
    /** Relationship health by relation id, for a quiet gap of `gapDays` (aggregates over every tier: see exchange.health.ts). */
    healthByRelationId(gapDays: number): DataLoader<number, RelationHealthRow> {
      let loader = healthByGap.get(gapDays);
      if (!loader) {
        const health = relationHealthSql(gapDays);
        loader = new DataLoader<number, RelationHealthRow>(async (ids) => {
          const rows = await queryRows<{ id: number; last: string | null; n: number; quiet: boolean }>(em, health.sql, [...health.params, [...ids]]);
          const byId = new Map(rows.map((row) => [row.id, { lastExchangeOn: row.last, exchangesInLastThreeYears: row.n, quiet: row.quiet }]));
          return ids.map((id) => byId.get(id) ?? { lastExchangeOn: null, exchangesInLastThreeYears: 0, quiet: true });
        });
        healthByGap.set(gapDays, loader);
      }
      return loader;
    },
  };
}

export type ExchangeLoaders = ReturnType<typeof createExchangeLoaders>;
