import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../shared/node';
import { CountryCodeScalar } from '../../shared/scalars';
import { Continent } from './continent.enum';

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A country or territory (ISO 3166-1).' })
@Entity({ tableName: 'country' })
export class Country {
  @Field(() => CountryCodeScalar, { description: 'ISO 3166-1 alpha-2 code, e.g. "JP".' })
  @PrimaryKey({ type: 'string', columnType: 'char(2)' })
  code!: string;

  @Field({ description: 'ISO 3166-1 alpha-3 code, e.g. "JPN".' })
  @Property({ type: 'string', columnType: 'char(3)' })
  alpha3!: string;

  @Field() @Property({ type: 'string' }) nameEn!: string;
  @Field() @Property({ type: 'string' }) nameZh!: string;

  @Field(() => Continent, { nullable: true })
  @Enum({ items: () => Continent, type: 'string', columnType: 'char(2)', nullable: true })
  continent?: Continent | null;
}
