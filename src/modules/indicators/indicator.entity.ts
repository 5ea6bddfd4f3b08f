import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Float, ObjectType } from 'type-graphql';
import { Node } from '../../shared/node';

/**
 * An indicator the hub defines. Reported ones are reported by the member units assigned to them;
 * computed ones (`computed`) the hub derives from its own records (see computed-indicators.ts).
 */
@ObjectType({ implements: Node, simpleResolvers: true, description: 'An open-development indicator the hub defines.' })
@Entity({ tableName: 'indicator' })
export class Indicator {
  @Field(() => String, { description: 'Stable code, e.g. "EXPORTS"; what mutations and weights take.' })
  @PrimaryKey({ type: 'text' })
  code!: string;

  @Field(() => String) @Property({ type: 'text' }) nameZh!: string;
  @Field(() => String) @Property({ type: 'text' }) nameEn!: string;

  @Field(() => String, { description: 'What a value counts, e.g. "persons", "USD 10k", "enterprises".' })
  @Property({ type: 'text' })
  unitOfMeasure!: string;

  @Field(() => Boolean, { description: 'Whether the index divides the value by the resident population of the locality and period.' })
  @Property({ type: 'boolean' })
  perCapita!: boolean;

  @Field(() => Boolean, { description: 'Computed by the hub from its own records; cannot be reported.' })
  @Property({ type: 'boolean' })
  computed!: boolean;

  @Field(() => Float, { description: 'Weight in openDevelopmentIndex unless INDEX_WEIGHTS or the query says otherwise (0: not counted).' })
  @Property({ type: 'double', columnType: 'numeric' })
  defaultWeight!: number;

  @Property({ type: 'integer' })
  sortOrder!: number;
}
