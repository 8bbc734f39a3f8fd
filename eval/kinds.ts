import type { Expect } from './compare.ts';
import { GoldError, type GoldHelpers, type GoldRow, merge, type SqlGold } from './gold.ts';

/**
 * Gold SQL per intent kind, written by hand against the schema (src/db/migrations) with the product's
 * definitions: price = current selling price (current_prices), discount % = (mrp − price) / mrp × 100,
 * unit price per kg / litre / piece, availability and delivery time per city, fees per platform and city.
 * Every function returns the SQL with literal values (so it is readable and re-runnable on its own), the
 * alternative readings that must agree with it, and how its rows become the expected key values.
 */

export interface ProductRef {
  name: string;
  pack: string;
}

/** Where the shopper is: a city name, or a pin code that maps to its city (availability is per city). */
export type Loc = { city: string } | { pincode: string };

export type StockReading = 'in_stock' | 'listed' | 'none';

/**
 * A category as the shopper names it. A path is exact; `{ core, also }` is for words that cover more than
 * one aisle ("snacks": Snacks & Munchies for sure, Frozen Snacks arguably): items in `core` must be in the
 * answer, items in `also` may be.
 */
export type CategoryRef = string | { core: string[]; also: string[] };

export const IST = 'Asia/Kolkata';

