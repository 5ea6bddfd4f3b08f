import { RowShape } from '../../shared/rows';
import { memberUnitRows } from '../member-units/member-unit.rows';
import { InformationItem } from './information-item.entity';

/** An item may come with its publisher unit in one statement. */
export const informationItemRows = new RowShape(InformationItem, {
  joins: () => [{ prop: 'ownerUnit', field: 'publisher', shape: memberUnitRows }],
  fieldColumns: {
    title: ['titleEn', 'titleZh'],
    body: ['bodyEn', 'bodyZh'],
  },
  keyFields: ['id'],
});
