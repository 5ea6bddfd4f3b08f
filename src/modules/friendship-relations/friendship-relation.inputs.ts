import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { CountryCodeScalar } from '../../shared/scalars';
import { RelationKind, RelationStatus } from './friendship-relation.enums';

@InputType()
export class FriendshipRelationFilter {
  @Field(() => ID, { nullable: true, description: 'The Chinese side.' })
  domesticLocality?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'With domesticLocality: also the relations of every division inside it (a province\'s cities and counties).',
  })
  includeDescendants?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'The foreign side.' })
  foreignLocality?: string | null;

  @Field(() => CountryCodeScalar, { nullable: true, description: 'Country of the foreign side.' })
  country?: string | null;

  @Field(() => [RelationKind], { nullable: true }) kind?: RelationKind[] | null;
  @Field(() => [RelationStatus], { nullable: true }) status?: RelationStatus[] | null;

  @Field(() => ID, { nullable: true, description: 'The member unit that liaises for the Chinese side.' })
  liaisonUnit?: string | null;

  @Field(() => Int, { nullable: true, description: 'Established in or after this year.' })
  establishedFrom?: number | null;

  @Field(() => Int, { nullable: true, description: 'Established in or before this year.' })
  establishedTo?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only quiet relations (true) or only lively ones (false): see RelationHealth.quiet.',
  })
  quiet?: boolean | null;
}

export enum RelationOrderField {
  ID = 'ID',
  ESTABLISHED_YEAR = 'ESTABLISHED_YEAR',
}
registerEnumType(RelationOrderField, {
  name: 'RelationOrderField',
  valuesConfig: {
    ID: { description: 'The order in which the hub recorded the relations.' },
    ESTABLISHED_YEAR: { description: 'Year established; relations with no known year come last in both directions.' },
  },
});

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, { name: 'OrderDirection' });

@InputType()
export class RelationOrder {
  @Field(() => RelationOrderField, { defaultValue: RelationOrderField.ID }) field!: RelationOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC }) direction!: OrderDirection;
}
