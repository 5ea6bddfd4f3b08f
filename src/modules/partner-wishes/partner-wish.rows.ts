import { RowShape } from '../../shared/rows';
import { PartnerWish } from './partner-wish.entity';

export const partnerWishRows = new RowShape(PartnerWish, {});
