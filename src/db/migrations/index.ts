import { Migration20261125000000_foundation } from './Migration20261125000000_foundation';

/** Listed explicitly so the same code runs from TypeScript sources and compiled output. */
export const migrationsList = [
  { name: 'Migration20261125000000_foundation', class: Migration20261125000000_foundation },
];
