import { type ReadDeps, resolveCity, toPaise, toRupees } from '../catalog/read/lookup.ts';
import { AppError, ErrorCode } from '../shared/errors.ts';
import type { CartFees, Coupon } from './cart-charges.ts';
import {
  type BasketLine,
  basketLine,
  cheapestSplit,
  type PlatformOrder,
  priceOrder,
  type SplitItem,
  type SplitOffer,
  type SplitPlatform,
} from './cheapest-split.ts';

export type { BasketLine, PlatformOrder } from './cheapest-split.ts';

export interface BasketInput {
  items: { product_id: number; quantity: number }[];
  city: string;
  include_new_user_coupons?: boolean;
}

export interface MissingItem {
  product_id: number;
  product: string;
  quantity: number;
  reason: 'not_listed' | 'out_of_stock' | 'not_delivered';
}

export interface PlatformBasket extends PlatformOrder {
  delivers_to_city: boolean;
  complete: boolean;
  item_count: number;
  missing_items: MissingItem[];
}

export interface BasketComparison {
  city: string;
  /** Complete baskets first, cheapest first. */
  platforms: PlatformBasket[];
  cheapest_platform: string | null;
  /** The cheapest way to buy the basket from one or more platforms, each order with its own fees and coupon. */
  split: {
    orders: PlatformOrder[];
    total: number;
    missing_items: MissingItem[];
    /** Cheapest complete single-platform total minus the split total (0 when one platform is cheapest). */
    savings_vs_cheapest_platform: number | null;
  };
}

type Platform = SplitPlatform;
type Offer = SplitOffer;
type Item = SplitItem;

/**
 * Prices a basket on every platform in a city: items, delivery, handling and small-cart fees, and the best
 * coupon valid now (per the injected clock). Independent of HTTP so the NL engine answers basket questions
 * with the same numbers.
 */
export async function compareBasket(deps: ReadDeps, input: BasketInput): Promise<BasketComparison> {
  const city = await resolveCity(deps.db, input.city);
  const items = await loadItems(deps, mergeItems(input.items));
  const [platforms, offers, coupons] = await Promise.all([
    loadPlatforms(deps, city.id),
    loadOffers(
      deps,
      city.id,
      items.map((i) => i.product_id),
    ),
    loadCoupons(deps, input.include_new_user_coupons ?? false),
  ]);
  const offerOf = new Map(offers.map((o) => [`${o.platform_id}:${o.product_id}`, o]));
  const couponsOf = (platformId: number) => coupons.filter((c) => c.platform_id === platformId);

  const baskets = platforms.map((platform): PlatformBasket => {
    const lines: BasketLine[] = [];
    const missing: MissingItem[] = [];
    for (const item of items) {
      const offer = offerOf.get(`${platform.id}:${item.product_id}`);
      const reason = !platform.fees
        ? 'not_delivered'
        : !offer
          ? 'not_listed'
          : !offer.in_stock
            ? 'out_of_stock'
            : null;
      if (reason === null) lines.push(basketLine(item, offer!.price));
      else missing.push({ ...item, reason });
    }
    return {
      ...priceOrder(platform, lines, couponsOf),
      delivers_to_city: platform.fees !== null,
      complete: missing.length === 0,
      item_count: lines.length,
      missing_items: missing,
    };
  });
  baskets.sort((a, b) => Number(b.complete) - Number(a.complete) || a.total - b.total);
  const cheapest = baskets.find((b) => b.complete) ?? null;

  const { unavailable, ...split } = cheapestSplit(items, platforms, offers, couponsOf);
  return {
    city: city.name,
    platforms: baskets,
    cheapest_platform: cheapest?.platform_slug ?? null,
    split: {
      ...split,
      missing_items: unavailable.map((item) => ({ ...item, reason: 'out_of_stock' as const })),
      savings_vs_cheapest_platform:
        cheapest && unavailable.length === 0
          ? toRupees(toPaise(cheapest.total) - toPaise(split.total))
          : null,
    },
  };
}

/** The same product twice is one line with the quantities added. */
function mergeItems(items: BasketInput['items']): Map<number, number> {
  const merged = new Map<number, number>();
  for (const { product_id, quantity } of items)
    merged.set(product_id, (merged.get(product_id) ?? 0) + quantity);
  return merged;
}

async function loadItems(deps: ReadDeps, quantities: Map<number, number>): Promise<Item[]> {
  const ids = [...quantities.keys()];
  const { rows } = await deps.db.query<{ product_id: number; product: string }>(
    'SELECT id AS product_id, name AS product FROM products WHERE id = ANY($1::bigint[]) ORDER BY id',
    [ids],
  );
  const unknown = ids.filter((id) => !rows.some((r) => r.product_id === id));
  if (unknown.length > 0) {
    throw new AppError(ErrorCode.NotFound, `Unknown product id(s): ${unknown.join(', ')}`, {
      details: { product_ids: unknown },
      hint: 'Find product ids with GET /api/v1/products/search.',
    });
  }
  return rows.map((r) => ({ ...r, quantity: quantities.get(r.product_id)! }));
}

async function loadPlatforms(deps: ReadDeps, cityId: number): Promise<Platform[]> {
  const { rows } = await deps.db.query<Omit<Platform, 'fees'> & { fees: CartFees | null }>(
    `SELECT pf.id, pf.name AS platform, pf.slug AS platform_slug,
            CASE WHEN f.platform_id IS NULL THEN NULL ELSE json_build_object(
              'delivery_fee', f.delivery_fee::float8, 'free_delivery_above', f.free_delivery_above::float8,
              'handling_fee', f.handling_fee::float8, 'small_cart_fee', f.small_cart_fee::float8,
              'small_cart_below', f.small_cart_below::float8) END AS fees
       FROM platforms pf LEFT JOIN platform_fees f ON f.platform_id = pf.id AND f.city_id = $1
      ORDER BY pf.slug`,
    [cityId],
  );
  return rows;
}

/** Per platform and product the cheapest listing, in-stock ones first; a city price replaces the national one. */
async function loadOffers(deps: ReadDeps, cityId: number, productIds: number[]): Promise<Offer[]> {
  const { rows } = await deps.db.query<Offer>(
    `SELECT * FROM (
       SELECT DISTINCT ON (l.platform_id, l.product_id) l.platform_id, l.product_id,
              coalesce(rp.price, cp.price) AS price, coalesce(a.in_stock, false) AS in_stock
         FROM platform_listings l
         JOIN current_prices cp ON cp.listing_id = l.id
         LEFT JOIN regional_pricing rp ON rp.listing_id = l.id AND rp.city_id = $2
         LEFT JOIN availability_status a ON a.listing_id = l.id AND a.city_id = $2
        WHERE l.product_id = ANY($1::bigint[])
        ORDER BY l.platform_id, l.product_id, coalesce(a.in_stock, false) DESC, coalesce(rp.price, cp.price)
     ) o ORDER BY price, platform_id`,
    [productIds, cityId],
  );
  return rows;
}

async function loadCoupons(deps: ReadDeps, includeNewUser: boolean): Promise<Coupon[]> {
  const { rows } = await deps.db.query<Coupon>(
    `SELECT platform_id, code, percent_off, amount_off, max_discount, min_cart_value
       FROM coupon_codes
      WHERE (valid_from IS NULL OR valid_from <= $1) AND (valid_until IS NULL OR valid_until > $1)
        AND (NOT new_users_only OR $2)
      ORDER BY code`,
    [deps.clock.now(), includeNewUser],
  );
  return rows;
}
