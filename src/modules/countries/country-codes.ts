/** Country codes as inputs give them: trimmed, upper-cased, each once. */
export const countryCodes = (given: readonly string[] | null | undefined): string[] => [...new Set((given ?? []).map((code) => code.trim().toUpperCase()))];

/** What a caller is told of codes that name no country (the first five shown). */
export function unknownCountriesMessage(unknown: readonly string[]): string {
  const shown = unknown.slice(0, 5).map((code) => `"${code.slice(0, 20)}"`).join(', ');
  return `${shown} ${unknown.length > 1 ? 'are not countries' : 'is not a country'} the hub knows (ISO 3166-1 alpha-2 codes, e.g. "JP").`;
}
