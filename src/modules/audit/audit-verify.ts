import type { EntityManager } from '@mikro-orm/postgresql';
import { queryRows } from '../../shared/sql';

export interface AuditChainCheck {
  valid: boolean;
  checkedEntries: number;
  /** The first entry (in chain order) that fails a check, as its database id. */
  firstBadEntryId: string | null;
  problem: string | null;
}

type ChainRow = {
  checked: number;
  bad_id: string | null;
  hash_ok: boolean | null;
  previous_id: string | null;
};

/**
 * Proves the audit chain unbroken, or names the first entry where it breaks. In one statement and
 * one pass over the table (one snapshot, so entries appended meanwhile do not interfere):
 * each entry's hash is recomputed with the same function the insert trigger used, and each
 * `prev_hash` is compared with the stored hash of the entry before it.
 *
 * - A hash mismatch means the entry itself was altered after it was written.
 * - A link mismatch means the entry before it is not the one it was chained to: an entry was
 *   removed there, or the previous one was altered and its hash recomputed to hide it.
 *
 * Gaps in ids alone prove nothing: a rolled-back mutation consumes an id without leaving an entry.
 */
export async function verifyAuditChain(em: EntityManager): Promise<AuditChainCheck> {
  const [row] = await queryRows<ChainRow>(
    em,
    `with chain as (
       select e.id,
              e.hash = hub_audit_hash(e) as hash_ok,
              e.prev_hash is not distinct from lag(e.hash) over w as link_ok,
              lag(e.id) over w as previous_id
       from audit_entry e
       window w as (order by e.id)
     )
     select (select count(*) from chain)::int as checked,
            bad.id::text as bad_id, bad.hash_ok, bad.previous_id::text as previous_id
     from (select 1) as one
     left join lateral (select * from chain where not (hash_ok and link_ok) order by id limit 1) bad on true`,
    [],
  );
  if (row.bad_id == null) return { valid: true, checkedEntries: row.checked, firstBadEntryId: null, problem: null };
  const problem = row.hash_ok
    ? row.previous_id == null
      ? `Entry ${row.bad_id} is the first of the trail but points to an earlier entry: the entries before it were removed.`
      : `Entry ${row.bad_id} does not point to entry ${row.previous_id}, the entry before it: an entry between them was removed, ` +
        `or entry ${row.previous_id} was altered and its hash recomputed.`
    : `Entry ${row.bad_id} was altered after it was written: its contents no longer match its hash.`;
  return { valid: false, checkedEntries: row.checked, firstBadEntryId: row.bad_id, problem };
}
