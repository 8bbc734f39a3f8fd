import type { CouponRecord, FeedRecord, FeesRecord, ListingRecord, Unit } from '../feed/records.ts';
import {
  BANKS,
  CITY_ETA_DELAY,
  CITY_PINCODES,
  type CouponSpec,
  DEFAULT_CITIES,
  MAX_PLATFORMS,
  type PlatformSpec,
  platformSpec,
  WALLETS,
} from './market-data.ts';
import { type DemoProduct, demoProducts, MAX_PRODUCTS } from './products.ts';
import { hashSeed, permute, Random } from './random.ts';

export interface DemoFeedOptions {
  products: number;
  /** Days of daily price history before the current observation. */
  days: number;
  seed: number;
  /** The moment the current observations are taken at (minus a few minutes). */
  now: Date;
  /** How many platforms, 4 real ones first (default 4). */
  platforms?: number;
  cities?: readonly string[];
}

type Availability = NonNullable<ListingRecord['availability']>[number];
type Offer = NonNullable<ListingRecord['offers']>[number];

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const IST_OFFSET_MS = 330 * MINUTE_MS;
const MAX_DAYS = 3650;
/** No listing is ever sold at more than this off MRP. */
const MAX_DISCOUNT = 0.6;
/** Share of price moves that go back to full MRP, as promotions end. */
const BACK_TO_MRP = 0.22;
const MEMBER_PRICE_SHARE = 0.15;
const OFFER_SHARE = 0.04;
const OFFER_KINDS = ['flash_sale', 'discount', 'bank', 'cashback', 'bundle'] as const;
const OFFER_WEIGHTS = [40, 20, 15, 15, 10];
const CAPS_UNITS: Record<Unit, string> = { g: 'Gm', kg: 'Kg', ml: 'Ml', l: 'Ltr', pcs: 'Pcs' };

interface Settings {
  products: number;
  days: number;
  seed: number;
  now: number;
  platforms: number;
  cities: readonly string[];
}

/** A platform's delivery desk in one city. */
interface Desk {
  city: string;
  pincodes: readonly string[];
  eta: number;
}

interface Seller {
  spec: PlatformSpec;
  skuKey: number;
  desks: Desk[];
  /** observed_at of each history day, oldest first. */
  crawlTimes: string[];
}

interface Market {
  sellers: Seller[];
  fees: FeesRecord[];
  coupons: CouponRecord[];
}

/** One listing while its history is generated. */
interface ListingState {
  seller: Seller;
  sku: string;
  name: string;
  ean: string | undefined;
  mrp: number;
  target: number;
  changeRate: number;
  discount: number;
  price: number;
}

/** Feed times carry the +05:30 offset, as Indian platforms report them. */
function formatIst(utcMs: number): string {
  return `${new Date(utcMs + IST_OFFSET_MS).toISOString().slice(0, 19)}+05:30`;
}

/** UTC time of the IST midnight that starts the day of `utcMs`. */
function istDayStart(utcMs: number): number {
  return Math.floor((utcMs + IST_OFFSET_MS) / DAY_MS) * DAY_MS - IST_OFFSET_MS;
}

function settings(options: DemoFeedOptions): Settings {
  const { products, days, seed, now } = options;
  const platforms = options.platforms ?? 4;
  const cities = options.cities ?? DEFAULT_CITIES;
  if (!Number.isInteger(products) || products < 0 || products > MAX_PRODUCTS)
    throw new RangeError(`products must be an integer from 0 to ${MAX_PRODUCTS}`);
  if (!Number.isInteger(days) || days < 0 || days > MAX_DAYS)
    throw new RangeError(`days must be an integer from 0 to ${MAX_DAYS}`);
  if (!Number.isFinite(seed)) throw new RangeError('seed must be a finite number');
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new RangeError('now must be a valid date');
  if (!Number.isInteger(platforms) || platforms < 1 || platforms > MAX_PLATFORMS)
    throw new RangeError(`platforms must be an integer from 1 to ${MAX_PLATFORMS}`);
  if (cities.length === 0 || new Set(cities).size !== cities.length)
    throw new RangeError('cities must be a non-empty list without repeats');
  for (const city of cities) {
    if (city.trim() !== city || city.length === 0 || city.length > 500)
      throw new RangeError(`city "${city}" must be 1–500 characters without surrounding spaces`);
  }
  return { products, days, seed, now: Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS, platforms, cities };
}

