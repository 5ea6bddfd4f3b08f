import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../shared/scalars';
import { ProfileThemeKind } from './profile.enums';

/** One entry of the controlled vocabulary of themes and industries that profiles and wishes use. */
@ObjectType({
  simpleResolvers: true,
  description: 'A theme or industry of the controlled vocabulary that locality profiles and partner wishes use. The hub ships a list; hub admins extend it.',
})
@Entity({ tableName: 'profile_theme' })
export class ProfileTheme {
  @Field(() => String, { description: 'Stable code, e.g. "BUDDHIST_HERITAGE"; what inputs and filters take.' })
  @PrimaryKey({ type: 'string' })
  code!: string;

  @Field(() => ProfileThemeKind)
  @Enum({ items: () => ProfileThemeKind, type: 'string' })
  kind!: ProfileThemeKind;

  @Field(() => String) @Property({ type: 'string' }) labelEn!: string;
  @Field(() => String) @Property({ type: 'string' }) labelZh!: string;

  @Field(() => Boolean, { description: 'Shipped with the hub (true) or added by a hub admin.' })
  @Property({ type: 'boolean' })
  builtIn: boolean = false;

  @Property({ type: 'integer', nullable: true }) createdByUnitId?: number | null;

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
