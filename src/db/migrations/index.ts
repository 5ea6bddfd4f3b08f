import { Migration20261125000000_foundation } from './Migration20261125000000_foundation';
import { Migration20261125100000_sharing } from './Migration20261125100000_sharing';
import { Migration20261125200000_activity } from './Migration20261125200000_activity';
import { Migration20261202000000_feed } from './Migration20261202000000_feed';
import { Migration20261206000000_information } from './Migration20261206000000_information';
import { Migration20261206100000_catalogue } from './Migration20261206100000_catalogue';
import { Migration20261206200000_exchanges } from './Migration20261206200000_exchanges';
import { Migration20261206300000_indicators } from './Migration20261206300000_indicators';
import { Migration20261206400000_search } from './Migration20261206400000_search';
import { Migration20261207000000_search_documents } from './Migration20261207000000_search_documents';
import { Migration20261207100000_partner_profiles } from './Migration20261207100000_partner_profiles';
import { Migration20261207200000_locality_search } from './Migration20261207200000_locality_search';

/** Listed explicitly so the same code runs from TypeScript sources and compiled output. */
export const migrationsList = [
  { name: 'Migration20261125000000_foundation', class: Migration20261125000000_foundation },
  { name: 'Migration20261125100000_sharing', class: Migration20261125100000_sharing },
  { name: 'Migration20261125200000_activity', class: Migration20261125200000_activity },
  { name: 'Migration20261202000000_feed', class: Migration20261202000000_feed },
  { name: 'Migration20261206000000_information', class: Migration20261206000000_information },
  { name: 'Migration20261206100000_catalogue', class: Migration20261206100000_catalogue },
  { name: 'Migration20261206200000_exchanges', class: Migration20261206200000_exchanges },
  { name: 'Migration20261206300000_indicators', class: Migration20261206300000_indicators },
  { name: 'Migration20261206400000_search', class: Migration20261206400000_search },
  { name: 'Migration20261207000000_search_documents', class: Migration20261207000000_search_documents },
  { name: 'Migration20261207100000_partner_profiles', class: Migration20261207100000_partner_profiles },
  { name: 'Migration20261207200000_locality_search', class: Migration20261207200000_locality_search },
];
