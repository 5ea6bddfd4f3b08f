import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../shared/node';
import { DateTimeScalar } from '../../shared/scalars';

export enum AuditOutcome {
  ALLOWED = 'ALLOWED',
  DENIED = 'DENIED',
  FAILED = 'FAILED',
}
registerEnumType(AuditOutcome, {
  name: 'AuditOutcome',
  valuesConfig: {
    ALLOWED: { description: 'The operation was allowed and took effect.' },
    DENIED: { description: 'The caller was not allowed (UNAUTHENTICATED or FORBIDDEN).' },
    FAILED: { description: 'The caller was allowed but the operation failed (bad input, conflict, not found, fault); nothing was stored.' },
  },
});

/**
 * One entry of the append-only audit trail. The database assigns id, time and hashes (trigger
 * `audit_entry_chain`) and refuses UPDATE, DELETE and TRUNCATE.
 */
@ObjectType({ implements: Node, simpleResolvers: true, description: 'Who did or read what, when, and with which outcome.' })
@Entity({ tableName: 'audit_entry' })
export class AuditEntry {
  @PrimaryKey({ type: 'bigint' })
  id!: string;

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  occurredAt!: Date;

  @Property({ type: 'integer', nullable: true }) accountId?: number | null;
  @Property({ type: 'integer', nullable: true }) unitId?: number | null;
  @Property({ type: 'integer', nullable: true }) tokenId?: number | null;

  @Field(() => String, { description: 'The mutation name, or "readContent" for a read of protected content.' })
  @Property({ type: 'text' })
  action!: string;

  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) subjectType?: string | null;
  @Property({ type: 'text', nullable: true }) subjectId?: string | null;
  @Property({ type: 'integer', nullable: true }) subjectOwnerUnitId?: number | null;

  @Field(() => AuditOutcome)
  @Enum({ items: () => AuditOutcome, type: 'string' })
  outcome!: AuditOutcome;

  @Field(() => String, { nullable: true, description: 'The error code when the outcome is not ALLOWED.' })
  @Property({ type: 'text', nullable: true })
  errorCode?: string | null;

  @Property({ type: 'json' }) detail: Record<string, unknown> = {};
  @Property({ type: 'blob', columnType: 'bytea', nullable: true }) prevHash?: Buffer | null;
  @Property({ type: 'blob', columnType: 'bytea' }) hash!: Buffer;
}
