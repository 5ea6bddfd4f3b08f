const strings = new Map<string, string>();

/**
 * One shared copy of a string that thousands of long-lived objects hold (a subscription's keys):
 * each keeps a reference instead of a copy of its own. Bounded; forgetting only costs memory.
 */
export function intern(text: string): string {
  const known = strings.get(text);
  if (known !== undefined) return known;
  if (strings.size >= 10_000) strings.clear();
  strings.set(text, text);
  return text;
}
