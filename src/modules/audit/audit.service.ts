import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer';
import { AppError, ErrorCode, isDatabaseUnavailable, publicErrorCode } from '../../errors';
import type { Logger } from '../../logger';
import { recordActivity } from '../activity/activity.recorder';
import { AuditOutcome } from './audit-entry.entity';

/** What an audit entry is about; `ownerUnitId` lets the owner unit find entries about its data. */
export interface AuditSubject {
  type: string;
  id: string | number | null;
  ownerUnitId?: number | null;
}

export interface AuditRecord {
  action: string;
  subject?: AuditSubject | null;
  outcome: AuditOutcome;
  errorCode?: string | null;
  detail?: Record<string, unknown>;
}

/**
 * Appends entries in one statement, on `em`'s transaction when it has one. The database chains
 * them (trigger `audit_entry_chain`): id, time and hashes are not ours to set.
 */
export async function appendAudit(em: EntityManager, viewer: Viewer, records: AuditRecord[]): Promise<void> {
  if (!records.length) return;
  const member = viewer.kind === 'member' ? viewer : null;
  const values: unknown[] = [];
  const rows = records.map((record) => {
    values.push(
      member?.accountId ?? null,
      member?.unitId ?? null,
      member?.tokenId ?? null,
      record.action,
      record.subject?.type ?? null,
      record.subject?.id == null ? null : String(record.subject.id),
      record.subject?.ownerUnitId ?? null,
      record.outcome,
      record.errorCode ?? null,
      JSON.stringify(record.detail ?? {}),
    );
    return '(?::int, ?::int, ?::int, ?, ?, ?, ?::int, ?, ?, ?::jsonb)';
  });
  await em.execute(
    `insert into audit_entry (account_id, unit_id, token_id, action, subject_type, subject_id, subject_owner_unit_id, outcome, error_code, detail)
     values ${rows.join(', ')}`,
    values,
  );
}

/** What a mutation tells the audit trail while it runs: its subject once known, and details. */
export interface MutationAudit {
  subject: AuditSubject | null;
  detail: Record<string, unknown>;
  /** Writes that follow the mutation's own activity in the log (e.g. the activities it caused for other units). */
  afterActivity?: Array<(em: EntityManager) => Promise<void>>;
}

export interface AuditedContext {
  em: EntityManager;
  viewer: Viewer;
  logger: Logger;
}

const outcomeOf = (code: string) =>
  code === ErrorCode.UNAUTHENTICATED || code === ErrorCode.FORBIDDEN ? AuditOutcome.DENIED : AuditOutcome.FAILED;

/**
 * Runs a mutation in one transaction and records it in the audit trail. An allowed mutation's
 * entry commits with its change; after any error the transaction is rolled back (nothing of the
 * mutation stays) and a DENIED or FAILED entry is written on its own.
 */
export async function audited<T>(
  context: AuditedContext,
  action: string,
  subject: AuditSubject | null,
  work: (em: EntityManager, audit: MutationAudit) => Promise<T>,
): Promise<T> {
  const audit: MutationAudit = { subject, detail: {} };
  try {
    return await context.em.transactional(async (em) => {
      const result = await work(em as EntityManager, audit);
      await em.flush();
      // Last, so the audit chain's lock is held for as short a time as possible.
      await appendAudit(em as EntityManager, context.viewer, [
        { action, subject: audit.subject, outcome: AuditOutcome.ALLOWED, detail: audit.detail },
      ]);
      // In the same transaction, under the lock the audit entry took: positions follow commits.
      await recordActivity(em as EntityManager, context.viewer, action, audit.subject);
      for (const write of audit.afterActivity ?? []) await write(em as EntityManager);
      return result;
    });
  } catch (error) {
    if (!isDatabaseUnavailable(error)) {
      const code = publicErrorCode(error);
      const detail = error instanceof AppError && error.details.reason ? { ...audit.detail, reason: error.details.reason } : audit.detail;
      try {
        await appendAudit(context.em.fork() as EntityManager, context.viewer, [
          { action, subject: audit.subject, outcome: outcomeOf(code), errorCode: code, detail },
        ]);
      } catch (auditError) {
        context.logger.error({ err: auditError, action }, 'could not record a refused mutation in the audit trail');
      }
    }
    throw error;
  }
}

export interface ContentRead {
  resourceId: number;
  ownerUnitId: number;
  tier: string;
}

/**
 * Records reads of CONDITIONAL or NOT_SHARED content by units other than the owner: one entry
 * per resource and operation, all of an operation's reads in one statement. Content resolvers
 * await it, so content is never returned unless its read was recorded.
 */
export function createContentReadRecorder(em: EntityManager, viewer: Viewer) {
  return new DataLoader<ContentRead, true, number>(
    async (reads) => {
      await appendAudit(
        em,
        viewer,
        reads.map((read) => ({
          action: 'readContent',
          subject: { type: 'SharedResource', id: read.resourceId, ownerUnitId: read.ownerUnitId },
          outcome: AuditOutcome.ALLOWED,
          detail: { tier: read.tier },
        })),
      );
      return reads.map(() => true as const);
    },
    { cacheKeyFn: (read) => read.resourceId },
  );
}
