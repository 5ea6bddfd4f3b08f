import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CODE_PATTERN } from '../../../seeds/member-units';
import { forbidden, requireHubAdmin } from '../../auth/viewer';
import { badInput, conflict, InputErrors, notFound } from '../../errors';
import { checkEmail, checkName, type Actor } from '../accounts/account.service';
import type { MutationAudit } from '../audit/audit.service';
import { Locality } from '../localities/locality.entity';
import { LocalitySide } from '../localities/locality.enums';
import { MemberUnit, MemberUnitKind } from './member-unit.entity';

/** The fields of a member unit; IDs already decoded. `undefined` keeps a value on update, `null` clears it. */
export interface MemberUnitFields {
  code?: string;
  nameZh?: string;
  nameEn?: string;
  kind?: MemberUnitKind;
  localityId?: number | null;
  parentId?: number | null;
  hubOperator?: boolean;
  contactEmail?: string | null;
  contactPhone?: string | null;
  website?: string | null;
}

function guardHubAdmin(actor: Actor) {
  if (actor.kind !== 'operator') requireHubAdmin(actor);
}

const nullOrBlank = (value: string | null | undefined) => value == null || value.trim() === '';

/** Checks what is given (undefined fields are left out); `required` names the fields a new unit needs. */
function checkFields(fields: MemberUnitFields, required: boolean) {
  const errors = new InputErrors();
  const clean: MemberUnitFields = { ...fields };
  for (const [key, what] of [
    ['code', 'a code'],
    ['nameZh', 'a Chinese name'],
    ['nameEn', 'an English name'],
  ] as const) {
    if (fields[key] === undefined && !required) continue;
    errors.check(fields[key] !== null, `input.${key}`, `A member unit always has ${what}; leave the field out to keep it.`);
    if (fields[key] != null) clean[key] = checkName(errors, fields[key], `input.${key}`, what);
  }
  if (clean.code) {
    errors.check(
      CODE_PATTERN.test(clean.code),
      'input.code',
      `"${clean.code.slice(0, 70)}" is not a unit code: use 2 to 64 capital letters, digits, "-" or "_", starting with a letter or digit (e.g. "610100-FAO").`,
    );
  }
  for (const key of ['kind', 'hubOperator'] as const) {
    errors.check(fields[key] !== null, `input.${key}`, `Leave "${key}" out to keep its value; it cannot be cleared.`);
  }
  if (fields.contactEmail !== undefined) clean.contactEmail = checkEmail(errors, fields.contactEmail, 'input.contactEmail');
  if (fields.contactPhone !== undefined) {
    clean.contactPhone = nullOrBlank(fields.contactPhone) ? null : fields.contactPhone!.trim();
    errors.check((clean.contactPhone ?? '').length <= 50, 'input.contactPhone', 'The phone number has more than 50 characters.');
  }
  if (fields.website !== undefined) {
    clean.website = nullOrBlank(fields.website) ? null : fields.website!.trim();
    if (clean.website) errors.check(/^https?:\/\/\S+$/.test(clean.website) && clean.website.length <= 500, 'input.website', 'The website must be an http:// or https:// address.');
  }
  errors.throwIfAny();
  return clean;
}

async function checkReferences(em: EntityManager, fields: MemberUnitFields, unitId: number | null) {
  if (fields.localityId != null) {
    const locality = await em.findOne(Locality, fields.localityId);
    if (!locality) throw notFound('No locality has this ID.', 'LOCALITY_NOT_FOUND', 'input.locality');
    if (locality.side !== LocalitySide.DOMESTIC) {
      throw badInput('A member unit is based in a Chinese locality; this one is foreign.', 'input.locality', 'FOREIGN_LOCALITY');
    }
  }
  if (fields.parentId != null) {
    const parent = await em.findOne(MemberUnit, fields.parentId);
    if (!parent) throw notFound('No member unit has this ID.', 'UNIT_NOT_FOUND', 'input.parent');
    if (unitId != null) {
      // The new parent must not sit below the unit itself.
      const [cycle] = await em.execute(
        `with recursive up(id) as (select ?::int union select u.parent_id from member_unit u join up on u.id = up.id where u.parent_id is not null)
         select 1 as found from up where id = ?`,
        [fields.parentId, unitId],
      );
      if (cycle) throw badInput('A unit cannot report to itself or to a unit below it.', 'input.parent', 'PARENT_CYCLE');
    }
  }
}

