import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound } from '../../errors';
import { parseIntId } from '../../shared/global-id';
import { queryRows } from '../../shared/sql';

/** A locality a write is about, and whether the caller's unit is its city office (the member unit whose locality it is). */
export interface LocalityForWrite {
  id: number;
  side: string;
  name: string;
  cityOffice: boolean;
}

/** Looks up the locality `id` names (NOT_FOUND naming `field` when there is none) in one statement. */
export async function localityForWrite(em: EntityManager, id: string, unitId: number, field: string): Promise<LocalityForWrite> {
  const key = parseIntId(id, 'Locality', field);
  const [row] = await queryRows<{ id: number; side: string; name: string; city_office: boolean }>(
    em,
    `select l.id, l.side, coalesce(l.name_en, l.name_zh) as name,
       exists (select 1 from member_unit u where u.id = ? and u.locality_id = l.id) as city_office
     from locality l where l.id = ?`,
    [unitId, key],
  );
  if (!row) throw notFound(`No locality has the ID "${id}".`, 'OBJECT_NOT_FOUND', field);
  return { id: row.id, side: row.side, name: row.name, cityOffice: row.city_office };
}
