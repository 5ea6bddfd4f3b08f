import type { GraphQLSchema } from 'graphql';
import { isObjectType } from 'graphql';
import type { HubContext } from '../context';

/**
 * type-graphql runs every field resolver through a pipeline that converts the parent object,
 * sorts and converts the parameters on each call, and makes any resolver with arguments async.
 * On fields resolved once per object of a list (ids, names, joined references) that pipeline was
 * a fifth of the hub's CPU on list queries. Such fields are declared with @FieldResolver as usual
 * (for the schema) and also registered here; the schema then calls the function directly.
 */
export type DirectResolver<Root = any, Args = any> = (root: Root, args: Args, context: HubContext) => unknown;

const registry: Array<{ type: string; field: string; resolve: DirectResolver }> = [];

/** Registers `resolve` as the plain resolver of `type.field`; returns it for the @FieldResolver to call. */
export function direct<Root, Args = Record<string, never>>(
  type: string,
  field: string,
  resolve: DirectResolver<Root, Args>,
): DirectResolver<Root, Args> {
  registry.push({ type, field, resolve: resolve as DirectResolver });
  return resolve;
}

export function applyDirectResolvers(schema: GraphQLSchema): void {
  for (const { type, field, resolve } of registry) {
    const objectType = schema.getType(type);
    const definition = isObjectType(objectType) ? objectType.getFields()[field] : undefined;
    if (!definition) throw new Error(`direct resolver for unknown field ${type}.${field}`);
    definition.resolve = (root, args, context) => resolve(root, args, context as HubContext);
  }
}
