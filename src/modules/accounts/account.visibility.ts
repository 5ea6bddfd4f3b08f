import type { HubContext } from '../../context';
import { refKey } from '../../shared/rows';
import type { Account } from './account.entity';
import { seesTokensOf } from './account.service';
import type { ApiToken } from './api-token.entity';

/**
 * An account as the caller may see it: members see every account (name, unit and role: the audit
 * trail shows them who read their data), anonymous callers none. Other modules that show who did
 * something should load accounts through this.
 */
export function accountForViewer({ viewer, loaders }: Pick<HubContext, 'viewer' | 'loaders'>, id: number): Promise<Account | null> | null {
  return viewer.kind === 'member' ? loaders.accountsById.load(id) : null;
}

/** A token as the caller may see it: its account's holder, that unit's ADMINs and hub admins. */
export async function tokenForViewer({ viewer, loaders }: Pick<HubContext, 'viewer' | 'loaders'>, id: number): Promise<ApiToken | null> {
  if (viewer.kind !== 'member') return null;
  const token = await loaders.apiTokensById.load(id);
  if (!token) return null;
  const account = await loaders.accountsById.load(refKey(token.account)!);
  return account && seesTokensOf(viewer, account.id, refKey(account.memberUnit)!) ? token : null;
}
