import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../context';
import { Connection, ConnectionArgs, type Page } from '../../shared/connection';
import { toGlobalId } from '../../shared/global-id';
import { connectionNodeSelection } from '../../shared/selection';
import { direct } from '../../shared/direct-resolvers';
import { Language, nameField } from '../../shared/language';
import { resolveRef } from '../../shared/rows';
import { Locality } from '../localities/locality.entity';
import { ContactInfo, MemberUnit } from './member-unit.entity';
import { MemberUnitFilter } from './member-unit.inputs';
import { listMemberUnits } from './member-unit.service';

export const MemberUnitConnection = Connection(MemberUnit);

const unitId = direct<MemberUnit>('MemberUnit', 'id', (unit) => toGlobalId('MemberUnit', unit.id));
const unitName = nameField('MemberUnit');
const unitLocality = direct<MemberUnit>('MemberUnit', 'locality', (unit, _args, { loaders }) =>
  resolveRef(unit.locality, Locality, (id: number) => loaders.localitiesById.load(id)),
);
const unitParent = direct<MemberUnit>('MemberUnit', 'parent', (unit, _args, { loaders }) =>
  resolveRef(unit.parent, MemberUnit, (id: number) => loaders.memberUnitsById.load(id)),
);
const unitContact = direct<MemberUnit>('MemberUnit', 'contact', (unit): ContactInfo => ({
  email: unit.contactEmail ?? null,
  phone: unit.contactPhone ?? null,
  website: unit.website ?? null,
}));

@Resolver(() => MemberUnit)
export class MemberUnitResolver {
  @Query(() => MemberUnitConnection, { description: 'The organisations that belong to the hub.' })
  memberUnits(
    @Ctx() { em }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => MemberUnitFilter, { nullable: true }) filter?: MemberUnitFilter,
  ): Promise<Page<MemberUnit>> {
    return listMemberUnits(em, filter ?? {}, args, connectionNodeSelection(info));
  }

  @FieldResolver(() => ID)
  id(@Root() unit: MemberUnit, @Ctx() context: HubContext) {
    return unitId(unit, {}, context);
  }

  @FieldResolver(() => String, { description: 'Display name in the chosen language (English by default).' })
  name(
    @Root() unit: MemberUnit,
    @Ctx() context: HubContext,
    @Arg('language', () => Language, { defaultValue: Language.EN }) language: Language,
  ) {
    return unitName(unit, { language }, context);
  }

  @FieldResolver(() => Locality, { nullable: true, description: 'Where the unit is based.' })
  locality(@Root() unit: MemberUnit, @Ctx() context: HubContext) {
    return unitLocality(unit, {}, context);
  }

  @FieldResolver(() => MemberUnit, { nullable: true, description: 'The unit this one reports to.' })
  parent(@Root() unit: MemberUnit, @Ctx() context: HubContext) {
    return unitParent(unit, {}, context);
  }

  @FieldResolver(() => ContactInfo)
  contact(@Root() unit: MemberUnit, @Ctx() context: HubContext) {
    return unitContact(unit, {}, context);
  }
}
