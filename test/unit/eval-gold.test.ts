import { beforeAll, describe, expect, it } from 'vitest';
import { type BasketItem, basketExpect, computeBaskets, itemMatcher } from '../../eval/basket-gold.ts';
import { GoldHelpers, merge, stableJson } from '../../eval/gold.ts';
import { checkExecutedSql, executedStatements, initSqlParser, tablesOf } from '../../eval/sql-safety.ts';
import type { FeedRecord } from '../../src/catalog/feed/records.ts';

describe('eval gold helpers', () => {
  const h = new GoldHelpers(new Set(['amul pasteurised butter']));
  const rows = [
    { product: 'Amul Pasteurised Butter', pack: '500 g', platform_slug: 'zepto', price: 285 },
    { product: 'Amul Pasteurised Butter', pack: '500 g', platform_slug: 'instamart', price: 285 },
    { product: 'Amul Pasteurised Butter', pack: '500 g', platform_slug: 'bbnow', price: 272 },
  ];

  it('labels ambiguous names with their pack', () => {
    expect(h.label(rows[0]!)).toBe('Amul Pasteurised Butter 500 g');
    expect(h.label({ product: 'Nutella', pack: '350 g' })).toBe('Nutella');
  });

  it('drops keys that rows tied on the ordering disagree on', () => {
    expect(h.first(rows, ['platform_slug', 'price'], ['price'])).toEqual({ price: 285 });
    expect(h.first(rows.slice(1), ['platform_slug', 'price'], ['price'])).toEqual({
      platform_slug: 'instamart',
      price: 285,
    });
  });

  it('lists the exact set when it fits, and tolerates boundary rows', () => {
    expect(h.list(rows, 'platform_slug')).toEqual({
      set: { key: 'platform_slug', values: ['bbnow', 'instamart', 'zepto'] },
    });
    const boundary = h.listAtBoundary(rows, 'platform_slug', (r) => r.price !== 285);
    expect(boundary).toEqual({
      contains: [{ platform_slug: 'bbnow' }],
      all: [{ column: 'platform_slug', in: ['bbnow', 'instamart', 'zepto'] }],
    });
  });

  it('merges all-conditions and compares expectations key-order-free', () => {
    expect(merge({ all: { column: 'a', gt: 1 } }, { all: [{ column: 'b', lt: 2 }] }, { count: 1 })).toEqual({
      count: 1,
      all: [
        { column: 'a', gt: 1 },
        { column: 'b', lt: 2 },
      ],
    });
    expect(stableJson({ b: 1, a: { d: 2, c: 3 } })).toBe(stableJson({ a: { c: 3, d: 2 }, b: 1 }));
  });
});

