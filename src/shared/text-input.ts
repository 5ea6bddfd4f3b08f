import type { InputErrors } from '../errors';

/**
 * Checks of text arguments shared by every write: problems go to `errors` by field (all of an
 * input's problems are reported together), the kept value is returned.
 */

/** Length in characters as people count them (an emoji or a rare CJK character is one). */
export function characterCount(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

// C0 control characters but tab, line feed and carriage return: never text anyone typed, and
// PostgreSQL cannot store NUL at all (it would fail in the database instead of here).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/**
 * Trimmed text (as given with `trim: false`, e.g. bodies whose indentation matters), null when
 * blank; a problem when longer than `max` characters or holding control characters.
 */
export function textInput(
  value: string | null | undefined,
  field: string,
  max: number,
  errors: InputErrors,
  options: { trim?: boolean } = {},
): string | null {
  if (value == null) return null;
  const kept = options.trim === false ? value : value.trim();
  if (!kept.trim()) return null;
  const length = characterCount(kept);
  errors.check(length <= max, field, `"${field}" is ${length.toLocaleString('en')} characters long; the limit is ${max.toLocaleString('en')}.`);
  errors.check(!CONTROL.test(kept), field, `"${field}" contains control characters (such as NUL); only tabs and line breaks are allowed.`);
  return kept;
}

/** An http:// or https:// URL of at most `max` characters; blank is a problem unless `optional` (then null). */
export function httpUrlInput(
  value: string | null | undefined,
  field: string,
  max: number,
  errors: InputErrors,
  options: { optional?: boolean } = {},
): string | null {
  const url = (value ?? '').trim();
  if (!url && options.optional) return null;
  let ok = false;
  try {
    const parsed = new URL(url);
    ok = (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname.length > 0;
  } catch {
    ok = false;
  }
  if (!ok) {
    errors.add(field, `"${field}" must be an http:// or https:// URL, got "${url.slice(0, 100)}".`);
    return null;
  }
  errors.check(url.length <= max, field, `"${field}" is longer than ${max.toLocaleString('en')} characters.`);
  return url;
}
