import { Field, Int, ObjectType } from 'type-graphql';
import { SharingTier } from '../resources/resource.enums';
import { ApplicationMaterial, CatalogueConsultation } from './catalogue-matter.entity';
import { CatalogueMatterKind, OnlineAvailability, UpdateCycle } from './catalogue.enums';

/** The GraphQL shape of a MatterSnapshot (catalogue.service.ts): the matter's catalogue fields as an edition froze them. */
@ObjectType({ simpleResolvers: true, description: 'A matter as an edition froze it.' })
export class CatalogueMatterSnapshot {
  editionId!: number;
  matterId!: number;
  providerUnitId!: number;

  @Field(() => Int, { description: "The matter's version when the edition was published." }) version!: number;
  @Field(() => CatalogueMatterKind) kind!: CatalogueMatterKind;
  @Field(() => String) code!: string;
  @Field(() => String, { nullable: true }) nameZh!: string | null;
  @Field(() => String, { nullable: true }) nameEn!: string | null;
  @Field(() => String) acceptingOffice!: string;
  @Field(() => CatalogueConsultation) consultation!: CatalogueConsultation;
  @Field(() => Int) processingTimeLimitDays!: number;
  @Field(() => Int, { nullable: true }) promisedTimeLimitDays!: number | null;
  @Field(() => String) legalBasis!: string;
  @Field(() => [ApplicationMaterial]) applicationMaterials!: ApplicationMaterial[];
  @Field(() => [String]) procedure!: string[];
  @Field(() => String, { nullable: true }) fees!: string | null;
  @Field(() => Boolean) free!: boolean;
  @Field(() => OnlineAvailability) online!: OnlineAvailability;
  @Field(() => String, { nullable: true }) onlineUrl!: string | null;
  @Field(() => UpdateCycle) updateCycle!: UpdateCycle;
  @Field(() => SharingTier) tier!: SharingTier;
}

@ObjectType({ simpleResolvers: true, description: 'A matter in both editions whose catalogue fields differ.' })
export class CatalogueMatterChange {
  matterId!: number;
  @Field(() => CatalogueMatterSnapshot) before!: CatalogueMatterSnapshot;
  @Field(() => CatalogueMatterSnapshot) after!: CatalogueMatterSnapshot;
  @Field(() => [String], { description: 'The names of the fields that differ, e.g. ["processingTimeLimitDays", "fees"].' }) fields!: string[];
}

@ObjectType({ simpleResolvers: true, description: 'What changed from one edition to another, as far as the caller may see.' })
export class CatalogueChanges {
  @Field(() => [CatalogueMatterSnapshot], { description: 'Matters in the later edition only, as it froze them.' }) added!: CatalogueMatterSnapshot[];
  @Field(() => [CatalogueMatterSnapshot], { description: 'Matters in the earlier edition only, as it froze them.' }) removed!: CatalogueMatterSnapshot[];
  @Field(() => [CatalogueMatterChange]) changed!: CatalogueMatterChange[];
}
