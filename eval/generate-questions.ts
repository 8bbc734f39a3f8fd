import type { FeedRecord, ListingRecord } from '../src/catalog/feed/records.ts';
import type { Database } from '../src/db/database.ts';
import { type BankEntry, createMaterializer } from './bank.ts';
import type { BasketItem } from './basket-gold.ts';
import type { Category, EvalQuestion } from './gold.ts';
import { kinds, type ProductRef, SqlKit } from './kinds.ts';
import { refusalQuestions } from './refusals.ts';

/**
 * Questions generated from a catalog's own data (used for the demo catalog, seed 7): real products, brands,
 * categories, platforms and cities are picked from the database with a seeded random generator, put into
 * several phrasings per intent kind, and given gold answers through the same gold SQL as the fixture set
 * (kinds.ts). A candidate whose readings disagree (see gold.ts) is skipped and another one is drawn.
 */

interface ProductInfo extends ProductRef {
  id: number;
  brand: string | null;
  path: string;
  leaf: string;
  platforms: string[];
  unit: string;
}

interface Pools {
  products: ProductInfo[];
  categories: { path: string; leaf: string; products: number; unit: string | null }[];
  brands: string[];
  cities: string[];
  pincodes: { pincode: string; city: string }[];
  platforms: { slug: string; name: string; membership: string | null }[];
  flashProducts: ProductInfo[];
  history: { product: ProductInfo; platform: string; date: string }[];
  stockSensitive: { product: ProductInfo; city: string }[];
  skuToProduct: Map<string, number>;
}

/** mulberry32: small, seedable, good enough to pick questions. */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new NoCandidate();
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

class NoCandidate extends Error {}

async function loadPools(db: Database): Promise<Pools> {
  const products = (
    await db.query<ProductInfo>(`
      SELECT p.id, p.name, p.pack_label AS pack, b.name AS brand, pc.path, pc.name AS leaf, p.base_unit AS unit,
             array_agg(pl.slug ORDER BY pl.slug) AS platforms
      FROM products p
      JOIN product_categories pc ON pc.id = p.category_id
      LEFT JOIN product_brands b ON b.id = p.brand_id
      JOIN current_prices cp ON cp.product_id = p.id
      JOIN platforms pl ON pl.id = cp.platform_id
      GROUP BY p.id, b.name, pc.path, pc.name
      ORDER BY p.id`)
  ).rows;
  const byId = new Map(products.map((p) => [p.id, p]));
  const categories = (
    await db.query<{ path: string; leaf: string; products: number; unit: string | null }>(`
      SELECT pc.path, pc.name AS leaf, count(DISTINCT p.id)::int AS products,
             CASE WHEN count(DISTINCT p.base_unit) = 1 THEN min(p.base_unit) END AS unit
      FROM product_categories pc JOIN products p ON p.category_id = pc.id
      GROUP BY pc.path, pc.name HAVING count(DISTINCT p.id) >= 3 ORDER BY pc.path`)
  ).rows;
  const brands = (
    await db.query<{ name: string }>(`
      SELECT b.name FROM product_brands b JOIN products p ON p.brand_id = b.id
      GROUP BY b.name HAVING count(*) >= 2 ORDER BY b.name`)
  ).rows.map((r) => r.name);
  const cities = (await db.query<{ name: string }>('SELECT name FROM cities ORDER BY name')).rows.map(
    (r) => r.name,
  );
  const pincodes = (
    await db.query<{ pincode: string; city: string }>(
      'SELECT pn.pincode, c.name AS city FROM pincodes pn JOIN cities c ON c.id = pn.city_id ORDER BY pn.pincode',
    )
  ).rows;
  const platforms = (
    await db.query<{ slug: string; name: string; membership: string | null }>(
      'SELECT slug, name, membership_name AS membership FROM platforms ORDER BY slug',
    )
  ).rows;
  const flashIds = (
    await db.query<{ id: number }>('SELECT DISTINCT product_id AS id FROM flash_sales ORDER BY 1')
  ).rows;
  const history = (
    await db.query<{ id: number; platform: string; date: string }>(`
      SELECT ph.product_id AS id, pl.slug AS platform, to_char(ph.recorded_at AT TIME ZONE 'Asia/Kolkata', 'YYYY-MM-DD') AS date
      FROM price_history ph JOIN platforms pl ON pl.id = ph.platform_id
      WHERE ph.recorded_at < (SELECT max(recorded_at) FROM price_history) - interval '1 day'
      ORDER BY 1, 2, 3`)
  ).rows;
  const stockSensitive = (
    await db.query<{ id: number; city: string }>(`
      WITH ranked AS (
        SELECT cp.product_id, cp.listing_id, rank() OVER (PARTITION BY cp.product_id ORDER BY cp.price) AS r
        FROM current_prices cp)
      SELECT DISTINCT r.product_id AS id, c.name AS city
      FROM ranked r JOIN availability_status a ON a.listing_id = r.listing_id JOIN cities c ON c.id = a.city_id
      WHERE r.r = 1 AND NOT a.in_stock ORDER BY 1, 2`)
  ).rows;
  const skus = (
    await db.query<{ platform: string; sku: string; product_id: number }>(
      'SELECT pl.slug AS platform, l.sku, l.product_id FROM platform_listings l JOIN platforms pl ON pl.id = l.platform_id',
    )
  ).rows;
  const seen = (id: number) => byId.get(id)!;
  return {
    products,
    categories,
    brands,
    cities,
    pincodes,
    platforms,
    flashProducts: flashIds.map((r) => seen(r.id)).filter(Boolean),
    history: history.map((h) => ({ product: seen(h.id), platform: h.platform, date: h.date })),
    stockSensitive: stockSensitive.map((r) => ({ product: seen(r.id), city: r.city })),
    skuToProduct: new Map(skus.map((s) => [`${s.platform}\u0000${s.sku}`, s.product_id])),
  };
}

