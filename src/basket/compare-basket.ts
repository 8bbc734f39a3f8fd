import { type City, type ReadDeps, resolveCity, toPaise, toRupees } from '../catalog/read/lookup.ts';
import { AppError, ErrorCode } from '../shared/errors.ts';
import type { CartFees, Coupon } from './cart-charges.ts';
import {
  type BasketLine,
  cheapestSplit,
  type PlatformOrder,
  priceOrder,
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
    /** Cheapest complete single-platform total minus the split total (what splitting saves). */
    savings_vs_cheapest_platform: number | null;
  };
}

type Platform = SplitPlatform;

interface Offer {
  platform_id: number;
  product_id: number;
  price: number;
  in_stock: boolean;
}

/** One product that satisfies a basket item, and how many packs of it the item needs. */
export interface BasketChoice {
  product_id: number;
  packs: number;
  /** 0 the exact pack asked for, higher a looser fit (several smaller packs, one bigger): the lowest wins. */
  fit: number;
}

/**
 * A basket item that any of several products satisfies ("6 eggs": each brand's 6-piece pack). On each
 * platform the best-fitting choice in stock is used, the cheapest line among equally good fits.
 */
export interface BasketItemChoices {
  /** How the item is shown in lines and missing items. */
  label: string;
  /** Packs (or pieces) asked for, reported in missing items. */
  quantity: number;
  choices: BasketChoice[];
}

export interface BasketChoicesInput {
  city: City;
  items: BasketItemChoices[];
  include_new_user_coupons?: boolean;
  /** Only these platforms (all when absent or empty). */
  platform_ids?: number[];
}

/**
 * Prices a basket on every platform in a city: items, delivery, handling and small-cart fees, and the best
 * coupon valid now (per the injected clock). Independent of HTTP so the NL engine answers basket questions
 * with the same numbers (through compareBasketChoices, the same pricing with generic items).
 */
export async function compareBasket(deps: ReadDeps, input: BasketInput): Promise<BasketComparison> {
  const city = await resolveCity(deps.db, input.city);
  const items = await loadItems(deps, mergeItems(input.items));
  return priceBasket(
    deps,
    city,
    items.map((item) => ({
      ...item,
      choices: [{ product_id: item.product_id, packs: item.quantity, fit: 0 }],
    })),
    input.include_new_user_coupons ?? false,
    [],
  );
}

/** compareBasket for items that several products may satisfy, in a city already resolved. */
export async function compareBasketChoices(
  deps: ReadDeps,
  input: BasketChoicesInput,
): Promise<BasketComparison> {
  const items: Item[] = input.items
    .filter((item) => item.choices.length > 0)
    .map((item) => ({
      product_id: item.choices[0]!.product_id,
      product: item.label,
      quantity: item.quantity,
      choices: item.choices,
    }));
  return priceBasket(
    deps,
    input.city,
    items,
    input.include_new_user_coupons ?? false,
    input.platform_ids ?? [],
  );
}

