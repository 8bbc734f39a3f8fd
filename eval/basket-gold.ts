import { readFileSync } from 'node:fs';
import type { CouponRecord, FeedRecord, FeesRecord, ListingRecord } from '../src/catalog/feed/records.ts';
import type { Expect, KeyRow } from './compare.ts';

/**
 * Basket totals computed straight from feed records in TypeScript — no importer, no SQL — so the basket
 * gold is independent of both the engine and the database layer.
 *
 * total = items + delivery fee (0 when items ≥ free_delivery_above) + handling fee
 *       + small-cart fee (when items < small_cart_below) − best coupon (valid now, min cart met, not
 *       new-users-only, percent coupons capped by max_discount).
 * A platform is complete when every item is in stock in the city and it has fees there.
 */

export interface BasketItem {
  qty: number;
  label: string;
  /** Does a listing record (any platform) sell this item? */
  match: (listing: ListingRecord) => boolean;
}

export interface BasketLine {
  platform_slug: string;
  items_total: number;
  delivery_charge: number;
  handling_charge: number;
  small_cart_charge: number;
  coupon_code: string | null;
  coupon_discount: number;
  total: number;
  missing_items: string[];
}

export function readFeedRecords(path: string): FeedRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as FeedRecord);
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Newest observation per (platform, sku): the current listing. */
export function currentListings(records: FeedRecord[]): ListingRecord[] {
  const newest = new Map<string, ListingRecord>();
  for (const r of records) {
    if (r.type !== 'listing') continue;
    const key = `${r.platform}\u0000${r.sku}`;
    const seen = newest.get(key);
    if (!seen || Date.parse(r.observed_at) > Date.parse(seen.observed_at)) newest.set(key, r);
  }
  return [...newest.values()];
}

export function computeBaskets(
  records: FeedRecord[],
  items: BasketItem[],
  city: string,
  now: Date,
): BasketLine[] {
  const listings = currentListings(records);
  const platforms = [...new Set(records.filter((r) => r.type === 'platform').map((r) => r.slug))].sort();
  const fees = new Map<string, FeesRecord>();
  for (const r of records) {
    if (r.type !== 'fees' || r.city.toLowerCase() !== city.toLowerCase()) continue;
    const seen = fees.get(r.platform);
    if (!seen || Date.parse(r.observed_at) >= Date.parse(seen.observed_at)) fees.set(r.platform, r);
  }
  const coupons = records.filter((r): r is CouponRecord => r.type === 'coupon');
  const lines: BasketLine[] = [];
  for (const platform of platforms) {
    const fee = fees.get(platform);
    if (!fee) continue;
    let itemsTotal = 0;
    const missing: string[] = [];
    for (const item of items) {
      const offers = listings.filter(
        (l) =>
          l.platform === platform &&
          item.match(l) &&
          (l.availability ?? []).some((a) => a.city.toLowerCase() === city.toLowerCase() && a.in_stock),
      );
      if (offers.length === 0) {
        missing.push(item.label);
        continue;
      }
      itemsTotal += Math.min(...offers.map((l) => l.price)) * item.qty;
    }
    itemsTotal = round2(itemsTotal);
    const delivery = itemsTotal >= fee.free_delivery_above ? 0 : fee.delivery_fee;
    const smallCart = itemsTotal < fee.small_cart_below ? fee.small_cart_fee : 0;
    let best: { code: string; discount: number } | null = null;
    for (const c of coupons) {
      if (c.platform !== platform || c.new_users_only) continue;
      if (c.valid_from && Date.parse(c.valid_from) > now.getTime()) continue;
      if (c.valid_until && Date.parse(c.valid_until) <= now.getTime()) continue;
      if (itemsTotal < (c.min_cart_value ?? 0)) continue;
      const raw = c.amount_off ?? (itemsTotal * (c.percent_off ?? 0)) / 100;
      const discount = round2(Math.min(raw, c.max_discount ?? Number.POSITIVE_INFINITY, itemsTotal));
      if (!best || discount > best.discount) best = { code: c.code, discount };
    }
    const couponDiscount = best?.discount ?? 0;
    lines.push({
      platform_slug: platform,
      items_total: itemsTotal,
      delivery_charge: delivery,
      handling_charge: fee.handling_fee,
      small_cart_charge: smallCart,
      coupon_code: best?.code ?? null,
      coupon_discount: couponDiscount,
      total: round2(itemsTotal + delivery + fee.handling_fee + smallCart - couponDiscount),
      missing_items: missing,
    });
  }
  // Complete baskets first, cheapest first.
  return lines.sort(
    (a, b) =>
      Number(a.missing_items.length > 0) - Number(b.missing_items.length > 0) ||
      a.total - b.total ||
      a.platform_slug.localeCompare(b.platform_slug),
  );
}

/**
 * Expected answer: the cheapest complete platform first (platform only kept when not tied), and every
 * complete platform's total present.
 */
export function basketExpect(lines: BasketLine[]): Expect {
  const complete = lines.filter((l) => l.missing_items.length === 0);
  const head = complete[0];
  if (!head) throw new Error('no platform has the whole basket in stock');
  const tied = complete.filter((l) => Math.abs(l.total - head.total) < 0.005);
  const first: KeyRow =
    tied.length > 1 ? { total: head.total } : { platform_slug: head.platform_slug, total: head.total };
  return {
    first,
    contains: complete.map((l) => ({ platform_slug: l.platform_slug, total: l.total })),
  };
}

/** Tables a SQL answer to a basket question would need. */
export const BASKET_TABLES = [
  'current_prices',
  'products',
  'platforms',
  'availability_status',
  'platform_fees',
  'coupon_codes',
];

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Matches a listing by brand, exact pack and words of its title (titles differ between platforms). */
export function itemMatcher(o: {
  brand: string | null;
  words: string[];
  quantity: number;
  unit: ListingRecord['unit'];
  packCount?: number;
}): (l: ListingRecord) => boolean {
  return (l) =>
    (o.brand === null ? l.brand === null : norm(l.brand ?? '') === norm(o.brand)) &&
    l.quantity === o.quantity &&
    l.unit === o.unit &&
    l.pack_count === (o.packCount ?? 1) &&
    o.words.every((w) => ` ${norm(l.name)} `.includes(` ${norm(w)} `));
}