/** "Amul Pasteurised Butter 500 g" in a few shopper spellings. */
function mention(rng: Rng, p: ProductRef): string {
  const compact = p.pack.replace(/\s+(?=[a-zA-Z])/g, '').replace(/ x /g, 'x');
  switch (rng.int(0, 3)) {
    case 0:
      return `${p.name} ${p.pack}`;
    case 1:
      return `${p.name} ${compact}`;
    case 2:
      return `${p.name.toLowerCase()} ${compact.toLowerCase()}`;
    default:
      return `${p.name} (${p.pack})`;
  }
}

const PLATFORM_NAMES: Record<string, string[]> = {
  blinkit: ['Blinkit', 'blinkit'],
  zepto: ['Zepto', 'zepto'],
  instamart: ['Swiggy Instamart', 'Instamart', 'instamart'],
  bbnow: ['BigBasket Now', 'bbnow', 'BB Now'],
};

function platformMention(rng: Rng, pools: Pools, slug: string): string {
  const known = PLATFORM_NAMES[slug];
  if (known) return rng.pick(known);
  return pools.platforms.find((p) => p.slug === slug)?.name ?? slug;
}

function categoryMention(leaf: string): string {
  return leaf.toLowerCase();
}

const UNIT_WORD: Record<string, string> = { g: 'kg', ml: 'litre', pcs: 'piece' };

type Maker = (rng: Rng, pools: Pools, K: ReturnType<typeof kinds>) => Omit<BankEntry, 'id'>;

function entry(
  category: Category,
  question: string,
  gold: BankEntry['gold'],
  context?: BankEntry['context'],
): Omit<BankEntry, 'id'> {
  return { category, question, gold, ...(context ? { context } : {}) };
}

const multi = (p: ProductInfo) => p.platforms.length >= 2;

