import { registerEnumType } from 'type-graphql';
import { direct } from './direct-resolvers';

export enum Language {
  EN = 'EN',
  ZH = 'ZH',
}
registerEnumType(Language, { name: 'Language', description: 'Language of a display name.' });

/** The name in the wanted language, falling back to the other one when it is missing. */
export function pickName(language: Language, en: string | null | undefined, zh: string | null | undefined): string {
  const first = language === Language.ZH ? zh : en;
  return first || (language === Language.ZH ? en : zh) || '';
}

/** The `name(language:)` field of a type with nameEn and nameZh, resolved directly. */
export const nameField = (type: string) =>
  direct<{ nameEn?: string | null; nameZh?: string | null }, { language: Language }>(type, 'name', (root, { language }) =>
    pickName(language, root.nameEn, root.nameZh),
  );
