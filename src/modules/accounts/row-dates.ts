import { direct } from '../../shared/direct-resolvers';

/**
 * Rows read with `em.execute` carry timestamps in PostgreSQL's text form ("2026-11-25
 * 15:47:03.083+00"); entities built by the ORM carry Dates.
 */
export function dateTime(value: unknown): Date | null {
  if (value == null) return null;
  if (value instanceof Date) return value;
  return new Date(String(value).replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
}

/**
 * Resolves timestamp fields of `type` (declared with @Field on the entity) as Dates, whatever the
 * row held. (RowShape now maps timestamp columns to Dates itself; this stays for rows read by hand.)
 */
export function dateFields<T>(type: string, fields: Array<keyof T & string>): void {
  for (const field of fields) direct<T>(type, field, (root) => dateTime(root[field]));
}