const MAKERS: Record<Exclude<Category, 'refusal'>, Maker[]> = {
  cheapest_platform: [
    (r, s, K) => {
      const p = r.pick(s.products.filter(multi));
      return entry('cheapest_platform', `Where is ${mention(r, p)} cheapest?`, K.cheapestPlatform(p));
    },
    (r, s, K) => {
      const p = r.pick(s.products.filter(multi));
      return entry('cheapest_platform', `${mention(r, p)} sabse sasta kahan hai`, K.cheapestPlatform(p));
    },
    (r, s, K) => {
      const p = r.pick(s.products.filter(multi));
      return entry('cheapest_platform', `cheepest ${mention(r, p).toLowerCase()}`, K.cheapestPlatform(p));
    },
    (r, s, K) => {
      const p = r.pick(s.products.filter(multi));
      const city = r.pick(s.cities);
      return entry(
        'cheapest_platform',
        `cheapest ${mention(r, p)} in ${city}`,
        K.cheapestPlatform(p, { city }),
      );
    },
    (r, s, K) => {
      const p = r.pick(s.products.filter(multi));
      const city = r.pick(s.cities);
      return entry(
        'cheapest_platform',
        `which app has the lowest price for ${mention(r, p)}`,
        K.cheapestPlatform(p, { city }),
        { city },
      );
    },
  ],
  platform_prices: [
    (r, s, K) => {
      const p = r.pick(s.products.filter(multi));
      return entry(
        'platform_prices',
        `Compare ${mention(r, p)} prices across platforms`,
        K.platformPrices(p),
      );
    },
    (r, s, K) => {
      const p = r.pick(s.products.filter(multi));
      return entry('platform_prices', `price of ${mention(r, p)} on every app`, K.platformPrices(p));
    },
    (r, s, K) => {
      const p = r.pick(s.products.filter(multi));
      return entry('platform_prices', `${mention(r, p)} kitne ka hai har app pe`, K.platformPrices(p));
    },
    (r, s, K) => {
      const p = r.pick(s.products.filter(multi));
      const city = r.pick(s.cities);
      return entry(
        'platform_prices',
        `how much does ${mention(r, p)} cost on each platform in ${city}`,
        K.platformPrices(p, { city }),
      );
    },
  ],
  most_expensive: [
    (r, s, K) => {
      const p = r.pick(s.products.filter(multi));
      return entry('most_expensive', `Where is ${mention(r, p)} most expensive?`, K.dearestPlatform(p));
    },
    (r, s, K) => {
      const p = r.pick(s.products.filter(multi));
      return entry(
        'most_expensive',
        `which platform charges the most for ${mention(r, p)}`,
        K.dearestPlatform(p),
      );
    },
    (r, s, K) => {
      const c = r.pick(s.categories);
      return entry(
        'most_expensive',
        `most expensive ${categoryMention(c.leaf)}`,
        K.dearestInCategory(c.path),
      );
    },
  ],
  discount_filter: [
    (r, s, K) => {
      const c = r.pick(s.categories);
      const n = r.pick([5, 10, 15]);
      return entry(
        'discount_filter',
        `${categoryMention(c.leaf)} over ${n}% off`,
        K.discountFilter({ threshold: n, category: c.path }),
      );
    },
    (r, s, K) => {
      const pl = r.pick(s.platforms);
      const n = r.pick([15, 20, 25]);
      return entry(
        'discount_filter',
        `items with more than ${n}% discount on ${platformMention(r, s, pl.slug)}`,
        K.discountFilter({ threshold: n, platform: pl.slug }),
      );
    },
    (r, s, K) => {
      const c = r.pick(s.categories);
      const n = r.pick([5, 10]);
      return entry(
        'discount_filter',
        `${n}% se zyada discount wale ${categoryMention(c.leaf)}`,
        K.discountFilter({ threshold: n, category: c.path }),
      );
    },
    (r, s, K) => {
      const c = r.pick(s.categories);
      const pl = r.pick(s.platforms);
      const city = r.pick(s.cities);
      const n = r.pick([5, 10]);
      return entry(
        'discount_filter',
        `${categoryMention(c.leaf)} over ${n}% off on ${platformMention(r, s, pl.slug)} in ${city}`,
        K.discountFilter({ threshold: n, category: c.path, platform: pl.slug, loc: { city } }),
      );
    },
  ],
  best_deals: [
    (r, s, K) => {
      const c = r.pick(s.categories);
      return entry(
        'best_deals',
        `best deals on ${categoryMention(c.leaf)}`,
        K.bestDeals({ category: c.path }),
      );
    },
    (r, s, K) => {
      const pl = r.pick(s.platforms);
      return entry(
        'best_deals',
        `top discounts on ${platformMention(r, s, pl.slug)}`,
        K.bestDeals({ platform: pl.slug }),
      );
    },
    (r, s, K) => {
      const b = r.pick(s.brands);
      return entry('best_deals', `best offers on ${b} products`, K.bestDeals({ brand: b }));
    },
    (r, s, K) => {
      const c = r.pick(s.categories);
      return entry(
        'best_deals',
        `sabse achhi deals ${categoryMention(c.leaf)} pe`,
        K.bestDeals({ category: c.path }),
      );
    },
  ],
  under_price: [
    (r, s, K) => {
      const c = r.pick(s.categories);
      const n = r.pick([30, 50, 100, 150, 250]);
      return entry(
        'under_price',
        `${categoryMention(c.leaf)} under ₹${n}`,
        K.underPrice({ max: n, category: c.path }),
      );
    },
    (r, s, K) => {
      const c = r.pick(s.categories);
      const pl = r.pick(s.platforms);
      const n = r.pick([50, 100, 200]);
      return entry(
        'under_price',
        `${categoryMention(c.leaf)} below ${n} rupees on ${platformMention(r, s, pl.slug)}`,
        K.underPrice({ max: n, category: c.path, platform: pl.slug }),
      );
    },
    (r, s, K) => {
      const c = r.pick(s.categories);
      const city = r.pick(s.cities);
      const n = r.pick([50, 100, 200]);
      return entry(
        'under_price',
        `${categoryMention(c.leaf)} under Rs ${n} in ${city}`,
        K.underPrice({ max: n, category: c.path, loc: { city } }),
      );
    },
  ],
  price_history: [
    (r, s, K) => {
      const p = r.pick(s.products);
      const d = r.pick([7, 10, 14]);
      return entry(
        'price_history',
        `lowest price of ${mention(r, p)} in the last ${d} days`,
        K.historyAggregate(p, 'min', d),
      );
    },
    (r, s, K) => {
      const p = r.pick(s.products);
      const pl = r.pick(p.platforms);
      const d = r.pick([5, 7, 14]);
      return entry(
        'price_history',
        `highest price of ${mention(r, p)} on ${platformMention(r, s, pl)} over the last ${d} days`,
        K.historyAggregate(p, 'max', d, pl),
      );
    },
    (r, s, K) => {
      const p = r.pick(s.products);
      const d = r.pick([7, 10]);
      return entry(
        'price_history',
        `${mention(r, p)} ka pichle ${d} din mein sabse kam daam`,
        K.historyAggregate(p, 'min', d),
      );
    },
    (r, s, K) => {
      const h = r.pick(s.history);
      const day = new Date(`${h.date}T00:00:00Z`);
      const label = `${day.getUTCDate()} ${day.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' })}`;
      return entry(
        'price_history',
        `what was the price of ${mention(r, h.product)} on ${platformMention(r, s, h.platform)} on ${label}`,
        K.priceOnDate(h.product, h.platform, h.date),
      );
    },
  ],
  price_drops: [
    (_r, _s, K) => entry('price_drops', 'biggest price drops this week', K.biggestDrops({ window: 'week' })),
    (r, s, K) => {
      const pl = r.pick(s.platforms);
      const d = r.pick([3, 7]);
      return entry(
        'price_drops',
        `biggest price drops in the last ${d} days on ${platformMention(r, s, pl.slug)}`,
        K.biggestDrops({ window: d, platform: pl.slug }),
      );
    },
    (r, s, K) => {
      const pl = r.pick(s.platforms);
      return entry(
        'price_drops',
        `what got cheaper today on ${platformMention(r, s, pl.slug)}`,
        K.cheaperToday({ platform: pl.slug }),
      );
    },
    (r, s, K) => {
      const c = r.pick(s.categories);
      return entry(
        'price_drops',
        `${categoryMention(c.leaf)} that got cheaper today`,
        K.cheaperToday({ category: c.path }),
      );
    },
  ],
  availability: [
    (r, s, K) => {
      const p = r.pick(s.products);
      const pl = r.pick(p.platforms);
      const city = r.pick(s.cities);
      return entry(
        'availability',
        `Is ${mention(r, p)} in stock on ${platformMention(r, s, pl)} in ${city}?`,
        K.stockOnPlatform(p, pl, { city }),
      );
    },
    (r, s, K) => {
      const p = r.pick(s.products.filter(multi));
      const city = r.pick(s.cities);
      return entry(
        'availability',
        `where is ${mention(r, p)} in stock in ${city}`,
        K.whereInStock(p, { city }),
      );
    },
    (r, s, K) => {
      const p = r.pick(s.products.filter(multi));
      const pin = r.pick(s.pincodes);
      return entry(
        'availability',
        `which apps have ${mention(r, p)} in stock`,
        K.whereInStock(p, { pincode: pin.pincode }),
        {
          pincode: pin.pincode,
        },
      );
    },
    (r, s, K) => {
      const p = r.pick(s.products);
      const pl = r.pick(p.platforms);
      return entry(
        'availability',
        `in which cities is ${mention(r, p)} in stock on ${platformMention(r, s, pl)}`,
        K.citiesInStock(p, pl),
      );
    },
  ],
  fastest_delivery: [
    (r, s, K) => {
      const p = r.pick(s.products.filter(multi));
      const city = r.pick(s.cities);
      return entry(
        'fastest_delivery',
        `which platform delivers ${mention(r, p)} fastest in ${city}`,
        K.fastestForProduct(p, { city }),
      );
    },
    (r, s, K) => {
      const city = r.pick(s.cities);
      return entry('fastest_delivery', `quickest delivery in ${city}`, K.fastestPlatform({ city }));
    },
    (r, s, K) => {
      const pin = r.pick(s.pincodes);
      return entry('fastest_delivery', 'who delivers fastest', K.fastestPlatform({ pincode: pin.pincode }), {
        pincode: pin.pincode,
      });
    },
  ],
  unit_price: [
    (r, s, K) => {
      const c = r.pick(s.categories.filter((c) => c.unit));
      return entry(
        'unit_price',
        `cheapest ${categoryMention(c.leaf)} per ${UNIT_WORD[c.unit!]}`,
        K.cheapestPerUnit({ category: c.path }),
      );
    },
    (r, s, K) => {
      const c = r.pick(s.categories.filter((c) => c.unit));
      return entry(
        'unit_price',
        `best value ${categoryMention(c.leaf)} per ${UNIT_WORD[c.unit!]}`,
        K.cheapestPerUnit({ category: c.path }),
      );
    },
    (r, s, K) => {
      const p = r.pick(s.products.filter(multi));
      return entry(
        'unit_price',
        `price per ${UNIT_WORD[p.unit] ?? 'unit'} of ${mention(r, p)} on each platform`,
        K.unitPricesOf(p),
      );
    },
  ],
  membership: [
    (r, s, K) => {
      const pl = r.pick(s.platforms.filter((p) => p.membership));
      return entry('membership', `which products have a ${pl.membership} price`, K.memberItems(pl.slug));
    },
    (r, s, K) => {
      const pl = r.pick(s.platforms.filter((p) => p.membership));
      return entry('membership', `biggest ${pl.membership} savings`, K.biggestMemberSavings(pl.slug));
    },
    (r, s, K) => {
      const pl = r.pick(s.platforms.filter((p) => p.membership));
      const p = r.pick(s.products.filter((x) => x.platforms.includes(pl.slug)));
      return entry(
        'membership',
        `how much do I save with ${pl.membership} on ${mention(r, p)}`,
        K.memberSaving(p, pl.slug),
      );
    },
    (r, s, K) => {
      const p = r.pick(s.products.filter(multi));
      return entry('membership', `member prices for ${mention(r, p)}`, K.memberPrices(p));
    },
  ],
  platform_aggregates: [
    (r, s, K) => {
      const c = r.pick(s.categories);
      return entry(
        'platform_aggregates',
        `average discount by platform for ${categoryMention(c.leaf)}`,
        K.avgDiscountByPlatform(c.path),
      );
    },
    (r, s, K) => {
      const pl = r.pick(s.platforms);
      return entry(
        'platform_aggregates',
        `how many items are on sale on ${platformMention(r, s, pl.slug)}`,
        K.itemsOnSale({ platform: pl.slug }),
      );
    },
    (r, s, K) => {
      const pl = r.pick(s.platforms);
      return entry(
        'platform_aggregates',
        `how many products does ${platformMention(r, s, pl.slug)} sell`,
        K.itemCount(pl.slug),
      );
    },
    (r, s, K) => {
      const c = r.pick(s.categories);
      return entry(
        'platform_aggregates',
        `which platform has the highest average discount on ${categoryMention(c.leaf)}`,
        K.topPlatformByAvgDiscount(c.path),
      );
    },
  ],
  coupons: [
    (r, s, K) => {
      const pl = r.pick(s.platforms);
      return entry(
        'coupons',
        `what coupons does ${platformMention(r, s, pl.slug)} have`,
        K.coupons({ platform: pl.slug }),
      );
    },
    (_r, _s, K) => entry('coupons', 'coupons for new users', K.coupons({ newUsers: true })),
    (_r, _s, K) => entry('coupons', 'all active coupon codes', K.coupons({})),
    (_r, _s, K) => entry('coupons', 'flat discount coupons', K.coupons({ flatOnly: true })),
  ],
  flash_sales: [
    (_r, _s, K) => entry('flash_sales', 'flash sales live now', K.flashSales({})),
    (r, s, K) => {
      const pl = r.pick(s.platforms);
      return entry(
        'flash_sales',
        `flash deals on ${platformMention(r, s, pl.slug)}`,
        K.flashSales({ platform: pl.slug }),
      );
    },
    (r, s, K) => {
      const p = r.pick(s.flashProducts);
      return entry('flash_sales', `any flash sale on ${mention(r, p)}?`, K.flashSales({ product: p }));
    },
  ],
  two_platforms: [
    (r, s, K) => {
      const p = r.pick(s.products.filter((x) => x.platforms.length >= 2));
      const [a, b] = twoOf(r, p.platforms);
      return entry(
        'two_platforms',
        `${platformMention(r, s, a)} or ${platformMention(r, s, b)} for ${mention(r, p)}?`,
        K.twoPlatforms(p, a, b),
      );
    },
    (r, s, K) => {
      const p = r.pick(s.products.filter((x) => x.platforms.length >= 2));
      const [a, b] = twoOf(r, p.platforms);
      return entry(
        'two_platforms',
        `is ${mention(r, p)} cheaper on ${platformMention(r, s, a)} or ${platformMention(r, s, b)}`,
        K.twoPlatforms(p, a, b),
      );
    },
    (r, s, K) => {
      const p = r.pick(s.products.filter((x) => x.platforms.length >= 2));
      const [a, b] = twoOf(r, p.platforms);
      return entry(
        'two_platforms',
        `${platformMention(r, s, a)} ya ${platformMention(r, s, b)}, ${mention(r, p)} kahan sasta`,
        K.twoPlatforms(p, a, b),
      );
    },
  ],
  cheapest_in_stock: [
    (r, s, K) => {
      const x = r.pick(s.stockSensitive);
      return entry(
        'cheapest_in_stock',
        `cheapest ${mention(r, x.product)} in stock in ${x.city}`,
        K.cheapestPlatform(x.product, { city: x.city }, { explicitStock: true }),
      );
    },
    (r, s, K) => {
      const x = r.pick(s.stockSensitive);
      return entry(
        'cheapest_in_stock',
        `${mention(r, x.product)} in stock in ${x.city} - where is it cheapest?`,
        K.cheapestPlatform(x.product, { city: x.city }, { explicitStock: true }),
      );
    },
    (r, s, K) => {
      const x = r.pick(s.stockSensitive);
      return entry(
        'cheapest_in_stock',
        `cheapest in-stock ${mention(r, x.product)}`,
        K.cheapestPlatform(x.product, { city: x.city }, { explicitStock: true }),
        { city: x.city },
      );
    },
  ],
  mrp_discount: [
    (r, s, K) => {
      const p = r.pick(s.products);
      const pl = r.pick(p.platforms);
      return entry(
        'mrp_discount',
        `What's the MRP and discount on ${mention(r, p)} at ${platformMention(r, s, pl)}?`,
        K.mrpDiscount(p, pl),
      );
    },
    (r, s, K) => {
      const p = r.pick(s.products);
      const pl = r.pick(p.platforms);
      return entry(
        'mrp_discount',
        `discount on ${mention(r, p)} on ${platformMention(r, s, pl)}`,
        K.mrpDiscount(p, pl),
      );
    },
    (r, s, K) => {
      const p = r.pick(s.products);
      const pl = r.pick(p.platforms);
      return entry(
        'mrp_discount',
        `${mention(r, p)} ${platformMention(r, s, pl)} pe mrp aur discount`,
        K.mrpDiscount(p, pl),
      );
    },
  ],
  brand_cheapest: [
    (r, s, K) => {
      const b = r.pick(s.brands);
      return entry('brand_cheapest', `cheapest ${b} products`, K.brandCheapest(b));
    },
    (r, s, K) => {
      const b = r.pick(s.brands);
      return entry('brand_cheapest', `${b} cheapest items`, K.brandCheapest(b));
    },
    (r, s, K) => {
      const b = r.pick(s.brands);
      const city = r.pick(s.cities);
      return entry('brand_cheapest', `sabse saste ${b} products in ${city}`, K.brandCheapest(b, { city }));
    },
  ],
  fees: [
    (r, s, K) => {
      const pl = r.pick(s.platforms);
      const city = r.pick(s.cities);
      return entry(
        'fees',
        `delivery fee on ${platformMention(r, s, pl.slug)} in ${city}`,
        K.feesFor(pl.slug, { city }),
      );
    },
    (r, s, K) => {
      const city = r.pick(s.cities);
      return entry('fees', `fees of all platforms in ${city}`, K.feesInCity({ city }));
    },
    (r, s, K) => {
      const city = r.pick(s.cities);
      return entry(
        'fees',
        `which platform has the lowest delivery fee in ${city}`,
        K.lowestDeliveryFee({ city }),
      );
    },
    (r, s, K) => {
      const pl = r.pick(s.platforms);
      const pin = r.pick(s.pincodes);
      return entry(
        'fees',
        `${platformMention(r, s, pl.slug)} delivery fee`,
        K.feesFor(pl.slug, { pincode: pin.pincode }),
        {
          pincode: pin.pincode,
        },
      );
    },
  ],
  basket: [
    (r, s) => basketEntry(r, s, 2, (items, city) => `cheapest platform for ${items} in ${city}`),
    (r, s) => basketEntry(r, s, 2, (items, city) => `total cost of ${items} on each platform in ${city}`),
    (r, s) => basketEntry(r, s, 3, (items, city) => `${items} - sabse sasta kahan, ${city}`),
  ],
};

