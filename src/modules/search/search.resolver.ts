import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../context';
import { MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE } from '../../shared/connection';
import { MAX_SEARCH_LENGTH } from '../../shared/search';
import { SearchType } from './search.enums';
import { search, SEARCH_CANDIDATES_PER_TYPE, type SearchHitRow } from './search.service';
import { SearchConnection, type SearchEdge } from './search.types';

/** The object of a hit through its type's loader (visibility applied again; nested fields batch across hits). */
function loadHit({ loaders }: HubContext, hit: SearchHitRow) {
  switch (hit.type) {
    case SearchType.RESOURCE:
      return loaders.resourcesById.load(hit.id);
    case SearchType.INFORMATION:
      return loaders.informationItemsById.load(hit.id);
    default:
      return loaders.catalogueMattersById.load(hit.id);
  }
}

@Resolver()
export class SearchResolver {
  @Query(() => SearchConnection, {
    description:
      'Full-text search over shared resources, information items and ACTIVE catalogue matters together, only over what the caller may read ' +
      '(each type by its own rule, as `resources`, `informationItems` and `catalogueMatters` apply it). English is stemmed and accent-insensitive, ' +
      'Chinese matched by character bigrams; web-search syntax ("a phrase", or, -word). Per type, the newest ' +
      `${SEARCH_CANDIDATES_PER_TYPE} matches are ranked; results come best first, then newest first.`,
  })
  async search(
    @Ctx() context: HubContext,
    @Arg('text', () => String, { description: `What to look for: 1 to ${MAX_SEARCH_LENGTH} characters.` }) text: string,
    @Arg('types', () => [SearchType], { nullable: true, description: 'The types to search; every type when left out (an empty list is refused).' })
    types?: SearchType[] | null,
    @Arg('first', () => Int, { nullable: true, description: `Results after \`after\`, 1 to ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when not given.` })
    first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the result after which the page starts.' }) after?: string | null,
  ): Promise<SearchConnection> {
    const result = await search(context.em, context.viewer, { text, types, first, after });
    const loaded = await Promise.all(result.hits.map((hit) => loadHit(context, hit)));
    // A hit loads as null only when it changed between the two statements (became invisible or was deleted).
    const edges: SearchEdge[] = [];
    result.hits.forEach((hit, index) => {
      const node = loaded[index];
      if (node) edges.push({ cursor: hit.cursor, node, rank: hit.rank, type: hit.type });
    });
    return {
      edges,
      pageInfo: {
        hasNextPage: result.hasNextPage,
        hasPreviousPage: result.hasPreviousPage,
        startCursor: result.hits[0]?.cursor ?? null,
        endCursor: result.hits.at(-1)?.cursor ?? null,
      },
      totalCount: result.totalCount,
    };
  }
}
