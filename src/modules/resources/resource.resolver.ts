import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { Viewer } from '../../auth/viewer';
import type { HubContext } from '../../context';
import { badInput } from '../../errors';
import { Connection, ConnectionArgs, type Page } from '../../shared/connection';
import { direct } from '../../shared/direct-resolvers';
import { toGlobalId } from '../../shared/global-id';
import { Language, pickName } from '../../shared/language';
import { refKey, resolveRef } from '../../shared/rows';
import { connectionNodeSelection } from '../../shared/selection';
import { Country } from '../countries/country.entity';
import { FriendshipRelation } from '../friendship-relations/friendship-relation.entity';
import { Locality } from '../localities/locality.entity';
import { LocalitySide } from '../localities/locality.enums';
import { MemberUnit } from '../member-units/member-unit.entity';
import { registerNodeType } from '../node';
import { ContributionStat, ContributionStatsGroupBy, ResourceFilter, ResourceOrder } from './resource.filters';
import {
  contributionStats,
  listChildResources,
  listResources,
  resourceCriteria,
  type ResourceParent,
} from './resource.service';
import { ResourceAttachment, ResourceContact, ResourceLink, toAttachments, toContact, toLinks } from './resource.types';
import { contentReadIsAudited } from './resource.visibility';
import { SharedResource } from './shared-resource.entity';

export const SharedResourceConnection = Connection(SharedResource);

registerNodeType('SharedResource', ({ loaders }, key) => loaders.resourcesById.load(key));

const T = 'SharedResource';
const ownerOf = (resource: SharedResource) => refKey<number>(resource.ownerUnit)!;

/**
 * A content field's value, or null unless the caller may read the content. A read that must be
 * audited is recorded (batched per operation) before the value is handed out.
 */
function content<V>(resource: SharedResource, { viewer, loaders }: HubContext, read: () => V): V | null | Promise<V | null> {
  if (resource.contentReadable !== true) return null;
  const ownerUnitId = ownerOf(resource);
  if (!contentReadIsAudited(viewer, resource, ownerUnitId)) return read();
  return loaders.contentReads.load({ resourceId: resource.id, ownerUnitId, tier: resource.tier }).then(read);
}

const managesResource = (viewer: Viewer, resource: SharedResource) =>
  viewer.kind === 'member' && (viewer.hubAdmin || viewer.unitId === ownerOf(resource));

const orNull = (value: string) => value || null;

const resourceId = direct<SharedResource>(T, 'id', (resource) => toGlobalId(T, resource.id));
const resourceOwner = direct<SharedResource>(T, 'owner', (resource, _args, { loaders }) =>
  resolveRef(resource.ownerUnit, MemberUnit, (id: number) => loaders.memberUnitsById.load(id)),
);
const resourceDomestic = direct<SharedResource>(T, 'domesticLocality', (resource, _args, { loaders }) =>
  resolveRef(resource.domesticLocality, Locality, (id: number) => loaders.localitiesById.load(id)),
);
const resourceCountries = direct<SharedResource>(T, 'countries', (resource, _args, { loaders }) => loaders.countriesByResourceId.load(resource.id));
const resourceForeign = direct<SharedResource>(T, 'foreignLocalities', (resource, _args, { loaders }) =>
  loaders.foreignLocalitiesByResourceId.load(resource.id),
);
const resourceRelations = direct<SharedResource>(T, 'relations', (resource, _args, { loaders }) => loaders.relationsByResourceId.load(resource.id));
const resourceTitle = direct<SharedResource, { language: Language }>(T, 'title', (resource, { language }) =>
  pickName(language, resource.titleEn, resource.titleZh),
);
const resourceSummary = direct<SharedResource, { language: Language }>(T, 'summary', (resource, { language }) =>
  orNull(pickName(language, resource.summaryEn, resource.summaryZh)),
);
const resourceBody = direct<SharedResource, { language: Language }>(T, 'body', (resource, { language }, context) =>
  content(resource, context, () => orNull(pickName(language, resource.bodyEn, resource.bodyZh))),
);
const resourceBodyZh = direct<SharedResource>(T, 'bodyZh', (resource, _args, context) => content(resource, context, () => resource.bodyZh ?? null));
const resourceBodyEn = direct<SharedResource>(T, 'bodyEn', (resource, _args, context) => content(resource, context, () => resource.bodyEn ?? null));
const resourceContact = direct<SharedResource>(T, 'contact', (resource, _args, context) => content(resource, context, () => toContact(resource.contact)));
const resourceLinks = direct<SharedResource>(T, 'links', (resource, _args, context) => content(resource, context, () => toLinks(resource.links)));
const resourceAttachments = direct<SharedResource>(T, 'attachments', (resource, _args, context) =>
  content(resource, context, () => toAttachments(resource.attachments)),
);
const resourceReadable = direct<SharedResource>(T, 'contentReadable', (resource) => resource.contentReadable === true);
const resourceBasis = direct<SharedResource>(T, 'notSharedBasis', (resource, _args, { viewer }) =>
  managesResource(viewer, resource) ? (resource.notSharedBasis ?? null) : null,
);

