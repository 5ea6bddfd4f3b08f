export { AuditEntry, AuditOutcome } from './audit-entry.entity';
export { appendAudit, audited, createContentReadRecorder, type AuditSubject, type MutationAudit } from './audit.service';
