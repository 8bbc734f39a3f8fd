import type { FeedRecord, ListingRecord, Unit } from '../feed/records.ts';
import { CITY_PINCODES, DEFAULT_CITIES, PLATFORMS, PRODUCT_LINES } from './catalog-data.ts';
import { Random } from './random.ts';

export interface DemoFeedOptions {
  products: number;
  days: number;
  seed: number;
  now: Date;
  platforms?: number;
  cities?: string[];
}

interface DemoProduct {
  brand: string | null;
  name: string;
  category: [string, string];
  quantity: number;
  unit: Unit;
  packCount: number;
  mrp: number;
  ean: string | null;
}

const DAY_MS = 86_400_000;
const IST_OFFSET_MS = 5.5 * 3_600_000;
// Share of days on which a listing's price moves; history has a point on those days only, as a scraper
// that records changes would, which keeps 100k products × 90 days near 10 million history rows.
const DAILY_CHANGE_CHANCE = 0.35;
const LISTING_CHANCE = 0.85;

/** Feed times carry the +05:30 offset, as Indian platforms report them. */
export function toIst(ms: number): string {
  return `${new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 19)}+05:30`;
}

function eanFor(random: Random): string {
  const digits = `890${String(random.int(0, 999_999_999)).padStart(9, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 3);
  return `${digits}${(10 - (sum % 10)) % 10}`;
}

const money = (v: number) => Math.max(1, Math.round(v));

/** Curated product lines × variants × packs, then numbered editions when more products are asked for. */
function* demoProducts(count: number, random: Random): Generator<DemoProduct> {
  const curated: (Omit<DemoProduct, 'ean' | 'mrp'> & { typical: number })[] = [];
  for (const line of PRODUCT_LINES) {
    const lastWord = line.name.split(' ').at(-1)!;
    const names = [
      line.name,
      ...(line.variants ?? []).map((v) => (v.endsWith(lastWord) ? v : `${v} ${lastWord}`)),
    ];
    for (const name of names) {
      for (const [quantity, unit, packCount, typical] of line.packs) {
        curated.push({
          brand: line.brand,
          name,
          category: line.category,
          quantity,
          unit,
          packCount,
          typical,
        });
      }
    }
  }
  for (let i = 0; i < count; i += 1) {
    const base = curated[i % curated.length]!;
    const edition = Math.floor(i / curated.length);
    const factor = edition === 0 ? random.float(0.9, 1.15) : random.float(0.8, 1.4);
    yield {
      brand: base.brand,
      name: edition === 0 ? base.name : `${base.name} Edition ${edition + 1}`,
      category: base.category,
      quantity: base.quantity,
      unit: base.unit,
      packCount: base.packCount,
      mrp: money(base.typical * factor),
      ean: random.chance(0.7) ? eanFor(random) : null,
    };
  }
}

function packText(p: DemoProduct, style: 'plain' | 'bb'): string {
  const unit =
    style === 'bb'
      ? { g: 'Gm', kg: 'Kg', ml: 'Ml', l: 'Ltr', pcs: 'Pcs' }[p.unit]
      : p.unit === 'l'
        ? 'L'
        : p.unit;
  const one = `${p.quantity} ${unit}`;
  return p.packCount > 1 ? `${p.packCount} x ${one}` : one;
}

function titleFor(slug: string, p: DemoProduct): string {
  const base = p.brand ? `${p.brand} ${p.name}` : p.name;
  if (slug === 'zepto') return `${base} (${packText(p, 'plain')})`;
  if (slug === 'bbnow') return `${base} ${packText(p, 'bb')}`;
  if (slug === 'blinkit' || slug === 'instamart') return base;
  return `${base}, ${packText(p, 'plain')}`;
}

export function estimateDemoRecords(options: DemoFeedOptions): number {
  const platforms = Math.min(options.platforms ?? 4, PLATFORMS.length);
  const cities = (options.cities ?? DEFAULT_CITIES).length;
  const listings = options.products * platforms * LISTING_CHANCE;
  return Math.round(platforms * (1 + cities + 3) + listings * (2 + options.days * DAILY_CHANGE_CHANCE));
}

/**
 * A deterministic, realistic demo feed (same options → same records), streamed so 100k products × 90 days
 * never sit in memory. It emits platforms, fees and coupons, then each listing's history and current state.
 */
export function* generateDemoFeed(options: DemoFeedOptions): Generator<FeedRecord> {
  const random = new Random(options.seed);
  const platforms = PLATFORMS.slice(0, Math.max(1, Math.min(options.platforms ?? 4, PLATFORMS.length)));
  const cities = options.cities ?? DEFAULT_CITIES;
  const now = options.now.getTime();
  const observedAt = toIst(now - 60 * 60_000);

  for (const p of platforms) {
    yield { type: 'platform', slug: p.slug, name: p.name, membership_name: p.membership };
  }
  for (const p of platforms) {
    for (const city of cities) {
      yield {
        type: 'fees',
        platform: p.slug,
        city,
        delivery_fee: random.pick([15, 20, 25, 30, 35]),
        free_delivery_above: random.pick([99, 149, 199, 249]),
        handling_fee: random.pick([4, 6, 8, 9, 11, 13]),
        small_cart_fee: random.pick([15, 20, 25, 35]),
        small_cart_below: 99,
        observed_at: observedAt,
      };
    }
    const upper = p.slug.slice(0, 5).toUpperCase();
    yield {
      type: 'coupon',
      platform: p.slug,
      code: `${upper}50`,
      title: 'Flat Rs 50 off on orders above Rs 499',
      amount_off: 50,
      min_cart_value: 499,
      new_users_only: false,
      valid_from: toIst(now - 3 * DAY_MS),
      valid_until: toIst(now + 7 * DAY_MS),
    };
    yield {
      type: 'coupon',
      platform: p.slug,
      code: `${upper}10`,
      title: '10% off up to Rs 100 on orders above Rs 799',
      percent_off: 10,
      max_discount: 100,
      min_cart_value: 799,
      new_users_only: false,
      valid_from: toIst(now - 2 * DAY_MS),
      valid_until: toIst(now + 5 * DAY_MS),
    };
    yield {
      type: 'coupon',
      platform: p.slug,
      code: `NEW${upper}`,
      title: '50% off up to Rs 75 on your first order',
      percent_off: 50,
      max_discount: 75,
      min_cart_value: 149,
      new_users_only: true,
      valid_from: toIst(now - 10 * DAY_MS),
      valid_until: toIst(now + 20 * DAY_MS),
    };
  }

  for (const product of demoProducts(options.products, random)) {
    const sellers = platforms.filter(() => random.chance(LISTING_CHANCE));
    if (sellers.length === 0) sellers.push(random.pick(platforms));
    for (const p of sellers) yield* listingRecords(product, p, cities, options.days, now, random);
  }
}

function* listingRecords(
  product: DemoProduct,
  platform: (typeof PLATFORMS)[number],
  cities: string[],
  days: number,
  now: number,
  random: Random,
): Generator<ListingRecord> {
  const base: Omit<ListingRecord, 'price' | 'observed_at'> = {
    type: 'listing',
    platform: platform.slug,
    sku: `${platform.sku}${random.hex(8)}`,
    name: titleFor(platform.slug, product),
    brand: product.brand,
    category: product.category,
    pack: packText(product, 'plain'),
    quantity: product.quantity,
    unit: product.unit,
    pack_count: product.packCount,
    mrp: product.mrp,
    ...(product.ean && random.chance(0.8) ? { ean: product.ean } : {}),
  };
  const typical = Math.max(0, platform.depth + random.float(-0.08, 0.08));
  let discount = typical;
  const priceAt = (d: number) => Math.min(product.mrp, money(product.mrp * (1 - d)));
  let lastPrice = 0;
  for (let day = days; day >= 1; day -= 1) {
    if (day !== days && !random.chance(DAILY_CHANGE_CHANCE)) continue;
    discount = Math.min(0.45, Math.max(0, discount + random.float(-0.05, 0.05) + (typical - discount) * 0.3));
    const price = priceAt(discount);
    if (price === lastPrice && day !== days) continue;
    lastPrice = price;
    yield { ...base, price, observed_at: toIst(now - day * DAY_MS - 6 * 3_600_000) };
  }

  const flash = random.chance(0.03);
  const price = flash ? priceAt(Math.max(discount, 0.2)) : priceAt(discount);
  const memberPrice =
    platform.membership && random.chance(platform.member)
      ? money(price * random.float(0.9, 0.97))
      : undefined;
  yield {
    ...base,
    price,
    ...(memberPrice !== undefined && memberPrice < price ? { member_price: memberPrice } : {}),
    observed_at: toIst(now - random.int(2, 120) * 60_000),
    availability: cities.map((city) => {
      const inStock = random.chance(0.92);
      return {
        city,
        pincode: random.pick(CITY_PINCODES[city] ?? ['110001']),
        in_stock: inStock,
        stock_qty: inStock ? random.int(1, 80) : 0,
        eta_minutes: random.int(platform.eta[0], platform.eta[1]),
      };
    }),
    ...offersFor(flash, now, random),
  };
}

function offersFor(flash: boolean, now: number, random: Random): Pick<ListingRecord, 'offers'> {
  if (flash) {
    const endsAt = toIst(now + random.int(1, 6) * 3_600_000);
    return {
      offers: [
        {
          kind: 'flash_sale',
          title: 'Flash deal: 20% off for a few hours',
          percent_off: 20,
          ends_at: endsAt,
        },
      ],
    };
  }
  if (random.chance(0.03))
    return { offers: [{ kind: 'cashback', title: 'Up to Rs 25 cashback with wallet', amount_off: 25 }] };
  return {};
}