describe('eval basket gold', () => {
  const now = new Date('2026-11-20T12:00:00+05:30');
  const listing = (platform: string, price: number, inStock = true): FeedRecord => ({
    type: 'listing',
    platform,
    sku: `${platform}-1`,
    name: 'Amul Pasteurised Butter (500 g)',
    brand: 'Amul',
    category: ['Dairy', 'Butter'],
    quantity: 500,
    unit: 'g',
    pack_count: 1,
    mrp: 300,
    price,
    observed_at: '2026-11-20T11:00:00+05:30',
    availability: [{ city: 'Pune', in_stock: inStock }],
  });
  const fees = (platform: string): FeedRecord => ({
    type: 'fees',
    platform,
    city: 'Pune',
    delivery_fee: 30,
    free_delivery_above: 199,
    handling_fee: 10,
    small_cart_fee: 20,
    small_cart_below: 99,
    observed_at: '2026-11-20T11:00:00+05:30',
  });
  const records: FeedRecord[] = [
    { type: 'platform', slug: 'a', name: 'A' },
    { type: 'platform', slug: 'b', name: 'B' },
    { type: 'platform', slug: 'c', name: 'C' },
    fees('a'),
    fees('b'),
    fees('c'),
    {
      type: 'listing',
      ...(listing('a', 290) as object),
      observed_at: '2026-11-19T06:00:00+05:30',
      price: 100,
    } as FeedRecord,
    listing('a', 290),
    listing('b', 280),
    listing('c', 50, false),
    {
      type: 'coupon',
      platform: 'a',
      code: 'PCT',
      title: '10% up to 20',
      percent_off: 10,
      max_discount: 20,
      min_cart_value: 500,
    },
    { type: 'coupon', platform: 'a', code: 'FLAT', title: 'flat 15', amount_off: 15, min_cart_value: 500 },
    { type: 'coupon', platform: 'a', code: 'NEW', title: 'new', amount_off: 100, new_users_only: true },
    {
      type: 'coupon',
      platform: 'b',
      code: 'OLD',
      title: 'expired',
      amount_off: 100,
      valid_until: '2026-11-19T00:00:00+05:30',
    },
  ];
  const butter: BasketItem = {
    qty: 2,
    label: 'butter',
    match: itemMatcher({ brand: 'Amul', words: ['butter'], quantity: 500, unit: 'g' }),
  };

  it('uses current prices, fees, the best valid coupon, and skips out-of-stock platforms', () => {
    const lines = computeBaskets(records, [butter], 'Pune', now);
    const a = lines.find((l) => l.platform_slug === 'a')!;
    expect(a).toMatchObject({
      items_total: 580,
      delivery_charge: 0,
      handling_charge: 10,
      coupon_code: 'PCT',
      coupon_discount: 20,
      total: 570,
    });
    const b = lines.find((l) => l.platform_slug === 'b')!;
    expect(b).toMatchObject({ items_total: 560, coupon_code: null, total: 570 });
    expect(lines.find((l) => l.platform_slug === 'c')!.missing_items).toEqual(['butter']);
    // a and b tie at 570: the expectation keeps only the total.
    expect(basketExpect(lines).first).toEqual({ total: 570 });
  });

  it('adds delivery and small-cart fees below their thresholds', () => {
    const one = computeBaskets(records, [{ ...butter, qty: 1 }], 'Pune', now).find(
      (l) => l.platform_slug === 'b',
    )!;
    expect(one).toMatchObject({ items_total: 280, delivery_charge: 0, small_cart_charge: 0, total: 290 });
    const lines = computeBaskets(
      [...records.slice(0, 6), listing('a', 60)],
      [{ ...butter, qty: 1 }],
      'Pune',
      now,
    );
    expect(lines[0]).toMatchObject({
      platform_slug: 'a',
      items_total: 60,
      delivery_charge: 30,
      small_cart_charge: 20,
      total: 120,
    });
    expect(lines.slice(1).every((l) => l.missing_items.length === 1)).toBe(true);
  });
});

describe('eval SQL inspection', () => {
  beforeAll(async () => {
    await initSqlParser();
  });

  it('lists the tables a statement reads, without CTE names', () => {
    expect(
      tablesOf('WITH x AS (SELECT * FROM current_prices) SELECT * FROM x JOIN public.products p ON true'),
    ).toEqual(['current_prices', 'products']);
  });

  it('accepts a plain SELECT, including AT TIME ZONE syntax', () => {
    const v = checkExecutedSql(
      "SELECT (recorded_at AT TIME ZONE 'Asia/Kolkata')::date, price FROM price_history WHERE product_id = $1",
    );
    expect(v).toMatchObject({ safe: true, problems: [] });
  });

  it('judges each statement of an answer that reports one parameter list per statement', () => {
    const basket = { text: 'SELECT 1 FROM products;\n\nSELECT $1::int FROM platforms;', params: [[], [2]] };
    expect(executedStatements(basket)).toEqual(['SELECT 1 FROM products', 'SELECT $1::int FROM platforms']);
    const stacked = { text: 'SELECT 1; DELETE FROM products', params: [[], []] };
    expect(executedStatements(stacked).map((sql) => checkExecutedSql(sql).safe)).toEqual([true, false]);
    // Flat parameters: one generated query, so two statements stay one text and fail the check.
    const generated = { text: 'SELECT $1::int; SELECT 2', params: [1, 2] };
    expect(executedStatements(generated)).toEqual([generated.text]);
    expect(checkExecutedSql(executedStatements(generated)[0]!).safe).toBe(false);
  });

  it('flags writes, several statements, personal tables, system catalogs and dangerous functions', () => {
    expect(checkExecutedSql('DELETE FROM current_prices').safe).toBe(false);
    expect(checkExecutedSql('SELECT 1; DROP TABLE products').safe).toBe(false);
    expect(checkExecutedSql('SELECT email FROM users').problems[0]).toMatch(/forbidden table users/);
    expect(checkExecutedSql('SELECT * FROM pg_catalog.pg_user').safe).toBe(false);
    expect(checkExecutedSql('SELECT pg_sleep(10)').problems[0]).toMatch(/pg_sleep/);
    expect(checkExecutedSql('SELECT * INTO copy FROM products').safe).toBe(false);
    expect(checkExecutedSql('SELECT * FROM products FOR UPDATE').safe).toBe(false);
    expect(checkExecutedSql('SELEC nonsense').safe).toBe(false);
  });
});
