import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Field, FieldResolver, ID, InputType, Info, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { HubContext } from '../../context';
import { Connection, ConnectionArgs, type Page } from '../../shared/connection';
import { direct } from '../../shared/direct-resolvers';
import { toGlobalId } from '../../shared/global-id';
import { Node } from '../../shared/node';
import { CountryCodeScalar, DateTimeScalar } from '../../shared/scalars';
import { connectionNodeSelection } from '../../shared/selection';
import { Account } from '../accounts/account.entity';
import { accountForViewer } from '../accounts/account.visibility';
import { Country } from '../countries/country.entity';
import { FriendshipRelation } from '../friendship-relations/friendship-relation.entity';
import { Locality } from '../localities/locality.entity';
import { MemberUnit } from '../member-units/member-unit.entity';
import { registerNodeType } from '../node';
import { nodeFetcher } from '../node/node-types';
import { Activity } from './activity.entity';
import { ActivityOrder, ActivityVerb } from './activity.enums';
import type { FeedEvent } from './activity.feed';
import { findActivity, listActivities } from './activity.service';

export const ActivityConnection = Connection(Activity);

registerNodeType('Activity', ({ em, viewer }, key) => findActivity(em, viewer, key));

@InputType({ description: 'Narrows the activity log; every condition given must hold.' })
export class ActivityFilter {
  @Field(() => [ActivityVerb], { nullable: true }) verbs?: ActivityVerb[] | null;

  @Field(() => [ID], { nullable: true, description: 'Activities of callers acting for any of these member units.' })
  units?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'SharedResource, AccessRequest, AccessGrant, FriendshipRelation, MemberUnit, Account, InformationItem, CatalogueMatter, CatalogueEdition, Exchange, IndicatorValue, Locality (profile changes), PartnerWish.' })
  subjectTypes?: string[] | null;

  @Field(() => [CountryCodeScalar], { nullable: true, description: 'Activities concerning any of these countries.' })
  countries?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Activities concerning any of these localities.' })
  localities?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Activities concerning any of these friendship relations.' })
  relations?: string[] | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Activities at or after this moment.' })
  since?: Date | null;
}

@ObjectType({ simpleResolvers: true, description: 'One activity delivered by the feed, with the cursor to resume after it.' })
export class ActivityFeedEvent {
  @Field({ description: 'Pass it as `after` to resume the feed right after this activity.' })
  cursor!: string;

  @Field(() => Activity)
  activity!: Activity;
}

const T = 'Activity';
const activityId = direct<Activity>(T, 'id', (activity) => toGlobalId(T, activity.position));
const activityPosition = direct<Activity>(T, 'position', (activity) => String(activity.position));
const activityUnit = direct<Activity>(T, 'actorUnit', (activity, _args, { loaders }) =>
  activity.actorUnitId == null ? null : loaders.memberUnitsById.load(activity.actorUnitId),
);
const activitySubjectId = direct<Activity>(T, 'subjectId', (activity) => toGlobalId(activity.subjectType, activity.subjectId));
const activityCountries = direct<Activity>(T, 'countries', async (activity, _args, { loaders }) =>
  (await loaders.countriesByCode.loadMany(activity.countryCodes)).filter((country): country is Country => country instanceof Country),
);
const activityLocalities = direct<Activity>(T, 'localities', async (activity, _args, { loaders }) =>
  (await loaders.localitiesById.loadMany(activity.localityIds)).filter((locality): locality is Locality => locality instanceof Locality),
);
const activityRelations = direct<Activity>(T, 'relations', async (activity, _args, { loaders }) =>
  (await loaders.relationsById.loadMany(activity.relationIds)).filter(
    (relation): relation is FriendshipRelation => relation instanceof FriendshipRelation,
  ),
);

@Resolver(() => Activity)
export class ActivityResolver {
  @Query(() => ActivityConnection, {
    description:
      'What happened in the hub, newest first by default, as far as the caller may see each subject now. Positions follow commit order: a reader who has seen a position never later finds a new activity below it.',
  })
  activities(
    @Ctx() { em, viewer }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => ActivityFilter, { nullable: true }) filter?: ActivityFilter,
    @Arg('orderBy', () => ActivityOrder, { defaultValue: ActivityOrder.NEWEST_FIRST }) orderBy?: ActivityOrder,
  ): Promise<Page<Activity>> {
    return listActivities(em, viewer, filter ?? {}, orderBy, args, connectionNodeSelection(info));
  }

  @Subscription(() => ActivityFeedEvent, {
    description:
      'Activities as they commit, in position order, each only if the caller may see its subject when it is delivered. With `after` (a cursor from this feed or from `activities`), first every matching activity since then, without gap or duplicate.',
    subscribe: ({ args, context }) => {
      const hub = context as HubContext;
      if (!hub.feed) throw new Error('the activity feed runs only in the hub server');
      return hub.feed.open({
        viewer: hub.currentViewer ?? (() => hub.viewer),
        filter: args.filter ?? {},
        after: args.after ?? null,
        onOverflow: () => hub.closeConnection?.(1013, 'Too many undelivered events: reconnect and resume after your last cursor.'),
      });
    },
  })
  activityFeed(
    @Root() event: FeedEvent,
    @Arg('filter', () => ActivityFilter, { nullable: true }) _filter?: ActivityFilter,
    @Arg('after', () => String, { nullable: true, description: 'Resume after this cursor.' }) _after?: string,
  ): FeedEvent {
    return event;
  }

  @FieldResolver(() => ID)
  id(@Root() activity: Activity, @Ctx() context: HubContext) {
    return activityId(activity, {}, context);
  }

  @FieldResolver(() => String, { description: 'Where the activity stands in commit order (a whole number, as text).' })
  position(@Root() activity: Activity, @Ctx() context: HubContext) {
    return activityPosition(activity, {}, context);
  }

  @FieldResolver(() => Account, { nullable: true, description: 'Who did it (shown to signed-in members).' })
  actorAccount(@Root() activity: Activity, @Ctx() context: HubContext) {
    return activity.actorAccountId == null ? null : accountForViewer(context, activity.actorAccountId);
  }

  @FieldResolver(() => MemberUnit, { nullable: true, description: 'The unit the actor acted for.' })
  actorUnit(@Root() activity: Activity, @Ctx() context: HubContext) {
    return activityUnit(activity, {}, context);
  }

  @FieldResolver(() => ID, { description: 'The global ID of the object concerned.' })
  subjectId(@Root() activity: Activity, @Ctx() context: HubContext) {
    return activitySubjectId(activity, {}, context);
  }

  @FieldResolver(() => Node, { nullable: true, description: 'The object concerned, as it is now; null when it is gone or hidden from the caller.' })
  subject(@Root() activity: Activity, @Ctx() context: HubContext) {
    return nodeFetcher(activity.subjectType)?.(context, activity.subjectId) ?? null;
  }

  @FieldResolver(() => [Country]) countries(@Root() activity: Activity, @Ctx() context: HubContext) {
    return activityCountries(activity, {}, context);
  }

  @FieldResolver(() => [Locality]) localities(@Root() activity: Activity, @Ctx() context: HubContext) {
    return activityLocalities(activity, {}, context);
  }

  @FieldResolver(() => [FriendshipRelation]) relations(@Root() activity: Activity, @Ctx() context: HubContext) {
    return activityRelations(activity, {}, context);
  }
}
