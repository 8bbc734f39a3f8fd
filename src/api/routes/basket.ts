import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app/services.ts';
import { type BasketInput, compareBasket } from '../../basket/compare-basket.ts';
import { CityName, Id, jsonBody, Money, withErrors } from '../schemas.ts';

const Body = jsonBody({
  type: 'object',
  properties: {
    items: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        properties: { product_id: Id, quantity: { type: 'integer', minimum: 1, maximum: 99 } },
        required: ['product_id', 'quantity'],
        additionalProperties: false,
      },
    },
    city: CityName,
    include_new_user_coupons: { type: 'boolean', default: false },
  },
  required: ['items', 'city'],
  additionalProperties: false,
});

const Line = {
  type: 'object',
  properties: {
    product_id: { type: 'integer' },
    product: { type: 'string' },
    quantity: { type: 'integer' },
    price: Money,
    line_total: Money,
  },
} as const;

const Missing = {
  type: 'object',
  properties: {
    product_id: { type: 'integer' },
    product: { type: 'string' },
    quantity: { type: 'integer' },
    reason: { type: 'string', enum: ['not_listed', 'out_of_stock', 'not_delivered'] },
  },
} as const;

const orderProperties = {
  platform: { type: 'string' },
  platform_slug: { type: 'string' },
  items_total: Money,
  delivery_charge: Money,
  handling_charge: Money,
  small_cart_charge: Money,
  coupon_code: { type: ['string', 'null'] },
  coupon_discount: Money,
  total: Money,
  lines: { type: 'array', items: Line },
} as const;

const Comparison = {
  type: 'object',
  properties: {
    city: { type: 'string' },
    platforms: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          ...orderProperties,
          delivers_to_city: { type: 'boolean' },
          complete: { type: 'boolean' },
          item_count: { type: 'integer' },
          missing_items: { type: 'array', items: Missing },
        },
      },
    },
    cheapest_platform: { type: ['string', 'null'] },
    split: {
      type: 'object',
      properties: {
        orders: { type: 'array', items: { type: 'object', properties: orderProperties } },
        total: Money,
        missing_items: { type: 'array', items: Missing },
        savings_vs_cheapest_platform: { type: ['number', 'null'] },
      },
    },
  },
  required: ['city', 'platforms', 'cheapest_platform', 'split'],
} as const;

export function registerBasketRoutes(app: FastifyInstance, services: Services): void {
  app.post<{ Body: BasketInput }>(
    '/api/v1/basket/compare',
    {
      config: { access: 'read' },
      schema: {
        tags: ['basket'],
        summary:
          'A basket on every platform with fees and the best coupon, and the cheapest split across platforms',
        body: Body,
        response: withErrors({ 200: Comparison }),
      },
    },
    (request) => compareBasket(services, request.body),
  );
}
