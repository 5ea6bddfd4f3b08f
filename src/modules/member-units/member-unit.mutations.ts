import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { requireHubAdmin } from '../../auth/viewer';
import type { HubContext } from '../../context';
import { InputErrors } from '../../errors';
import { parseIntId } from '../../shared/global-id';
import { audited } from '../audit/audit.service';
import { MemberUnit, MemberUnitKind } from './member-unit.entity';
import { createMemberUnit, updateMemberUnit, type MemberUnitFields } from './member-unit-write.service';

@InputType()
export class CreateMemberUnitInput {
  @Field(() => String, { description: 'Stable short code: 2 to 64 capital letters, digits, "-" or "_", e.g. "610100-FAO".' })
  code!: string;

  @Field(() => String) nameZh!: string;
  @Field(() => String) nameEn!: string;
  @Field(() => MemberUnitKind) kind!: MemberUnitKind;

  @Field(() => ID, { nullable: true, description: 'The Chinese locality the unit is based in.' })
  locality?: string | null;

  @Field(() => ID, { nullable: true, description: 'The unit this one reports to.' })
  parent?: string | null;

  @Field(() => Boolean, { defaultValue: false, description: 'Part of the hub operator: its ADMINs become hub admins.' })
  hubOperator!: boolean;

  @Field(() => String, { nullable: true }) contactEmail?: string | null;
  @Field(() => String, { nullable: true }) contactPhone?: string | null;
  @Field(() => String, { nullable: true, description: 'An http:// or https:// address.' }) website?: string | null;
}

@InputType({ description: 'Fields left out keep their value; null clears an optional one.' })
export class UpdateMemberUnitInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) code?: string | null;
  @Field(() => String, { nullable: true }) nameZh?: string | null;
  @Field(() => String, { nullable: true }) nameEn?: string | null;
  @Field(() => MemberUnitKind, { nullable: true }) kind?: MemberUnitKind | null;
  @Field(() => ID, { nullable: true }) locality?: string | null;
  @Field(() => ID, { nullable: true }) parent?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Taking the flag from your own unit is refused (you would stop being a hub admin).' })
  hubOperator?: boolean | null;

  @Field(() => String, { nullable: true }) contactEmail?: string | null;
  @Field(() => String, { nullable: true }) contactPhone?: string | null;
  @Field(() => String, { nullable: true }) website?: string | null;
}

@ObjectType({ simpleResolvers: true })
export class CreateMemberUnitPayload {
  @Field(() => MemberUnit) memberUnit!: MemberUnit;
}

@ObjectType({ simpleResolvers: true })
export class UpdateMemberUnitPayload {
  @Field(() => MemberUnit) memberUnit!: MemberUnit;
}

/** Decodes the ID fields of an input (undefined stays undefined, null stays null), naming every bad one. */
function decodeReferences(input: { locality?: string | null; parent?: string | null }) {
  const errors = new InputErrors();
  const decode = (value: string | null | undefined, type: string, field: string) => {
    if (value == null) return value;
    try {
      return parseIntId(value, type, field);
    } catch (error) {
      errors.add(field, (error as Error).message);
      return undefined;
    }
  };
  const localityId = decode(input.locality, 'Locality', 'input.locality');
  const parentId = decode(input.parent, 'MemberUnit', 'input.parent');
  errors.throwIfAny();
  return { localityId, parentId };
}

/** Hub admins admit member units and change them. */
@Resolver()
export class MemberUnitMutationResolver {
  @Mutation(() => CreateMemberUnitPayload, { description: 'Admits a new member unit (hub admins only).' })
  createMemberUnit(@Ctx() context: HubContext, @Arg('input', () => CreateMemberUnitInput) input: CreateMemberUnitInput): Promise<CreateMemberUnitPayload> {
    return audited(context, 'createMemberUnit', null, async (em, audit) => {
      requireHubAdmin(context.viewer);
      const { locality, parent, ...rest } = input;
      const fields: MemberUnitFields = { ...rest, ...decodeReferences(input) };
      return { memberUnit: await createMemberUnit(em, context.viewer, fields, audit) };
    });
  }

  @Mutation(() => UpdateMemberUnitPayload, { description: 'Changes a member unit (hub admins only).' })
  updateMemberUnit(@Ctx() context: HubContext, @Arg('input', () => UpdateMemberUnitInput) input: UpdateMemberUnitInput): Promise<UpdateMemberUnitPayload> {
    return audited(context, 'updateMemberUnit', null, async (em, audit) => {
      requireHubAdmin(context.viewer);
      const id = parseIntId(input.id, 'MemberUnit', 'input.id');
      const { id: _id, locality, parent, ...rest } = input;
      const fields = { ...rest, ...decodeReferences(input) } as MemberUnitFields;
      return { memberUnit: await updateMemberUnit(em, context.viewer, id, fields, audit) };
    });
  }
}
