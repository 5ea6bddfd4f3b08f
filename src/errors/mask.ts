import { randomUUID } from 'node:crypto';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import {
  ConnectionException,
  DriverException,
  ForeignKeyConstraintViolationException,
  NotFoundError,
  UniqueConstraintViolationException,
  ValidationError as OrmValidationError,
} from '@mikro-orm/core';
import type { Logger } from '../logger';
import { AppError, ErrorCode } from './app-error';

/** Codes that graphql-js, Apollo and our own limits produce before execution; safe to show as they are. */
const PROTOCOL_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

const UNAVAILABLE_MESSAGE = 'The database is unavailable at the moment; retry in a few seconds.';

/** Errors that mean "the database cannot be reached", whatever layer raised them. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof ConnectionException) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  if (code && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08006', '08001', '08003'].includes(code)) {
    return true;
  }
  return /Timeout acquiring a connection|Connection terminated|terminating connection|the database system is (starting up|shutting down)|Client has encountered a connection error/i.test(
    error.message,
  );
}

/**
 * True for a GraphQLError of any copy of graphql-js. Apollo, type-graphql and our code may load
 * different copies (CommonJS and ES module builds), so `instanceof GraphQLError` is not enough.
 */
function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError || Object.prototype.toString.call(error) === '[object GraphQLError]';
}

/** Follows `originalError` links to the error that was actually thrown. */
function rootCause(error: unknown): unknown {
  let current = error;
  for (let i = 0; i < 5; i++) {
    if (isGraphQLError(current) && current.originalError) current = current.originalError;
    else break;
  }
  return current;
}

/** The public code the masking gives an error thrown by our code or the ORM (for the audit trail). */
export function publicErrorCode(error: unknown): ErrorCode {
  const cause = rootCause(error);
  if (cause instanceof AppError) return cause.code;
  if (cause instanceof NotFoundError) return ErrorCode.NOT_FOUND;
  if (cause instanceof UniqueConstraintViolationException) return ErrorCode.CONFLICT;
  if (cause instanceof ForeignKeyConstraintViolationException || cause instanceof OrmValidationError) return ErrorCode.BAD_USER_INPUT;
  if (isDatabaseUnavailable(cause)) return ErrorCode.SERVICE_UNAVAILABLE;
  return ErrorCode.INTERNAL_SERVER_ERROR;
}

export interface MaskOptions {
  logger: Logger;
  exposeStackTraces: boolean;
}

/**
 * The one place where internal errors become public ones, for HTTP and WebSocket alike.
 * AppErrors keep their code and message; known database failures map to stable codes;
 * anything else becomes INTERNAL_SERVER_ERROR with an id that points into the server log.
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown, options: MaskOptions): GraphQLFormattedError {
  const cause = rootCause(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  const stack = options.exposeStackTraces && cause instanceof Error ? { stacktrace: cause.stack?.split('\n') } : {};

  if (cause instanceof AppError) {
    const extensions: Record<string, unknown> = { code: cause.code, ...stack };
    if (cause.details.field) extensions.field = cause.details.field;
    if (cause.details.reason) extensions.reason = cause.details.reason;
    if (cause.details.fields) extensions.fields = cause.details.fields;
    return { ...base, message: cause.message, extensions };
  }

  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PROTOCOL_CODES.has(code) && !(cause instanceof DriverException)) {
    const { stacktrace: _hidden, ...rest } = formatted.extensions ?? {};
    const field = code === ErrorCode.BAD_USER_INPUT && rest.field === undefined ? variableField(formatted.message) : undefined;
    return { ...base, extensions: { ...rest, ...(field ? { field } : {}), ...stack } };
  }
  // graphql-js errors raised before execution (parse, validation, limits) carry no original error.
  if (isGraphQLError(cause) && !cause.originalError && !formatted.path) {
    return { ...base, extensions: { code: code ?? 'GRAPHQL_VALIDATION_FAILED', ...stack } };
  }

  if (cause instanceof NotFoundError) {
    return { ...base, message: 'The requested object does not exist.', extensions: { code: ErrorCode.NOT_FOUND } };
  }
  if (cause instanceof UniqueConstraintViolationException) {
    return { ...base, message: 'This would duplicate an existing record.', extensions: { code: ErrorCode.CONFLICT } };
  }
  if (cause instanceof ForeignKeyConstraintViolationException) {
    return { ...base, message: 'A referenced object does not exist.', extensions: { code: ErrorCode.BAD_USER_INPUT } };
  }
  if (cause instanceof OrmValidationError) {
    return { ...base, message: cause.message, extensions: { code: ErrorCode.BAD_USER_INPUT } };
  }
  if (isDatabaseUnavailable(cause)) {
    options.logger.warn({ err: cause }, 'database unavailable');
    return { ...base, message: UNAVAILABLE_MESSAGE, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
  }

  const errorId = randomUUID();
  options.logger.error({ err: cause, errorId, path: formatted.path }, 'unexpected error');
  return {
    ...base,
    message: `Internal server error (error id ${errorId}).`,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, errorId, ...stack },
  };
}

/**
 * Where a variable's value was refused (a scalar such as CountryCode, a missing input field), as
 * the hub's own input errors name it in `field`: graphql-js says it only in its message,
 * `Variable "$input" got invalid value "XX" at "input.countries[1]"; …`, or names just the variable.
 */
export function variableField(message: string): string | undefined {
  const variable = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)"/.exec(message)?.[1];
  if (!variable) return undefined;
  const at = new RegExp(` at "(${variable}(?:\\.[_A-Za-z][_0-9A-Za-z]*|\\[\\d+\\])*)"; `).exec(message)?.[1];
  return at ?? variable;
}
