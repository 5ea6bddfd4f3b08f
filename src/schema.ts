import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { accessResolvers } from './modules/access';
import { accountResolvers } from './modules/accounts';
import { auditResolvers } from './modules/audit';
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
import { resourceResolvers } from './modules/resources';
import { applyDirectResolvers } from './shared/direct-resolvers';

export const resolvers = [
  NodeResolver,
  CountryResolver,
  LocalityResolver,
  MemberUnitResolver,
  FriendshipRelationResolver,
  RelationStatusChangeResolver,
  LocalityRelationsResolver,
  MemberUnitRelationsResolver,
  ...accountResolvers,
  ...resourceResolvers,
  ...accessResolvers,
  ...auditResolvers,
] as [Function, ...Function[]];

let schema: GraphQLSchema | undefined;

/** The executable schema; built once per process (type-graphql metadata is global). */
export async function getSchema(): Promise<GraphQLSchema> {
  if (!schema) {
    schema = await buildSchema({ resolvers, validate: false, emitSchemaFile: false });
    applyDirectResolvers(schema);
  }
  return schema;
}

/** The SDL committed as schema/schema.graphql. */
export async function printHubSchema(): Promise<string> {
  return printSchema(lexicographicSortSchema(await getSchema())) + '\n';
}
