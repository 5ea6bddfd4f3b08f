import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Language } from '../../shared/language';
import { CountryCodeScalar, LocalDateScalar } from '../../shared/scalars';
import { OrderDirection } from '../friendship-relations/friendship-relation.inputs';
import { ResourceKind, ResourceStatus, SharingTier } from './resource.enums';

@InputType({ description: 'Conditions a resource must meet, all of them. Only resources the caller may see are ever listed or counted.' })
export class ResourceFilter {
  @Field(() => [ResourceKind], { nullable: true, description: 'Any of these kinds.' })
  kind?: ResourceKind[] | null;

  @Field(() => ID, { nullable: true, description: 'The member unit that owns the resource.' })
  owner?: string | null;

  @Field(() => CountryCodeScalar, { nullable: true, description: 'A country the resource concerns.' })
  country?: string | null;

  @Field(() => ID, { nullable: true, description: 'A foreign locality (region or city) the resource concerns.' })
  foreignLocality?: string | null;

  @Field(() => ID, { nullable: true, description: 'A friendship relation the resource belongs to.' })
  relation?: string | null;

  @Field(() => ID, { nullable: true, description: 'The Chinese locality the resource belongs to.' })
  domesticLocality?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: "With domesticLocality: also the resources of every division inside it (a province's cities and counties).",
  })
  includeDescendants?: boolean | null;

  @Field(() => String, { nullable: true, description: 'A tag the resource carries (exact, case-sensitive).' })
  tag?: string | null;

  @Field(() => String, { nullable: true, description: 'A theme code the resource carries, e.g. "TRADE".' })
  theme?: string | null;

  @Field(() => [ResourceStatus], { nullable: true, description: "Any of these statuses. Other units' resources are listed only once PUBLISHED (hub admins see all)." })
  status?: ResourceStatus[] | null;

  @Field(() => [SharingTier], { nullable: true, description: 'Any of these sharing tiers.' })
  tier?: SharingTier[] | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Valid on this day: validFrom is not after it and validUntil not before it (open ends count as valid).' })
  validAt?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Full-text search over titles, summaries, tags and themes in Chinese and English, up to 200 characters. ' +
      'English words match their other forms (partner, partners, partnership); Chinese matches runs of characters ("友好城市"). ' +
      'Web-search syntax: "a quoted phrase", `or`, and -word to exclude. Bodies are not searched. Results come by relevance unless orderBy says otherwise.',
  })
  text?: string | null;
}

export enum ResourceOrderField {
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
  PUBLISHED_AT = 'PUBLISHED_AT',
  TITLE = 'TITLE',
  RELEVANCE = 'RELEVANCE',
}
registerEnumType(ResourceOrderField, {
  name: 'ResourceOrderField',
  valuesConfig: {
    CREATED_AT: { description: 'When the resource was contributed (the default without a text search).' },
    UPDATED_AT: { description: 'When the resource last changed.' },
    PUBLISHED_AT: { description: 'When the resource was published; unpublished ones come last in both directions.' },
    TITLE: { description: 'Title in the order\'s language (the other one where missing).' },
    RELEVANCE: { description: 'How well the resource matches filter.text (the default with a text search); needs filter.text.' },
  },
});

@InputType({ description: 'How to order resources; ties are broken by the order of contribution.' })
export class ResourceOrder {
  @Field(() => ResourceOrderField, { nullable: true, description: 'CREATED_AT when not given, or RELEVANCE with a text search.' })
  field?: ResourceOrderField | null;

  @Field(() => OrderDirection, { nullable: true, description: 'DESC (newest, most relevant first) when not given; ASC for TITLE.' })
  direction?: OrderDirection | null;

  @Field(() => Language, { defaultValue: Language.EN, description: 'For TITLE: which language\'s title to sort by.' })
  language!: Language;
}

export enum ContributionStatsGroupBy {
  UNIT = 'UNIT',
  KIND = 'KIND',
  COUNTRY = 'COUNTRY',
  MONTH = 'MONTH',
}
registerEnumType(ContributionStatsGroupBy, {
  name: 'ContributionStatsGroupBy',
  valuesConfig: {
    UNIT: { description: 'By owner unit.' },
    KIND: { description: 'By kind of resource.' },
    COUNTRY: { description: 'By country concerned; a resource about several countries counts once for each.' },
    MONTH: { description: 'By month of contribution in China time, e.g. "2026-11".' },
  },
});

@ObjectType({ description: 'How many resources the caller may see fall into one group.', simpleResolvers: true })
export class ContributionStat {
  @Field(() => String, { description: "The group: the unit's code, the kind, the country code or the month (\"2026-11\")." })
  key!: string;

  @Field(() => Int)
  count!: number;

  /** The owner unit's id (UNIT), resolved to the unit by the resolver. */
  unitId!: number | null;

  @Field(() => ResourceKind, { nullable: true, description: 'With groupBy KIND.' })
  kind!: ResourceKind | null;

  /** The country code (COUNTRY), resolved to the country by the resolver. */
  countryCode!: string | null;

  @Field(() => String, { nullable: true, description: 'With groupBy MONTH: "YYYY-MM".' })
  month!: string | null;
}
