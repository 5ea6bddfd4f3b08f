import { RowShape } from '../../shared/rows';
import { PartnerWish } from './partner-wish.entity';

/** Fields that read columns of other names (a list reads only the columns its selection needs). */
export const partnerWishRows = new RowShape(PartnerWish, {
  fieldColumns: {
    regions: ['regionIds'],
    // PartnerWish.candidates (src/modules/partner-matching) matches on the wish's whole criteria.
    candidates: ['locality', 'countries', 'continents', 'regionIds', 'themes', 'exchangeFields', 'minPopulation', 'maxPopulation'],
  },
});