function twoOf(r: Rng, slugs: string[]): [string, string] {
  const a = r.pick(slugs);
  const b = r.pick(slugs.filter((x) => x !== a));
  return [a, b];
}

function basketEntry(
  r: Rng,
  s: Pools,
  n: number,
  phrase: (items: string, city: string) => string,
): Omit<BankEntry, 'id'> {
  const city = r.pick(s.cities);
  const chosen: ProductInfo[] = [];
  while (chosen.length < n) {
    const p = r.pick(s.products.filter((x) => x.platforms.length >= 3));
    if (!chosen.includes(p)) chosen.push(p);
  }
  const items: BasketItem[] = chosen.map((p) => ({
    qty: r.int(1, 3),
    label: `${p.name} ${p.pack}`,
    match: (l: ListingRecord) => s.skuToProduct.get(`${l.platform}\u0000${l.sku}`) === p.id,
  }));
  const parts = items.map((it, i) => `${it.qty} ${mention(r, chosen[i]!)}`);
  const text =
    parts.length === 2
      ? `${parts[0]} and ${parts[1]}`
      : `${parts.slice(0, -1).join(', ')} aur ${parts.at(-1)}`;
  return entry('basket', phrase(text, city), { basket: { city, items } });
}

/** How many questions of each kind the demo set asks. */
export const PER_KIND = 6;
const ATTEMPTS_PER_QUESTION = 12;

