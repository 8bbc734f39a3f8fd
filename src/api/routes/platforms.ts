import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app/services.ts';
import { listPlatforms } from '../../catalog/read/platforms.ts';
import { Fees, withErrors } from '../schemas.ts';

const Platform = {
  type: 'object',
  properties: {
    platform: { type: 'string' },
    platform_slug: { type: 'string' },
    membership: {
      type: ['object', 'null'],
      properties: {
        name: { type: 'string' },
        monthly_fee: { type: ['number', 'null'] },
        benefits: { type: ['string', 'null'] },
      },
    },
    fees: {
      type: 'array',
      items: { ...Fees, properties: { city: { type: 'string' }, ...Fees.properties } },
    },
    coverage: {
      type: 'object',
      properties: {
        cities: { type: 'array', items: { type: 'string' } },
        listings: { type: 'integer' },
        in_stock_listings: { type: 'integer' },
      },
    },
  },
  required: ['platform', 'platform_slug', 'membership', 'fees', 'coverage'],
} as const;

export function registerPlatformRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    '/api/v1/platforms',
    {
      config: { access: 'read' },
      schema: {
        tags: ['platforms'],
        summary: 'Platforms with membership, fees per city and coverage',
        response: withErrors({
          200: {
            type: 'object',
            properties: { platforms: { type: 'array', items: Platform } },
            required: ['platforms'],
          },
        }),
      },
    },
    async () => ({ platforms: await listPlatforms(services) }),
  );
}
