import type { HubContext } from '../../context';

/**
 * How `node(id)` fetches each type: by integer key (most types) or by text key (countries).
 * Each feature module registers its own types, applying its own visibility rules: an object the
 * caller may not see resolves to null, exactly like one that does not exist.
 */
export type NodeFetcher = (context: HubContext, key: number) => Promise<object | null> | object | null;
export type TextNodeFetcher = (context: HubContext, key: string) => Promise<object | null> | object | null;

const intKeyed = new Map<string, NodeFetcher>();
const textKeyed = new Map<string, { pattern: RegExp; fetch: TextNodeFetcher }>();

export function registerNodeType(type: string, fetch: NodeFetcher): void {
  intKeyed.set(type, fetch);
}

export function registerTextNodeType(type: string, pattern: RegExp, fetch: TextNodeFetcher): void {
  textKeyed.set(type, { pattern, fetch });
}

export const nodeFetcher = (type: string) => intKeyed.get(type);
export const textNodeFetcher = (type: string) => textKeyed.get(type);

registerTextNodeType('Country', /^[A-Z]{2}$/, ({ loaders }, key) => loaders.countriesByCode.load(key));
registerNodeType('Locality', ({ loaders }, key) => loaders.localitiesById.load(key));
registerNodeType('MemberUnit', ({ loaders }, key) => loaders.memberUnitsById.load(key));
registerNodeType('FriendshipRelation', ({ loaders }, key) => loaders.relationsById.load(key));
registerNodeType('RelationStatusChange', ({ loaders }, key) => loaders.statusChangesById.load(key));