function couponRecord(slug: string, spec: CouponSpec, validFrom: string, validUntil: string): CouponRecord {
  const [code, kind, value, max, minCart, newUsers] = spec;
  const audience = newUsers ? 'your first order' : `orders above ₹${minCart}`;
  return kind === 'flat'
    ? {
        type: 'coupon',
        platform: slug,
        code,
        title: newUsers
          ? `Flat ₹${value} off on your first order above ₹${minCart}`
          : `Flat ₹${value} off on ${audience}`,
        amount_off: value,
        min_cart_value: minCart,
        new_users_only: newUsers,
        valid_from: validFrom,
        valid_until: validUntil,
      }
    : {
        type: 'coupon',
        platform: slug,
        code,
        title: `${value}% off up to ₹${max} on ${audience}`,
        percent_off: value,
        max_discount: max,
        min_cart_value: minCart,
        new_users_only: newUsers,
        valid_from: validFrom,
        valid_until: validUntil,
      };
}

/**
 * Platforms, where they deliver, their fees and coupons. Platform identities do not depend on the seed;
 * coverage, fees and coupon validity do.
 */
function buildMarket(s: Settings): Market {
  const sellers: Seller[] = [];
  const fees: FeesRecord[] = [];
  const coupons: CouponRecord[] = [];
  const today = istDayStart(s.now);
  const feesAt = formatIst(s.now - HOUR_MS);
  for (let i = 0; i < s.platforms; i += 1) {
    const identity = new Random(hashSeed('platform', i));
    const spec = platformSpec(i, () => identity.next());
    const random = new Random(hashSeed(s.seed, spec.slug));
    const desks: Desk[] = [];
    s.cities.forEach((city, c) => {
      // Every platform serves the first city; the others depend on its reach.
      if (c > 0 && !random.chance(spec.coverage)) return;
      const eta = random.int(spec.eta[0], spec.eta[1]) + (CITY_ETA_DELAY[city] ?? 0);
      desks.push({ city, pincodes: CITY_PINCODES[city] ?? [], eta });
      const f = spec.fees;
      fees.push({
        type: 'fees',
        platform: spec.slug,
        city,
        delivery_fee: Math.max(0, f.delivery + random.pick([0, 0, 0, 5, -5])),
        free_delivery_above: f.freeAbove,
        handling_fee: Math.max(0, f.handling + random.int(-1, 2)),
        small_cart_fee: f.smallCart,
        small_cart_below: f.smallCartBelow,
        observed_at: feesAt,
      });
    });
    for (const coupon of spec.coupons) {
      const from = formatIst(today - random.int(1, 5) * DAY_MS);
      const until = formatIst(today + random.int(3, 14) * DAY_MS + DAY_MS - MINUTE_MS);
      coupons.push(couponRecord(spec.slug, coupon, from, until));
    }
    const crawlTimes: string[] = [];
    for (let day = s.days; day >= 1; day -= 1) {
      crawlTimes.push(formatIst(today - day * DAY_MS + spec.crawlMinute * MINUTE_MS));
    }
    sellers.push({ spec, skuKey: hashSeed(s.seed, spec.slug, 'sku'), desks, crawlTimes });
  }
  return { sellers, fees, coupons };
}

/** Which platforms sell a product. Drawn first from the product's stream so estimates can replay it. */
function assortment(random: Random, sellers: readonly Seller[]): Seller[] {
  const chosen = sellers.filter((s) => random.next() < s.spec.breadth);
  return chosen.length > 0 ? chosen : [sellers[0]!];
}

const productRandom = (seed: number, index: number) => new Random(hashSeed(seed, index));

function listingTitle(seller: Seller, p: DemoProduct): string {
  switch (seller.spec.titleStyle) {
    case 'plain':
      return p.title;
    case 'paren':
      return `${p.title} (${p.pack})`;
    case 'caps':
      return `${p.title} ${p.packCount > 1 ? `${p.packCount} x ` : ''}${p.quantity} ${CAPS_UNITS[p.unit]}`;
    case 'comma':
      return `${p.title}, ${p.pack.toLowerCase()}`;
  }
}

