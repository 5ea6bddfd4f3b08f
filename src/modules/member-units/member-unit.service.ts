import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConnectionArgs, Page } from '../../shared/connection';
import { existingId } from '../../shared/references';
import { keysetPage } from '../../shared/pagination';
import { searchArgument } from '../../shared/search';
import type { FieldSelection } from '../../shared/selection';
import type { MemberUnit } from './member-unit.entity';
import { memberUnitRows } from './member-unit.rows';
import type { MemberUnitFilter } from './member-unit.inputs';

/** Member units by code. */
export async function listMemberUnits(
  em: EntityManager,
  filter: MemberUnitFilter,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<Page<MemberUnit>> {
  const { query, map } = memberUnitRows.listQuery(em, 'u', selection);
  if (filter.kind) {
    query.where.push('u.kind = ?');
    query.params.push(filter.kind);
  }
  if (filter.locality != null) {
    query.where.push('u.locality_id = ?');
    query.params.push(await existingId(em, filter.locality, 'Locality', 'filter.locality'));
  }
  if (filter.parent != null) {
    query.where.push('u.parent_id = ?');
    query.params.push(await existingId(em, filter.parent, 'MemberUnit', 'filter.parent'));
  }
  const search = searchArgument(filter.search, 'filter.search');
  if (search) {
    query.where.push(
      `(hub_search_key(u.code || ' ' || u.name_en || ' ' || u.name_zh) like '%' || hub_like_escape(hub_search_key(?)) || '%')`,
    );
    query.params.push(search);
  }
  return keysetPage(em, query, { expr: 'u.code', type: 'text', direction: 'asc' }, args, map);
}
