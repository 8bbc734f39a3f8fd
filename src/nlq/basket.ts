import {
  type BasketComparison,
  compareBasketChoices,
  type MissingItem,
  type PlatformOrder,
} from '../basket/compare-basket.ts';
import type { Queryable } from '../db/database.ts';
import { fixedClock } from '../shared/clock.ts';
import type { IR } from './ir.ts';
import type { ResultRow } from './response.ts';

/**
 * A basket question is priced by the same code as the basket API (compareBasketChoices), so the two never
 * disagree; its rows keep the engine's basket columns: one row per platform that has any of the items
 * (kind 'platform') and one per platform used by the cheapest split (kind 'split').
 */

export const BASKET_COLUMNS = [
  'kind',
  'platform',
  'platform_slug',
  'item_count',
  'items_total',
  'delivery_charge',
  'handling_charge',
  'small_cart_charge',
  'coupon_code',
  'coupon_discount',
  'total',
  'missing_items',
];

/** Prices `ir.basket` in `ir.city` at the IR's reference instant (the parser requires both). */
export async function priceBasketQuestion(db: Queryable, ir: IR): Promise<BasketComparison> {
  if (!ir.basket || !ir.city || !ir.at) throw new Error('basket IR without items, city or instant');
  return compareBasketChoices(
    { db, clock: fixedClock(ir.at) },
    {
      city: ir.city,
      items: ir.basket.map((item) => ({
        label: item.quantity > 1 || item.pieces !== null ? `${item.label} × ${item.quantity}` : item.label,
        quantity: item.quantity,
        choices: item.options,
      })),
      include_new_user_coupons: ir.filters.new_users,
      platform_ids: ir.platform_ids,
    },
  );
}

/** The comparison as result rows, fullest and cheapest carts first. */
export function basketRows(comparison: BasketComparison): ResultRow[] {
  const missing = (items: readonly MissingItem[]) =>
    items.length === 0 ? null : items.map((m) => m.product).join(', ');
  const row = (kind: 'platform' | 'split', o: PlatformOrder, itemCount: number, lacking: string | null) => ({
    kind,
    platform: o.platform,
    platform_slug: o.platform_slug,
    item_count: itemCount,
    items_total: o.items_total,
    delivery_charge: o.delivery_charge,
    handling_charge: o.handling_charge,
    small_cart_charge: o.small_cart_charge,
    coupon_code: o.coupon_code,
    coupon_discount: o.coupon_discount,
    total: o.total,
    missing_items: lacking,
  });
  const byCart = (a: ResultRow, b: ResultRow) =>
    Number(b.item_count) - Number(a.item_count) ||
    Number(a.total) - Number(b.total) ||
    String(a.platform_slug).localeCompare(String(b.platform_slug));
  const carts = comparison.platforms
    .filter((p) => p.delivers_to_city && p.item_count > 0)
    .map((p) => row('platform', p, p.item_count, missing(p.missing_items)))
    .sort(byCart);
  const splitMissing = missing(comparison.split.missing_items);
  const split = comparison.split.orders
    .map((o) => row('split', o, o.lines.length, splitMissing))
    .sort(byCart);
  return [...carts, ...split];
}
