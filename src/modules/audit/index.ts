import { AuditEntryResolver, AuditVerificationResolver } from './audit.resolver';
export { AuditEntry, AuditOutcome } from './audit-entry.entity';
export { appendAudit, audited, createContentReadRecorder, type AuditSubject, type MutationAudit } from './audit.service';

/** This module's resolver classes, for the schema. */
export const auditResolvers: Function[] = [AuditEntryResolver, AuditVerificationResolver];
