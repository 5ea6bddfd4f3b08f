import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { INDICATOR_LIMITS, PERIOD_RANGE } from './indicator.enums';

@InputType({ description: 'A value of an indicator for a locality and year. Reporting again for the same ones makes a new revision; nothing is overwritten.' })
export class ReportIndicatorValueInput {
  @Field(() => String, { description: 'The indicator code, e.g. "EXPORTS"; it must be assigned to your unit and not computed.' })
  indicator!: string;

  @Field(() => ID, { description: 'A Chinese locality (province, prefecture or county).' })
  locality!: string;

  @Field(() => Int, { description: `The year, ${PERIOD_RANGE.min} to ${PERIOD_RANGE.max}.` })
  period!: number;

  @Field(() => Float, { description: "In the indicator's unit of measure; 0 or more." })
  value!: number;

  @Field(() => String, { nullable: true, description: `Up to ${INDICATOR_LIMITS.note} characters, e.g. why a figure was corrected.` })
  note?: string | null;

  @Field(() => String, { nullable: true, description: `Where the figure comes from, up to ${INDICATOR_LIMITS.source} characters.` })
  source?: string | null;
}

@InputType({ description: 'Conditions a value must meet, all of them.' })
export class IndicatorValueFilter {
  @Field(() => [String], { nullable: true, description: 'Any of these indicator codes.' }) indicators?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'For any of these localities.' }) localities?: string[] | null;
  @Field(() => [Int], { nullable: true, description: 'For any of these years.' }) periods?: number[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Every revision; by default only the newest of each indicator, locality and year.' })
  includeHistory?: boolean | null;
}

@InputType({ description: 'The weight of one indicator in openDevelopmentIndex.' })
export class IndicatorWeightInput {
  @Field(() => String, { description: 'An indicator code (not RESIDENT_POPULATION, the per-capita base).' }) indicator!: string;
  @Field(() => Float, { description: '0 or more; 0 leaves the indicator out.' }) weight!: number;
}
