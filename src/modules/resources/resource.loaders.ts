import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer';
import { linkedRowsLoader } from '../../shared/row-loader';
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

/** The DataLoaders of shared resources for one operation (see src/loaders.ts). */
export function createResourceLoaders(em: EntityManager, viewer: Viewer) {
  return {
    resourcesById: visibleResourcesLoader(em, viewer),
    countriesByResourceId: linkedRowsLoader<Country>(em, countryRows.plan(em), {
      table: 'resource_country',
      parent: 'resource_id',
      column: 'country_code',
      target: 'country',
      targetKey: 'code',
      orderBy: 't.name_en, t.code',
    }),
    foreignLocalitiesByResourceId: linkedRowsLoader<Locality>(em, localityRows.plan(em), {
      table: 'resource_locality',
      parent: 'resource_id',
      column: 'locality_id',
      target: 'locality',
      targetKey: 'id',
      orderBy: 't.name_en, t.id',
    }),
    relationsByResourceId: linkedRowsLoader<FriendshipRelation>(em, relationRows.plan(em), {
      table: 'resource_relation',
      parent: 'resource_id',
      column: 'relation_id',
      target: 'friendship_relation',
      targetKey: 'id',
      orderBy: 't.id',
    }),
  };
}
