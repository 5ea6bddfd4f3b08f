import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { accessResolvers } from './modules/access';
import { activityResolvers } from './modules/activity';
import { accountResolvers } from './modules/accounts';
import { auditResolvers } from './modules/audit';
import { catalogueResolvers } from './modules/catalogue';
import { CountryResolver } from './modules/countries';
import { exchangeResolvers } from './modules/exchanges';
import {
  FriendshipRelationResolver,
  LocalityRelationsResolver,
  MemberUnitRelationsResolver,
  RelationStatusChangeResolver,
  FriendshipRelationMutationResolver,
  LocalityPartnershipResolver,
  LocalityPartnershipFieldsResolver,
} from './modules/friendship-relations';
import { LocalitySearchResolver } from './modules/locality-search';
import { indicatorResolvers } from './modules/indicators';
import { informationResolvers } from './modules/information';
import { LocalityResolver } from './modules/localities';
import { MemberUnitResolver } from './modules/member-units';
import { MemberUnitMutationResolver } from './modules/member-units/member-unit.mutations';
import { NodeResolver } from './modules/node';
import { partnerWishResolvers } from './modules/partner-wishes';
import { profileResolvers } from './modules/profiles';
import { partnerMatchingResolvers } from './modules/partner-matching';
import { resourceResolvers } from './modules/resources';
import { searchResolvers } from './modules/search';
import { applyDirectResolvers } from './shared/direct-resolvers';

export const resolvers = [
  NodeResolver,
  CountryResolver,
  LocalityResolver,
  MemberUnitResolver,
  MemberUnitMutationResolver,
  FriendshipRelationResolver,
  RelationStatusChangeResolver,
  LocalityRelationsResolver,
  LocalityPartnershipResolver,
  LocalityPartnershipFieldsResolver,
  LocalitySearchResolver,
  MemberUnitRelationsResolver,
  FriendshipRelationMutationResolver,
  ...accountResolvers,
  ...resourceResolvers,
  ...accessResolvers,
  ...auditResolvers,
  ...activityResolvers,
  ...informationResolvers,
  ...catalogueResolvers,
  ...exchangeResolvers,
  ...indicatorResolvers,
  ...profileResolvers,
  ...partnerWishResolvers,
  ...searchResolvers,
  ...partnerMatchingResolvers,
] as [Function, ...Function[]];

let schema: GraphQLSchema | undefined;

/** The executable schema; built once per process (type-graphql metadata is global). */
export async function getSchema(): Promise<GraphQLSchema> {
  if (!schema) {
    schema = await buildSchema({
      resolvers,
      validate: false,
      emitSchemaFile: false,
      // Every subscription brings its own `subscribe` (the activity feed reads the log); type-graphql
      // still insists on a PubSub, which nothing uses.
      pubSub: {
        publish: () => undefined,
        subscribe: () => {
          throw new Error('subscriptions use their own subscribe functions');
        },
      },
    });
    applyDirectResolvers(schema);
  }
  return schema;
}

/** The SDL committed as schema/schema.graphql. */
export async function printHubSchema(): Promise<string> {
  return printSchema(lexicographicSortSchema(await getSchema())) + '\n';
}
