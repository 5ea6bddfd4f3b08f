import { SearchResolver } from './search.resolver';

export { SearchType } from './search.enums';
export { search, SEARCH_CANDIDATES_PER_TYPE } from './search.service';

/** This module's resolver classes, for the schema. */
export const searchResolvers: Function[] = [SearchResolver];
