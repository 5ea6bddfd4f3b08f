import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, type InputErrors } from '../../errors';
import { parseIntId, toGlobalId } from '../../shared/global-id';
import { httpUrlInput, textInput } from '../../shared/text-input';
import { SharingTier } from '../resources/resource.enums';
import type { InformationAttachment } from './information-item.entity';
import { InformationKind, InformationTier } from './information.enums';

/** Every field a publisher sets, as stored (IDs decoded, text trimmed, lists de-duplicated). */
export interface InformationValues {
  kind: InformationKind;
  tier: SharingTier;
  titleZh: string | null;
  titleEn: string | null;
  bodyZh: string | null;
  bodyEn: string | null;
  countries: string[];
  localities: number[];
  attachments: InformationAttachment[];
  effectiveFrom: string;
  expiresOn: string | null;
  advisoryLevel: number | null;
}

export type InformationField = keyof InformationValues;

export const INFORMATION_FIELDS: readonly InformationField[] = [
  'kind', 'tier', 'titleZh', 'titleEn', 'bodyZh', 'bodyEn', 'countries', 'localities', 'attachments', 'effectiveFrom', 'expiresOn', 'advisoryLevel',
];

/** What a client may send (the GraphQL input types have this shape). */
export interface InformationFieldsPatch {
  kind?: InformationKind | null;
  tier?: SharingTier | null;
  titleZh?: string | null;
  titleEn?: string | null;
  bodyZh?: string | null;
  bodyEn?: string | null;
  countries?: string[] | null;
  localities?: string[] | null;
  attachments?: Array<{ url?: string | null; title?: string | null }> | null;
  effectiveFrom?: string | null;
  expiresOn?: string | null;
  advisoryLevel?: number | null;
}

export const INFORMATION_LIMITS = {
  title: 300,
  body: 100_000,
  attachments: 20,
  attachmentTitle: 300,
  url: 2_000,
  references: 100,
} as const;

const TIERS = new Set<string>(Object.values(InformationTier));

/**
 * Checks and normalises the fields a client sent, each on its own; fields left out stay out of the
 * result, an explicit null becomes the field's empty value. Problems go to `errors`, by field.
 */
export function normaliseInformation(input: InformationFieldsPatch, errors: InputErrors): Partial<InformationValues> {
  const out: Partial<InformationValues> = {};
  const given = (field: keyof InformationFieldsPatch) => input[field] !== undefined;
  for (const field of ['kind', 'tier', 'effectiveFrom'] as const) {
    if (!given(field)) continue;
    if (input[field] === null) errors.add(`input.${field}`, `"${field}" cannot be cleared; give a new value or leave it out.`);
    else (out as Record<string, unknown>)[field] = input[field];
  }
  if (out.tier != null && !TIERS.has(out.tier)) {
    errors.add(
      'input.tier',
      `An information item cannot be ${out.tier}: access grants apply to shared resources only. Use PUBLIC, UNCONDITIONAL or NOT_SHARED.`,
    );
  }
  for (const field of ['titleZh', 'titleEn'] as const) {
    if (given(field)) out[field] = textInput(input[field], `input.${field}`, INFORMATION_LIMITS.title, errors);
  }
  for (const field of ['bodyZh', 'bodyEn'] as const) {
    if (given(field)) out[field] = textInput(input[field], `input.${field}`, INFORMATION_LIMITS.body, errors, { trim: false });
  }
  if (given('countries')) {
    out.countries = [...new Set((input.countries ?? []).map((code) => code.toUpperCase()))];
    errors.check(out.countries.length <= INFORMATION_LIMITS.references, 'input.countries', `"input.countries" takes at most ${INFORMATION_LIMITS.references} codes.`);
  }
  if (given('localities')) {
    const kept = new Set<number>();
    for (const value of input.localities ?? []) {
      try {
        kept.add(parseIntId(value, 'Locality', 'input.localities'));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        errors.add('input.localities', error.message);
      }
    }
    out.localities = [...kept];
    errors.check(kept.size <= INFORMATION_LIMITS.references, 'input.localities', `"input.localities" takes at most ${INFORMATION_LIMITS.references} IDs.`);
  }
  if (given('attachments')) {
    const list = input.attachments ?? [];
    errors.check(
      list.length <= INFORMATION_LIMITS.attachments,
      'input.attachments',
      `An information item takes at most ${INFORMATION_LIMITS.attachments} attachments, got ${list.length}.`,
    );
    out.attachments = list.map((attachment, index) => ({
      title: textInput(attachment.title, `input.attachments[${index}].title`, INFORMATION_LIMITS.attachmentTitle, errors),
      url: (httpUrlInput(attachment.url, `input.attachments[${index}].url`, INFORMATION_LIMITS.url, errors) ?? ''),
    }));
  }
  if (given('expiresOn')) out.expiresOn = input.expiresOn ?? null;
  if (given('advisoryLevel')) {
    out.advisoryLevel = input.advisoryLevel ?? null;
    if (out.advisoryLevel != null && !(Number.isInteger(out.advisoryLevel) && out.advisoryLevel >= 1 && out.advisoryLevel <= 4)) {
      errors.add('input.advisoryLevel', `"advisoryLevel" must be 1, 2, 3 or 4, got ${out.advisoryLevel}.`);
    }
  }
  return out;
}

