/** The public error codes: clients may branch on these, so they never change meaning. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface AppErrorDetails {
  /** The argument or input field at fault, e.g. "first" or "filter.search". */
  field?: string;
  /** A finer, stable, domain-specific reason, e.g. "CURSOR_MALFORMED". */
  reason?: string;
}

/** An error whose message is written for the person calling the API. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: AppErrorDetails = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badInput = (message: string, field?: string, reason?: string) =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, { field, reason });

export const notFound = (message: string, reason?: string, field?: string) =>
  new AppError(ErrorCode.NOT_FOUND, message, { reason, field });
