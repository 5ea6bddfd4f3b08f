import { InputErrors } from '../../errors';
import { httpUrlInput, textInput } from '../../shared/text-input';
import { SharingTier } from '../resources/resource.enums';
import { canonicalJson } from '../resources/resource-write.validation';
import { CatalogueMatterKind, OnlineAvailability, UpdateCycle } from './catalogue.enums';

export interface Consultation {
  text: string;
  phone: string | null;
  url: string | null;
}

export interface Material {
  name: string;
  required: boolean;
  copies: number;
  note: string | null;
}

/** A matter's catalogue fields as stored; an edition freezes exactly these (see CATALOGUE_FIELDS). */
export interface MatterValues {
  kind: CatalogueMatterKind;
  code: string;
  nameZh: string | null;
  nameEn: string | null;
  acceptingOffice: string;
  consultation: Consultation;
  processingTimeLimitDays: number;
  promisedTimeLimitDays: number | null;
  legalBasis: string;
  applicationMaterials: Material[];
  procedure: string[];
  fees: string | null;
  free: boolean;
  online: OnlineAvailability;
  onlineUrl: string | null;
  updateCycle: UpdateCycle;
  tier: SharingTier;
}

export type MatterField = keyof MatterValues;

export const CATALOGUE_FIELDS: MatterField[] = [
  'kind', 'code', 'nameZh', 'nameEn', 'acceptingOffice', 'consultation', 'processingTimeLimitDays', 'promisedTimeLimitDays',
  'legalBasis', 'applicationMaterials', 'procedure', 'fees', 'free', 'online', 'onlineUrl', 'updateCycle', 'tier',
];

/** What a client may send (the GraphQL input types have this shape); undefined = left out. */
export type MatterPatch = {
  [F in Exclude<MatterField, 'consultation' | 'applicationMaterials'>]?: MatterValues[F] | null;
} & {
  consultation?: { text?: string | null; phone?: string | null; url?: string | null } | null;
  applicationMaterials?: Array<{ name?: string | null; required?: boolean | null; copies?: number | null; note?: string | null }> | null;
};

export const LIMITS = {
  code: 50,
  name: 300,
  office: 300,
  consultation: 2_000,
  basis: 5_000,
  materials: 100,
  materialName: 300,
  materialNote: 1_000,
  copies: 100,
  steps: 50,
  step: 1_000,
  fees: 2_000,
  url: 2_000,
  days: 3_650,
  editionName: 100,
  editionNote: 2_000,
} as const;

const PHONE = /^[0-9+()\-./ ]{3,50}$/;

/** Like `textInput`, but blank is a problem too. */
function requiredText(value: string | null | undefined, field: string, max: number, errors: InputErrors): string {
  const kept = textInput(value, field, max, errors);
  if (kept == null) errors.add(field, `"${field}" is required and cannot be blank.`);
  return kept ?? '';
}

function days(value: number, field: string, errors: InputErrors): number {
  errors.check(value >= 0, field, `"${field}" counts working days and cannot be negative, got ${value}.`);
  errors.check(value <= LIMITS.days, field, `"${field}" is at most ${LIMITS.days.toLocaleString('en')} working days, got ${value}.`);
  return value;
}

function consultation(value: NonNullable<MatterPatch['consultation']>, errors: InputErrors): Consultation {
  const phone = textInput(value.phone, 'input.consultation.phone', 50, errors);
  if (phone && !PHONE.test(phone)) errors.add('input.consultation.phone', `"${phone}" is not a phone number: use digits, spaces and + ( ) - . /`);
  return {
    text: requiredText(value.text, 'input.consultation.text', LIMITS.consultation, errors),
    phone,
    url: httpUrlInput(value.url, 'input.consultation.url', LIMITS.url, errors, { optional: true }),
  };
}

function materials(values: NonNullable<MatterPatch['applicationMaterials']>, errors: InputErrors): Material[] {
  errors.check(values.length <= LIMITS.materials, 'input.applicationMaterials', `A matter takes at most ${LIMITS.materials} materials, got ${values.length}.`);
  return values.map((material, index) => {
    const field = `input.applicationMaterials[${index}]`;
    const copies = material.copies ?? 1;
    errors.check(copies >= 1 && copies <= LIMITS.copies, `${field}.copies`, `"${field}.copies" must be 1 to ${LIMITS.copies}, got ${copies}.`);
    return {
      name: requiredText(material.name, `${field}.name`, LIMITS.materialName, errors),
      required: material.required ?? true,
      copies,
      note: textInput(material.note, `${field}.note`, LIMITS.materialNote, errors),
    };
  });
}

function steps(values: string[], errors: InputErrors): string[] {
  errors.check(values.length <= LIMITS.steps, 'input.procedure', `A procedure takes at most ${LIMITS.steps} steps, got ${values.length}.`);
  return values.map((step, index) => requiredText(step, `input.procedure[${index}]`, LIMITS.step, errors));
}

