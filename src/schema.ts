import 'reflect-metadata';
import { isObjectType, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { CountryResolver } from './modules/countries';
import {
  FriendshipRelationResolver,
  LocalityRelationsResolver,
  MemberUnitRelationsResolver,
  RelationStatusChangeResolver,
} from './modules/friendship-relations';
import { LocalityResolver } from './modules/localities';
import { MemberUnitResolver } from './modules/member-units';
import { NodeResolver } from './modules/node';
import { Language, pickName } from './shared/language';

export const resolvers = [
  NodeResolver,
  CountryResolver,
  LocalityResolver,
  MemberUnitResolver,
  FriendshipRelationResolver,
  RelationStatusChangeResolver,
  LocalityRelationsResolver,
  MemberUnitRelationsResolver,
] as const;

let schema: GraphQLSchema | undefined;

/**
 * type-graphql sends every resolver that takes arguments through an async validation step, even
 * with validation off, so `name(language:)` on each object of a list cost a promise apiece (and
 * graphql-js a promise-collecting pass per object). Display names get the same logic as a plain
 * synchronous resolver.
 */
function resolveNamesSynchronously(built: GraphQLSchema) {
  for (const type of Object.values(built.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const field = type.getFields().name;
    if (field?.args.length === 1 && field.args[0].name === 'language') {
      field.resolve = (root: { nameEn?: string | null; nameZh?: string | null }, args: { language: Language }) =>
        pickName(args.language, root.nameEn, root.nameZh);
    }
  }
}

/** The executable schema; built once per process (type-graphql metadata is global). */
export async function getSchema(): Promise<GraphQLSchema> {
  if (!schema) {
    schema = await buildSchema({ resolvers, validate: false, emitSchemaFile: false });
    resolveNamesSynchronously(schema);
  }
  return schema;
}

/** The SDL committed as schema/schema.graphql. */
export async function printHubSchema(): Promise<string> {
  return printSchema(lexicographicSortSchema(await getSchema())) + '\n';
}
