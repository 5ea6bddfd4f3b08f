import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../context';
import { badInput } from '../../errors';
import { decodeGlobalId } from '../../shared/global-id';
import { Node } from '../../shared/node';

const INT_KEY = /^[1-9][0-9]{0,9}$/;

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: 'Fetches any object by its global ID; null when no such object exists. A string that is not a hub ID is BAD_USER_INPUT.',
  })
  async node(@Ctx() { loaders }: HubContext, @Arg('id', () => ID) id: string): Promise<object | null> {
    const decoded = decodeGlobalId(id);
    const invalid = () => badInput(`"${id}" is not a valid ID.`, 'id', 'INVALID_ID');
    if (!decoded) throw invalid();
    const { type, key } = decoded;
    if (type === 'Country') {
      if (!/^[A-Z]{2}$/.test(key)) throw invalid();
      return loaders.countriesByCode.load(key);
    }
    if (!INT_KEY.test(key) || Number(key) > 2_147_483_647) throw invalid();
    const numeric = Number(key);
    switch (type) {
      case 'Locality':
        return loaders.localitiesById.load(numeric);
      case 'MemberUnit':
        return loaders.memberUnitsById.load(numeric);
      case 'FriendshipRelation':
        return loaders.relationsById.load(numeric);
      case 'RelationStatusChange':
        return loaders.statusChangesById.load(numeric);
      default:
        throw invalid();
    }
  }
}
