import { Field, ID, InputType, Int } from 'type-graphql';
import { SharingTier } from '../resources/resource.enums';
import { CatalogueMatterKind, CatalogueMatterStatus, OnlineAvailability, UpdateCycle } from './catalogue.enums';

@InputType({ description: 'How to consult about a matter.' })
export class CatalogueConsultationInput {
  @Field(() => String, { description: 'Where and how to ask, up to 2,000 characters.' }) text!: string;
  @Field(() => String, { nullable: true, description: 'Digits, spaces and + ( ) - . /, up to 50 characters.' }) phone?: string | null;
  @Field(() => String, { nullable: true, description: 'An http or https URL.' }) url?: string | null;
}

@InputType({ description: 'A document an applicant hands in.' })
export class ApplicationMaterialInput {
  @Field(() => String, { description: 'Up to 300 characters.' }) name!: string;
  @Field(() => Boolean, { defaultValue: true }) required!: boolean;
  @Field(() => Int, { defaultValue: 1, description: 'At least 1.' }) copies!: number;
  @Field(() => String, { nullable: true, description: 'Up to 1,000 characters.' }) note?: string | null;
}

/**
 * The fields adding and updating a matter have in common. In an update, a field left out stays
 * as it is and an explicit null clears it (required fields cannot be cleared).
 */
@InputType({ description: "Not in the schema by itself: the fields AddCatalogueMatterInput and UpdateCatalogueMatterInput share." })
export abstract class CatalogueMatterFieldsInput {
  @Field(() => String, { nullable: true, description: 'Name in Chinese, up to 300 characters. A matter needs nameZh or nameEn.' })
  nameZh?: string | null;

  @Field(() => String, { nullable: true, description: 'Name in English, up to 300 characters.' })
  nameEn?: string | null;

  @Field(() => String, { nullable: true, description: 'Up to 2,000 characters.' })
  fees?: string | null;

  @Field(() => Int, { nullable: true, description: 'Working days, not above processingTimeLimitDays.' })
  promisedTimeLimitDays?: number | null;

  @Field(() => [ApplicationMaterialInput], { nullable: true, description: 'Up to 100 materials.' })
  applicationMaterials?: ApplicationMaterialInput[] | null;

  @Field(() => [String], { nullable: true, description: 'The steps in order: up to 50, each up to 1,000 characters.' })
  procedure?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Required unless online is OFFLINE: an http or https URL.' })
  onlineUrl?: string | null;
}

@InputType({ description: 'A new catalogue matter.' })
export class AddCatalogueMatterInput extends CatalogueMatterFieldsInput {
  @Field(() => ID, { nullable: true, description: 'The member unit that provides the matter. Hub admins only; others add matters of their own unit.' })
  provider?: string | null;

  @Field(() => CatalogueMatterKind) kind!: CatalogueMatterKind;

  @Field(() => String, { description: "The unit's code for the matter, unique within the unit; up to 50 characters." })
  code!: string;

  @Field(() => String, { description: 'Up to 300 characters.' }) acceptingOffice!: string;
  @Field(() => CatalogueConsultationInput) consultation!: CatalogueConsultationInput;
  @Field(() => Int, { description: 'Working days, 0 or more.' }) processingTimeLimitDays!: number;
  @Field(() => String, { description: 'Up to 5,000 characters.' }) legalBasis!: string;
  @Field(() => Boolean, { defaultValue: false }) free!: boolean;
  @Field(() => OnlineAvailability) online!: OnlineAvailability;
  @Field(() => UpdateCycle) updateCycle!: UpdateCycle;

  @Field(() => SharingTier, { description: 'PUBLIC, UNCONDITIONAL or NOT_SHARED (access grants apply to shared resources only).' })
  tier!: SharingTier;
}

@InputType({ description: 'Changes to a matter: fields left out stay as they are; an explicit null clears an optional field.' })
export class UpdateCatalogueMatterInput extends CatalogueMatterFieldsInput {
  @Field(() => CatalogueMatterKind, { nullable: true }) kind?: CatalogueMatterKind | null;
  @Field(() => String, { nullable: true }) code?: string | null;
  @Field(() => String, { nullable: true }) acceptingOffice?: string | null;
  @Field(() => CatalogueConsultationInput, { nullable: true }) consultation?: CatalogueConsultationInput | null;
  @Field(() => Int, { nullable: true }) processingTimeLimitDays?: number | null;
  @Field(() => String, { nullable: true }) legalBasis?: string | null;
  @Field(() => Boolean, { nullable: true }) free?: boolean | null;
  @Field(() => OnlineAvailability, { nullable: true }) online?: OnlineAvailability | null;
  @Field(() => UpdateCycle, { nullable: true }) updateCycle?: UpdateCycle | null;
  @Field(() => SharingTier, { nullable: true }) tier?: SharingTier | null;
}

@InputType({ description: 'A new edition of the catalogue.' })
export class PublishCatalogueEditionInput {
  @Field(() => String, { description: 'Unique, up to 100 characters, e.g. "2026 edition".' }) name!: string;
  @Field(() => String, { nullable: true, description: 'Up to 2,000 characters.' }) note?: string | null;
}

@InputType({ description: 'Narrows the catalogue; every condition given must hold.' })
export class CatalogueMatterFilter {
  @Field(() => [CatalogueMatterKind], { nullable: true }) kinds?: CatalogueMatterKind[] | null;
  @Field(() => [ID], { nullable: true, description: 'Matters of any of these member units.' }) providers?: string[] | null;
  @Field(() => [OnlineAvailability], { nullable: true }) online?: OnlineAvailability[] | null;
  @Field(() => [SharingTier], { nullable: true }) tiers?: SharingTier[] | null;
  @Field(() => [CatalogueMatterStatus], { nullable: true, description: 'ACTIVE only unless given.' }) statuses?: CatalogueMatterStatus[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Matches names, codes, the accepting office and the legal basis, ignoring case; up to 200 characters, taken literally.',
  })
  text?: string | null;
}
