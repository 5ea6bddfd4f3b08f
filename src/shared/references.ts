import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound } from '../errors';
import { parseIntId } from './global-id';
import { queryRows } from './sql';

const TABLES = { Locality: 'locality', MemberUnit: 'member_unit', FriendshipRelation: 'friendship_relation' } as const;

/**
 * Decodes an ID argument and checks that the object exists: a malformed or wrong-type ID is
 * BAD_USER_INPUT, a well-formed ID of nothing is NOT_FOUND (rather than a silently empty list).
 */
export async function existingId(em: EntityManager, id: string, type: keyof typeof TABLES, field: string): Promise<number> {
  const key = parseIntId(id, type, field);
  const [row] = await queryRows(em, `select 1 as found from ${TABLES[type]} where id = ?`, [key]);
  if (!row) throw notFound(`No ${type} has the ID "${id}".`, 'OBJECT_NOT_FOUND', field);
  return key;
}
