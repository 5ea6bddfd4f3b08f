import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from '../errors';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ObjectType({ description: 'Where a page sits in its list (Relay cursor connections).', simpleResolvers: true })
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Items after \`after\`, 1 to ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when neither first nor last is given.` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the item after which the page starts.' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Items before \`before\`, 1 to ${MAX_PAGE_SIZE}.` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the item before which the page ends.' })
  before?: string | null;
}

/** A page of nodes as the resolvers return it; totalCount runs its query only when asked for. */
export interface Page<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: PageInfo;
  totalCount: () => Promise<number>;
}

export interface PageRequest {
  direction: 'forward' | 'backward';
  size: number;
  cursor: string | null;
}

/** Validates Relay arguments: page size within 1..100, never a silent clamp. */
export function pageRequest(args: ConnectionArgs): PageRequest {
  const { first, last, after, before } = args;
  if (first != null && last != null) throw badInput('Pass either "first" or "last", not both.', 'first');
  for (const [name, value] of [['first', first], ['last', last]] as const) {
    if (value != null && (value < 1 || value > MAX_PAGE_SIZE)) {
      throw badInput(`"${name}" must be between 1 and ${MAX_PAGE_SIZE}, got ${value}.`, name, 'PAGE_SIZE_OUT_OF_RANGE');
    }
  }
  if (last != null || (before != null && first == null)) {
    if (after != null) throw badInput('"after" goes with "first"; use "before" with "last".', 'after');
    return { direction: 'backward', size: last ?? DEFAULT_PAGE_SIZE, cursor: before ?? null };
  }
  if (before != null) throw badInput('"before" goes with "last"; use "after" with "first".', 'before');
  return { direction: 'forward', size: first ?? DEFAULT_PAGE_SIZE, cursor: after ?? null };
}

const connectionTypes = new Map<ClassType, ClassType>();

/** The Relay connection type for `NodeType`, created once per type: `<Type>Connection` and `<Type>Edge`. */
export function Connection<T extends object>(NodeType: ClassType<T>, name = NodeType.name): ClassType<Page<T>> {
  const existing = connectionTypes.get(NodeType);
  if (existing) return existing as ClassType<Page<T>>;

  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class Edge {
    @Field(() => String, { description: 'Opaque cursor for `after` / `before`.' }) cursor!: string;
    @Field(() => NodeType) node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} objects.`, simpleResolvers: true })
  class ConnectionType {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    // A function-valued property: graphql-js calls it only when totalCount is selected.
    @Field(() => Int, { description: 'How many items the whole list holds, across all pages.' })
    totalCount!: () => Promise<number>;
  }

  connectionTypes.set(NodeType, ConnectionType);
  return ConnectionType as unknown as ClassType<Page<T>>;
}
