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
  /** Every bad input field with what is wrong with it, when there are several. */
  fields?: Array<{ field: string; message: string }>;
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

export const conflict = (message: string, reason?: string, field?: string) =>
  new AppError(ErrorCode.CONFLICT, message, { reason, field });

/**
 * Collects validation problems so one error names every bad field:
 * `extensions.fields = [{ field: "input.titleEn", message: "…" }, …]`, with `extensions.field`
 * the first of them.
 */
export class InputErrors {
  private readonly problems: Array<{ field: string; message: string }> = [];

  add(field: string, message: string): this {
    this.problems.push({ field, message });
    return this;
  }

  /** Adds the problem unless `ok` holds. */
  check(ok: boolean, field: string, message: string): this {
    if (!ok) this.add(field, message);
    return this;
  }

  get empty(): boolean {
    return this.problems.length === 0;
  }

  throwIfAny(): void {
    if (!this.problems.length) return;
    const [first, ...rest] = this.problems;
    const message = rest.length
      ? `${first.message} (and ${rest.length} more problem${rest.length > 1 ? 's' : ''}: see extensions.fields)`
      : first.message;
    throw new AppError(ErrorCode.BAD_USER_INPUT, message, { field: first.field, reason: 'INVALID_INPUT', fields: this.problems });
  }
}
