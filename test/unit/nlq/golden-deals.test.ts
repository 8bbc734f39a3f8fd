import { describe, expect, it } from 'vitest';
import { platformId, useGoldenPipeline } from './nlq-fixture.ts';

/** Golden tests: question → IR and question → SQL for discounts, offers, memberships, fees and aggregates. */
const { compile, run, sameIr, vocab, query } = useGoldenPipeline();

describe('golden: discounts', () => {
  it('compiles "discounts above 30% on zepto in mumbai"', async () => {
    const c = compile('discounts above 30% on zepto in mumbai');
    expect(c.interpretation.ir).toMatchObject({
      intent: 'discounts',
      filters: { min_discount_percent: 30 },
      platform_ids: [platformId(vocab(), 'zepto')],
      city: { name: 'Mumbai' },
      sort: { key: 'discount_percent', direction: 'desc' },
    });
    expect(c.sql.text).toMatchInlineSnapshot(`
      "WITH listing AS (
        SELECT p.id AS product_id,
               p.name AS product,
               b.name AS brand,
               c.name AS category,
               p.pack_label AS pack,
               pf.name AS platform,
               pf.slug AS platform_slug,
               cp.price,
               cp.mrp,
               cp.discount_percent,
               cp.member_price,
               pf.membership_name AS membership,
               $2::text AS city,
               a.in_stock,
               i.stock_qty,
               d.eta_minutes
        FROM current_prices cp
        JOIN platform_listings l ON l.id = cp.listing_id
        JOIN products p ON p.id = cp.product_id
        LEFT JOIN product_brands b ON b.id = p.brand_id
        JOIN product_categories c ON c.id = p.category_id
        JOIN platforms pf ON pf.id = cp.platform_id
        LEFT JOIN availability_status a ON a.listing_id = l.id AND a.city_id = ANY($1::bigint[])
        LEFT JOIN inventory_levels i ON i.listing_id = l.id AND i.city_id = ANY($1::bigint[])
        LEFT JOIN delivery_estimates d ON d.listing_id = l.id AND d.city_id = ANY($1::bigint[])
        WHERE cp.platform_id = ANY($3::bigint[])
          AND cp.discount_percent >= $4::numeric
          AND a.listing_id IS NOT NULL
      )
      SELECT product_id, product, brand, category, pack, platform, platform_slug, price, mrp, discount_percent, member_price, membership, city, in_stock, stock_qty, eta_minutes,
             count(*) OVER () AS total_count
      FROM listing
      ORDER BY discount_percent DESC, price, platform_slug, product, product_id
      LIMIT $5::int"
    `);
    const rows = await run(c);
    expect(rows.every((r) => Number(r.discount_percent) >= 30 && r.platform_slug === 'zepto')).toBe(true);
    sameIr([
      'discounts above 30% on zepto in mumbai',
      'zepto items with more than 30 percent off in mumbai',
      'mumbai: zepto discounts over 30%',
    ]);
  });
});

describe('golden: discounts in an aisle', () => {
  it('reads "chips" as the Chips & Crisps aisle, so every chip brand counts', async () => {
    const c = compile('chips with more than 10% off');
    const chips = [...vocab().categories.values()].find((x) => x.name === 'Chips & Crisps')!;
    expect(c.interpretation.ir).toMatchObject({
      intent: 'discounts',
      products: [],
      category_ids: [chips.id],
    });
    expect(c.sql.text).toContain('p.category_id = ANY($1::bigint[])');
    const expected = await query(
      `SELECT DISTINCT p.name FROM current_prices cp JOIN products p ON p.id = cp.product_id
         JOIN product_categories c ON c.id = p.category_id
        WHERE c.name = 'Chips & Crisps' AND cp.discount_percent >= 10 ORDER BY p.name`,
    );
    const rows = await run(c);
    expect([...new Set(rows.map((r) => r.product))].sort()).toEqual(expected.map((r) => r.name));
    sameIr(['chips with more than 10% off', 'crisps with more than 10% off']);
  });
});

describe('golden: best_deals', () => {
  it('compiles "top 5 deals in snacks"', () => {
    const c = compile('top 5 deals in snacks');
    expect(c.interpretation.ir).toMatchObject({ intent: 'best_deals', limit: 5 });
    expect(c.sql.text).toContain('cp.discount_percent > 0');
    expect(c.sql.text).toContain('ORDER BY discount_percent DESC, price, platform_slug, product, product_id');
    sameIr(['top 5 deals in snacks', 'best 5 offers on snacks', '5 biggest discounts in snacks']);
  });
});