export function lit(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export class SqlKit {
  constructor(readonly nowIso: string) {}

  get now(): string {
    return `TIMESTAMPTZ ${lit(this.nowIso)}`;
  }

  product(ref: ProductRef, alias = 'p'): string {
    return `${alias}.name = ${lit(ref.name)} AND ${alias}.pack_label = ${lit(ref.pack)}`;
  }

  city(loc: Loc, alias = 'ci'): string {
    return 'city' in loc
      ? `${alias}.name = ${lit(loc.city)}`
      : `${alias}.id = (SELECT pn.city_id FROM pincodes pn WHERE pn.pincode = ${lit(loc.pincode)})`;
  }

  /** The listing is sold (and, for in_stock, in stock) in the shopper's city. */
  stock(loc: Loc | undefined, reading: StockReading, listing = 'cp.listing_id'): string | null {
    if (!loc || reading === 'none') return null;
    return `EXISTS (SELECT 1 FROM availability_status a JOIN cities ci ON ci.id = a.city_id
      WHERE a.listing_id = ${listing} AND ${this.city(loc)}${reading === 'in_stock' ? ' AND a.in_stock' : ''})`;
  }

  category(ref: CategoryRef, alias = 'pc'): string {
    if (typeof ref !== 'string')
      return `(${[...ref.core, ...ref.also].map((p) => this.category(p, alias)).join(' OR ')})`;
    return `(${alias}.path = ${lit(ref)} OR ${alias}.path LIKE ${lit(`${ref} > %`)})`;
  }

  /** Whether a row is in the certain part of a category (always, for an exact path). */
  core(ref: CategoryRef | undefined, alias = 'pc'): string {
    if (ref === undefined || typeof ref === 'string') return 'TRUE';
    return `(${ref.core.map((p) => this.category(p, alias)).join(' OR ')})`;
  }

  /** "the last N days" read as a rolling window, as N days back from today's date, or as N calendar days. */
  window(column: string, days: number, mode: 'rolling' | 'calendar' | 'calendar_incl'): string {
    if (mode === 'rolling')
      return `${column} >= ${this.now} - interval '${days} days' AND ${column} <= ${this.now}`;
    const back = mode === 'calendar' ? days : days - 1;
    return `(${column} AT TIME ZONE '${IST}')::date >= (${this.now} AT TIME ZONE '${IST}')::date - ${back} AND ${column} <= ${this.now}`;
  }

  today(column: string): string {
    return `(${column} AT TIME ZONE '${IST}')::date = (${this.now} AT TIME ZONE '${IST}')::date AND ${column} <= ${this.now}`;
  }

  sinceMonday(column: string): string {
    return `${column} >= (date_trunc('week', ${this.now} AT TIME ZONE '${IST}') AT TIME ZONE '${IST}') AND ${column} <= ${this.now}`;
  }
}

/** Rows for a "first" answer: the top row must be certainly in the category, or the question is ambiguous. */
function coreFirst(rows: GoldRow[]): GoldRow[] {
  if (rows[0] && rows[0].core_category !== undefined && rows[0].core_category !== true) {
    throw new GoldError('an item only loosely in the category ranks first');
  }
  return rows;
}

interface ListingQuery {
  extra?: string[];
  where: (string | null | undefined | false)[];
  order: string;
  joinCategory?: boolean;
  joinBrand?: boolean;
}

/** Current listings: one row per platform listing with its current price. */
function listingSql(q: ListingQuery): string {
  const select = [
    'p.name AS product',
    'p.pack_label AS pack',
    'pl.slug AS platform_slug',
    'cp.price',
    ...(q.extra ?? []),
  ];
  const joins = [
    'JOIN products p ON p.id = cp.product_id',
    'JOIN platforms pl ON pl.id = cp.platform_id',
    q.joinCategory ? 'JOIN product_categories pc ON pc.id = p.category_id' : null,
    q.joinBrand ? 'JOIN product_brands b ON b.id = p.brand_id' : null,
  ].filter(Boolean);
  const where = q.where.filter((w): w is string => typeof w === 'string' && w.length > 0);
  return `SELECT ${select.join(', ')}
FROM current_prices cp
${joins.join('\n')}
${where.length > 0 ? `WHERE ${where.join('\n  AND ')}` : ''}
ORDER BY ${q.order}`;
}

/**
 * A question about listings in a city: primary reading "in stock there"; unless the question says "in
 * stock" itself, "sold there" and "ignoring the city" must give the same answer.
 */
function withCity(
  kit: SqlKit,
  loc: Loc | undefined,
  explicitStock: boolean,
  build: (stock: string | null) => string,
  derive: SqlGold['derive'],
  extra: Partial<SqlGold> = {},
): SqlGold {
  const gold: SqlGold = { sql: build(kit.stock(loc, 'in_stock')), derive, ...extra };
  if (loc) {
    gold.reading = 'in stock in the city';
    if (!explicitStock) {
      gold.alts = [
        ...(extra.alts ?? []),
        { label: 'sold in the city, any stock', sql: build(kit.stock(loc, 'listed')) },
        { label: 'ignoring the city', sql: build(null) },
      ];
    }
  }
  return gold;
}

export interface Kinds {
  cheapestPlatform(ref: ProductRef, loc?: Loc, opts?: { explicitStock?: boolean }): SqlGold;
  platformPrices(ref: ProductRef, loc?: Loc): SqlGold;
  dearestPlatform(ref: ProductRef, loc?: Loc): SqlGold;
  dearestInCategory(path: string, loc?: Loc): SqlGold;
  cheapestInCategory(path: string, loc?: Loc): SqlGold;
  discountFilter(o: {
    threshold: number;
    inclusive?: boolean;
    platform?: string;
    category?: CategoryRef;
    brand?: string;
    loc?: Loc;
  }): SqlGold;
  bestDeals(o: { category?: CategoryRef; platform?: string; brand?: string; loc?: Loc }): SqlGold;
  underPrice(o: {
    max: number;
    category?: CategoryRef;
    platform?: string;
    brand?: string;
    loc?: Loc;
  }): SqlGold;
  historyAggregate(ref: ProductRef, agg: 'min' | 'max' | 'avg', days: number, platform?: string): SqlGold;
  /** Average price from the start of a date (IST) until now: dates make the window unambiguous. */
  historyAverageSince(ref: ProductRef, since: string, platform?: string): SqlGold;
  priceOnDate(ref: ProductRef, platform: string, date: string): SqlGold;
  biggestDrops(o: { window: number | 'week'; platform?: string; category?: CategoryRef }): SqlGold;
  cheaperToday(o: { platform?: string; category?: CategoryRef }): SqlGold;
  whereInStock(ref: ProductRef, loc: Loc): SqlGold;
  stockOnPlatform(ref: ProductRef, platform: string, loc: Loc): SqlGold;
  citiesInStock(ref: ProductRef, platform: string): SqlGold;
  outOfStock(o: { platform: string; loc: Loc; category?: CategoryRef }): SqlGold;
  fastestForProduct(ref: ProductRef, loc: Loc, opts?: { explicitStock?: boolean }): SqlGold;
  fastestPlatform(loc: Loc): SqlGold;
  cheapestPerUnit(o: { category: string; platform?: string; loc?: Loc }): SqlGold;
  unitPricesOf(ref: ProductRef): SqlGold;
  memberSaving(ref: ProductRef, platform: string, keys?: string[]): SqlGold;
  memberItems(platform: string, category?: CategoryRef): SqlGold;
  biggestMemberSavings(platform?: string): SqlGold;
  memberPrices(ref: ProductRef): SqlGold;
  avgDiscountByPlatform(category?: string): SqlGold;
  itemsOnSale(o: { platform?: string; category?: string }): SqlGold;
  topPlatformByAvgDiscount(category: string): SqlGold;
  itemCount(platform: string, category?: string): SqlGold;
  coupons(o: { platform?: string; maxMinCart?: number; flatOnly?: boolean; newUsers?: boolean }): SqlGold;
  flashSales(o: {
    platform?: string;
    category?: CategoryRef;
    endsBy?: string;
    product?: ProductRef;
  }): SqlGold;
  twoPlatforms(ref: ProductRef, a: string, b: string, loc?: Loc): SqlGold;
  mrpDiscount(ref: ProductRef, platform: string): SqlGold;
  brandCheapest(brand: string, loc?: Loc): SqlGold;
  feesFor(platform: string, loc: Loc): SqlGold;
  feesInCity(loc: Loc): SqlGold;
  lowestDeliveryFee(loc: Loc): SqlGold;
  platformFeeEverywhere(
    platform: string,
    column: 'handling_fee' | 'delivery_fee' | 'free_delivery_above' | 'small_cart_fee',
  ): SqlGold;
}

export function kinds(kit: SqlKit): Kinds {
  const priceFirst = (rows: GoldRow[], h: GoldHelpers) => ({
    first: h.first(rows, ['platform_slug', 'price'], ['price']),
  });

  return {
    cheapestPlatform(ref, loc, opts = {}) {
      return withCity(
        kit,
        loc,
        opts.explicitStock ?? false,
        (stock) => listingSql({ where: [kit.product(ref), stock], order: 'cp.price ASC, pl.slug' }),
        priceFirst,
      );
    },

    platformPrices(ref, loc) {
      return withCity(
        kit,
        loc,
        false,
        (stock) => listingSql({ where: [kit.product(ref), stock], order: 'pl.slug' }),
        (rows, h) => ({ rows: h.rows(rows, ['platform_slug', 'price']), ordered: false }),
      );
    },

    dearestPlatform(ref, loc) {
      return withCity(
        kit,
        loc,
        false,
        (stock) => listingSql({ where: [kit.product(ref), stock], order: 'cp.price DESC, pl.slug' }),
        priceFirst,
      );
    },

    dearestInCategory(path, loc) {
      return withCity(
        kit,
        loc,
        false,
        (stock) =>
          listingSql({
            where: [kit.category(path), stock],
            order: 'cp.price DESC, p.name, pl.slug',
            joinCategory: true,
          }),
        (rows, h) => ({ first: h.first(rows, ['product', 'platform_slug', 'price'], ['price']) }),
      );
    },

    cheapestInCategory(path, loc) {
      return withCity(
        kit,
        loc,
        false,
        (stock) =>
          listingSql({
            where: [kit.category(path), stock],
            order: 'cp.price ASC, p.name, pl.slug',
            joinCategory: true,
          }),
        (rows, h) => ({ first: h.first(rows, ['product', 'platform_slug', 'price'], ['price']) }),
      );
    },

    discountFilter({ threshold, inclusive = false, platform, category, brand, loc }) {
      // Rows at exactly the threshold are fetched too: "over 20%" may or may not include 20.00%.
      return withCity(
        kit,
        loc,
        false,
        (stock) =>
          listingSql({
            extra: ['cp.mrp', 'cp.discount_percent', `${kit.core(category)} AS core_category`],
            where: [
              `cp.discount_percent >= ${threshold}`,
              platform && `pl.slug = ${lit(platform)}`,
              category && kit.category(category),
              brand && `b.name = ${lit(brand)}`,
              stock,
            ],
            order: 'cp.discount_percent DESC, p.name, pl.slug',
            joinCategory: Boolean(category),
            joinBrand: Boolean(brand),
          }),
        (rows, h) =>
          merge(
            { all: [{ column: 'discount_percent', gte: threshold }] },
            platform ? { all: [{ column: 'platform_slug', equals: platform }] } : {},
            h.listAtBoundary(
              rows,
              'product',
              (r) => r.core_category === true && (inclusive || Number(r.discount_percent) > threshold),
            ),
          ),
        {
          reading: inclusive
            ? `${threshold}% or more`
            : `above ${threshold}% (exactly ${threshold}% allowed)`,
        },
      );
    },

    bestDeals({ category, platform, brand, loc }) {
      return withCity(
        kit,
        loc,
        false,
        (stock) =>
          listingSql({
            extra: ['cp.mrp', 'cp.discount_percent', `${kit.core(category)} AS core_category`],
            where: [
              category && kit.category(category),
              platform && `pl.slug = ${lit(platform)}`,
              brand && `b.name = ${lit(brand)}`,
              stock,
            ],
            order: 'cp.discount_percent DESC, p.name, pl.slug',
            joinCategory: Boolean(category),
            joinBrand: Boolean(brand),
          }),
        (rows, h) =>
          merge(
            {
              first: h.first(
                coreFirst(rows),
                ['product', 'platform_slug', 'discount_percent'],
                ['discount_percent'],
              ),
            },
            { all: [{ column: 'product', in: h.distinct(rows, 'product') }] },
            platform ? { all: [{ column: 'platform_slug', equals: platform }] } : {},
          ),
      );
    },

    underPrice({ max, category, platform, brand, loc }) {
      // Items priced exactly at the limit are fetched too: "under ₹40" may or may not include ₹40.
      return withCity(
        kit,
        loc,
        false,
        (stock) =>
          listingSql({
            extra: [`${kit.core(category)} AS core_category`],
            where: [
              `cp.price <= ${max}`,
              category && kit.category(category),
              platform && `pl.slug = ${lit(platform)}`,
              brand && `b.name = ${lit(brand)}`,
              stock,
            ],
            order: 'cp.price ASC, p.name, pl.slug',
            joinCategory: Boolean(category),
            joinBrand: Boolean(brand),
          }),
        (rows, h) =>
          merge(
            { all: [{ column: 'price', lte: max }] },
            platform ? { all: [{ column: 'platform_slug', equals: platform }] } : {},
            h.listAtBoundary(rows, 'product', (r) => r.core_category === true && Number(r.price) < max),
          ),
      );
    },

    historyAverageSince(ref, since, platform) {
      return {
        sql: `SELECT round(avg(ph.price), 2) AS average_price, min(ph.price) AS lowest_price, max(ph.price) AS highest_price
FROM price_history ph
JOIN products p ON p.id = ph.product_id
${platform ? 'JOIN platforms pl ON pl.id = ph.platform_id\n' : ''}WHERE ${kit.product(ref)}${platform ? ` AND pl.slug = ${lit(platform)}` : ''}
  AND ph.recorded_at >= TIMESTAMPTZ ${lit(`${since}T00:00:00+05:30`)} AND ph.recorded_at <= ${kit.now}`,
        derive: (rows, h) => h.value(rows, 'average_price'),
      };
    },

    historyAggregate(ref, agg, days, platform) {
      const column = { min: 'lowest_price', max: 'highest_price', avg: 'average_price' }[agg];
      const expr = agg === 'avg' ? 'round(avg(ph.price), 2)' : `${agg}(ph.price)`;
      const scope = `${kit.product(ref)}${platform ? ` AND pl.slug = ${lit(platform)}` : ''}`;
      const from = `FROM price_history ph
JOIN products p ON p.id = ph.product_id
${platform ? 'JOIN platforms pl ON pl.id = ph.platform_id\n' : ''}`;
      const build = (window: string) => `SELECT ${expr} AS ${column}
${from}WHERE ${scope}
  AND ${window}`;
      const alts = [
        {
          label: `${days} days back from today's date`,
          sql: build(kit.window('ph.recorded_at', days, 'calendar')),
        },
        {
          label: `${days} calendar days incl. today`,
          sql: build(kit.window('ph.recorded_at', days, 'calendar_incl')),
        },
      ];
      if (agg !== 'avg') {
        // History may hold only the days a price changed: the price in effect when the window opened counts too.
        alts.push({
          label: 'prices in effect during the window',
          sql: `SELECT ${agg}(price) AS ${column} FROM (
  SELECT ph.price ${from}WHERE ${scope} AND ${kit.window('ph.recorded_at', days, 'rolling')}
  UNION ALL
  (SELECT DISTINCT ON (ph.listing_id) ph.price ${from}WHERE ${scope} AND ph.recorded_at < ${kit.now} - interval '${days} days'
  ORDER BY ph.listing_id, ph.recorded_at DESC)
) w`,
        });
      }
      return {
        sql: build(kit.window('ph.recorded_at', days, 'rolling')),
        reading: `rolling ${days} days`,
        alts,
        derive: (rows, h) => h.value(rows, column),
      };
    },

    priceOnDate(ref, platform, date) {
      return {
        sql: `SELECT ph.price, ph.recorded_at
FROM price_history ph
JOIN products p ON p.id = ph.product_id
JOIN platforms pl ON pl.id = ph.platform_id
WHERE ${kit.product(ref)} AND pl.slug = ${lit(platform)}
  AND (ph.recorded_at AT TIME ZONE '${IST}')::date = DATE ${lit(date)}
ORDER BY ph.recorded_at DESC`,
        derive: (rows, h) => {
          if (rows.length !== 1) throw new Error(`expected one observation on ${date}, got ${rows.length}`);
          return { first: h.keyRow(rows[0]!, ['price']) };
        },
      };
    },

    biggestDrops({ window, platform, category }) {
      const build = (
        win: string,
      ) => `SELECT p.name AS product, p.pack_label AS pack, pl.slug AS platform_slug,
  ch.old_price, ch.new_price, ch.change_amount, ch.change_percent, ch.changed_at, ${kit.core(category)} AS core_category
FROM price_changes ch
JOIN products p ON p.id = ch.product_id
JOIN platforms pl ON pl.id = ch.platform_id
${category ? 'JOIN product_categories pc ON pc.id = p.category_id\n' : ''}WHERE ch.change_percent < 0 AND ${win}${platform ? ` AND pl.slug = ${lit(platform)}` : ''}${category ? ` AND ${kit.category(category)}` : ''}
ORDER BY ch.change_percent ASC, p.name, pl.slug`;
      const days = window === 'week' ? 7 : window;
      const alts = [
        {
          label: `${days} calendar days incl. today`,
          sql: build(kit.window('ch.changed_at', days, 'calendar_incl')),
        },
        {
          label: `${days} days back from today's date`,
          sql: build(kit.window('ch.changed_at', days, 'calendar')),
        },
      ];
      if (window === 'week')
        alts.push({ label: 'since Monday', sql: build(kit.sinceMonday('ch.changed_at')) });
      return {
        sql: build(kit.window('ch.changed_at', days, 'rolling')),
        reading: `rolling ${days} days, largest percentage drop first`,
        alts,
        derive: (rows, h) =>
          merge(
            {
              first: h.first(
                coreFirst(rows),
                ['product', 'platform_slug', 'change_percent'],
                ['change_percent'],
              ),
            },
            { all: [{ column: 'change_percent', lt: 0 }] },
            platform ? { all: [{ column: 'platform_slug', equals: platform }] } : {},
          ),
      };
    },

    cheaperToday({ platform, category }) {
      return {
        sql: `SELECT p.name AS product, p.pack_label AS pack, pl.slug AS platform_slug,
  ch.old_price, ch.new_price, ch.change_percent, ${kit.core(category)} AS core_category
FROM price_changes ch
JOIN products p ON p.id = ch.product_id
JOIN platforms pl ON pl.id = ch.platform_id
${category ? 'JOIN product_categories pc ON pc.id = p.category_id\n' : ''}WHERE ch.new_price < ch.old_price AND ${kit.today('ch.changed_at')}${platform ? ` AND pl.slug = ${lit(platform)}` : ''}${category ? ` AND ${kit.category(category)}` : ''}
ORDER BY ch.change_percent ASC, p.name, pl.slug`,
        derive: (rows, h) =>
          merge(
            h.listAtBoundary(rows, 'product', (r) => r.core_category === true),
            platform ? { all: [{ column: 'platform_slug', equals: platform }] } : {},
          ),
      };
    },

    whereInStock(ref, loc) {
      return {
        sql: `SELECT pl.slug AS platform_slug, a.in_stock
FROM availability_status a
JOIN products p ON p.id = a.product_id
JOIN platforms pl ON pl.id = a.platform_id
JOIN cities ci ON ci.id = a.city_id
WHERE ${kit.product(ref)} AND ${kit.city(loc)} AND a.in_stock
ORDER BY pl.slug`,
        derive: (rows, h) => ({
          set: {
            key: 'platform_slug',
            values: h.distinct(rows, 'platform_slug'),
            where: { column: 'in_stock', equals: true },
          },
        }),
      };
    },

    stockOnPlatform(ref, platform, loc) {
      return {
        sql: `SELECT pl.slug AS platform_slug, a.in_stock
FROM availability_status a
JOIN products p ON p.id = a.product_id
JOIN platforms pl ON pl.id = a.platform_id
JOIN cities ci ON ci.id = a.city_id
WHERE ${kit.product(ref)} AND ${kit.city(loc)} AND pl.slug = ${lit(platform)}`,
        derive: (rows, h) => {
          if (rows.length !== 1) throw new Error(`expected one availability row, got ${rows.length}`);
          return { first: h.keyRow(rows[0]!, ['platform_slug', 'in_stock']) };
        },
      };
    },

    citiesInStock(ref, platform) {
      return {
        sql: `SELECT ci.name AS city, a.in_stock
FROM availability_status a
JOIN products p ON p.id = a.product_id
JOIN platforms pl ON pl.id = a.platform_id
JOIN cities ci ON ci.id = a.city_id
WHERE ${kit.product(ref)} AND pl.slug = ${lit(platform)} AND a.in_stock
ORDER BY ci.name`,
        derive: (rows, h) => ({
          set: { key: 'city', values: h.distinct(rows, 'city'), where: { column: 'in_stock', equals: true } },
        }),
      };
    },

    outOfStock({ platform, loc, category }) {
      return {
        sql: `SELECT p.name AS product, p.pack_label AS pack, pl.slug AS platform_slug, a.in_stock,
  ${kit.core(category)} AS core_category
FROM availability_status a
JOIN products p ON p.id = a.product_id
JOIN platforms pl ON pl.id = a.platform_id
JOIN cities ci ON ci.id = a.city_id
${category ? 'JOIN product_categories pc ON pc.id = p.category_id\n' : ''}WHERE NOT a.in_stock AND pl.slug = ${lit(platform)} AND ${kit.city(loc)}${category ? ` AND ${kit.category(category)}` : ''}
ORDER BY p.name`,
        derive: (rows, h) => h.listAtBoundary(rows, 'product', (r) => r.core_category === true),
      };
    },

    fastestForProduct(ref, loc, opts = {}) {
      const build = (inStock: boolean) => `SELECT pl.slug AS platform_slug, d.eta_minutes, a.in_stock
FROM delivery_estimates d
JOIN availability_status a ON a.listing_id = d.listing_id AND a.city_id = d.city_id
JOIN products p ON p.id = a.product_id
JOIN platforms pl ON pl.id = d.platform_id
JOIN cities ci ON ci.id = d.city_id
WHERE ${kit.product(ref)} AND ${kit.city(loc)}${inStock ? ' AND a.in_stock' : ''}
ORDER BY d.eta_minutes, pl.slug`;
      return {
        sql: build(true),
        reading: 'in stock in the city',
        alts: opts.explicitStock ? [] : [{ label: 'any stock', sql: build(false) }],
        derive: (rows, h) => ({ first: h.first(rows, ['platform_slug', 'eta_minutes'], ['eta_minutes']) }),
      };
    },

    fastestPlatform(loc) {
      const build = (
        agg: string,
        inStock: boolean,
      ) => `SELECT pl.slug AS platform_slug, ${agg}(d.eta_minutes) AS eta_minutes
FROM delivery_estimates d
JOIN availability_status a ON a.listing_id = d.listing_id AND a.city_id = d.city_id
JOIN platforms pl ON pl.id = d.platform_id
JOIN cities ci ON ci.id = d.city_id
WHERE ${kit.city(loc)}${inStock ? ' AND a.in_stock' : ''}
GROUP BY pl.slug
ORDER BY 2, 1`;
      return {
        sql: build('avg', true),
        reading: 'average delivery time of in-stock listings',
        alts: [
          { label: 'average over all listings', sql: build('avg', false) },
          { label: 'fastest single listing', sql: build('min', true) },
        ],
        derive: (rows, h) => ({ first: h.first(rows, ['platform_slug'], ['platform_slug']) }),
      };
    },

    cheapestPerUnit({ category, platform, loc }) {
      const unitPrice = `round(cp.price / (p.base_amount / CASE WHEN p.base_unit = 'pcs' THEN 1 ELSE 1000 END), 2)`;
      return withCity(
        kit,
        loc,
        false,
        (stock) =>
          listingSql({
            extra: [
              `${unitPrice} AS unit_price`,
              `CASE p.base_unit WHEN 'g' THEN 'kg' WHEN 'ml' THEN 'l' ELSE 'pc' END AS unit_price_per`,
            ],
            where: [kit.category(category), platform && `pl.slug = ${lit(platform)}`, stock],
            order: 'unit_price ASC, p.name, pl.slug',
            joinCategory: true,
          }),
        (rows, h) => {
          const units = new Set(rows.map((r) => r.unit_price_per));
          if (units.size > 1) throw new Error(`category mixes units ${[...units].join(', ')}`);
          return merge(
            { first: h.first(rows, ['product', 'platform_slug', 'unit_price'], ['unit_price']) },
            platform ? { all: [{ column: 'platform_slug', equals: platform }] } : {},
          );
        },
      );
    },

    unitPricesOf(ref) {
      return {
        sql: listingSql({
          extra: [
            `round(cp.price / (p.base_amount / CASE WHEN p.base_unit = 'pcs' THEN 1 ELSE 1000 END), 2) AS unit_price`,
          ],
          where: [kit.product(ref)],
          order: 'unit_price, pl.slug',
        }),
        derive: (rows, h) => ({ rows: h.rows(rows, ['platform_slug', 'unit_price']), ordered: false }),
      };
    },

    memberSaving(ref, platform, keys = ['platform_slug', 'member_price', 'member_savings']) {
      return {
        sql: listingSql({
          extra: ['cp.member_price', 'cp.price - cp.member_price AS member_savings'],
          where: [kit.product(ref), `pl.slug = ${lit(platform)}`, 'cp.member_price IS NOT NULL'],
          order: 'pl.slug',
        }),
        alts: [
          {
            label: 'from membership_prices',
            sql: `SELECT p.name AS product, p.pack_label AS pack, pl.slug AS platform_slug, mp.regular_price AS price,
  mp.member_price, mp.member_savings
FROM membership_prices mp
JOIN products p ON p.id = mp.product_id
JOIN platforms pl ON pl.id = mp.platform_id
WHERE ${kit.product(ref)} AND pl.slug = ${lit(platform)}`,
          },
        ],
        derive: (rows, h) => ({ first: h.keyRow(rows[0]!, keys) }),
      };
    },

    memberItems(platform, category) {
      return {
        sql: listingSql({
          extra: ['cp.member_price', `${kit.core(category)} AS core_category`],
          where: [
            `pl.slug = ${lit(platform)}`,
            'cp.member_price IS NOT NULL',
            category && kit.category(category),
          ],
          order: 'p.name',
          joinCategory: Boolean(category),
        }),
        derive: (rows, h) =>
          merge(
            h.listAtBoundary(rows, 'product', (r) => r.core_category === true),
            { all: [{ column: 'member_price', not_null: true }] },
          ),
      };
    },

    biggestMemberSavings(platform) {
      return {
        sql: listingSql({
          extra: ['cp.member_price', 'cp.price - cp.member_price AS member_savings'],
          where: ['cp.member_price IS NOT NULL', platform && `pl.slug = ${lit(platform)}`],
          order: 'member_savings DESC, p.name, pl.slug',
        }),
        derive: (rows, h) => ({
          first: h.first(rows, ['product', 'platform_slug', 'member_savings'], ['member_savings']),
        }),
      };
    },

    memberPrices(ref) {
      return {
        sql: listingSql({
          extra: ['cp.member_price'],
          where: [kit.product(ref), 'cp.member_price IS NOT NULL'],
          order: 'cp.member_price, pl.slug',
        }),
        derive: (rows, h) => ({ rows: h.rows(rows, ['platform_slug', 'member_price']), ordered: false }),
      };
    },

    avgDiscountByPlatform(category) {
      return {
        sql: `SELECT pl.slug AS platform_slug, round(avg(cp.discount_percent), 2) AS average_discount_percent
FROM current_prices cp
JOIN platforms pl ON pl.id = cp.platform_id
${category ? `JOIN products p ON p.id = cp.product_id\nJOIN product_categories pc ON pc.id = p.category_id\nWHERE ${kit.category(category)}\n` : ''}GROUP BY pl.slug
ORDER BY 2 DESC`,
        derive: (rows, h) => ({
          rows: h.rows(rows, ['platform_slug', 'average_discount_percent']),
          ordered: false,
        }),
      };
    },

    itemsOnSale({ platform, category }) {
      return {
        sql: `SELECT pl.slug AS platform_slug, count(*) FILTER (WHERE cp.price < cp.mrp) AS items_on_sale
FROM current_prices cp
JOIN platforms pl ON pl.id = cp.platform_id
${category ? 'JOIN products p ON p.id = cp.product_id\nJOIN product_categories pc ON pc.id = p.category_id\n' : ''}${
  platform || category
    ? `WHERE ${[platform && `pl.slug = ${lit(platform)}`, category && kit.category(category)].filter(Boolean).join(' AND ')}\n`
    : ''
}GROUP BY pl.slug
ORDER BY 2 DESC`,
        derive: (rows, h): Expect =>
          platform
            ? h.value(rows, 'items_on_sale')
            : { rows: h.rows(rows, ['platform_slug', 'items_on_sale']), ordered: false },
      };
    },

    topPlatformByAvgDiscount(category) {
      return {
        sql: `SELECT pl.slug AS platform_slug, round(avg(cp.discount_percent), 2) AS average_discount_percent
FROM current_prices cp
JOIN platforms pl ON pl.id = cp.platform_id
JOIN products p ON p.id = cp.product_id
JOIN product_categories pc ON pc.id = p.category_id
WHERE ${kit.category(category)}
GROUP BY pl.slug
ORDER BY 2 DESC, 1`,
        derive: (rows, h) => ({
          first: h.first(rows, ['platform_slug', 'average_discount_percent'], ['average_discount_percent']),
        }),
      };
    },

    itemCount(platform, category) {
      return {
        sql: `SELECT pl.slug AS platform_slug, count(*) AS item_count
FROM current_prices cp
JOIN platforms pl ON pl.id = cp.platform_id
${category ? 'JOIN products p ON p.id = cp.product_id\nJOIN product_categories pc ON pc.id = p.category_id\n' : ''}WHERE pl.slug = ${lit(platform)}${category ? ` AND ${kit.category(category)}` : ''}
GROUP BY pl.slug`,
        derive: (rows, h) => h.value(rows, 'item_count'),
      };
    },

    coupons({ platform, maxMinCart, flatOnly, newUsers }) {
      const where = [
        `(cc.valid_from IS NULL OR cc.valid_from <= ${kit.now})`,
        `(cc.valid_until IS NULL OR cc.valid_until > ${kit.now})`,
        platform && `pl.slug = ${lit(platform)}`,
        maxMinCart !== undefined && `cc.min_cart_value <= ${maxMinCart}`,
        flatOnly && 'cc.amount_off IS NOT NULL',
        newUsers !== undefined && `cc.new_users_only = ${newUsers}`,
      ].filter(Boolean);
      return {
        sql: `SELECT pl.slug AS platform_slug, cc.code, cc.title, cc.percent_off, cc.amount_off, cc.max_discount,
  cc.min_cart_value, cc.new_users_only, cc.valid_until
FROM coupon_codes cc
JOIN platforms pl ON pl.id = cc.platform_id
WHERE ${where.join('\n  AND ')}
ORDER BY pl.slug, cc.code`,
        derive: (rows, h) => ({ set: { key: 'code', values: h.distinct(rows, 'code') } }),
      };
    },

    flashSales({ platform, category, endsBy, product }) {
      const where = [
        `fs.starts_at <= ${kit.now}`,
        `fs.ends_at > ${kit.now}`,
        platform && `pl.slug = ${lit(platform)}`,
        category && kit.category(category),
        endsBy && `fs.ends_at <= TIMESTAMPTZ ${lit(endsBy)}`,
        product && kit.product(product),
      ].filter(Boolean);
      return {
        sql: `SELECT p.name AS product, p.pack_label AS pack, pl.slug AS platform_slug, fs.title, fs.percent_off, fs.ends_at,
  ${kit.core(category)} AS core_category
FROM flash_sales fs
JOIN products p ON p.id = fs.product_id
JOIN platforms pl ON pl.id = fs.platform_id
${category ? 'JOIN product_categories pc ON pc.id = p.category_id\n' : ''}WHERE ${where.join('\n  AND ')}
ORDER BY fs.ends_at, p.name, pl.slug`,
        derive: (rows, h) =>
          product
            ? { set: { key: 'platform_slug', values: h.distinct(rows, 'platform_slug') } }
            : merge(
                h.listAtBoundary(rows, 'product', (r) => r.core_category === true),
                platform ? { all: [{ column: 'platform_slug', equals: platform }] } : {},
              ),
      };
    },

    twoPlatforms(ref, a, b, loc) {
      return withCity(
        kit,
        loc,
        false,
        (stock) =>
          listingSql({
            where: [kit.product(ref), `pl.slug IN (${lit(a)}, ${lit(b)})`, stock],
            order: 'cp.price, pl.slug',
          }),
        // Showing only the cheaper of the two is a fine answer; showing a third platform is not.
        (rows, h) => merge(priceFirst(rows, h), { all: [{ column: 'platform_slug', in: [a, b].sort() }] }),
      );
    },

    mrpDiscount(ref, platform) {
      return {
        sql: listingSql({
          extra: ['cp.mrp', 'cp.discount_percent'],
          where: [kit.product(ref), `pl.slug = ${lit(platform)}`],
          order: 'pl.slug',
        }),
        derive: (rows, h) => ({ first: h.keyRow(rows[0]!, ['platform_slug', 'mrp', 'discount_percent']) }),
      };
    },

    brandCheapest(brand, loc) {
      return withCity(
        kit,
        loc,
        false,
        (stock) =>
          listingSql({
            where: [`b.name = ${lit(brand)}`, stock],
            order: 'cp.price, p.name, pl.slug',
            joinBrand: true,
          }),
        (rows, h) =>
          merge(
            { first: h.first(rows, ['product', 'price'], ['price']) },
            { all: [{ column: 'product', in: h.distinct(rows, 'product') }] },
          ),
      );
    },

    feesFor(platform, loc) {
      return {
        sql: `SELECT pl.slug AS platform_slug, ci.name AS city, f.delivery_fee, f.free_delivery_above, f.handling_fee,
  f.small_cart_fee, f.small_cart_below
FROM platform_fees f
JOIN platforms pl ON pl.id = f.platform_id
JOIN cities ci ON ci.id = f.city_id
WHERE pl.slug = ${lit(platform)} AND ${kit.city(loc)}`,
        derive: (rows, h) => ({
          first: h.keyRow(rows[0]!, ['platform_slug', 'delivery_fee', 'free_delivery_above', 'handling_fee']),
        }),
      };
    },

    feesInCity(loc) {
      return {
        sql: `SELECT pl.slug AS platform_slug, ci.name AS city, f.delivery_fee, f.free_delivery_above, f.handling_fee,
  f.small_cart_fee, f.small_cart_below
FROM platform_fees f
JOIN platforms pl ON pl.id = f.platform_id
JOIN cities ci ON ci.id = f.city_id
WHERE ${kit.city(loc)}
ORDER BY pl.slug`,
        derive: (rows, h) => ({
          rows: h.rows(rows, ['platform_slug', 'delivery_fee', 'handling_fee']),
          ordered: false,
        }),
      };
    },

    lowestDeliveryFee(loc) {
      return {
        sql: `SELECT pl.slug AS platform_slug, f.delivery_fee, f.free_delivery_above
FROM platform_fees f
JOIN platforms pl ON pl.id = f.platform_id
JOIN cities ci ON ci.id = f.city_id
WHERE ${kit.city(loc)}
ORDER BY f.delivery_fee, pl.slug`,
        derive: (rows, h) => ({ first: h.first(rows, ['platform_slug', 'delivery_fee'], ['delivery_fee']) }),
      };
    },

    platformFeeEverywhere(platform, column) {
      return {
        sql: `SELECT pl.slug AS platform_slug, ci.name AS city, f.${column}
FROM platform_fees f
JOIN platforms pl ON pl.id = f.platform_id
JOIN cities ci ON ci.id = f.city_id
WHERE pl.slug = ${lit(platform)}
ORDER BY ci.name`,
        derive: (rows, h) => {
          const values = h.distinct(rows, column);
          if (values.length !== 1) throw new Error(`${column} differs between cities`);
          return {
            all: [
              { column: 'platform_slug', equals: platform },
              { column, equals: values[0]! },
            ],
          };
        },
      };
    },
  };
}
