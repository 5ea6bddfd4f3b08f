import { Arg, Args, Ctx, Field, FieldResolver, Float, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../context';
import { Connection, ConnectionArgs, type Page } from '../../shared/connection';
import { toGlobalId } from '../../shared/global-id';
import { Locality } from '../localities/locality.entity';
import { LocalityLevel } from '../localities/locality.enums';
import { MemberUnit } from '../member-units/member-unit.entity';
import { registerNodeType, registerTextNodeType } from '../node';
import { Indicator } from './indicator.entity';
import { IndicatorValue } from './indicator-value.entity';
import { IndicatorValueFilter, IndicatorWeightInput } from './indicator.inputs';
import { listIndicators, listIndicatorValues, rankOpenDevelopment, seriesKey, type IndicatorValueRow } from './indicator.service';
import type { IndexComponentRow, LocalityIndexRow } from './open-development-index';

export const IndicatorValueConnection = Connection(IndicatorValue);

registerTextNodeType('Indicator', /^[A-Z][A-Z0-9_]{1,63}$/, ({ loaders }, key) => loaders.indicatorsByCode.load(key));
registerNodeType('IndicatorValue', ({ loaders }, key) => loaders.indicatorValuesById.load(key));

@ObjectType({ simpleResolvers: true, description: "One indicator's part in a locality's open-development index." })
export class IndexComponent {
  @Field(() => Indicator) indicator!: Indicator;
  @Field(() => Float, { description: 'The newest reported (or computed) value for the year.' }) rawValue!: number;
  @Field(() => Float, { nullable: true, description: 'rawValue / resident population, for per-capita indicators; null otherwise or when the population is not reported.' })
  perCapitaValue!: number | null;
  @Field(() => Float, { nullable: true, description: 'Min-max normalised across the localities of the level, 0 to 1; null when the per-capita value is missing.' })
  normalised!: number | null;
  @Field(() => Float) weight!: number;
  @Field(() => Float, { nullable: true, description: 'weight × normalised / the weight of all indicators with data: the components add up to the index.' })
  contribution!: number | null;
}

@ObjectType({ simpleResolvers: true, description: "A locality's place in openDevelopmentIndex." })
export class LocalityIndex {
  @Field(() => Int, { description: '1 for the highest index; localities without any data come last.' }) rank!: number;
  @Field(() => Float, { nullable: true, description: 'Σ weight × normalised / Σ weight over the indicators with data, 0 to 1; null without any data.' })
  index!: number | null;
  @Field(() => Float, { description: 'Share of the total weight the locality has data for, 0 to 1.' }) coverage!: number;
  @Field(() => [IndexComponent], { description: 'The indicators the locality has a value for, in their documented order.' }) components!: IndexComponentRow[];
  localityId!: number;
}

@Resolver(() => LocalityIndex)
export class LocalityIndexResolver {
  @FieldResolver(() => Locality)
  locality(@Root() row: LocalityIndexRow, @Ctx() { loaders }: HubContext) {
    return loaders.localitiesById.load(row.localityId);
  }
}

const MEMBERS = 'Members only; anonymous callers get UNAUTHENTICATED.';

@Resolver(() => Indicator)
export class IndicatorResolver {
  @Query(() => [Indicator], { description: `The open-development indicators and who reports them. ${MEMBERS}` })
  indicators(@Ctx() { em, viewer }: HubContext): Promise<Indicator[]> {
    return listIndicators(em, viewer);
  }

  @Query(() => [LocalityIndex], {
    description: `Ranks every Chinese locality of \`level\` by its open-development index for \`period\` (see the README for the formula and default weights). ${MEMBERS}`,
  })
  openDevelopmentIndex(
    @Ctx() { em, viewer, config }: HubContext,
    @Arg('period', () => Int, { description: 'The year.' }) period: number,
    @Arg('level', () => LocalityLevel, { defaultValue: LocalityLevel.PREFECTURE, description: 'PROVINCE, PREFECTURE (the default) or COUNTY.' }) level: LocalityLevel,
    @Arg('weights', () => [IndicatorWeightInput], { nullable: true, description: 'Weights for this query, over INDEX_WEIGHTS and the defaults; not all 0.' })
    weights?: IndicatorWeightInput[] | null,
  ): Promise<LocalityIndexRow[]> {
    return rankOpenDevelopment(em, viewer, config, period, level, weights);
  }

  @FieldResolver(() => ID)
  id(@Root() indicator: Indicator): string {
    return toGlobalId('Indicator', indicator.code);
  }

  @FieldResolver(() => [MemberUnit], { description: 'The member units that report it (none for computed indicators).' })
  async assignedUnits(@Root() indicator: Indicator, @Ctx() { loaders }: HubContext) {
    const ids = await loaders.unitIdsByIndicatorCode.load(indicator.code);
    return (await loaders.memberUnitsById.loadMany(ids)).filter((unit) => unit && !(unit instanceof Error));
  }
}

@Resolver(() => IndicatorValue)
export class IndicatorValueResolver {
  @Query(() => IndicatorValueConnection, { description: `Reported indicator values, newest report first; computed indicators have none. ${MEMBERS}` })
  indicatorValues(
    @Ctx() { em, viewer }: HubContext,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => IndicatorValueFilter, { nullable: true }) filter?: IndicatorValueFilter,
  ): Promise<Page<IndicatorValueRow>> {
    return listIndicatorValues(em, viewer, filter, args);
  }

  @FieldResolver(() => ID)
  id(@Root() value: IndicatorValueRow): string {
    return toGlobalId('IndicatorValue', value.id);
  }

  @FieldResolver(() => Indicator)
  indicator(@Root() value: IndicatorValueRow, @Ctx() { loaders }: HubContext) {
    return loaders.indicatorsByCode.load(value.indicatorCode);
  }

  @FieldResolver(() => Locality)
  locality(@Root() value: IndicatorValueRow, @Ctx() { loaders }: HubContext) {
    return loaders.localitiesById.load(value.localityId);
  }

  @FieldResolver(() => MemberUnit, { description: 'The member unit that reported this revision.' })
  reportedBy(@Root() value: IndicatorValueRow, @Ctx() { loaders }: HubContext) {
    return loaders.memberUnitsById.load(value.reportedByUnitId);
  }

  @FieldResolver(() => [IndicatorValue], { description: 'Every revision of this indicator, locality and year, oldest first (this one included).' })
  revisions(@Root() value: IndicatorValueRow, @Ctx() { loaders }: HubContext) {
    return loaders.indicatorRevisionsBySeries.load(seriesKey(value));
  }
}
