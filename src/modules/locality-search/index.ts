export { LocalitySearchResolver } from './locality-search.resolver';
export { LocalitySearchFilter } from './locality-search.inputs';
export { LocalityNameMatch, LocalitySearchConnection, LocalitySearchEdge } from './locality-search.types';
