/**
 * Rows read with `em.execute` carry timestamps in PostgreSQL's text form ("2026-11-25
 * 15:47:03.083+00"); entities built by the ORM carry Dates.
 */
export function dateTime(value: unknown): Date | null {
  if (value == null) return null;
  if (value instanceof Date) return value;
  return new Date(String(value).replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
}
