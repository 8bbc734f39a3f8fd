import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../app/services.ts';
import { AppError, ErrorCode } from '../shared/errors.ts';

/**
 * Per API key for keyed requests, per client IP for anonymous ones, each with its own limit. With Redis the
 * counters live there, so every app instance behind a load balancer enforces one shared limit. A Redis outage
 * lets requests through rather than failing them.
 */
export async function registerRateLimit(app: FastifyInstance, services: Pick<Services, 'env' | 'redis'>) {
  const limitOf = (request: FastifyRequest) =>
    request.principal ? services.env.QCD_RATE_LIMIT_KEY : services.env.QCD_RATE_LIMIT_ANON;
  await app.register(rateLimit, {
    global: true,
    // The key's shown prefix, not its database id: ids repeat across databases sharing one Redis.
    keyGenerator: (request) => (request.principal ? `key:${request.principal.prefix}` : `ip:${request.ip}`),
    max: (request) => limitOf(request).max,
    timeWindow: (request) => limitOf(request).windowMs,
    ...(services.redis ? { redis: services.redis } : {}),
    nameSpace: 'qcd:ratelimit:',
    skipOnError: true,
    errorResponseBuilder: (_request, context) =>
      new AppError(ErrorCode.RateLimited, `Rate limit exceeded: ${context.max} requests per window`, {
        details: { limit: context.max, retry_after: context.after },
        hint: 'Wait for the Retry-After seconds, or use an API key for a higher limit.',
      }),
  });
}
