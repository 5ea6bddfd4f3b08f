import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer';
import { visibleRowLoader } from '../../shared/row-loader';
import type { PartnerWish } from './partner-wish.entity';
import { partnerWishRows } from './partner-wish.rows';

/** Wishes by id, for members only (an anonymous caller loads null, as for a missing wish). */
export function partnerWishesByIdLoader(em: EntityManager, viewer: Viewer) {
  return visibleRowLoader<PartnerWish>(em, partnerWishRows.plan(em), 'partner_wish', { sql: viewer.kind === 'member' ? 'true' : 'false', params: [] });
}