async function priceBasket(
  deps: ReadDeps,
  city: City,
  items: Item[],
  includeNewUserCoupons: boolean,
  platformIds: number[],
): Promise<BasketComparison> {
  const productIds = [...new Set(items.flatMap((i) => i.choices.map((c) => c.product_id)))];
  const [allPlatforms, offers, coupons, names] = await Promise.all([
    loadPlatforms(deps, city.id),
    loadOffers(deps, city.id, productIds),
    loadCoupons(deps, includeNewUserCoupons),
    productNames(deps, items),
  ]);
  const platforms =
    platformIds.length > 0 ? allPlatforms.filter((p) => platformIds.includes(p.id)) : allPlatforms;
  const offerOf = new Map(offers.map((o) => [`${o.platform_id}:${o.product_id}`, o]));
  const couponsOf = (platformId: number) => coupons.filter((c) => c.platform_id === platformId);

  /** The in-stock choice a platform would sell for an item, and whether it lists any choice at all. */
  const choose = (platform: Platform, item: Item) => {
    const listed = item.choices.filter((c) => offerOf.has(`${platform.id}:${c.product_id}`));
    const pick = bestChoice(
      listed.flatMap((c) => {
        const offer = offerOf.get(`${platform.id}:${c.product_id}`)!;
        return offer.in_stock ? [{ choice: c, offer }] : [];
      }),
    );
    return { listed: listed.length > 0, pick };
  };
  // Per-platform baskets, the best fit and the split all ask for the same picks: each is made once.
  const picks = new Map<Item, Map<number, ReturnType<typeof choose>>>();
  const pickAt = (platform: Platform, item: Item) => {
    const byPlatform = picks.get(item) ?? picks.set(item, new Map()).get(item)!;
    return (
      byPlatform.get(platform.id) ?? byPlatform.set(platform.id, choose(platform, item)).get(platform.id)!
    );
  };

  const baskets = platforms.map((platform): PlatformBasket => {
    const lines: BasketLine[] = [];
    const missing: MissingItem[] = [];
    for (const item of items) {
      const { listed, pick } = pickAt(platform, item);
      const reason = !platform.fees
        ? 'not_delivered'
        : !listed
          ? 'not_listed'
          : !pick
            ? 'out_of_stock'
            : null;
      if (reason === null) lines.push(lineOf(item, pick!, names));
      else missing.push(missingOf(item, reason));
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

  // An item's best fit anywhere decides which of its choices the split may buy; price decides among those.
  const bestFit = new Map(
    items.map((item) => [
      item,
      Math.min(...platforms.map((p) => (p.fees ? (pickAt(p, item).pick?.choice.fit ?? Infinity) : Infinity))),
    ]),
  );
  const splitLine = (platform: Platform, item: Item) => {
    const { pick } = pickAt(platform, item);
    return pick && pick.choice.fit === bestFit.get(item) ? lineOf(item, pick, names) : undefined;
  };
  const { unavailable, ...split } = cheapestSplit(items, platforms, splitLine, couponsOf);
  return {
    city: city.name,
    platforms: baskets,
    cheapest_platform: cheapest?.platform_slug ?? null,
    split: {
      ...split,
      missing_items: unavailable.map((item) => missingOf(item, 'out_of_stock')),
      savings_vs_cheapest_platform:
        cheapest && unavailable.length === 0
          ? toRupees(toPaise(cheapest.total) - toPaise(split.total))
          : null,
    },
  };
}

type Item = { product_id: number; product: string; quantity: number; choices: BasketChoice[] };
type Pick = { choice: BasketChoice; offer: Offer };

/** The best fit first, then the cheapest line; `picks` arrive cheapest offer first, so ties keep that order. */
function bestChoice(picks: Pick[]): Pick | undefined {
  let best: Pick | undefined;
  for (const p of picks) {
    if (
      !best ||
      p.choice.fit < best.choice.fit ||
      (p.choice.fit === best.choice.fit &&
        toPaise(p.offer.price) * p.choice.packs < toPaise(best.offer.price) * best.choice.packs)
    ) {
      best = p;
    }
  }
  return best;
}

/** The chosen product's line: its packs at its price (for a one-product item, the item itself). */
function lineOf(item: Item, { choice, offer }: Pick, names: Map<number, string>): BasketLine {
  const product = item.choices.length === 1 ? item.product : (names.get(choice.product_id) ?? item.product);
  return {
    product_id: choice.product_id,
    product,
    quantity: choice.packs,
    price: offer.price,
    line_total: toRupees(toPaise(offer.price) * choice.packs),
  };
}

function missingOf(item: Item, reason: MissingItem['reason']): MissingItem {
  return { product_id: item.product_id, product: item.product, quantity: item.quantity, reason };
}

/** The same product twice is one line with the quantities added. */
function mergeItems(items: BasketInput['items']): Map<number, number> {
  const merged = new Map<number, number>();
  for (const { product_id, quantity } of items)
    merged.set(product_id, (merged.get(product_id) ?? 0) + quantity);
  return merged;
}

async function loadItems(
  deps: ReadDeps,
  quantities: Map<number, number>,
): Promise<{ product_id: number; product: string; quantity: number }[]> {
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

/** Names of the products that items with several choices may use (one-product items carry theirs). */
async function productNames(deps: ReadDeps, items: Item[]): Promise<Map<number, string>> {
  const ids = [
    ...new Set(items.filter((i) => i.choices.length > 1).flatMap((i) => i.choices.map((c) => c.product_id))),
  ];
  if (ids.length === 0) return new Map();
  const { rows } = await deps.db.query<{ id: number; name: string }>(
    'SELECT id, name FROM products WHERE id = ANY($1::bigint[])',
    [ids],
  );
  return new Map(rows.map((r) => [Number(r.id), r.name]));
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
