import { RowShape } from '../../shared/rows';
import { Country } from './country.entity';

export const countryRows = new RowShape(Country, {
  fieldColumns: { id: ['code'], name: ['nameEn', 'nameZh'] },
  keyFields: ['id'],
});
