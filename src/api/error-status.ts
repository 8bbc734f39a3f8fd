import { ErrorCode } from '../shared/errors.ts';

/** The one table mapping domain error codes to HTTP statuses. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.BadRequest]: 400,
  [ErrorCode.InvalidQuery]: 422,
  [ErrorCode.QueryRefused]: 422,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.FeedRejected]: 422,
  [ErrorCode.UnsafeSql]: 422,
  [ErrorCode.QueryTimeout]: 503,
  [ErrorCode.DatabaseUnavailable]: 503,
  [ErrorCode.ConfigInvalid]: 500,
  [ErrorCode.Internal]: 500,
};
