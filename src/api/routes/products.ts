import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app/services.ts';
import type { CompareInput } from '../../catalog/read/compare-product.ts';
import { INTERVALS, type PriceHistoryInput, priceHistory } from '../../catalog/read/price-history.ts';
import type { SearchInput } from '../../catalog/read/search-products.ts';
import {
  CategoryName,
  CityName,
  Cursor,
  Fees,
  Id,
  Limit,
  Money,
  PlatformSlug,
  ProductSummary,
  page,
  text,
  withErrors,
} from '../schemas.ts';

const SearchText = text(200, 'Words of the product name.');
const Time = { type: 'string', maxLength: 40, anyOf: [{ format: 'date-time' }, { format: 'date' }] } as const;
const nullableNumber = { type: ['number', 'null'] } as const;

const ProductHit = {
  type: 'object',
  properties: {
    ...ProductSummary.properties,
    lowest_price: nullableNumber,
    platforms: { type: 'array', items: { type: 'string' } },
    score: { type: 'number', description: 'Relevance 0–1 (0 without q).' },
  },
  required: [...ProductSummary.required, 'lowest_price', 'platforms', 'score'],
} as const;

const PlatformOffer = {
  type: 'object',
  properties: {
    platform: { type: 'string' },
    platform_slug: { type: 'string' },
    price: Money,
    mrp: Money,
    discount_percent: { type: 'number' },
    member_price: nullableNumber,
    membership: { type: ['string', 'null'] },
    in_stock: { type: ['boolean', 'null'], description: 'Null without a city.' },
    eta_minutes: { type: ['integer', 'null'] },
    fees: { ...Fees, type: ['object', 'null'] },
    last_updated: { type: 'string', format: 'date-time' },
  },
  required: [
    'platform',
    'platform_slug',
    'price',
    'mrp',
    'discount_percent',
    'in_stock',
    'fees',
    'last_updated',
  ],
} as const;

const Comparison = {
  type: 'object',
  properties: {
    product: ProductSummary,
    city: { type: ['string', 'null'] },
    platforms: { type: 'array', items: PlatformOffer },
    best_deal: {
      type: ['object', 'null'],
      properties: { platform: { type: 'string' }, platform_slug: { type: 'string' }, price: Money },
    },
    savings_potential: { ...Money, description: 'Highest minus lowest price across platforms.' },
    last_updated: { type: ['string', 'null'], format: 'date-time' },
  },
  required: ['product', 'city', 'platforms', 'best_deal', 'savings_potential', 'last_updated'],
} as const;

const PriceHistory = {
  type: 'object',
  properties: {
    product: ProductSummary,
    interval: { type: 'string', enum: INTERVALS },
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    series: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          platform: { type: 'string' },
          platform_slug: { type: 'string' },
          points: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                date: {
                  type: 'string',
                  format: 'date-time',
                  description: 'Start of the bucket (India time).',
                },
                price: { ...Money, description: 'Last price seen in the bucket.' },
                lowest_price: Money,
                highest_price: Money,
                average_price: Money,
              },
              required: ['date', 'price', 'lowest_price', 'highest_price', 'average_price'],
            },
          },
        },
        required: ['platform', 'platform_slug', 'points'],
      },
    },
  },
  required: ['product', 'interval', 'from', 'to', 'series'],
} as const;

export function registerProductRoutes(app: FastifyInstance, services: Services): void {
  const read = { access: 'read' } as const;

  app.get<{ Querystring: SearchInput }>(
    '/api/v1/products/search',
    {
      config: read,
      schema: {
        tags: ['products'],
        summary: 'Search products: full-text and fuzzy (typo-tolerant) on names and platform titles',
        querystring: {
          type: 'object',
          properties: {
            q: SearchText,
            category: CategoryName,
            brand: text(100),
            platform: PlatformSlug,
            city: CityName,
            limit: Limit,
            cursor: Cursor,
          },
          additionalProperties: false,
        },
        response: withErrors({ 200: page(ProductHit) }),
      },
    },
    (request) => services.reads.search(request.query),
  );

  app.get<{ Querystring: CompareInput }>(
    '/api/v1/products/compare',
    {
      config: read,
      schema: {
        tags: ['products'],
        summary: 'One product on every platform: price, stock, delivery time and fees in a city, best deal',
        description: 'Give product_id, or q to compare the best match.',
        querystring: {
          type: 'object',
          properties: { product_id: Id, q: SearchText, city: CityName },
          additionalProperties: false,
        },
        response: withErrors({ 200: Comparison }),
      },
    },
    (request) => services.reads.compare(request.query),
  );

  app.get<{ Params: { id: number }; Querystring: Omit<PriceHistoryInput, 'product_id'> }>(
    '/api/v1/products/:id/prices',
    {
      config: read,
      schema: {
        tags: ['products'],
        summary: 'Price history per platform, bucketed by hour, day or week',
        params: { type: 'object', properties: { id: Id }, required: ['id'] },
        querystring: {
          type: 'object',
          properties: {
            platform: PlatformSlug,
            from: { ...Time, description: 'Start (default: 30 days before `to`).' },
            to: { ...Time, description: 'End, exclusive (default: now).' },
            days: {
              type: 'integer',
              minimum: 1,
              maximum: 3660,
              'x-finite': true,
              description: 'Start as a number of days before `to` (instead of `from`).',
            },
            interval: { type: 'string', enum: INTERVALS, default: 'day' },
          },
          additionalProperties: false,
        },
        response: withErrors({ 200: PriceHistory }),
      },
    },
    (request) => priceHistory(services, { ...request.query, product_id: request.params.id }),
  );
}
