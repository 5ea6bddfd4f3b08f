import { RowShape } from '../../shared/rows';
import { countryRows } from '../countries/country.rows';
import { Locality } from './locality.entity';

/** A locality comes with its country: nearly every view of a place shows it. */
export const localityRows = new RowShape(Locality, () => [{ prop: 'country', shape: countryRows }]);