export interface GeneratedSet {
  questions: EvalQuestion[];
  /** Candidates dropped because their readings disagreed, their gold was empty, or no candidate existed. */
  skipped: { category: string; question: string; reason: string }[];
  shortfall: Record<string, number>;
}

/** Generates ~120 answerable questions (PER_KIND per kind) plus the shared refusal list. */
export async function generateQuestions(
  db: Database,
  options: { seed: number; now: Date; records: FeedRecord[]; prefix?: string; perKind?: number },
): Promise<GeneratedSet> {
  const rng = new Rng(options.seed);
  const pools = await loadPools(db);
  const K = kinds(new SqlKit(toIstIso(options.now)));
  const one = await createMaterializer(db, options.records, options.now);
  const prefix = options.prefix ?? 'demo-';
  const perKind = options.perKind ?? PER_KIND;
  const questions: EvalQuestion[] = [];
  const skipped: GeneratedSet['skipped'] = [];
  const shortfall: Record<string, number> = {};
  const seenQuestions = new Set<string>();
  for (const [category, makers] of Object.entries(MAKERS) as [Category, Maker[]][]) {
    let made = 0;
    for (let attempt = 0; made < perKind && attempt < perKind * ATTEMPTS_PER_QUESTION; attempt += 1) {
      const maker = makers[(made + attempt) % makers.length]!;
      let draft: Omit<BankEntry, 'id'>;
      try {
        draft = maker(rng, pools, K);
      } catch (error) {
        if (error instanceof NoCandidate) continue;
        throw error;
      }
      const key = `${draft.question.toLowerCase()}\u0000${JSON.stringify(draft.context ?? {})}`;
      if (seenQuestions.has(key)) continue;
      const id = `${prefix}${category}-${String(made + 1).padStart(3, '0')}`;
      const result = await one({ ...draft, id });
      if ('problem' in result) {
        skipped.push({ category, question: draft.question, reason: result.problem });
        continue;
      }
      seenQuestions.add(key);
      questions.push(result);
      made += 1;
    }
    if (made < perKind) shortfall[category] = perKind - made;
  }
  for (const r of refusalQuestions()) {
    questions.push({
      id: `${prefix}${r.id}`,
      question: r.question,
      category: 'refusal',
      expect: { refuse: true },
      note: r.group,
    });
  }
  return { questions, skipped, shortfall };
}

/** The instant as an ISO string with the IST offset (the form the gold SQL's literal uses). */
function toIstIso(at: Date): string {
  return `${new Date(at.getTime() + 5.5 * 3_600_000).toISOString().slice(0, 19)}+05:30`;
}
