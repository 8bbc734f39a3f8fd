/**
 * One typed error for the whole domain. Domain code throws AppError with a code; the API maps codes to
 * HTTP statuses in one table (src/api/error-status.ts), the CLI maps them to exit codes.
 */
export const ErrorCode = {
  BadRequest: 'BAD_REQUEST',
  InvalidQuery: 'INVALID_QUERY',
  QueryRefused: 'QUERY_REFUSED',
  Unauthorized: 'UNAUTHORIZED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  RateLimited: 'RATE_LIMITED',
  FeedRejected: 'FEED_REJECTED',
  UnsafeSql: 'UNSAFE_SQL',
  QueryTimeout: 'QUERY_TIMEOUT',
  DatabaseUnavailable: 'DATABASE_UNAVAILABLE',
  ConfigInvalid: 'CONFIG_INVALID',
  Internal: 'INTERNAL_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface AppErrorOptions {
  details?: unknown;
  suggestions?: string[];
  hint?: string;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly suggestions: string[];
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details ?? null;
    this.suggestions = options.suggestions ?? [];
    this.hint = options.hint;
  }

  static is(error: unknown, code?: ErrorCode): error is AppError {
    return error instanceof AppError && (code === undefined || error.code === code);
  }
}

/** The error shape every surface (API, CLI --json, NL refusals) presents. */
export interface ErrorBody {
  error_code: ErrorCode;
  message: string;
  details: unknown;
  suggestions: string[];
  timestamp: string;
}

export function toErrorBody(error: AppError, now: Date = new Date()): ErrorBody {
  const details =
    error.hint && (error.details === null || typeof error.details === 'object')
      ? { ...(error.details as object | null), hint: error.hint }
      : error.details;
  return {
    error_code: error.code,
    message: error.message,
    details,
    suggestions: error.suggestions,
    timestamp: now.toISOString(),
  };
}