const CONTENT_NOTE = 'Content: null unless the caller may read it (see contentReadable).';

@Resolver(() => SharedResource)
export class SharedResourceResolver {
  @Query(() => SharedResourceConnection, {
    description:
      'Shared resources the caller may see: PUBLIC ones for anyone; for members also every PUBLISHED resource but NOT_SHARED ones, and all of their own unit\'s. Newest first, or by relevance with a text search.',
  })
  async resources(
    @Ctx() { em, viewer }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => ResourceFilter, { nullable: true }) filter?: ResourceFilter,
    @Arg('orderBy', () => ResourceOrder, { nullable: true }) orderBy?: ResourceOrder,
  ): Promise<Page<SharedResource>> {
    const criteria = await resourceCriteria(em, filter);
    return listResources(em, viewer, criteria, orderBy, args, connectionNodeSelection(info));
  }

  @Query(() => [ContributionStat], {
    description: 'How many resources the caller may see fall into each group (for dashboards), most first, then by key.',
  })
  async contributionStats(
    @Ctx() { em, viewer }: HubContext,
    @Arg('groupBy', () => ContributionStatsGroupBy) groupBy: ContributionStatsGroupBy,
    @Arg('filter', () => ResourceFilter, { nullable: true }) filter?: ResourceFilter,
  ): Promise<ContributionStat[]> {
    return contributionStats(em, viewer, groupBy, await resourceCriteria(em, filter));
  }

  @FieldResolver(() => ID)
  id(@Root() resource: SharedResource, @Ctx() context: HubContext) {
    return resourceId(resource, {}, context);
  }

  @FieldResolver(() => MemberUnit, { description: 'The member unit that contributed the resource and decides who may read it.' })
  owner(@Root() resource: SharedResource, @Ctx() context: HubContext) {
    return resourceOwner(resource, {}, context);
  }

  @FieldResolver(() => Locality, { nullable: true, description: 'The Chinese locality the resource belongs to.' })
  domesticLocality(@Root() resource: SharedResource, @Ctx() context: HubContext) {
    return resourceDomestic(resource, {}, context);
  }

  @FieldResolver(() => [Country], { description: 'Countries the resource concerns, by English name.' })
  countries(@Root() resource: SharedResource, @Ctx() context: HubContext) {
    return resourceCountries(resource, {}, context);
  }

  @FieldResolver(() => [Locality], { description: 'Foreign regions and cities the resource concerns, by English name.' })
  foreignLocalities(@Root() resource: SharedResource, @Ctx() context: HubContext) {
    return resourceForeign(resource, {}, context);
  }

  @FieldResolver(() => [FriendshipRelation], { description: 'Friendship relations the resource belongs to.' })
  relations(@Root() resource: SharedResource, @Ctx() context: HubContext) {
    return resourceRelations(resource, {}, context);
  }

  @FieldResolver(() => String, { description: 'Title in the chosen language (English by default), or in the other one when missing.' })
  title(
    @Root() resource: SharedResource,
    @Ctx() context: HubContext,
    @Arg('language', () => Language, { defaultValue: Language.EN }) language: Language,
  ) {
    return resourceTitle(resource, { language }, context);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Summary in the chosen language (English by default), or in the other one when missing.' })
  summary(
    @Root() resource: SharedResource,
    @Ctx() context: HubContext,
    @Arg('language', () => Language, { defaultValue: Language.EN }) language: Language,
  ) {
    return resourceSummary(resource, { language }, context);
  }

  @FieldResolver(() => String, { nullable: true, description: `Body in the chosen language (English by default), or in the other one when missing. ${CONTENT_NOTE}` })
  body(
    @Root() resource: SharedResource,
    @Ctx() context: HubContext,
    @Arg('language', () => Language, { defaultValue: Language.EN }) language: Language,
  ) {
    return resourceBody(resource, { language }, context);
  }

  @FieldResolver(() => String, { nullable: true, description: `Body in Chinese. ${CONTENT_NOTE}` })
  bodyZh(@Root() resource: SharedResource, @Ctx() context: HubContext) {
    return resourceBodyZh(resource, {}, context);
  }

  @FieldResolver(() => String, { nullable: true, description: `Body in English. ${CONTENT_NOTE}` })
  bodyEn(@Root() resource: SharedResource, @Ctx() context: HubContext) {
    return resourceBodyEn(resource, {}, context);
  }

  @FieldResolver(() => ResourceContact, { nullable: true, description: `Who to contact. ${CONTENT_NOTE}` })
  contact(@Root() resource: SharedResource, @Ctx() context: HubContext) {
    return resourceContact(resource, {}, context);
  }

  @FieldResolver(() => [ResourceLink], { nullable: true, description: `Web pages about the resource. ${CONTENT_NOTE}` })
  links(@Root() resource: SharedResource, @Ctx() context: HubContext) {
    return resourceLinks(resource, {}, context);
  }

  @FieldResolver(() => [ResourceAttachment], { nullable: true, description: `Files of the resource. ${CONTENT_NOTE}` })
  attachments(@Root() resource: SharedResource, @Ctx() context: HubContext) {
    return resourceAttachments(resource, {}, context);
  }

  @FieldResolver(() => Boolean, {
    description:
      'Whether the caller may read the content (body, contact, links, attachments): PUBLIC and UNCONDITIONAL resources, its own unit\'s, and CONDITIONAL ones under an active grant. Reads of CONDITIONAL and NOT_SHARED content by other units are recorded in the audit trail.',
  })
  contentReadable(@Root() resource: SharedResource, @Ctx() context: HubContext) {
    return resourceReadable(resource, {}, context);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Why the resource is NOT_SHARED (the law, rule or decision that keeps it inside the unit); shown to the owner unit and hub admins only.',
  })
  notSharedBasis(@Root() resource: SharedResource, @Ctx() context: HubContext) {
    return resourceBasis(resource, {}, context);
  }
}

