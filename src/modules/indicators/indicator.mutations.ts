import { Arg, Ctx, Field, ID, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { HubContext } from '../../context';
import { audited } from '../audit';
import { Indicator } from './indicator.entity';
import { IndicatorValue } from './indicator-value.entity';
import { ReportIndicatorValueInput } from './indicator.inputs';
import { assignIndicator, indicatorByCode, indicatorValuesByIds, reportIndicatorValue, unassignIndicator } from './indicator.service';

@ObjectType({ simpleResolvers: true })
export class IndicatorValuePayload {
  @Field(() => IndicatorValue, { description: 'The revision just stored.' }) value!: IndicatorValue;
  @Field(() => IndicatorValue, { nullable: true, description: 'The revision it supersedes; null for a first report.' }) previous!: IndicatorValue | null;
}

@ObjectType({ simpleResolvers: true })
export class IndicatorAssignmentPayload {
  @Field(() => Indicator) indicator!: Indicator;
}

const WHO =
  'EDITOR or ADMIN of a unit the indicator is assigned to, or a hub admin. A computed indicator, one not assigned to your unit, a negative value, a year outside 2000-2100, an unknown or foreign locality: BAD_USER_INPUT naming the field.';

/** Reads what was stored inside the transaction: a read after the commit could fail and report a stored change as failed. */
function report(context: HubContext, action: string, input: ReportIndicatorValueInput): Promise<IndicatorValuePayload> {
  return audited(context, action, null, async (em, audit) => {
    const { id, previousId } = await reportIndicatorValue(em, context.viewer, input, audit);
    const [value, previous] = await indicatorValuesByIds(em, previousId == null ? [id] : [id, previousId]);
    return { value, previous: previous ?? null };
  });
}

@Resolver()
export class IndicatorMutationResolver {
  @Mutation(() => IndicatorValuePayload, { description: `Reports a value: the next revision of its indicator, locality and year (1 for the first). ${WHO}` })
  reportIndicatorValue(@Ctx() context: HubContext, @Arg('input', () => ReportIndicatorValueInput) input: ReportIndicatorValueInput) {
    return report(context, 'reportIndicatorValue', input);
  }

  @Mutation(() => IndicatorValuePayload, {
    description: `Corrects a value: the same as reportIndicatorValue (a correction is a later revision; the earlier ones stay in the history), returning the revision it supersedes. ${WHO}`,
  })
  correctIndicatorValue(@Ctx() context: HubContext, @Arg('input', () => ReportIndicatorValueInput) input: ReportIndicatorValueInput) {
    return report(context, 'correctIndicatorValue', input);
  }

  @Mutation(() => IndicatorAssignmentPayload, { description: 'Lets a member unit report an indicator. Hub admins only.' })
  assignIndicator(@Ctx() context: HubContext, @Arg('indicator', () => String) indicator: string, @Arg('unit', () => ID) unit: string) {
    return audited(context, 'assignIndicator', null, async (em, audit) => {
      await assignIndicator(em, context.viewer, indicator, unit, audit);
      return { indicator: await indicatorByCode(em, indicator) };
    });
  }

  @Mutation(() => IndicatorAssignmentPayload, { description: 'Stops a member unit reporting an indicator; its reported values stay. Hub admins only.' })
  unassignIndicator(@Ctx() context: HubContext, @Arg('indicator', () => String) indicator: string, @Arg('unit', () => ID) unit: string) {
    return audited(context, 'unassignIndicator', null, async (em, audit) => {
      await unassignIndicator(em, context.viewer, indicator, unit, audit);
      return { indicator: await indicatorByCode(em, indicator) };
    });
  }
}