/**
 * Checks and normalises the fields a client sent, each on its own; fields left out stay out of
 * the result, an explicit null clears an optional field (a required one cannot be cleared).
 */
export function normaliseMatter(input: MatterPatch, errors: InputErrors): Partial<MatterValues> {
  const out: Partial<MatterValues> = {};
  const given = (field: MatterField) => input[field] !== undefined;
  const required = ['kind', 'code', 'acceptingOffice', 'consultation', 'processingTimeLimitDays', 'legalBasis', 'free', 'online', 'updateCycle', 'tier'] as const;
  for (const field of required) {
    if (input[field] === null) errors.add(`input.${field}`, `"${field}" cannot be cleared; give a new value or leave it out.`);
  }
  const set = <F extends MatterField>(field: F, value: MatterValues[F]) => void (out[field] = value);
  for (const field of ['kind', 'online', 'updateCycle', 'free'] as const) {
    if (input[field] != null) set(field, input[field] as never);
  }
  if (input.tier != null) {
    if (input.tier === SharingTier.CONDITIONAL) {
      errors.add(
        'input.tier',
        'A catalogue matter is PUBLIC, UNCONDITIONAL or NOT_SHARED: CONDITIONAL means access granted on request, and access grants apply to shared resources only.',
      );
    }
    out.tier = input.tier;
  }
  if (input.code != null) {
    const code = requiredText(input.code, 'input.code', LIMITS.code, errors);
    errors.check(!/\s/.test(code), 'input.code', `"code" cannot contain spaces, got "${code.slice(0, 60)}".`);
    out.code = code;
  }
  if (input.acceptingOffice != null) out.acceptingOffice = requiredText(input.acceptingOffice, 'input.acceptingOffice', LIMITS.office, errors);
  if (input.legalBasis != null) out.legalBasis = requiredText(input.legalBasis, 'input.legalBasis', LIMITS.basis, errors);
  if (given('nameZh')) out.nameZh = textInput(input.nameZh, 'input.nameZh', LIMITS.name, errors);
  if (given('nameEn')) out.nameEn = textInput(input.nameEn, 'input.nameEn', LIMITS.name, errors);
  if (given('fees')) out.fees = textInput(input.fees, 'input.fees', LIMITS.fees, errors);
  if (input.consultation != null) out.consultation = consultation(input.consultation, errors);
  if (input.processingTimeLimitDays != null) out.processingTimeLimitDays = days(input.processingTimeLimitDays, 'input.processingTimeLimitDays', errors);
  if (given('promisedTimeLimitDays')) {
    out.promisedTimeLimitDays = input.promisedTimeLimitDays == null ? null : days(input.promisedTimeLimitDays, 'input.promisedTimeLimitDays', errors);
  }
  if (given('applicationMaterials')) out.applicationMaterials = materials(input.applicationMaterials ?? [], errors);
  if (given('procedure')) out.procedure = steps(input.procedure ?? [], errors);
  if (given('onlineUrl')) out.onlineUrl = httpUrlInput(input.onlineUrl, 'input.onlineUrl', LIMITS.url, errors, { optional: true });
  return out;
}

/** Rules across fields, on the matter as it will be; `given` says which fields the client sent. */
export function checkMatter(values: MatterValues, given: Partial<MatterValues>, errors: InputErrors): void {
  if (!values.nameZh && !values.nameEn) {
    errors.add('nameZh' in given && !('nameEn' in given) ? 'input.nameZh' : 'input.nameEn', 'A matter needs a name in Chinese (nameZh) or English (nameEn), or both.');
  }
  if (values.promisedTimeLimitDays != null && values.promisedTimeLimitDays > values.processingTimeLimitDays) {
    errors.add(
      'input.promisedTimeLimitDays',
      `The promised time limit (${values.promisedTimeLimitDays} working days) cannot be longer than the legal one (${values.processingTimeLimitDays}).`,
    );
  }
  if (values.online !== OnlineAvailability.OFFLINE && !values.onlineUrl) {
    errors.add('input.onlineUrl', `A matter available online (${values.online}) needs "onlineUrl": where applicants go to apply.`);
  }
  if (values.online === OnlineAvailability.OFFLINE && values.onlineUrl && given.onlineUrl) {
    errors.add('input.onlineUrl', '"onlineUrl" is only for matters available online; leave it out or set "online".');
  }
}

/** The names of the catalogue fields whose values differ, in CATALOGUE_FIELDS order. */
export function differingFields(before: Partial<Record<MatterField, unknown>>, after: Partial<Record<MatterField, unknown>>): MatterField[] {
  return CATALOGUE_FIELDS.filter((field) => canonicalJson(before[field] ?? null) !== canonicalJson(after[field] ?? null));
}

/** Checks an edition's name and note. */
export function normaliseEdition(input: { name: string; note?: string | null }, errors: InputErrors): { name: string; note: string | null } {
  return {
    name: requiredText(input.name, 'input.name', LIMITS.editionName, errors),
    note: textInput(input.note, 'input.note', LIMITS.editionNote, errors),
  };
}
