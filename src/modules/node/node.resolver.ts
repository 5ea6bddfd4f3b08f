import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../context';
import { badInput } from '../../errors';
import { decodeGlobalId } from '../../shared/global-id';
import { Node } from '../../shared/node';
import { nodeFetcher, textNodeFetcher } from './node-types';

const INT_KEY = /^[1-9][0-9]{0,9}$/;

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description:
      'Fetches any object by its global ID; null when no such object exists or the caller may not see it. A string that is not a hub ID is BAD_USER_INPUT.',
  })
  async node(@Ctx() context: HubContext, @Arg('id', () => ID) id: string): Promise<object | null> {
    const decoded = decodeGlobalId(id);
    const invalid = () => badInput(`"${id}" is not a valid ID.`, 'id', 'INVALID_ID');
    if (!decoded) throw invalid();
    const { type, key } = decoded;
    const byText = textNodeFetcher(type);
    if (byText) {
      if (!byText.pattern.test(key)) throw invalid();
      return byText.fetch(context, key);
    }
    const fetch = nodeFetcher(type);
    if (!fetch || !INT_KEY.test(key) || Number(key) > 2_147_483_647) throw invalid();
    return fetch(context, Number(key));
  }
}