describe('golden: platform_stats', () => {
  it('compiles "average discount by platform in snacks"', () => {
    const c = compile('average discount by platform in snacks');
    expect(c.interpretation.ir).toMatchObject({
      intent: 'platform_stats',
      aggregation: 'platform_summary',
      sort: { key: 'average_discount_percent', direction: 'desc' },
    });
    expect(c.sql.text).toMatchInlineSnapshot(`
      "SELECT pf.name AS platform,
             pf.slug AS platform_slug,
             count(*) AS item_count,
             count(*) FILTER (WHERE cp.discount_percent > 0) AS items_on_sale,
             round(avg(cp.discount_percent), 2) AS average_discount_percent,
             count(*) OVER () AS total_count
        FROM products p
        JOIN current_prices cp ON cp.product_id = p.id
        JOIN platforms pf ON pf.id = cp.platform_id
        WHERE p.category_id = ANY($1::bigint[])
        GROUP BY pf.name, pf.slug
        ORDER BY average_discount_percent DESC, items_on_sale DESC, platform_slug
        LIMIT $2::int"
    `);
    expect(c.plan.complexity).toBe('complex');
  });

  it('sorts by items on sale when asked how many', () => {
    const c = compile('number of items on sale per platform');
    expect(c.interpretation.ir.sort).toEqual({ key: 'items_on_sale', direction: 'desc' });
    sameIr(['number of items on sale per platform', 'how many items on sale on each platform']);
  });

  it("counts one platform's items on sale, and its items, as the first row's figures", async () => {
    const onSale = compile('how many items are on sale on blinkit');
    expect(onSale.sql.text).toContain(
      'ORDER BY items_on_sale DESC, average_discount_percent DESC, platform_slug',
    );
    const [expected] = await query(
      `SELECT count(*) FILTER (WHERE cp.price < cp.mrp)::int AS on_sale, count(*)::int AS items
         FROM current_prices cp JOIN platforms pf ON pf.id = cp.platform_id WHERE pf.slug = 'blinkit'`,
    );
    expect(await run(onSale)).toEqual([
      expect.objectContaining({ platform_slug: 'blinkit', items_on_sale: expected!.on_sale }),
    ]);
    const items = compile('how many products does blinkit sell');
    expect(items.sql.text).toContain('ORDER BY item_count DESC, items_on_sale DESC, platform_slug');
    expect((await run(items))[0]).toMatchObject({ item_count: expected!.items });
    sameIr(['how many items are on sale on blinkit', 'blinkit pe kitne items sale pe hain']);
  });
});

describe('golden: membership_savings', () => {
  it('compiles "how much do i save with zepto pass"', () => {
    const c = compile('how much do i save with zepto pass');
    expect(c.interpretation.ir).toMatchObject({
      intent: 'membership_savings',
      platform_ids: [platformId(vocab(), 'zepto')],
      filters: { member_price: true },
    });
    expect(c.sql.text).toMatchInlineSnapshot(`
      "SELECT p.id AS product_id,
             p.name AS product,
             p.pack_label AS pack,
             pf.name AS platform,
             pf.slug AS platform_slug,
             mp.membership_name AS membership,
             mp.regular_price AS price,
             mp.member_price,
             mp.member_savings,
             count(*) OVER () AS total_count
        FROM membership_prices mp
        JOIN products p ON p.id = mp.product_id
        JOIN platforms pf ON pf.id = mp.platform_id
        WHERE mp.platform_id = ANY($1::bigint[])
        ORDER BY member_savings DESC, member_price, platform_slug, product, product_id
        LIMIT $2::int"
    `);
    sameIr(['how much do i save with zepto pass', 'zepto pass savings', 'is zepto pass worth it']);
  });
});

describe('golden: coupons', () => {
  it('compiles "coupons on zepto" with the clock as the validity instant', () => {
    const c = compile('coupons on zepto');
    expect(c.interpretation.ir).toMatchObject({ intent: 'coupons', at: '2026-11-20T12:00:00+05:30' });
    expect(c.sql.text).toMatchInlineSnapshot(`
      "SELECT pf.name AS platform,
             pf.slug AS platform_slug,
             cc.code,
             cc.title,
             cc.percent_off,
             cc.amount_off,
             cc.max_discount,
             cc.min_cart_value,
             cc.new_users_only,
             cc.valid_until,
             count(*) OVER () AS total_count
        FROM coupon_codes cc
        JOIN platforms pf ON pf.id = cc.platform_id
        WHERE (cc.valid_from IS NULL OR cc.valid_from <= $1::timestamptz)
          AND (cc.valid_until IS NULL OR cc.valid_until > $1::timestamptz)
          AND cc.platform_id = ANY($2::bigint[])
        ORDER BY platform_slug, new_users_only, min_cart_value, code
        LIMIT $3::int"
    `);
    expect(c.sql.params[0]).toBe('2026-11-20T12:00:00+05:30');
    sameIr(['coupons on zepto', 'zepto promo codes', 'any coupon codes for zepto?']);
  });
});

