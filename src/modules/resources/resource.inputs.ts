import { Field, ID, InputType, Int } from 'type-graphql';
import { CountryCodeScalar, LocalDateScalar } from '../../shared/scalars';
import { ResourceKind, SharingTier } from './resource.enums';

@InputType({ description: 'Who to contact about a resource. Blank parts are dropped; an all-blank contact is no contact.' })
export class ResourceContactInput {
  @Field(() => String, { nullable: true, description: 'Up to 200 characters.' }) name?: string | null;
  @Field(() => String, { nullable: true, description: 'Up to 300 characters.' }) organisation?: string | null;
  @Field(() => String, { nullable: true, description: 'An e-mail address.' }) email?: string | null;
  @Field(() => String, { nullable: true, description: 'Digits, spaces and + ( ) - . /, up to 50 characters.' }) phone?: string | null;
}

@InputType({ description: 'A web page about the resource.' })
export class ResourceLinkInput {
  @Field(() => String, { description: 'An http or https URL.' }) url!: string;
  @Field(() => String, { nullable: true, description: 'Up to 300 characters.' }) title?: string | null;
}

@InputType({ description: 'A file that belongs to the resource, stored elsewhere and referred to by URL.' })
export class ResourceAttachmentInput {
  @Field(() => String, { description: 'An http or https URL.' }) url!: string;
  @Field(() => String, { nullable: true, description: 'Up to 300 characters.' }) title?: string | null;
  @Field(() => String, { nullable: true, description: 'A media type such as "application/pdf".' }) mediaType?: string | null;
  @Field(() => Int, { nullable: true, description: 'Size in bytes.' }) bytes?: number | null;
}

/**
 * The fields a contribution and an update have in common. In an update, a field left out stays
 * as it is and an explicit null clears it (lists: null or [] empties them).
 */
@InputType({ description: "Not in the schema by itself: the fields ContributeResourceInput and UpdateResourceInput share." })
export abstract class ResourceFieldsInput {
  @Field(() => String, { nullable: true, description: 'Title in Chinese, up to 300 characters. A resource needs titleZh or titleEn.' })
  titleZh?: string | null;

  @Field(() => String, { nullable: true, description: 'Title in English, up to 300 characters.' })
  titleEn?: string | null;

  @Field(() => String, { nullable: true, description: 'Summary in Chinese, up to 2,000 characters; part of the catalogue entry.' })
  summaryZh?: string | null;

  @Field(() => String, { nullable: true, description: 'Summary in English, up to 2,000 characters; part of the catalogue entry.' })
  summaryEn?: string | null;

  @Field(() => String, { nullable: true, description: 'Body in Chinese, up to 100,000 characters; content (hidden until access is granted for CONDITIONAL resources).' })
  bodyZh?: string | null;

  @Field(() => String, { nullable: true, description: 'Body in English, up to 100,000 characters; content.' })
  bodyEn?: string | null;

  @Field(() => [String], { nullable: true, description: 'Free keywords: up to 30, each up to 50 characters; trimmed, and duplicates (ignoring case) dropped.' })
  tags?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Theme codes such as "TRADE" or "HIGHER_EDUCATION" (capital letters, digits, _).' })
  themes?: string[] | null;

  @Field(() => [CountryCodeScalar], { nullable: true, description: 'Countries the resource concerns.' })
  countries?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Foreign localities (regions, cities) the resource concerns.' })
  foreignLocalities?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Friendship relations the resource belongs to.' })
  relations?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'The Chinese locality (province, prefecture or county) the resource belongs to.' })
  domesticLocality?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'First day the resource applies.' })
  validFrom?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Last day the resource applies; not before validFrom.' })
  validUntil?: string | null;

  @Field(() => ResourceContactInput, { nullable: true, description: 'Content.' })
  contact?: ResourceContactInput | null;

  @Field(() => [ResourceLinkInput], { nullable: true, description: 'Content: up to 50 links.' })
  links?: ResourceLinkInput[] | null;

  @Field(() => [ResourceAttachmentInput], { nullable: true, description: 'Content: up to 50 attachments.' })
  attachments?: ResourceAttachmentInput[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Required with tier NOT_SHARED: the law, rule or decision that keeps the resource inside the unit (up to 2,000 characters).',
  })
  notSharedBasis?: string | null;
}

@InputType({ description: 'A new shared resource.' })
export class ContributeResourceInput extends ResourceFieldsInput {
  @Field(() => ResourceKind)
  kind!: ResourceKind;

  @Field(() => SharingTier, { description: 'Who may read it.' })
  tier!: SharingTier;

  @Field(() => Boolean, { defaultValue: false, description: 'Publish at once; otherwise the resource starts as a DRAFT only its unit sees.' })
  publish!: boolean;

  @Field(() => ID, { nullable: true, description: 'The member unit that owns the resource. Hub admins only; others contribute for their own unit.' })
  owner?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Any string up to 200 characters, unique per contribution: a retry with the same key and input returns the first result (replayed: true) instead of a duplicate; the same key with a different input is CONFLICT.',
  })
  idempotencyKey?: string | null;
}

@InputType({ description: 'Changes to a resource: fields left out stay as they are; an explicit null clears a field.' })
export class UpdateResourceInput extends ResourceFieldsInput {
  @Field(() => ID) id!: string;

  @Field(() => Int, { description: 'The version the change is based on; another one is CONFLICT (STALE_VERSION).' })
  expectedVersion!: number;

  @Field(() => ResourceKind, { nullable: true }) kind?: ResourceKind | null;
  @Field(() => SharingTier, { nullable: true }) tier?: SharingTier | null;
}

@InputType({ description: 'Publishes a DRAFT or WITHDRAWN resource.' })
export class PublishResourceInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version the change is based on; another one is CONFLICT (STALE_VERSION).' }) expectedVersion!: number;
}

@InputType({ description: 'Withdraws a PUBLISHED resource: only its unit and hub admins see it afterwards.' })
export class WithdrawResourceInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version the change is based on; another one is CONFLICT (STALE_VERSION).' }) expectedVersion!: number;
  @Field(() => String, { description: 'Why the resource is withdrawn, up to 2,000 characters.' }) reason!: string;
}
