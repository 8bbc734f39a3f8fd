import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app/services.ts';
import { AppError, ErrorCode } from '../../shared/errors.ts';
import { withErrors } from '../schemas.ts';

const Dependency = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['up', 'down', 'degraded', 'disabled'] },
    kind: { type: 'string' },
    latency_ms: { type: 'number' },
  },
  required: ['status'],
} as const;

const Ready = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['ready'] }, database: Dependency, cache: Dependency },
  required: ['status', 'database', 'cache'],
} as const;

type Status = { status: 'up' | 'down' | 'degraded' | 'disabled'; kind?: string; latency_ms?: number };

async function probe(kind: string, check: () => Promise<unknown>): Promise<Status> {
  const started = performance.now();
  try {
    await check();
    return { status: 'up', kind, latency_ms: Math.round((performance.now() - started) * 100) / 100 };
  } catch {
    return { status: 'down', kind };
  }
}

/** Redis backs the shared cache level and rate limits; without it the app still serves from memory. */
async function cacheStatus(services: Services): Promise<Status> {
  if (services.cache.status() === 'disabled') return { status: 'disabled' };
  const redis = await probe('redis', () => services.cache.ping());
  return services.cache.status() === 'up' && redis.status === 'up'
    ? redis
    : { status: 'degraded', kind: 'redis' };
}

export function registerHealthRoutes(app: FastifyInstance, services: Services): void {
  const publicProbe = { access: 'public', rateLimit: false } as const;
  app.get(
    '/api/v1/health',
    {
      config: publicProbe,
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process answers (200 even when the database is down), with database status',
        response: withErrors({
          200: {
            type: 'object',
            properties: { status: { type: 'string', enum: ['ok'] }, database: Dependency },
            required: ['status', 'database'],
          },
        }),
      },
    },
    async () => ({
      status: 'ok' as const,
      database: await probe(services.db.kind, () => services.db.query('SELECT 1')),
    }),
  );

  app.get(
    '/api/v1/health/ready',
    {
      config: publicProbe,
      schema: {
        tags: ['health'],
        summary:
          'Readiness: database and cache reachable; 503 with Retry-After while the database is not. ' +
          'Without Redis the cache is "degraded" (answers come from memory) and the status stays 200.',
        response: withErrors({ 200: Ready }),
      },
    },
    async () => {
      const [database, cache] = await Promise.all([
        probe(services.db.kind, () => services.db.query('SELECT 1')),
        cacheStatus(services),
      ]);
      if (database.status === 'down') {
        throw new AppError(ErrorCode.DatabaseUnavailable, 'The database is unreachable', {
          details: { database, cache },
          hint: 'Retry after the Retry-After delay.',
        });
      }
      return { status: 'ready' as const, database, cache };
    },
  );
}
