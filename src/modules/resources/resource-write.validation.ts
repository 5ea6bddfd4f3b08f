import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, type InputErrors } from '../../errors';
import { parseIntId, toGlobalId } from '../../shared/global-id';
import { characterCount, httpUrlInput, textInput } from '../../shared/text-input';
import { ResourceKind, SharingTier } from './resource.enums';
import type { ResourceAttachment, ResourceContact, ResourceLink } from './shared-resource.entity';

/** Every field a contributor sets, as stored (IDs decoded, text trimmed, lists de-duplicated). */
export interface ResourceValues {
  kind: ResourceKind;
  tier: SharingTier;
  titleZh: string | null;
  titleEn: string | null;
  summaryZh: string | null;
  summaryEn: string | null;
  bodyZh: string | null;
  bodyEn: string | null;
  tags: string[];
  themes: string[];
  countries: string[];
  foreignLocalities: number[];
  relations: number[];
  domesticLocality: number | null;
  validFrom: string | null;
  validUntil: string | null;
  contact: ResourceContact | null;
  links: ResourceLink[];
  attachments: ResourceAttachment[];
  notSharedBasis: string | null;
}

export type ResourceField = keyof ResourceValues;

/** In the order revisions list them. */
export const RESOURCE_FIELDS: readonly ResourceField[] = [
  'kind', 'tier', 'titleZh', 'titleEn', 'summaryZh', 'summaryEn', 'bodyZh', 'bodyEn', 'tags', 'themes',
  'countries', 'foreignLocalities', 'relations', 'domesticLocality', 'validFrom', 'validUntil',
  'contact', 'links', 'attachments', 'notSharedBasis',
];

/** What a client may send for these fields (the GraphQL input types have this shape). */
export type ResourceFieldsPatch = {
  [F in Exclude<ResourceField, 'foreignLocalities' | 'relations' | 'domesticLocality' | 'contact' | 'links' | 'attachments'>]?:
    | ResourceValues[F]
    | null;
} & {
  foreignLocalities?: string[] | null;
  relations?: string[] | null;
  domesticLocality?: string | null;
  contact?: Partial<ResourceContact> | null;
  links?: Array<Partial<ResourceLink>> | null;
  attachments?: Array<Partial<ResourceAttachment>> | null;
};

export const LIMITS = {
  title: 300,
  summary: 2_000,
  body: 100_000,
  tags: 30,
  tag: 50,
  themes: 30,
  references: 100,
  links: 50,
  url: 2_000,
  linkTitle: 300,
  basis: 2_000,
  reason: 2_000,
  idempotencyKey: 200,
} as const;

const THEME = /^[A-Z][A-Z0-9_]{1,49}$/;
// Deliberately loose: a local part, an @, and a domain with a dot; mail servers judge the rest.
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]{2,}$/;
const PHONE = /^[0-9+()\-./ ]{3,50}$/;
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,62}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}$/i;

function tags(values: string[], field: string, errors: InputErrors): string[] {
  const kept: string[] = [];
  const seen = new Set<string>();
  values.forEach((value, index) => {
    const tag = value.trim().replace(/\s+/g, ' ');
    if (!tag) return void errors.add(field, `"${field}[${index}]" is blank; leave it out.`);
    if (characterCount(tag) > LIMITS.tag) return void errors.add(field, `The tag "${tag.slice(0, 60)}…" is longer than ${LIMITS.tag} characters.`);
    // "Trade" and "trade" are one tag; the first spelling wins.
    const key = tag.toLocaleLowerCase('en');
    if (!seen.has(key)) {
      seen.add(key);
      kept.push(tag);
    }
  });
  errors.check(kept.length <= LIMITS.tags, field, `A resource takes at most ${LIMITS.tags} tags, got ${kept.length}.`);
  return kept;
}

function themes(values: string[], field: string, errors: InputErrors): string[] {
  const kept = [...new Set(values.map((value) => value.trim()))];
  const bad = kept.filter((theme) => !THEME.test(theme));
  if (bad.length) {
    errors.add(
      field,
      `Themes are codes of capital letters, digits and "_" starting with a letter (2 to 50 characters, e.g. "TRADE"); ` +
        `not ${bad.map((theme) => `"${theme.slice(0, 60)}"`).join(', ')}.`,
    );
  }
  errors.check(kept.length <= LIMITS.themes, field, `A resource takes at most ${LIMITS.themes} themes, got ${kept.length}.`);
  return kept;
}

function ids(values: string[], type: string, field: string, errors: InputErrors): number[] {
  const kept = new Set<number>();
  for (const value of values) {
    const id = decodeId(value, type, field, errors);
    if (id != null) kept.add(id);
  }
  errors.check(kept.size <= LIMITS.references, field, `"${field}" takes at most ${LIMITS.references} IDs, got ${kept.size}.`);
  return [...kept];
}

function decodeId(value: string, type: string, field: string, errors: InputErrors): number | null {
  try {
    return parseIntId(value, type, field);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    errors.add(field, error.message);
    return null;
  }
}

