import { RowShape } from '../../shared/rows';
import { memberUnitRows } from '../member-units/member-unit.rows';
import { CatalogueEdition } from './catalogue-edition.entity';
import { CatalogueMatter } from './catalogue-matter.entity';

/** A matter may come with its provider unit in one statement. */
export const catalogueMatterRows = new RowShape(CatalogueMatter, {
  joins: () => [{ prop: 'providerUnit', field: 'provider', shape: memberUnitRows }],
  fieldColumns: { name: ['nameEn', 'nameZh'] },
  keyFields: ['id'],
});

export const catalogueEditionRows = new RowShape(CatalogueEdition, { keyFields: ['id'] });
