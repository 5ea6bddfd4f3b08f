import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer';
import type { RowPlan } from '../../shared/rows';
import { queryRows } from '../../shared/sql';
import type { Country } from '../countries/country.entity';
import { countryRows } from '../countries/country.rows';
import type { FriendshipRelation } from '../friendship-relations/friendship-relation.entity';
import { relationRows } from '../friendship-relations/friendship-relation.rows';
import type { Locality } from '../localities/locality.entity';
import { localityRows } from '../localities/locality.rows';
import { resourceRows } from './resource.rows';
import { contentReadableSql, visibleResourceSql } from './resource.visibility';
import type { SharedResource } from './shared-resource.entity';

/**
 * Resources by id as the caller may see them, in one statement per tick: the visibility rule and
 * whether the content is readable are in that statement. An invisible resource loads as null,
 * exactly like a missing one.
 */
export function visibleResourcesLoader(em: EntityManager, viewer: Viewer): DataLoader<number, SharedResource | null> {
  // Loaders serve every caller in the operation, whatever it selects: they read whole rows.
  const plan = resourceRows.plan(em);
  const visible = visibleResourceSql(viewer, 't');
  const readable = contentReadableSql(viewer, 't');
  const sql =
    `select ${plan.select('t')}, ${readable.sql} as "_readable" from shared_resource t${plan.joinSql('t')} ` +
    `where t.id = any(?::int[]) and ${visible.sql}`;
  return new DataLoader<number, SharedResource | null>(async (ids) => {
    const rows = await queryRows(em, sql, [...readable.params, [...ids], ...visible.params]);
    const found = new Map<number, SharedResource>();
    for (const row of rows) {
      const resource = plan.map(row, 't');
      resource.contentReadable = row._readable === true;
      found.set(resource.id, resource);
    }
    return ids.map((id) => found.get(id) ?? null);
  });
}

/**
 * The rows a join table links to each resource, for many resources in one statement, in
 * `orderBy` order. Callers hold resources the viewer may see; what they link to is public data.
 */
function linkedRowsLoader<T extends object>(
  em: EntityManager,
  plan: RowPlan<T>,
  link: { table: string; column: string; target: string; targetKey: string; orderBy: string },
): DataLoader<number, T[]> {
  const sql =
    `select x.resource_id as "_parent", ${plan.select('t')} from ${link.table} x ` +
    `join ${link.target} t on t.${link.targetKey} = x.${link.column}${plan.joinSql('t')} ` +
    `where x.resource_id = any(?::int[]) order by x.resource_id, ${link.orderBy}`;
  return new DataLoader<number, T[]>(async (resourceIds) => {
    const rows = await queryRows(em, sql, [[...resourceIds]]);
    const byResource = new Map<number, T[]>();
    for (const row of rows) {
      const list = byResource.get(row._parent as number);
      const item = plan.map(row, 't');
      if (list) list.push(item);
      else byResource.set(row._parent as number, [item]);
    }
    return resourceIds.map((id) => byResource.get(id) ?? []);
  });
}

/** The DataLoaders of shared resources for one operation (see src/loaders.ts). */
export function createResourceLoaders(em: EntityManager, viewer: Viewer) {
  return {
    resourcesById: visibleResourcesLoader(em, viewer),
    countriesByResourceId: linkedRowsLoader<Country>(em, countryRows.plan(em), {
      table: 'resource_country',
      column: 'country_code',
      target: 'country',
      targetKey: 'code',
      orderBy: 't.name_en, t.code',
    }),
    foreignLocalitiesByResourceId: linkedRowsLoader<Locality>(em, localityRows.plan(em), {
      table: 'resource_locality',
      column: 'locality_id',
      target: 'locality',
      targetKey: 'id',
      orderBy: 't.name_en, t.id',
    }),
    relationsByResourceId: linkedRowsLoader<FriendshipRelation>(em, relationRows.plan(em), {
      table: 'resource_relation',
      column: 'relation_id',
      target: 'friendship_relation',
      targetKey: 'id',
      orderBy: 't.id',
    }),
  };
}
