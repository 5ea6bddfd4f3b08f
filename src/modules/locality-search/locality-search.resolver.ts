import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Info, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../context';
import { ConnectionArgs } from '../../shared/connection';
import { connectionNodeSelection } from '../../shared/selection';
import { LocalitySearchFilter } from './locality-search.inputs';
import { searchLocalities, type LocalitySearchPage } from './locality-search.service';
import { LocalitySearchConnection } from './locality-search.types';

@Resolver()
export class LocalitySearchResolver {
  @Query(() => LocalitySearchConnection, {
    description:
      'Chinese divisions and foreign regions and cities by name, filter, or both: what a city office uses to find partner cities. ' +
      'Names match whatever the case, accents, spaces, apostrophes or hyphens (São Paulo = sao paulo; 西安 = Xi\'an = xian = "xi an"), ' +
      'in English, Chinese, pinyin or any alternate name, and despite typos. Results come best match first (EXACT, PREFIX, WORD_PREFIX, ' +
      'SUBSTRING, SIMILAR by edit distance), then most populous first, then Chinese provinces before prefectures before counties; ' +
      'with a filter and no query, most populous first. Each edge says how it matched.',
  })
  searchLocalities(
    @Ctx() { em }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('query', () => String, { nullable: true, description: 'A name or the start of one; at most 200 characters. %, _ and \\ are plain characters.' })
    query?: string | null,
    @Arg('filter', () => LocalitySearchFilter, { nullable: true }) filter?: LocalitySearchFilter | null,
  ): Promise<LocalitySearchPage> {
    return searchLocalities(em, query, filter, args, connectionNodeSelection(info));
  }
}
