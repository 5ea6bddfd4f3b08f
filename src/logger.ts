import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs on stdout; the Authorization header never reaches them. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'fao-hub' },
    redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.password'], remove: true },
  });
}
