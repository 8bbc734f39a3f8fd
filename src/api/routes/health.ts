import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app/services.ts';

const HealthBody = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded', 'down'] },
    database: {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['up', 'down'] },
        kind: { type: 'string' },
        latency_ms: { type: 'number' },
      },
      required: ['status', 'kind'],
    },
    time: { type: 'string' },
  },
  required: ['status', 'database', 'time'],
} as const;

async function databaseStatus(services: Services) {
  const started = performance.now();
  try {
    await services.db.query('SELECT 1');
    return { status: 'up' as const, kind: services.db.kind, latency_ms: Math.round((performance.now() - started) * 100) / 100 };
  } catch {
    return { status: 'down' as const, kind: services.db.kind };
  }
}

export function registerHealthRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    '/api/v1/health',
    { schema: { tags: ['health'], summary: 'Liveness, with database status', response: { 200: HealthBody } } },
    async () => {
      const database = await databaseStatus(services);
      return { status: database.status === 'up' ? 'ok' : 'degraded', database, time: new Date().toISOString() };
    },
  );
}
