import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app/services.ts';
import { DEAL_SORTS, type DealsInput } from '../../catalog/read/deals.ts';
import {
  CategoryName,
  CityName,
  Cursor,
  Limit,
  Money,
  PlatformSlug,
  ProductSummary,
  page,
  withErrors,
} from '../schemas.ts';

const Deal = {
  type: 'object',
  properties: {
    ...ProductSummary.properties,
    platform: { type: 'string' },
    platform_slug: { type: 'string' },
    price: Money,
    mrp: Money,
    discount_percent: { type: 'number' },
    savings: { ...Money, description: 'MRP minus price.' },
    flash_sale: {
      type: ['object', 'null'],
      properties: {
        title: { type: 'string' },
        percent_off: { type: ['number', 'null'] },
        ends_at: { type: 'string', format: 'date-time' },
      },
      required: ['title', 'percent_off', 'ends_at'],
    },
  },
  required: [
    ...ProductSummary.required,
    'platform',
    'platform_slug',
    'price',
    'mrp',
    'discount_percent',
    'flash_sale',
  ],
} as const;

const DealsPage = {
  ...page(Deal),
  properties: {
    ...page(Deal).properties,
    as_of: {
      type: 'string',
      format: 'date-time',
      description: "The server's current time, for counting down to a flash sale's ends_at.",
    },
  },
  required: [...page(Deal).required, 'as_of'],
} as const;

export function registerDealRoutes(app: FastifyInstance, services: Services): void {
  app.get<{ Querystring: DealsInput }>(
    '/api/v1/deals',
    {
      config: { access: 'read' },
      schema: {
        tags: ['deals'],
        summary: 'Current deals: listings below MRP and live flash sales',
        querystring: {
          type: 'object',
          properties: {
            platform: PlatformSlug,
            category: CategoryName,
            city: { ...CityName, description: 'Only deals in stock in this city.' },
            min_discount: {
              type: 'number',
              minimum: 0,
              maximum: 100,
              'x-finite': true,
              description: 'Percent off MRP.',
            },
            sort: { type: 'string', enum: DEAL_SORTS, default: 'discount' },
            limit: Limit,
            cursor: Cursor,
          },
          additionalProperties: false,
        },
        response: withErrors({ 200: DealsPage }),
      },
    },
    async (request) => ({
      ...(await services.reads.deals(request.query)),
      as_of: services.clock.now().toISOString(),
    }),
  );
}