describe('golden: coupons (filters)', () => {
  it('keeps only new-user coupons, or only flat ones, when asked', async () => {
    const newUsers = compile('coupons for new users');
    expect(newUsers.sql.text).toContain('AND cc.new_users_only');
    const rows = await run(newUsers);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.new_users_only === true)).toBe(true);
    const flat = compile('flat discount coupons');
    expect(flat.sql.text).toContain('AND cc.amount_off IS NOT NULL');
    const flatRows = await run(flat);
    expect(flatRows.length).toBeGreaterThan(0);
    expect(flatRows.every((r) => r.amount_off !== null && r.percent_off === null)).toBe(true);
  });
});

describe('golden: flash_sales', () => {
  it('keeps flash sales ending by the time asked, as a parameter', async () => {
    const c = compile('flash sales ending before 3 pm today');
    expect(c.sql.text).toContain('AND fs.ends_at <= $2::timestamptz');
    expect(c.sql.params[1]).toBe('2026-11-20T15:00:00+05:30');
    const rows = await run(c);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => Date.parse(String(r.ends_at)) <= Date.parse('2026-11-20T15:00:00+05:30'))).toBe(
      true,
    );
  });

  it('compiles "flash sales live now on blinkit"', async () => {
    const c = compile('flash sales live now on blinkit');
    expect(c.interpretation.ir).toMatchObject({ intent: 'flash_sales', sort: { key: 'percent_off' } });
    expect(c.sql.text).toMatchInlineSnapshot(`
      "SELECT p.id AS product_id,
             p.name AS product,
             p.pack_label AS pack,
             pf.name AS platform,
             pf.slug AS platform_slug,
             fs.title,
             fs.percent_off,
             cp.price,
             cp.mrp,
             cp.discount_percent,
             fs.ends_at,
             count(*) OVER () AS total_count
        FROM flash_sales fs
        JOIN platform_listings l ON l.id = fs.listing_id
        JOIN products p ON p.id = fs.product_id
        JOIN platforms pf ON pf.id = fs.platform_id
        JOIN current_prices cp ON cp.listing_id = l.id
        WHERE fs.starts_at <= $1::timestamptz
          AND fs.ends_at > $1::timestamptz
          AND fs.platform_id = ANY($2::bigint[])
        ORDER BY percent_off DESC NULLS LAST, ends_at, platform_slug, product, product_id
        LIMIT $3::int"
    `);
    const rows = await run(c);
    expect(rows.every((r) => r.platform_slug === 'blinkit')).toBe(true);
    sameIr(['flash sales live now on blinkit', 'blinkit flash deals', 'any flash sale on blinkit right now']);
  });
});

describe('golden: fees', () => {
  it('orders platforms by the fee asked about ("lowest delivery fee")', async () => {
    const c = compile('which platform has the lowest delivery fee in mumbai');
    expect(c.sql.text).toContain('ORDER BY delivery_fee ASC, platform_slug, city');
    const fees = (await run(c)).map((r) => Number(r.delivery_fee));
    expect(fees).toEqual([...fees].sort((a, b) => a - b));
  });

  it('compiles "delivery fee on blinkit in bengaluru"', async () => {
    const c = compile('delivery fee on blinkit in bengaluru');
    expect(c.interpretation.ir).toMatchObject({ intent: 'fees', city: { name: 'Bengaluru' } });
    expect(c.sql.text).toMatchInlineSnapshot(`
      "SELECT pf.name AS platform,
             pf.slug AS platform_slug,
             ci.name AS city,
             f.delivery_fee,
             f.free_delivery_above,
             f.handling_fee,
             f.small_cart_fee,
             f.small_cart_below,
             count(*) OVER () AS total_count
        FROM platform_fees f
        JOIN platforms pf ON pf.id = f.platform_id
        JOIN cities ci ON ci.id = f.city_id
        WHERE f.city_id = ANY($1::bigint[])
          AND f.platform_id = ANY($2::bigint[])
        ORDER BY platform_slug, city
        LIMIT $3::int"
    `);
    const rows = await run(c);
    expect(rows).toEqual([
      expect.objectContaining({
        platform_slug: 'blinkit',
        delivery_fee: 30,
        free_delivery_above: 199,
        handling_fee: 11,
      }),
    ]);
    sameIr([
      'delivery fee on blinkit in bengaluru',
      'blinkit delivery charges bangalore',
      'what does blinkit charge for delivery in bengaluru',
    ]);
  });
});
