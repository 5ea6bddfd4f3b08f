import { RowShape } from '../../shared/rows';
import { AuditEntry } from './audit-entry.entity';

export const auditEntryRows = new RowShape(AuditEntry, { keyFields: ['id'] });
