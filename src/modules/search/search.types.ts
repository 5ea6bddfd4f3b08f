import { createUnionType, Field, Float, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../shared/connection';
import { CatalogueMatter } from '../catalogue/catalogue-matter.entity';
import { InformationItem } from '../information/information-item.entity';
import { SharedResource } from '../resources/shared-resource.entity';
import { SEARCH_CANDIDATES_PER_TYPE } from './search.service';
import { SearchType } from './search.enums';

export const SearchHit = createUnionType({
  name: 'SearchHit',
  description: 'Something `search` found.',
  types: () => [SharedResource, InformationItem, CatalogueMatter] as const,
  // Nodes are rows mapped onto the entity classes (src/shared/rows.ts): instances of them.
  resolveType: (value) => {
    if (value instanceof SharedResource) return SharedResource;
    if (value instanceof InformationItem) return InformationItem;
    if (value instanceof CatalogueMatter) return CatalogueMatter;
    return undefined;
  },
});

@ObjectType({ description: 'One search result: the object found and how well it matches.', simpleResolvers: true })
export class SearchEdge {
  @Field(() => String, { description: 'Opaque cursor for `after`.' }) cursor!: string;
  @Field(() => SearchHit) node!: SharedResource | InformationItem | CatalogueMatter;
  @Field(() => Float, { description: 'Relevance (ts_rank_cd): higher is better; titles and names weigh most.' }) rank!: number;
  @Field(() => SearchType) type!: SearchType;
}

@ObjectType({ description: 'A page of search results, best first.', simpleResolvers: true })
export class SearchConnection {
  @Field(() => [SearchEdge]) edges!: SearchEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, {
    description: `How many results the search holds across all pages: per type at most the newest ${SEARCH_CANDIDATES_PER_TYPE} matches the caller may see, which are the ones ranked.`,
  })
  totalCount!: number;
}
