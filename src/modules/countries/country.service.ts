import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConnectionArgs, Page } from '../../shared/connection';
import { keysetPage } from '../../shared/pagination';
import { searchArgument } from '../../shared/search';
import type { FieldSelection } from '../../shared/selection';
import type { Country } from './country.entity';
import { countryRows } from './country.rows';

/** Countries by code; `search` matches the code or a part of the English or Chinese name. */
export function listCountries(
  em: EntityManager,
  search: string | null | undefined,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<Page<Country>> {
  const { query, map } = countryRows.listQuery(em, 'c', selection);
  const text = searchArgument(search, 'search');
  if (text) {
    query.where.push(
      `(c.code = upper(?) or hub_search_key(c.name_en) like '%' || hub_like_escape(hub_search_key(?)) || '%' or c.name_zh like '%' || hub_like_escape(?) || '%')`,
    );
    query.params.push(text, text, text);
  }
  const sort = { expr: 'c.code', type: 'text', direction: 'asc' } as const;
  return keysetPage(em, { ...query, key: { expr: 'c.code', type: 'text' } }, sort, args, map);
}
