import { Field, ID, InputType, Int } from 'type-graphql';
import { CountryCodeScalar, LocalDateScalar } from '../../shared/scalars';
import { SharingTier } from '../resources/resource.enums';
import { InformationKind, InformationStatus } from './information.enums';

@InputType({ description: 'A document an information item links to.' })
export class InformationAttachmentInput {
  @Field(() => String, { description: 'An http or https URL.' }) url!: string;
  @Field(() => String, { nullable: true, description: 'Up to 300 characters.' }) title?: string | null;
}

/**
 * The fields a new item and a change have in common. In an update, a field left out stays as it
 * is and an explicit null clears it (lists: null or [] empties them).
 */
@InputType({ description: 'Not in the schema by itself: the fields CreateInformationItemInput and UpdateInformationItemInput share.' })
export abstract class InformationItemFieldsInput {
  @Field(() => String, { nullable: true, description: 'Title in Chinese, up to 300 characters. An item needs titleZh or titleEn.' })
  titleZh?: string | null;

  @Field(() => String, { nullable: true, description: 'Title in English, up to 300 characters.' })
  titleEn?: string | null;

  @Field(() => String, { nullable: true, description: 'Body in Chinese, up to 100,000 characters.' })
  bodyZh?: string | null;

  @Field(() => String, { nullable: true, description: 'Body in English, up to 100,000 characters.' })
  bodyEn?: string | null;

  @Field(() => [CountryCodeScalar], { nullable: true, description: 'Countries the item concerns (an ADVISORY: exactly one).' })
  countries?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Localities (Chinese or foreign) the item concerns.' })
  localities?: string[] | null;

  @Field(() => [InformationAttachmentInput], { nullable: true, description: 'Documents as links, at most 20.' })
  attachments?: InformationAttachmentInput[] | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Last day the item applies; not before effectiveFrom. Null: open-ended.' })
  expiresOn?: string | null;

  @Field(() => Int, { nullable: true, description: 'Required for an ADVISORY, 1 to 4; not allowed for other kinds.' })
  advisoryLevel?: number | null;
}

@InputType({ description: 'A new information item; it starts as a DRAFT only its unit and hub admins see.' })
export class CreateInformationItemInput extends InformationItemFieldsInput {
  @Field(() => InformationKind) kind!: InformationKind;

  @Field(() => SharingTier, { description: 'PUBLIC, UNCONDITIONAL or NOT_SHARED; CONDITIONAL is refused (access grants apply to shared resources only).' })
  tier!: SharingTier;

  @Field(() => LocalDateScalar, { description: 'First day the item applies.' })
  effectiveFrom!: string;

  @Field(() => ID, { nullable: true, description: 'The publishing member unit. Hub admins only; others publish for their own unit.' })
  publisher?: string | null;
}

@InputType({ description: 'Changes to an information item: fields left out stay as they are; an explicit null clears a field.' })
export class UpdateInformationItemInput extends InformationItemFieldsInput {
  @Field(() => InformationKind, { nullable: true }) kind?: InformationKind | null;
  @Field(() => SharingTier, { nullable: true }) tier?: SharingTier | null;
  @Field(() => LocalDateScalar, { nullable: true }) effectiveFrom?: string | null;
}

@InputType({ description: 'Conditions an information item must meet, all of them. Only items the caller may see are listed.' })
export class InformationItemFilter {
  @Field(() => [InformationKind], { nullable: true, description: 'Any of these kinds.' }) kinds?: InformationKind[] | null;
  @Field(() => [InformationStatus], { nullable: true, description: 'Any of these statuses.' }) statuses?: InformationStatus[] | null;
  @Field(() => [ID], { nullable: true, description: 'Published by any of these member units.' }) publishers?: string[] | null;
  @Field(() => [CountryCodeScalar], { nullable: true, description: 'Concerning any of these countries.' }) countries?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'Concerning any of these localities.' }) localities?: string[] | null;
  @Field(() => [SharingTier], { nullable: true, description: 'Any of these tiers.' }) tiers?: SharingTier[] | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'In effect on this day: effectiveFrom not after it, expiresOn (if any) not before it.' })
  effectiveOn?: string | null;
}
