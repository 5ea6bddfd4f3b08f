import { createHash, randomBytes } from 'node:crypto';

/** Hub tokens look like `fhub_<43 base64url characters>`: 256 random bits, easy to spot in a leak scan. */
export const TOKEN_PREFIX = 'fhub_';
const TOKEN_PATTERN = /^fhub_[A-Za-z0-9_-]{43}$/;

export interface NewTokenSecret {
  secret: string;
  hash: Buffer;
  /** Shown in lists so people can tell tokens apart; too short to guess the rest from. */
  prefix: string;
}

export function generateTokenSecret(): NewTokenSecret {
  const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { secret, hash: hashTokenSecret(secret), prefix: secret.slice(0, TOKEN_PREFIX.length + 6) };
}

/** SHA-256 suffices: the secret has 256 bits of entropy, so no stretching is needed. */
export function hashTokenSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

export const looksLikeHubToken = (value: string) => TOKEN_PATTERN.test(value);
export const looksLikeJwt = (value: string) => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value);

/** Parses "30d", "12h", "90m" or an ISO date into an expiry moment. */
export function parseExpiry(value: string, now = new Date()): Date {
  const relative = /^(\d{1,5})([dhm])$/.exec(value.trim());
  if (relative) {
    const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[relative[2] as 'd' | 'h' | 'm'];
    return new Date(now.getTime() + Number(relative[1]) * unit);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`"${value}" is neither a duration like 30d, 12h, 90m nor a date.`);
  return date;
}