async function codeIsFree(em: EntityManager, code: string, unitId: number | null) {
  const [taken] = await em.execute('select id from member_unit where code = ? and id <> ?', [code, unitId ?? 0]);
  if (taken) throw conflict(`Another member unit already has the code "${code}".`, 'CODE_TAKEN', 'input.code');
}

async function flushUnit(em: EntityManager, code: string | undefined) {
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw conflict(`Another member unit already has the code "${code}".`, 'CODE_TAKEN', 'input.code');
    }
    throw error;
  }
}

const assign = (unit: MemberUnit, fields: MemberUnitFields, em: EntityManager) => {
  const changed: string[] = [];
  const set = <K extends keyof MemberUnit>(key: K, value: MemberUnit[K] | undefined, same = value === unit[key]) => {
    if (value === undefined || same) return;
    unit[key] = value;
    changed.push(key);
  };
  set('code', fields.code);
  set('nameZh', fields.nameZh);
  set('nameEn', fields.nameEn);
  set('kind', fields.kind);
  set('hubOperator', fields.hubOperator);
  set('contactEmail', fields.contactEmail);
  set('contactPhone', fields.contactPhone);
  set('website', fields.website);
  if (fields.localityId !== undefined && fields.localityId !== (unit.locality?.id ?? null)) {
    unit.locality = fields.localityId == null ? null : em.getReference(Locality, fields.localityId, { wrapped: true });
    changed.push('locality');
  }
  if (fields.parentId !== undefined && fields.parentId !== (unit.parent?.id ?? null)) {
    unit.parent = fields.parentId == null ? null : em.getReference(MemberUnit, fields.parentId, { wrapped: true });
    changed.push('parent');
  }
  return changed;
};

/** Admits a new member unit (hub admins only). Its accounts are created separately. */
export async function createMemberUnit(em: EntityManager, actor: Actor, fields: MemberUnitFields, audit?: MutationAudit): Promise<MemberUnit> {
  if (audit) audit.subject = { type: 'MemberUnit', id: null };
  guardHubAdmin(actor);
  const clean = checkFields(fields, true);
  await codeIsFree(em, clean.code!, null);
  await checkReferences(em, clean, null);
  const unit = Object.assign(new MemberUnit(), { kind: clean.kind ?? MemberUnitKind.OTHER, hubOperator: clean.hubOperator ?? false });
  const changed = assign(unit, clean, em);
  em.persist(unit);
  await flushUnit(em, clean.code);
  if (audit) {
    audit.subject = { type: 'MemberUnit', id: unit.id, ownerUnitId: unit.id };
    audit.detail = { ...audit.detail, code: unit.code, hubOperator: unit.hubOperator, fields: changed };
  }
  return unit;
}

/** Changes a member unit (hub admins only); fields left out keep their value. */
export async function updateMemberUnit(
  em: EntityManager,
  actor: Actor,
  unitId: number,
  fields: MemberUnitFields,
  audit?: MutationAudit,
): Promise<MemberUnit> {
  if (audit) audit.subject = { type: 'MemberUnit', id: unitId, ownerUnitId: unitId };
  guardHubAdmin(actor);
  const unit = await em.findOne(MemberUnit, unitId, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!unit) throw notFound('No member unit has this ID.', 'UNIT_NOT_FOUND', 'input.id');
  const clean = checkFields(fields, false);
  // Hub admins are the hub operator's admins: taking the flag from your own unit would lock you out.
  if (actor.kind === 'member' && actor.unitId === unit.id && clean.hubOperator === false && unit.hubOperator) {
    throw forbidden("You cannot take the hub-operator role from your own unit; ask an admin of another hub-operator unit.", 'OWN_UNIT');
  }
  if (clean.code !== undefined && clean.code !== unit.code) await codeIsFree(em, clean.code, unit.id);
  await checkReferences(em, clean, unit.id);
  const changed = assign(unit, clean, em);
  await flushUnit(em, clean.code);
  if (audit) audit.detail = { ...audit.detail, changed };
  return unit;
}
