import { badInput } from '../errors';

/**
 * Relay global IDs: base64url("Type:key"). Clients treat them as opaque; the type prefix lets
 * `node(id)` find the right table and lets every argument check it got the kind of ID it expects.
 */
export function toGlobalId(type: string, key: string | number): string {
  return Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');
}

export interface DecodedId {
  type: string;
  key: string;
}

/** Decodes without judging the type; null when the string is not one of our IDs at all. */
export function decodeGlobalId(id: string): DecodedId | null {
  if (typeof id !== 'string' || id.length === 0 || id.length > 200 || !/^[A-Za-z0-9_-]+={0,2}$/.test(id)) return null;
  const text = Buffer.from(id, 'base64url').toString('utf8');
  const match = /^([A-Z][A-Za-z]+):(.+)$/.exec(text);
  if (!match) return null;
  return { type: match[1], key: match[2] };
}

/** Decodes an ID that must name a `type` with an integer key; BAD_USER_INPUT otherwise. */
export function parseIntId(id: string, type: string, field: string): number {
  const decoded = decodeGlobalId(id);
  if (!decoded || decoded.type !== type || !/^[1-9][0-9]{0,9}$/.test(decoded.key) || Number(decoded.key) > 2_147_483_647) {
    throw badInput(`"${id}" is not a valid ${type} ID.`, field, 'INVALID_ID');
  }
  return Number(decoded.key);
}
