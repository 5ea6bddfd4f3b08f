import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../context';
import { Connection, ConnectionArgs, type Page } from '../../shared/connection';
import { toGlobalId } from '../../shared/global-id';
import { connectionNodeSelection } from '../../shared/selection';
import { Language, pickName } from '../../shared/language';
import { resolveRef } from '../../shared/rows';
import { Locality } from '../localities/locality.entity';
import { ContactInfo, MemberUnit } from './member-unit.entity';
import { MemberUnitFilter } from './member-unit.inputs';
import { listMemberUnits } from './member-unit.service';

export const MemberUnitConnection = Connection(MemberUnit);

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
  id(@Root() unit: MemberUnit): string {
    return toGlobalId('MemberUnit', unit.id);
  }

  // Served by a synchronous resolver with the same logic (see resolveNamesSynchronously in schema.ts).
  @FieldResolver(() => String, { description: 'Display name in the chosen language (English by default).' })
  name(@Root() unit: MemberUnit, @Arg('language', () => Language, { defaultValue: Language.EN }) language: Language): string {
    return pickName(language, unit.nameEn, unit.nameZh);
  }

  @FieldResolver(() => Locality, { nullable: true, description: 'Where the unit is based.' })
  locality(@Root() unit: MemberUnit, @Ctx() { loaders }: HubContext) {
    return resolveRef(unit.locality, Locality, (id: number) => loaders.localitiesById.load(id));
  }

  @FieldResolver(() => MemberUnit, { nullable: true, description: 'The unit this one reports to.' })
  parent(@Root() unit: MemberUnit, @Ctx() { loaders }: HubContext) {
    return resolveRef(unit.parent, MemberUnit, (id: number) => loaders.memberUnitsById.load(id));
  }

  @FieldResolver(() => ContactInfo)
  contact(@Root() unit: MemberUnit): ContactInfo {
    return { email: unit.contactEmail ?? null, phone: unit.contactPhone ?? null, website: unit.website ?? null };
  }
}
