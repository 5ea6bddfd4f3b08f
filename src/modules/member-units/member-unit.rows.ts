import { RowShape } from '../../shared/rows';
import { MemberUnit } from './member-unit.entity';

export const memberUnitRows = new RowShape(MemberUnit, {
  fieldColumns: { name: ['nameEn', 'nameZh'], contact: ['contactEmail', 'contactPhone', 'website'] },
  keyFields: ['id'],
});
