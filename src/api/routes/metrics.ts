import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app/services.ts';
import { withErrors } from '../schemas.ts';

export function registerMetricsRoute(app: FastifyInstance, services: Services): void {
  app.get(
    '/api/v1/metrics',
    {
      config: { access: 'public', rateLimit: false },
      schema: {
        tags: ['health'],
        summary: 'Prometheus metrics (text exposition format)',
        produces: ['text/plain'],
        response: withErrors({ 200: { type: 'string', description: 'Prometheus text format.' } }),
      },
    },
    async (_request, reply) => {
      reply.type(services.metrics.registry.contentType);
      return services.metrics.registry.metrics();
    },
  );
}
