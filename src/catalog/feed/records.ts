import { z } from 'zod';

/** Zod schemas for the price feed v1 (shared/spec/price-feed.md): the one shape price data enters in. */

const isoTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/,
    'must be ISO-8601 with an offset',
  )
  .refine((v) => !Number.isNaN(Date.parse(v)), 'is not a valid time');
const slug = z.string().regex(/^[a-z0-9_]+$/, 'must match [a-z0-9_]+');
const text = z.string().trim().min(1).max(500);
const money = z
  .number()
  .finite()
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, 'has more than 2 decimals');
const nonNegativeMoney = money.refine((v) => v >= 0, 'must be ≥ 0');
const positiveMoney = money.refine((v) => v > 0, 'must be > 0');

export const UNITS = ['g', 'kg', 'ml', 'l', 'pcs'] as const;
export type Unit = (typeof UNITS)[number];
export const OFFER_KINDS = ['flash_sale', 'bundle', 'bank', 'cashback', 'discount'] as const;

export const PlatformRecord = z.object({
  type: z.literal('platform'),
  slug,
  name: text,
  membership_name: text.nullable().optional(),
});

export const FeesRecord = z.object({
  type: z.literal('fees'),
  platform: slug,
  city: text,
  delivery_fee: nonNegativeMoney,
  free_delivery_above: nonNegativeMoney,
  handling_fee: nonNegativeMoney,
  small_cart_fee: nonNegativeMoney,
  small_cart_below: nonNegativeMoney,
  observed_at: isoTime,
});

export const CouponRecord = z
  .object({
    type: z.literal('coupon'),
    platform: slug,
    code: z.string().trim().min(1).max(64),
    title: text,
    percent_off: z.number().gt(0).max(100).optional(),
    amount_off: positiveMoney.optional(),
    max_discount: positiveMoney.optional(),
    min_cart_value: nonNegativeMoney.optional(),
    new_users_only: z.boolean().optional(),
    valid_from: isoTime.optional(),
    valid_until: isoTime.optional(),
  })
  .refine((c) => (c.percent_off === undefined) !== (c.amount_off === undefined), {
    message: 'exactly one of percent_off or amount_off is required',
    path: ['percent_off'],
  });

const Availability = z.object({
  city: text,
  pincode: z
    .string()
    .regex(/^\d{6}$/, 'must be a 6-digit pincode')
    .optional(),
  in_stock: z.boolean(),
  stock_qty: z.number().int().min(0).optional(),
  eta_minutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .optional(),
});

const Offer = z.object({
  kind: z.enum(OFFER_KINDS),
  title: text,
  percent_off: z.number().gt(0).max(100).optional(),
  amount_off: positiveMoney.optional(),
  ends_at: isoTime.optional(),
});

export const ListingRecord = z
  .object({
    type: z.literal('listing'),
    platform: slug,
    sku: z.string().trim().min(1).max(100),
    name: text,
    brand: text.nullable(),
    category: z.array(text).min(1).max(6),
    pack: z.string().trim().max(100).optional(),
    quantity: z.number().finite().gt(0),
    unit: z.enum(UNITS, { message: `unknown unit (expected one of ${UNITS.join(', ')})` }),
    pack_count: z.number().int().min(1),
    ean: z
      .string()
      .regex(/^\d{8,14}$/, 'must be 8–14 digits')
      .optional(),
    mrp: positiveMoney,
    price: positiveMoney,
    member_price: positiveMoney.optional(),
    observed_at: isoTime,
    availability: z.array(Availability).optional(),
    offers: z.array(Offer).optional(),
  })
  .refine((l) => l.price <= l.mrp, { message: 'price is above mrp', path: ['price'] })
  .refine((l) => l.member_price === undefined || l.member_price < l.price, {
    message: 'member_price must be below price',
    path: ['member_price'],
  });

export type PlatformRecord = z.infer<typeof PlatformRecord>;
export type FeesRecord = z.infer<typeof FeesRecord>;
export type CouponRecord = z.infer<typeof CouponRecord>;
export type ListingRecord = z.infer<typeof ListingRecord>;
export type FeedRecord = PlatformRecord | FeesRecord | CouponRecord | ListingRecord;
export type FeedRecordType = FeedRecord['type'];

export const RECORD_SCHEMAS = {
  platform: PlatformRecord,
  fees: FeesRecord,
  coupon: CouponRecord,
  listing: ListingRecord,
} as const;