function contact(value: Partial<ResourceContact>, errors: InputErrors): ResourceContact | null {
  const result: ResourceContact = {
    name: textInput(value.name, 'input.contact.name', 200, errors),
    organisation: textInput(value.organisation, 'input.contact.organisation', 300, errors),
    email: textInput(value.email, 'input.contact.email', 320, errors),
    phone: textInput(value.phone, 'input.contact.phone', 50, errors),
  };
  if (result.email && !EMAIL.test(result.email)) {
    errors.add('input.contact.email', `"${result.email.slice(0, 100)}" is not an e-mail address.`);
  }
  if (result.phone && !PHONE.test(result.phone)) {
    errors.add('input.contact.phone', `"${result.phone}" is not a phone number: use digits, spaces and + ( ) - . /`);
  }
  return Object.values(result).some((part) => part != null) ? result : null;
}

function links(values: Array<Partial<ResourceLink>>, errors: InputErrors): ResourceLink[] {
  errors.check(values.length <= LIMITS.links, 'input.links', `A resource takes at most ${LIMITS.links} links, got ${values.length}.`);
  return values.map((link, index) => ({
    title: textInput(link.title, `input.links[${index}].title`, LIMITS.linkTitle, errors),
    url: httpUrlInput(link.url, `input.links[${index}].url`, LIMITS.url, errors) ?? '',
  }));
}

function attachments(values: Array<Partial<ResourceAttachment>>, errors: InputErrors): ResourceAttachment[] {
  errors.check(values.length <= LIMITS.links, 'input.attachments', `A resource takes at most ${LIMITS.links} attachments, got ${values.length}.`);
  return values.map((attachment, index) => {
    const field = `input.attachments[${index}]`;
    const mediaType = textInput(attachment.mediaType, `${field}.mediaType`, 127, errors);
    if (mediaType && !MEDIA_TYPE.test(mediaType)) errors.add(`${field}.mediaType`, `"${mediaType}" is not a media type such as "application/pdf".`);
    const bytes = attachment.bytes ?? null;
    if (bytes != null && bytes < 0) errors.add(`${field}.bytes`, `"${field}.bytes" cannot be negative.`);
    return {
      title: textInput(attachment.title, `${field}.title`, LIMITS.linkTitle, errors),
      url: httpUrlInput(attachment.url, `${field}.url`, LIMITS.url, errors) ?? '',
      mediaType: mediaType?.toLowerCase() ?? null,
      bytes,
    };
  });
}

/**
 * Checks and normalises the fields a client sent, each on its own; fields left out (undefined)
 * stay out of the result, an explicit null becomes the field's empty value. Problems go to
 * `errors`, named by field.
 */
export function normaliseFields(input: ResourceFieldsPatch, errors: InputErrors): Partial<ResourceValues> {
  const out: Partial<ResourceValues> = {};
  const given = (field: keyof ResourceFieldsPatch) => input[field] !== undefined;
  for (const field of ['kind', 'tier'] as const) {
    if (!given(field)) continue;
    if (input[field] === null) errors.add(`input.${field}`, `"${field}" cannot be cleared; give a new value or leave it out.`);
    else (out as Record<string, unknown>)[field] = input[field];
  }
  for (const [field, max] of [['titleZh', LIMITS.title], ['titleEn', LIMITS.title], ['summaryZh', LIMITS.summary], ['summaryEn', LIMITS.summary]] as const) {
    if (given(field)) out[field] = textInput(input[field], `input.${field}`, max, errors);
  }
  // Bodies keep their layout (a leading indent may matter); only blank ones become null.
  for (const field of ['bodyZh', 'bodyEn'] as const) {
    if (given(field)) out[field] = textInput(input[field], `input.${field}`, LIMITS.body, errors, { trim: false });
  }
  if (given('notSharedBasis')) out.notSharedBasis = textInput(input.notSharedBasis, 'input.notSharedBasis', LIMITS.basis, errors);
  if (given('tags')) out.tags = tags(input.tags ?? [], 'input.tags', errors);
  if (given('themes')) out.themes = themes(input.themes ?? [], 'input.themes', errors);
  if (given('countries')) {
    out.countries = [...new Set((input.countries ?? []).map((code) => code.toUpperCase()))];
    errors.check(out.countries.length <= LIMITS.references, 'input.countries', `"input.countries" takes at most ${LIMITS.references} codes.`);
  }
  if (given('foreignLocalities')) out.foreignLocalities = ids(input.foreignLocalities ?? [], 'Locality', 'input.foreignLocalities', errors);
  if (given('relations')) out.relations = ids(input.relations ?? [], 'FriendshipRelation', 'input.relations', errors);
  if (given('domesticLocality')) {
    out.domesticLocality = input.domesticLocality == null ? null : decodeId(input.domesticLocality, 'Locality', 'input.domesticLocality', errors);
  }
  if (given('validFrom')) out.validFrom = input.validFrom ?? null;
  if (given('validUntil')) out.validUntil = input.validUntil ?? null;
  if (given('contact')) out.contact = input.contact == null ? null : contact(input.contact, errors);
  if (given('links')) out.links = links(input.links ?? [], errors);
  if (given('attachments')) out.attachments = attachments(input.attachments ?? [], errors);
  return out;
}

