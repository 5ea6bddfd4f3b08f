import { RowShape } from '../../shared/rows';
import { AuditEntry } from './audit-entry.entity';

export const auditEntryRows = new RowShape(AuditEntry, {
  keyFields: ['id'],
  // GraphQL fields answered from columns of other names.
  fieldColumns: {
    account: ['accountId'],
    unit: ['unitId'],
    subjectId: ['subjectType', 'subjectId'],
    subjectOwnerUnit: ['subjectOwnerUnitId'],
    previousHash: ['prevHash'],
  },
});
