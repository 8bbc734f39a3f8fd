import { AppError, ErrorCode } from '../shared/errors.ts';

const STATUS_CODES: Record<number, ErrorCode> = {
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  413: ErrorCode.PayloadTooLarge,
  429: ErrorCode.RateLimited,
};

/**
 * Anything thrown while handling a request becomes an AppError: domain errors pass through, a lost database
 * connection becomes DATABASE_UNAVAILABLE (503, the client retries), Fastify's own errors (validation, body
 * size, bad JSON) keep their 4xx meaning, and anything else is a 500 whose message is hidden.
 */
export function toAppError(error: unknown): AppError {
  if (isDatabaseUnavailable(error)) {
    return new AppError(ErrorCode.DatabaseUnavailable, 'The database is unavailable', {
      hint: 'Retry after the Retry-After delay.',
      cause: error,
    });
  }
  if (error instanceof AppError) return error;
  const e = error as { statusCode?: number; code?: string; message?: string; validation?: unknown };
  if (e.validation) {
    return new AppError(ErrorCode.BadRequest, e.message ?? 'Invalid request', {
      details: { validation: e.validation },
      hint: 'Check the request against /openapi.json.',
    });
  }
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return new AppError(STATUS_CODES[e.statusCode] ?? ErrorCode.BadRequest, e.message ?? 'Bad request', {
      details: { code: e.code ?? null },
    });
  }
  return new AppError(ErrorCode.Internal, 'Internal server error', {
    hint: 'Try again; if it persists, report it.',
  });
}

// 57P01-03: server shutting down or starting; 53300: no connection slots; class 08: connection exceptions.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection ended unexpectedly',
];

/** True when an error (or its cause, or any error of an AggregateError) means the database cannot be reached. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  if (AppError.is(error, ErrorCode.DatabaseUnavailable)) return true;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || UNAVAILABLE_NODE_CODES.has(code))
    return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((m) => (e.message as string).includes(m)))
    return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1)))
    return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}
