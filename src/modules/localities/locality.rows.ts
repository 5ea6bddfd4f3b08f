import { RowShape } from '../../shared/rows';
import { countryRows } from '../countries/country.rows';
import { Locality } from './locality.entity';

/** A locality may come with its country in the same statement. */
export const localityRows = new RowShape(Locality, {
  joins: () => [{ prop: 'country', shape: countryRows }],
  fieldColumns: { name: ['nameEn', 'nameZh'], children: ['side'], friendshipRelations: ['side'], resources: ['side'] },
  keyFields: ['id'],
});
