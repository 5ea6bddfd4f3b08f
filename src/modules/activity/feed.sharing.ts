import { getNamedType, isCompositeType, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';

/**
 * Types whose every field reads the same for every caller: the activity itself (who may see it at
 * all is decided before delivery) and the public reference data it points to. A field returning
 * any other composite type (a resource, an account, a node, a connection of resources) may read
 * differently for different callers. Keep this list to types without viewer-dependent fields:
 * adding such a field to one of them means removing the type from here.
 */
const PUBLIC_TYPES = new Set([
  'Subscription',
  'ActivityFeedEvent',
  'Activity',
  'MemberUnit',
  'MemberUnitConnection',
  'MemberUnitEdge',
  'ContactInfo',
  'Country',
  'CountryConnection',
  'CountryEdge',
  'Locality',
  'LocalityConnection',
  'LocalityEdge',
  'LocalityProfile',
  'ProfileTheme',
  'LocalityPartnership',
  'FriendshipRelation',
  'FriendshipRelationConnection',
  'FriendshipRelationEdge',
  'RelationStatusChange',
  'RelationStatusChangeConnection',
  'RelationStatusChangeEdge',
  'PageInfo',
]);

const verdicts = new WeakMap<DocumentNode, boolean>();

/**
 * True when executing `document` on a feed event gives the same result whoever asks: then one
 * execution per event serves every subscriber of that document (e.g. dashboards that show verbs,
 * titles and units), instead of one per account.
 */
export function readsSameForEveryone(schema: GraphQLSchema, document: DocumentNode): boolean {
  const known = verdicts.get(document);
  if (known !== undefined) return known;
  const typeInfo = new TypeInfo(schema);
  let same = true;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const type = typeInfo.getType();
        const named = type ? getNamedType(type) : undefined;
        if (!named || (isCompositeType(named) && !PUBLIC_TYPES.has(named.name))) same = false;
      },
      InlineFragment() {
        const type = typeInfo.getType();
        if (!type || !PUBLIC_TYPES.has(getNamedType(type).name)) same = false;
      },
      FragmentDefinition() {
        const type = typeInfo.getType();
        if (!type || !PUBLIC_TYPES.has(getNamedType(type).name)) same = false;
      },
    }),
  );
  verdicts.set(document, same);
  return same;
}
