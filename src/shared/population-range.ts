import { InputErrors } from '../errors';

/**
 * A population range as filters and wishes take it: each bound 0 or more, the lower not above the
 * upper. Problems go to `errors`, named `<prefix>.minPopulation` / `<prefix>.maxPopulation`.
 */
export function checkPopulationRange(min: number | null | undefined, max: number | null | undefined, prefix: string, errors: InputErrors): void {
  for (const [name, value] of [['minPopulation', min], ['maxPopulation', max]] as const) {
    errors.check(value == null || value >= 0, `${prefix}.${name}`, `"${name}" cannot be negative; got ${value}.`);
  }
  if (min != null && max != null && min >= 0 && min > max) {
    errors.add(`${prefix}.minPopulation`, `"minPopulation" (${min}) is larger than "maxPopulation" (${max}).`);
  }
}

/** The same check for a caller that has nothing else to report: BAD_USER_INPUT at once. */
export function requirePopulationRange(min: number | null | undefined, max: number | null | undefined, prefix: string): void {
  const errors = new InputErrors();
  checkPopulationRange(min, max, prefix, errors);
  errors.throwIfAny();
}
