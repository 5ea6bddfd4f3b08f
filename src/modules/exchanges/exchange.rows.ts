import { RowShape } from '../../shared/rows';
import { memberUnitRows } from '../member-units/member-unit.rows';
import { Exchange } from './exchange.entity';

/** An exchange may come with its organising unit in the same statement. */
export const exchangeRows = new RowShape(Exchange, {
  joins: () => [{ prop: 'organisingUnit', shape: memberUnitRows }],
  fieldColumns: { title: ['titleEn', 'titleZh'] },
});