/** Indian shelf prices: whole rupees, or half rupees on cheap items where a platform uses them. */
function roundPrice(value: number, halfRupees: boolean): number {
  return halfRupees && value < 100 ? Math.round(value * 2) / 2 : Math.round(value);
}

function priceAt(l: ListingState): number {
  const price = roundPrice(l.mrp * (1 - l.discount), l.seller.spec.halfRupees);
  return Math.min(price, l.mrp);
}

/** A random walk of the discount around the listing's typical one; it moves on only some days. */
function advance(l: ListingState, random: Random): void {
  if (random.next() >= l.changeRate) return;
  if (random.next() < BACK_TO_MRP) {
    l.discount = 0;
  } else {
    const next = l.discount + (l.target - l.discount) * 0.5 + random.normal() * l.target * 0.45;
    l.discount = Math.min(MAX_DISCOUNT, Math.max(0, next));
  }
  l.price = priceAt(l);
}

function openListing(p: DemoProduct, seller: Seller, random: Random, sku: string): ListingState {
  const { spec } = seller;
  const ean = random.chance(p.fresh ? spec.eanShare * 0.4 : spec.eanShare) ? p.ean : undefined;
  // Loose produce has no printed MRP: each platform sets its own reference price.
  const mrp = p.fresh ? Math.max(5, Math.round(p.mrp * random.float(0.9, 1.12))) : p.mrp;
  const typical = p.discount * spec.discount * (spec.groupBias[p.group] ?? 1) * random.float(0.3, 1.8);
  const target = Math.min(0.5, typical);
  const l: ListingState = {
    seller,
    sku,
    name: listingTitle(seller, p),
    ean,
    mrp,
    target,
    changeRate: p.fresh ? Math.min(0.8, spec.changeRate * 3) : spec.changeRate,
    discount: random.chance(0.3)
      ? 0
      : Math.max(0, Math.min(MAX_DISCOUNT, target + random.normal() * target * 0.4)),
    price: 0,
  };
  l.price = priceAt(l);
  return l;
}

function historyPoint(p: DemoProduct, l: ListingState, observedAt: string): ListingRecord {
  return l.ean === undefined
    ? {
        type: 'listing',
        platform: l.seller.spec.slug,
        sku: l.sku,
        name: l.name,
        brand: p.brand,
        category: p.category,
        pack: p.pack,
        quantity: p.quantity,
        unit: p.unit,
        pack_count: p.packCount,
        mrp: l.mrp,
        price: l.price,
        observed_at: observedAt,
      }
    : {
        type: 'listing',
        platform: l.seller.spec.slug,
        sku: l.sku,
        name: l.name,
        brand: p.brand,
        category: p.category,
        pack: p.pack,
        quantity: p.quantity,
        unit: p.unit,
        pack_count: p.packCount,
        ean: l.ean,
        mrp: l.mrp,
        price: l.price,
        observed_at: observedAt,
      };
}

function availability(p: DemoProduct, l: ListingState, random: Random): Availability[] {
  const { spec, desks } = l.seller;
  const inStockShare = p.fresh ? spec.inStock - 0.03 : spec.inStock;
  return desks.map((desk) => {
    const inStock = random.chance(inStockShare);
    const r = random.next();
    const stock = inStock ? 1 + Math.floor(r * r * 59) : 0;
    const jittered = desk.eta + random.int(-2, 3);
    const eta = Math.min(30, Math.max(6, jittered));
    return desk.pincodes.length > 0
      ? {
          city: desk.city,
          pincode: random.pick(desk.pincodes),
          in_stock: inStock,
          stock_qty: stock,
          eta_minutes: eta,
        }
      : { city: desk.city, in_stock: inStock, stock_qty: stock, eta_minutes: eta };
  });
}

function memberPrice(l: ListingState, random: Random): number | undefined {
  if (l.seller.spec.membership === null || !random.chance(MEMBER_PRICE_SHARE)) return undefined;
  const half = l.seller.spec.halfRupees;
  const step = half ? 0.5 : 1;
  const cut = Math.max(step, roundPrice(l.price * random.float(0.03, 0.1), half));
  const member = l.price - cut;
  return member > 0 ? member : undefined;
}

