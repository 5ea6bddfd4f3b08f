import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer';
import type { RowPlan } from '../../shared/rows';
import { queryRows } from '../../shared/sql';
import type { Country } from '../countries/country.entity';
import { countryRows } from '../countries/country.rows';
import type { Locality } from '../localities/locality.entity';
import { localityRows } from '../localities/locality.rows';
import type { InformationItem } from './information-item.entity';
import { informationItemRows } from './information.rows';
import { visibleInformationSql } from './information.visibility';

/** Items by id as the caller may see them, in one statement per tick; an invisible item loads as null. */
export function visibleInformationItemsLoader(em: EntityManager, viewer: Viewer): DataLoader<number, InformationItem | null> {
  const plan = informationItemRows.plan(em);
  const visible = visibleInformationSql(viewer, 't');
  const sql = `select ${plan.select('t')} from information_item t${plan.joinSql('t')} where t.id = any(?::int[]) and ${visible.sql}`;
  return new DataLoader<number, InformationItem | null>(async (ids) => {
    const rows = await queryRows(em, sql, [[...ids], ...visible.params]);
    const found = new Map<number, InformationItem>();
    for (const row of rows) {
      const item = plan.map(row, 't');
      found.set(item.id, item);
    }
    return ids.map((id) => found.get(id) ?? null);
  });
}

/** What a join table links to each item, for many items in one statement. Callers hold items the viewer may see. */
function linkedRowsLoader<T extends object>(
  em: EntityManager,
  plan: RowPlan<T>,
  link: { table: string; column: string; target: string; targetKey: string; orderBy: string },
): DataLoader<number, T[]> {
  const sql =
    `select x.item_id as "_parent", ${plan.select('t')} from ${link.table} x ` +
    `join ${link.target} t on t.${link.targetKey} = x.${link.column}${plan.joinSql('t')} ` +
    `where x.item_id = any(?::int[]) order by x.item_id, ${link.orderBy}`;
  return new DataLoader<number, T[]>(async (itemIds) => {
    const rows = await queryRows(em, sql, [[...itemIds]]);
    const byItem = new Map<number, T[]>();
    for (const row of rows) {
      const list = byItem.get(row._parent as number) ?? [];
      list.push(plan.map(row, 't'));
      byItem.set(row._parent as number, list);
    }
    return itemIds.map((id) => byItem.get(id) ?? []);
  });
}

/** The DataLoaders of information items for one operation (see src/loaders.ts). */
export function createInformationLoaders(em: EntityManager, viewer: Viewer) {
  return {
    informationItemsById: visibleInformationItemsLoader(em, viewer),
    countriesByInformationItemId: linkedRowsLoader<Country>(em, countryRows.plan(em), {
      table: 'information_item_country',
      column: 'country_code',
      target: 'country',
      targetKey: 'code',
      orderBy: 't.name_en, t.code',
    }),
    localitiesByInformationItemId: linkedRowsLoader<Locality>(em, localityRows.plan(em), {
      table: 'information_item_locality',
      column: 'locality_id',
      target: 'locality',
      targetKey: 'id',
      orderBy: 't.name_en, t.id',
    }),
  };
}
