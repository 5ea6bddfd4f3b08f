import type DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer';
import { linkedRowsLoader, visibleRowLoader } from '../../shared/row-loader';
import type { Country } from '../countries/country.entity';
import { countryRows } from '../countries/country.rows';
import type { Locality } from '../localities/locality.entity';
import { localityRows } from '../localities/locality.rows';
import type { InformationItem } from './information-item.entity';
import { informationItemRows } from './information.rows';
import { visibleInformationSql } from './information.visibility';

/** Items by id as the caller may see them, in one statement per tick; an invisible item loads as null. */
export function visibleInformationItemsLoader(em: EntityManager, viewer: Viewer): DataLoader<number, InformationItem | null> {
  return visibleRowLoader(em, informationItemRows.plan(em), 'information_item', visibleInformationSql(viewer, 't'));
}

/** The DataLoaders of information items for one operation (see src/loaders.ts). */
export function createInformationLoaders(em: EntityManager, viewer: Viewer) {
  return {
    informationItemsById: visibleInformationItemsLoader(em, viewer),
    countriesByInformationItemId: linkedRowsLoader<Country>(em, countryRows.plan(em), {
      table: 'information_item_country',
      parent: 'item_id',
      column: 'country_code',
      target: 'country',
      targetKey: 'code',
      orderBy: 't.name_en, t.code',
    }),
    localitiesByInformationItemId: linkedRowsLoader<Locality>(em, localityRows.plan(em), {
      table: 'information_item_locality',
      parent: 'item_id',
      column: 'locality_id',
      target: 'locality',
      targetKey: 'id',
      orderBy: 't.name_en, t.id',
    }),
  };
}
