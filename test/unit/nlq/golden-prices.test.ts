import { describe, expect, it } from 'vitest';
import { platformId, productId, useGoldenPipeline } from './nlq-fixture.ts';

/** Golden tests: question → IR and question → SQL for the current-price intents. */
const { compile, run, sameIr, vocab } = useGoldenPipeline();

describe('golden: cheapest_platform', () => {
  it('compiles "which platform has the cheapest amul butter 500g in bengaluru"', async () => {
    const c = compile('which platform has the cheapest amul butter 500g in bengaluru');
    const butter = productId(vocab(), 'Amul Pasteurised Butter', '500 g');
    expect(c.interpretation.ir).toMatchObject({
      intent: 'cheapest_platform',
      products: [{ ids: [butter], ambiguous: false, pack: { amount: 500, base_unit: 'g' } }],
      city: { name: 'Bengaluru' },
      sort: { key: 'price', direction: 'asc' },
      limit: 100,
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
        WHERE cp.product_id = ANY($3::bigint[])
      )
      SELECT product_id, product, brand, category, pack, platform, platform_slug, price, mrp, discount_percent, member_price, membership, city, in_stock, stock_qty, eta_minutes,
             count(*) OVER () AS total_count
      FROM listing
      ORDER BY price ASC, platform_slug, product, product_id
      LIMIT $4::int"
    `);
    expect(c.sql.params).toEqual([[1], 'Bengaluru', [butter], 100]);
    const rows = await run(c);
    expect(rows.length).toBe(4);
    expect(rows.map((r) => Number(r.price))).toEqual(
      [...rows.map((r) => Number(r.price))].sort((a, b) => a - b),
    );
    sameIr([
      'which platform has the cheapest amul butter 500g in bengaluru',
      'Amul butter 500 g — cheapest where in Bengaluru?',
      'cheapest amull buter 500g bangalore',
    ]);
  });

  it('compares just the two named platforms', () => {
    const c = compile('Zepto or Blinkit for amul butter 500g?');
    expect(c.interpretation.ir).toMatchObject({
      intent: 'cheapest_platform',
      platform_ids: [platformId(vocab(), 'blinkit'), platformId(vocab(), 'zepto')].sort((a, b) => a - b),
    });
    expect(c.sql.text).toContain('cp.platform_id = ANY($2::bigint[])');
  });

  it('keeps only listings in stock in the city when asked', () => {
    const c = compile('cheapest amul butter 500g in stock in delhi');
    expect(c.interpretation.ir.filters.in_stock_only).toBe(true);
    expect(c.sql.text).toContain(
      'JOIN availability_status a ON a.listing_id = l.id AND a.city_id = ANY($1::bigint[])',
    );
    expect(c.sql.text).toContain('AND a.in_stock');
  });

  it('narrows "maggi 12 pack" to the multipack with twelve units', async () => {
    const c = compile('where can i get the maggi 12 pack cheapest');
    const twelve = productId(vocab(), 'Maggi 2-Minute Masala Noodles', '12 x 70 g');
    expect(c.interpretation.ir).toMatchObject({
      intent: 'cheapest_platform',
      products: [{ ids: [twelve], pack: { amount: 840, base_unit: 'g' }, pack_matched: true }],
      brand_ids: [],
    });
    const rows = await run(c);
    expect(new Set(rows.map((r) => r.pack))).toEqual(new Set(['12 x 70 g']));
    sameIr([
      'where can i get the maggi 12 pack cheapest',
      'cheapest maggi 12-pack',
      'maggi pack of 12 cheapest',
      'cheapest maggi 12 x 70 g',
    ]);
  });

  it('reads a pack size in parentheses after the product', () => {
    const butter = productId(vocab(), 'Amul Pasteurised Butter', '500 g');
    expect(compile('cheapest Amul Pasteurised Butter (500 g)').interpretation.ir.products).toMatchObject([
      { ids: [butter], pack: { amount: 500, base_unit: 'g' } },
    ]);
  });

  it('shows every milk for the Hinglish "doodh sabse sasta kahan hai"', async () => {
    const c = compile('doodh sabse sasta kahan hai');
    const milk = [...vocab().categories.values()].find((x) => x.name === 'Milk')!;
    expect(c.interpretation.ir).toMatchObject({
      intent: 'cheapest_platform',
      category_ids: [milk.id],
      products: [],
    });
    expect(c.sql.text).toContain('p.category_id = ANY($1::bigint[])');
    const rows = await run(c);
    expect(new Set(rows.map((r) => r.product_id)).size).toBe(6);
    sameIr(['doodh sabse sasta kahan hai', 'cheapest milk', 'milk, cheapest?']);
  });
});

describe('golden: price_comparison', () => {
  it('compiles "price of amul milk on every platform" (ambiguous: every match)', () => {
    const c = compile('price of amul milk on every platform');
    const ir = c.interpretation.ir;
    expect(ir).toMatchObject({
      intent: 'price_comparison',
      products: [{ label: 'amul milk', ambiguous: true }],
    });
    expect(ir.products[0]!.ids).toHaveLength(3);
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
               pf.membership_name AS membership
        FROM current_prices cp
        JOIN products p ON p.id = cp.product_id
        LEFT JOIN product_brands b ON b.id = p.brand_id
        JOIN product_categories c ON c.id = p.category_id
        JOIN platforms pf ON pf.id = cp.platform_id
        WHERE cp.product_id = ANY($1::bigint[])
      )
      SELECT product_id, product, brand, category, pack, platform, platform_slug, price, mrp, discount_percent, member_price, membership,
             count(*) OVER () AS total_count
      FROM listing
      ORDER BY price ASC, platform_slug, product, product_id
      LIMIT $2::int"
    `);
    sameIr(['price of amul milk on every platform', 'amul milk prices', 'compare amul milk price']);
  });
});

