export { PartnerWish } from './partner-wish.entity';
export { PartnerWishStatus } from './partner-wish.enums';
