import { Field, ID, InputType, Int } from 'type-graphql';
import { CountryCodeScalar } from '../../shared/scalars';
import { Continent } from '../countries/continent.enum';
import { LocalityLevel, LocalitySide } from '../localities/locality.enums';

@InputType({ description: 'Narrows searchLocalities; every filter given must hold (AND).' })
export class LocalitySearchFilter {
  @Field(() => LocalitySide, { nullable: true, description: 'Chinese divisions (DOMESTIC) or foreign regions and cities (FOREIGN).' })
  side?: LocalitySide | null;

  @Field(() => CountryCodeScalar, { nullable: true, description: 'ISO 3166-1 alpha-2 code, e.g. "JP"; CN for the Chinese divisions.' })
  country?: string | null;

  @Field(() => Continent, { nullable: true, description: "The continent of the locality's country." })
  continent?: Continent | null;

  @Field(() => ID, {
    nullable: true,
    description: 'A foreign REGION (its cities) or a Chinese PROVINCE or PREFECTURE (the divisions inside it, at every level below).',
  })
  region?: string | null;

  @Field(() => LocalityLevel, { nullable: true })
  level?: LocalityLevel | null;

  @Field(() => Int, { nullable: true, description: 'At least this many people (localities without a known population are left out).' })
  minPopulation?: number | null;

  @Field(() => Int, { nullable: true, description: 'At most this many people (localities without a known population are left out).' })
  maxPopulation?: number | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Profile theme or industry codes (profileThemes); a locality matches when its profile has every one of them.',
  })
  themes?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'true: foreign localities with at least one friendship relation that has not ENDED (any kind, any other status); false: foreign localities with none.',
  })
  hasChinesePartner?: boolean | null;

  @Field(() => ID, {
    nullable: true,
    description: 'A Chinese PROVINCE: foreign localities with a relation that has not ENDED to it or to any division inside it.',
  })
  partneredWithProvince?: string | null;
}