describe('golden: most_expensive', () => {
  it('compiles "most expensive ghee"', () => {
    const c = compile('most expensive ghee');
    expect(c.interpretation.ir).toMatchObject({
      intent: 'most_expensive',
      sort: { key: 'price', direction: 'desc' },
    });
    expect(c.sql.text).toContain('ORDER BY price DESC, platform_slug, product, product_id');
    sameIr(['most expensive ghee', 'costliest ghee', 'ghee highest price']);
  });
});

describe('golden: product_mrp', () => {
  it('compiles "mrp of tata salt on zepto and its discount"', () => {
    const c = compile('mrp of tata salt on zepto and its discount');
    expect(c.interpretation.ir).toMatchObject({
      intent: 'product_mrp',
      products: [{ ids: [productId(vocab(), 'Tata Salt', '1 kg')] }],
      platform_ids: [platformId(vocab(), 'zepto')],
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
               pf.membership_name AS membership
        FROM current_prices cp
        JOIN products p ON p.id = cp.product_id
        LEFT JOIN product_brands b ON b.id = p.brand_id
        JOIN product_categories c ON c.id = p.category_id
        JOIN platforms pf ON pf.id = cp.platform_id
        WHERE cp.product_id = ANY($1::bigint[])
          AND cp.platform_id = ANY($2::bigint[])
      )
      SELECT product_id, product, brand, category, pack, platform, platform_slug, price, mrp, discount_percent, member_price, membership,
             count(*) OVER () AS total_count
      FROM listing
      ORDER BY price ASC, platform_slug, product, product_id
      LIMIT $3::int"
    `);
    sameIr([
      'mrp of tata salt on zepto and its discount',
      'tata salt mrp zepto',
      'what is the MRP of Tata Salt on Zepto',
    ]);
  });
});

describe('golden: brand_cheapest', () => {
  it('compiles "amul\'s cheapest items" (one row per product at its cheapest platform)', () => {
    const c = compile("amul's cheapest items");
    expect(c.interpretation.ir).toMatchObject({ intent: 'brand_cheapest', aggregation: 'per_product_best' });
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
               row_number() OVER (PARTITION BY p.id ORDER BY cp.price, pf.slug) AS rank_in_product
        FROM products p
        JOIN current_prices cp ON cp.product_id = p.id
        LEFT JOIN product_brands b ON b.id = p.brand_id
        JOIN product_categories c ON c.id = p.category_id
        JOIN platforms pf ON pf.id = cp.platform_id
        WHERE p.brand_id = ANY($1::bigint[])
      )
      SELECT product_id, product, brand, category, pack, platform, platform_slug, price, mrp, discount_percent, member_price, membership,
             count(*) OVER () AS total_count
      FROM listing
      WHERE rank_in_product = 1
      ORDER BY price ASC, platform_slug, product, product_id
      LIMIT $2::int"
    `);
    sameIr(["amul's cheapest items", 'cheapest amul products', 'amul cheapest']);
  });
});

describe('golden: items_under', () => {
  it('compiles "items under ₹50 in dairy"', () => {
    const c = compile('items under ₹50 in dairy');
    expect(c.interpretation.ir).toMatchObject({ intent: 'items_under', filters: { max_price: 50 } });
    expect(c.sql.text).toContain('cp.price <= $2::numeric');
    expect(c.sql.params).toContain(50);
    sameIr(['items under ₹50 in dairy', 'dairy under 50 rupees', 'dairy items below rs 50']);
  });
});

describe('golden: unit_price', () => {
  it('compiles "cheapest rice per kg"', async () => {
    const c = compile('cheapest rice per kg');
    expect(c.interpretation.ir).toMatchObject({
      intent: 'unit_price',
      unit: 'kg',
      sort: { key: 'unit_price' },
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
               round(cp.price / p.base_amount * CASE p.base_unit WHEN 'pcs' THEN 1 ELSE 1000 END, 2) AS unit_price,
               CASE p.base_unit WHEN 'g' THEN 'kg' WHEN 'ml' THEN 'l' ELSE 'pc' END AS unit_price_per
        FROM products p
        JOIN current_prices cp ON cp.product_id = p.id
        LEFT JOIN product_brands b ON b.id = p.brand_id
        JOIN product_categories c ON c.id = p.category_id
        JOIN platforms pf ON pf.id = cp.platform_id
        WHERE p.category_id = ANY($1::bigint[])
          AND p.base_unit = $2::text
      )
      SELECT product_id, product, brand, category, pack, platform, platform_slug, price, mrp, discount_percent, member_price, membership, unit_price, unit_price_per,
             count(*) OVER () AS total_count
      FROM listing
      ORDER BY unit_price_per, unit_price ASC, price, platform_slug, product, product_id
      LIMIT $3::int"
    `);
    const rows = await run(c);
    expect(rows[0]!.unit_price_per).toBe('kg');
    sameIr(['cheapest rice per kg', 'rice price per kg', 'best value rice per kg']);
  });
});