function offer(l: ListingState, random: Random, now: number): Offer {
  const kind = random.weighted(OFFER_KINDS, OFFER_WEIGHTS);
  switch (kind) {
    case 'flash_sale': {
      const percent = random.pick([10, 15, 20, 25]);
      const nextHour = Math.ceil((now + 1) / HOUR_MS) * HOUR_MS;
      return {
        kind,
        title: `Flash deal: ${percent}% off for a few hours`,
        percent_off: percent,
        ends_at: formatIst(nextHour + random.int(1, 5) * HOUR_MS),
      };
    }
    case 'discount': {
      const percent = random.pick([5, 8, 10]);
      return { kind, title: `Extra ${percent}% off`, percent_off: percent };
    }
    case 'bank': {
      const percent = random.pick([5, 10, 10, 15]);
      return {
        kind,
        title: `${percent}% instant discount with ${random.pick(BANKS)} cards`,
        percent_off: percent,
        ends_at: formatIst(istDayStart(now) + random.int(2, 7) * DAY_MS + DAY_MS - MINUTE_MS),
      };
    }
    case 'cashback': {
      const amount = random.pick([10, 15, 20, 25, 50]);
      return { kind, title: `₹${amount} cashback with ${random.pick(WALLETS)}`, amount_off: amount };
    }
    case 'bundle': {
      const count = random.pick([2, 3]);
      const amount = Math.max(5, Math.round((l.price * count * random.float(0.05, 0.12)) / 5) * 5);
      return { kind, title: `Buy ${count}, save ₹${amount}`, amount_off: amount };
    }
  }
}

function currentPoint(p: DemoProduct, l: ListingState, random: Random, now: number): ListingRecord {
  const member = memberPrice(l, random);
  const observedAt = formatIst(now - random.int(3, 120) * MINUTE_MS);
  const stock = availability(p, l, random);
  const offers = random.chance(OFFER_SHARE) ? [offer(l, random, now)] : undefined;
  return {
    type: 'listing',
    platform: l.seller.spec.slug,
    sku: l.sku,
    name: l.name,
    brand: p.brand,
    category: p.category,
    pack: p.pack,
    quantity: p.quantity,
    unit: p.unit,
    pack_count: p.packCount,
    ...(l.ean === undefined ? {} : { ean: l.ean }),
    mrp: l.mrp,
    price: l.price,
    ...(member === undefined ? {} : { member_price: member }),
    observed_at: observedAt,
    availability: stock,
    ...(offers ? { offers } : {}),
  };
}

/** SKUs are unique per platform by construction: a keyed permutation of the product index. */
function skuFor(seller: Seller, index: number): string {
  return `${seller.spec.skuPrefix}${permute(index, 32, seller.skuKey).toString(16).toUpperCase().padStart(8, '0')}`;
}

/**
 * A deterministic, realistic demo feed (same options → identical records), streamed so 100,000 products ×
 * 90 days never sit in memory. Emits platforms, fees and coupons, then per product and platform the
 * listing's daily history, oldest first, and its current observation last. Records share their category
 * arrays; treat them as read-only.
 */
export function* generateDemoFeed(options: DemoFeedOptions): Generator<FeedRecord> {
  const s = settings(options);
  const market = buildMarket(s);
  for (const { spec } of market.sellers) {
    yield { type: 'platform', slug: spec.slug, name: spec.name, membership_name: spec.membership };
  }
  yield* market.fees;
  yield* market.coupons;
  for (const product of demoProducts(s.products, s.seed)) {
    const random = productRandom(s.seed, product.index);
    for (const seller of assortment(random, market.sellers)) {
      const listing = openListing(product, seller, random, skuFor(seller, product.index));
      for (const observedAt of seller.crawlTimes) {
        advance(listing, random);
        yield historyPoint(product, listing, observedAt);
      }
      advance(listing, random);
      yield currentPoint(product, listing, random, s.now);
    }
  }
}

/** Exactly how many records generateDemoFeed yields for these options (for a progress bar). */
export function estimateDemoRecords(options: DemoFeedOptions): number {
  const s = settings(options);
  const market = buildMarket(s);
  let listings = 0;
  for (let index = 0; index < s.products; index += 1) {
    listings += assortment(productRandom(s.seed, index), market.sellers).length;
  }
  return market.sellers.length + market.fees.length + market.coupons.length + listings * (s.days + 1);
}
