import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../shared/node';
import { DateTimeScalar } from '../../shared/scalars';
import { Locality } from '../localities/locality.entity';

export enum MemberUnitKind {
  FAO = 'FAO',
  BUREAU = 'BUREAU',
  MUNICIPAL_FAO = 'MUNICIPAL_FAO',
  ASSOCIATION = 'ASSOCIATION',
  OTHER = 'OTHER',
}
registerEnumType(MemberUnitKind, {
  name: 'MemberUnitKind',
  valuesConfig: {
    FAO: { description: 'A provincial Foreign Affairs Office (外办).' },
    BUREAU: { description: 'A provincial government department: commerce, education, culture and tourism, …' },
    MUNICIPAL_FAO: { description: 'The Foreign Affairs Office of a city or county (市/县外办).' },
    ASSOCIATION: { description: 'A people\'s friendship association (友协) or similar body.' },
    OTHER: {},
  },
});

@ObjectType({ description: 'How to reach a member unit.', simpleResolvers: true })
export class ContactInfo {
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) website!: string | null;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'An organisation that belongs to the hub: a bureau, an FAO, an association.' })
@Entity({ tableName: 'member_unit' })
export class MemberUnit {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field({ description: 'Stable short code, e.g. "610100-FAO".' })
  @Property({ type: 'string' })
  code!: string;

  @Field() @Property({ type: 'string' }) nameZh!: string;
  @Field() @Property({ type: 'string' }) nameEn!: string;

  @Field(() => MemberUnitKind)
  @Enum({ items: () => MemberUnitKind, type: 'string' })
  kind!: MemberUnitKind;

  @ManyToOne(() => Locality, { ref: true, nullable: true })
  locality?: Ref<Locality> | null;

  @ManyToOne(() => MemberUnit, { ref: true, nullable: true })
  parent?: Ref<MemberUnit> | null;

  @Property({ type: 'string', nullable: true }) contactEmail?: string | null;
  @Property({ type: 'string', nullable: true }) contactPhone?: string | null;
  @Property({ type: 'string', nullable: true }) website?: string | null;

  @Field(() => Boolean, { description: "True for the hub operator (the provincial FAO and its friendship association): its admins are hub admins." })
  @Property({ type: 'boolean' })
  hubOperator: boolean = false;

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
