import { registerEnumType } from 'type-graphql';

/** What `search` looks through. */
export enum SearchType {
  RESOURCE = 'RESOURCE',
  INFORMATION = 'INFORMATION',
  CATALOGUE = 'CATALOGUE',
}
registerEnumType(SearchType, {
  name: 'SearchType',
  description: 'A kind of object `search` finds.',
  valuesConfig: {
    RESOURCE: { description: 'Shared resources (SharedResource): titles, summaries, tags and themes.' },
    INFORMATION: { description: 'Information items (InformationItem): titles and bodies.' },
    CATALOGUE: { description: 'ACTIVE catalogue matters (CatalogueMatter): names, code, accepting office, legal basis and procedure.' },
  },
});