const statUnit = direct<ContributionStat>('ContributionStat', 'unit', (stat, _args, { loaders }) =>
  stat.unitId == null ? null : loaders.memberUnitsById.load(stat.unitId),
);
const statCountry = direct<ContributionStat>('ContributionStat', 'country', (stat, _args, { loaders }) =>
  stat.countryCode == null ? null : loaders.countriesByCode.load(stat.countryCode),
);

@Resolver(() => ContributionStat)
export class ContributionStatResolver {
  @FieldResolver(() => MemberUnit, { nullable: true, description: 'With groupBy UNIT.' })
  unit(@Root() stat: ContributionStat, @Ctx() context: HubContext) {
    return statUnit(stat, {}, context);
  }

  @FieldResolver(() => Country, { nullable: true, description: 'With groupBy COUNTRY.' })
  country(@Root() stat: ContributionStat, @Ctx() context: HubContext) {
    return statCountry(stat, {}, context);
  }
}

/** A parent's resources, the filter checked once per operation, the page batched across parents. */
async function childResources(
  { em, viewer, loaders }: HubContext,
  info: GraphQLResolveInfo,
  parent: ResourceParent,
  parentId: number,
  args: ConnectionArgs,
  filter: ResourceFilter | undefined,
  orderBy: ResourceOrder | undefined,
): Promise<Page<SharedResource>> {
  const criteria = await resourceCriteria(em, filter);
  return listChildResources(em, viewer, loaders.childPages, parent, parentId, criteria, orderBy, args, connectionNodeSelection(info));
}

@Resolver(() => MemberUnit)
export class MemberUnitResourcesResolver {
  @FieldResolver(() => SharedResourceConnection, { description: 'Resources this unit contributed that the caller may see.' })
  resources(
    @Root() unit: MemberUnit,
    @Ctx() context: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => ResourceFilter, { nullable: true }) filter?: ResourceFilter,
    @Arg('orderBy', () => ResourceOrder, { nullable: true }) orderBy?: ResourceOrder,
  ): Promise<Page<SharedResource>> {
    return childResources(context, info, 'owner', unit.id, args, filter, orderBy);
  }
}

@Resolver(() => FriendshipRelation)
export class RelationResourcesResolver {
  @FieldResolver(() => SharedResourceConnection, { description: 'Resources about this relation that the caller may see.' })
  resources(
    @Root() relation: FriendshipRelation,
    @Ctx() context: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => ResourceFilter, { nullable: true }) filter?: ResourceFilter,
    @Arg('orderBy', () => ResourceOrder, { nullable: true }) orderBy?: ResourceOrder,
  ): Promise<Page<SharedResource>> {
    return childResources(context, info, 'relation', relation.id, args, filter, orderBy);
  }
}

@Resolver(() => Locality)
export class LocalityResourcesResolver {
  @FieldResolver(() => SharedResourceConnection, {
    description:
      "Resources the caller may see that concern this locality: a foreign locality's are those about it, a Chinese locality's those that belong to it.",
  })
  async resources(
    @Root() locality: Locality,
    @Ctx() context: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('includeDescendants', () => Boolean, {
      defaultValue: false,
      description: 'For a Chinese locality: also the resources of the divisions inside it.',
    })
    includeDescendants: boolean,
    @Arg('filter', () => ResourceFilter, { nullable: true }) filter?: ResourceFilter,
    @Arg('orderBy', () => ResourceOrder, { nullable: true }) orderBy?: ResourceOrder,
  ): Promise<Page<SharedResource>> {
    // localityRows reads the side whenever `resources` is selected (fieldColumns).
    if (locality.side === LocalitySide.FOREIGN) return childResources(context, info, 'foreignLocality', locality.id, args, filter, orderBy);
    if (!includeDescendants) return childResources(context, info, 'domesticLocality', locality.id, args, filter, orderBy);
    // A resource lies inside many localities at once: one list per locality, like relations.
    if (filter?.domesticLocality != null) {
      throw badInput('With includeDescendants, the locality is the filter: leave out "filter.domesticLocality".', 'filter.domesticLocality');
    }
    const { em, viewer } = context;
    const criteria = await resourceCriteria(em, filter);
    const inside = { ...criteria, domesticLocality: locality.id, includeDescendants: true };
    return listResources(em, viewer, inside, orderBy, args, connectionNodeSelection(info));
  }
}