/**
 * Rules across fields, on the resource as it will be. `given` tells which fields the client
 * sent, so that a problem names a field the client can fix.
 */
export function checkWhole(values: ResourceValues, given: Partial<ResourceValues>, errors: InputErrors): void {
  if (!values.titleZh && !values.titleEn) {
    errors.add('titleZh' in given && !('titleEn' in given) ? 'input.titleZh' : 'input.titleEn', 'A resource needs a title in Chinese (titleZh) or English (titleEn), or both.');
  }
  if (values.validFrom && values.validUntil && values.validUntil < values.validFrom) {
    errors.add('input.validUntil', `"validUntil" (${values.validUntil}) is before "validFrom" (${values.validFrom}).`);
  }
  if (values.tier === SharingTier.NOT_SHARED && !values.notSharedBasis) {
    errors.add('input.notSharedBasis', 'A NOT_SHARED resource needs "notSharedBasis": the law, rule or decision that keeps it inside the unit (不予共享的依据).');
  }
  if (values.tier !== SharingTier.NOT_SHARED && given.notSharedBasis) {
    errors.add('input.notSharedBasis', '"notSharedBasis" is only for NOT_SHARED resources; leave it out or set the tier to NOT_SHARED.');
  }
}

/**
 * Checks, in one statement on the mutation's transaction, that the referenced countries,
 * localities and relations exist, and that each locality lies on the side its field expects.
 */
export async function checkReferences(
  em: EntityManager,
  values: Partial<ResourceValues>,
  sent: Pick<ResourceFieldsPatch, 'foreignLocalities' | 'domesticLocality'>,
  errors: InputErrors,
): Promise<void> {
  const localities = [...(values.foreignLocalities ?? []), ...(values.domesticLocality != null ? [values.domesticLocality] : [])];
  const relations = values.relations ?? [];
  const countries = values.countries ?? [];
  if (!localities.length && !relations.length && !countries.length) return;
  const rows = await em.execute<Array<{ kind: string; key: string; side: string | null }>>(
    `select 'locality' as kind, id::text as key, side from locality where id in (select value::int from jsonb_array_elements_text(?::jsonb))
     union all
     select 'relation', id::text, null from friendship_relation where id in (select value::int from jsonb_array_elements_text(?::jsonb))
     union all
     select 'country', code::text, null from country where code in (select value from jsonb_array_elements_text(?::jsonb))`,
    [JSON.stringify(localities), JSON.stringify(relations), JSON.stringify(countries)],
  );
  const found = new Map(rows.map((row) => [`${row.kind}:${row.key}`, row]));
  for (const code of countries) {
    errors.check(found.has(`country:${code}`), 'input.countries', `The hub knows no country "${code}".`);
  }
  for (const id of relations) {
    errors.check(found.has(`relation:${id}`), 'input.relations', `No friendship relation has the ID "${toGlobalId('FriendshipRelation', id)}".`);
  }
  for (const id of values.foreignLocalities ?? []) {
    const given = toGlobalId('Locality', id);
    const row = found.get(`locality:${id}`);
    if (!row) errors.add('input.foreignLocalities', `No locality has the ID "${given}".`);
    else if (row.side !== 'FOREIGN') {
      errors.add('input.foreignLocalities', `"${given}" is a Chinese locality; foreignLocalities takes foreign regions and cities (use domesticLocality).`);
    }
  }
  if (values.domesticLocality != null) {
    const given = sent.domesticLocality ?? toGlobalId('Locality', values.domesticLocality);
    const row = found.get(`locality:${values.domesticLocality}`);
    if (!row) errors.add('input.domesticLocality', `No locality has the ID "${given}".`);
    else if (row.side !== 'DOMESTIC') {
      errors.add('input.domesticLocality', `"${given}" is a foreign locality; domesticLocality takes a Chinese province, prefecture or county.`);
    }
  }
}

/** A field's value as the API shows it (global IDs), for revisions and fingerprints. */
export function apiValue(field: ResourceField, value: unknown): unknown {
  if (field === 'foreignLocalities') return (value as number[]).map((id) => toGlobalId('Locality', id));
  if (field === 'relations') return (value as number[]).map((id) => toGlobalId('FriendshipRelation', id));
  if (field === 'domesticLocality') return value == null ? null : toGlobalId('Locality', value as number);
  return value;
}

/** The empty value of a field: what a resource holds when the field was never set. */
export function isEmptyValue(value: unknown): boolean {
  return value == null || (Array.isArray(value) && value.length === 0);
}

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.keys(item).sort().map((key) => [key, (item as Record<string, unknown>)[key]]))
      : item,
  );
}

/** Whether two values of `field` are the same; the linked sets compare without order. */
export function sameValue(field: ResourceField, a: unknown, b: unknown): boolean {
  if (field === 'countries' || field === 'foreignLocalities' || field === 'relations') {
    const sorted = (list: unknown) => [...((list as Array<string | number>) ?? [])].sort();
    return canonicalJson(sorted(a)) === canonicalJson(sorted(b));
  }
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}
