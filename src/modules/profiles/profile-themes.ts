import type { EntityManager } from '@mikro-orm/postgresql';
import { requireHubAdmin, type Viewer } from '../../auth/viewer';
import { conflict, InputErrors } from '../../errors';
import { queryRows } from '../../shared/sql';
import { textInput } from '../../shared/text-input';
import type { MutationAudit } from '../audit/audit.service';
import type { ProfileTheme } from './profile-theme.entity';
import { ProfileThemeKind } from './profile.enums';
import { profileThemeRows } from './profile.rows';

/** At most this many theme codes in one profile, wish or filter. */
export const MAX_THEMES = 30;

const CODE = /^[A-Z][A-Z0-9_]{1,47}$/;

/** The vocabulary, by kind then code. */
export async function listProfileThemes(em: EntityManager, kind?: ProfileThemeKind | null): Promise<ProfileTheme[]> {
  const plan = profileThemeRows.plan(em);
  const rows = await queryRows(
    em,
    `select ${plan.select('t')} from profile_theme t where (?::text is null or t.kind = ?) order by t.kind desc, t.code`,
    [kind ?? null, kind ?? null],
  );
  return rows.map((row) => plan.map(row, 't'));
}

/** Theme codes as inputs and filters give them: trimmed, upper-cased (codes are case-insensitive), each once. */
export const themeCodes = (given: readonly string[] | null | undefined): string[] => [...new Set((given ?? []).map((code) => code.trim().toUpperCase()))];

/** What a caller is told of codes the vocabulary does not have (the first five shown). */
export function unknownThemesMessage(unknown: readonly string[]): string {
  const shown = unknown.slice(0, 5).map((code) => `"${code.slice(0, 60)}"`).join(', ');
  return `${shown} ${unknown.length > 1 ? 'are not themes' : 'is not a theme'} of the hub's vocabulary; profileThemes lists them.`;
}

/**
 * Theme codes as given (see themeCodes), each checked against the vocabulary in
 * one statement: an unknown code is a problem naming the code and `field`.
 */
export async function checkThemeCodes(
  em: EntityManager,
  given: readonly string[] | null | undefined,
  field: string,
  errors: InputErrors,
): Promise<string[]> {
  if (!given) return [];
  const codes = themeCodes(given);
  if (codes.length > MAX_THEMES) {
    errors.add(field, `"${field}" lists ${codes.length} themes; at most ${MAX_THEMES} are allowed.`);
    return codes;
  }
  if (!codes.length) return codes;
  const found = await queryRows<{ code: string }>(em, 'select code from profile_theme where code = any(?::text[])', [codes]);
  const known = new Set(found.map((row) => row.code));
  const unknown = codes.filter((code) => !known.has(code));
  if (unknown.length) errors.add(field, unknownThemesMessage(unknown));
  return codes;
}

export interface AddProfileThemeCommand {
  code: string;
  kind: ProfileThemeKind;
  labelEn: string;
  labelZh: string;
}

/** Adds a vocabulary entry (hub admins); a code already taken is CONFLICT. Returns the code. */
export async function addProfileTheme(em: EntityManager, viewer: Viewer, command: AddProfileThemeCommand, audit: MutationAudit): Promise<string> {
  const member = requireHubAdmin(viewer);
  const errors = new InputErrors();
  const code = command.code.trim().toUpperCase();
  errors.check(CODE.test(code), 'input.code', `"input.code" must be 2 to 48 capital letters, digits or underscores, starting with a letter (e.g. "WINE_MAKING"); got "${code.slice(0, 60)}".`);
  const labelEn = textInput(command.labelEn, 'input.labelEn', 120, errors);
  const labelZh = textInput(command.labelZh, 'input.labelZh', 60, errors);
  errors.check(labelEn != null, 'input.labelEn', '"input.labelEn" is needed.');
  errors.check(labelZh != null, 'input.labelZh', '"input.labelZh" is needed.');
  errors.throwIfAny();
  audit.detail = { code, kind: command.kind };
  const inserted = await em.execute<Array<{ code: string }>>(
    `insert into profile_theme (code, kind, label_en, label_zh, created_by_unit_id) values (?, ?, ?, ?, ?)
     on conflict (code) do nothing returning code`,
    [code, command.kind, labelEn, labelZh, member.unitId],
  );
  if (!inserted.length) throw conflict(`The vocabulary already has the code "${code}".`, 'DUPLICATE_CODE', 'input.code');
  return code;
}
