/**
 * JSON schemas shared by the routes. They validate requests, shape responses (fast-json-stringify drops any
 * field a response schema does not name) and become the OpenAPI document.
 */
import { ErrorCode } from '../shared/errors.ts';

export const ErrorBody = {
  type: 'object',
  description: 'Every failure, whatever the status.',
  properties: {
    error_code: { type: 'string', enum: Object.values(ErrorCode) },
    message: { type: 'string' },
    details: {},
    suggestions: { type: 'array', items: { type: 'string' } },
    timestamp: { type: 'string', format: 'date-time' },
  },
  required: ['error_code', 'message', 'details', 'suggestions', 'timestamp'],
} as const;

/** Adds the error responses every route can give to a route's success responses. */
export function withErrors<T extends Record<number, unknown>>(success: T) {
  return { ...success, '4xx': ErrorBody, '5xx': ErrorBody };
}

/** Marks a body schema for the non-coercing validator (see validation.ts). */
export const STRICT_JSON = Symbol('strict JSON body');
export function jsonBody<T extends object>(schema: T): T {
  return Object.assign(schema, { [STRICT_JSON]: true });
}

/** Free text from a client: no control characters (PostgreSQL text cannot hold NUL; logs should hold none). */
export const text = (maxLength: number, description?: string) =>
  ({
    type: 'string',
    minLength: 1,
    maxLength,
    pattern: '^[^\\u0000-\\u001f\\u007f]+$',
    description,
  }) as const;

export const Id = {
  type: 'integer',
  minimum: 1,
  maximum: Number.MAX_SAFE_INTEGER,
  'x-finite': true,
} as const;
export const Money = { type: 'number', description: 'Rupees, 2 decimals.' } as const;
export const CityName = text(80, 'City name, e.g. Mumbai (see GET /platforms for covered cities).');
export const PlatformSlug = {
  type: 'string',
  pattern: '^[a-z0-9_]{1,40}$',
  description: 'Platform slug, e.g. zepto.',
} as const;
export const CategoryName = text(200, 'Category name or path prefix, e.g. Dairy, Bread & Eggs.');
export const Limit = { type: 'integer', minimum: 1, maximum: 100, default: 20, 'x-finite': true } as const;
export const Cursor = {
  type: 'string',
  maxLength: 512,
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'Opaque next_cursor of the previous page.',
} as const;

export const ProductSummary = {
  type: 'object',
  properties: {
    product_id: { type: 'integer' },
    product: { type: 'string' },
    brand: { type: ['string', 'null'] },
    category: { type: 'string' },
    pack: { type: 'string' },
  },
  required: ['product_id', 'product', 'brand', 'category', 'pack'],
} as const;

export const Fees = {
  type: 'object',
  properties: {
    delivery_fee: Money,
    free_delivery_above: Money,
    handling_fee: Money,
    small_cart_fee: Money,
    small_cart_below: Money,
  },
  required: ['delivery_fee', 'free_delivery_above', 'handling_fee', 'small_cart_fee', 'small_cart_below'],
} as const;

export function page<T extends object>(item: T) {
  return {
    type: 'object',
    properties: { items: { type: 'array', items: item }, next_cursor: { type: ['string', 'null'] } },
    required: ['items', 'next_cursor'],
  } as const;
}