/** Rules across fields, on the item as it will be; `given` tells which fields the client sent. */
export function checkInformationWhole(values: InformationValues, given: Partial<InformationValues>, errors: InputErrors): void {
  if (!values.titleZh && !values.titleEn) {
    errors.add(
      'titleZh' in given && !('titleEn' in given) ? 'input.titleZh' : 'input.titleEn',
      'An information item needs a title in Chinese (titleZh) or English (titleEn), or both.',
    );
  }
  if (values.expiresOn && values.effectiveFrom && values.expiresOn < values.effectiveFrom) {
    errors.add('input.expiresOn', `"expiresOn" (${values.expiresOn}) is before "effectiveFrom" (${values.effectiveFrom}).`);
  }
  if (values.kind === InformationKind.ADVISORY) {
    if (values.advisoryLevel == null) errors.add('input.advisoryLevel', 'An ADVISORY needs "advisoryLevel", 1 to 4.');
    if (values.countries.length !== 1) {
      errors.add('input.countries', `An ADVISORY concerns exactly one country; got ${values.countries.length}.`);
    }
  } else if (values.advisoryLevel != null) {
    errors.add('input.advisoryLevel', `"advisoryLevel" is only for ADVISORY items; this one is a ${values.kind}.`);
  }
}

/** Checks in one statement that the countries and localities named exist; the message names each unknown value. */
export async function checkInformationReferences(em: EntityManager, values: Partial<InformationValues>, errors: InputErrors): Promise<void> {
  const countries = values.countries ?? [];
  const localities = values.localities ?? [];
  if (!countries.length && !localities.length) return;
  const rows = await em.execute<Array<{ kind: string; key: string }>>(
    `select 'locality' as kind, id::text as key from locality where id in (select value::int from jsonb_array_elements_text(?::jsonb))
     union all
     select 'country', code::text from country where code in (select value from jsonb_array_elements_text(?::jsonb))`,
    [JSON.stringify(localities), JSON.stringify(countries)],
  );
  const found = new Set(rows.map((row) => `${row.kind}:${row.key}`));
  for (const code of countries) errors.check(found.has(`country:${code}`), 'input.countries', `The hub knows no country "${code}".`);
  for (const id of localities) {
    errors.check(found.has(`locality:${id}`), 'input.localities', `No locality has the ID "${toGlobalId('Locality', id)}".`);
  }
}

/** JSON with object keys sorted, so equal values compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.keys(item).sort().map((key) => [key, (item as Record<string, unknown>)[key]]))
      : item,
  );
}

/** Whether two values of `field` are the same; countries and localities compare as sets. */
export function sameInformationValue(field: InformationField, a: unknown, b: unknown): boolean {
  if (field === 'countries' || field === 'localities') {
    const sorted = (list: unknown) => [...((list as Array<string | number>) ?? [])].sort();
    return canonical(sorted(a)) === canonical(sorted(b));
  }
  return canonical(a ?? null) === canonical(b ?? null);
}
