import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { irCacheKey } from '../../../src/nlq/cache-key.ts';
import { buildPipeline, compileQuestion, fixtureDatabase, type Pipeline } from './nlq-fixture.ts';

/** Golden test: question → IR and question → SQL for a basket. */
let p: Pipeline;
beforeAll(async () => {
  p = await buildPipeline(await fixtureDatabase());
}, 120_000);
afterAll(async () => {
  await p?.db.close();
});

const QUESTION = 'cheapest platform for 2 Amul butter 500g, 1 Aashirvaad atta 5kg and 6 eggs in Bengaluru';

describe('golden: basket', () => {
  it('compiles the basket question into per-platform carts and a split', async () => {
    const c = compileQuestion(p, QUESTION);
    const ir = c.interpretation.ir;
    expect(ir).toMatchObject({ intent: 'basket', city: { name: 'Bengaluru' }, sort: { key: 'total' } });
    expect(ir.basket!.map((i) => [i.label, i.quantity, i.pieces])).toEqual([
      ['Amul Pasteurised Butter 500 g', 2, null],
      ['Aashirvaad Shudh Chakki Atta 5 kg', 1, null],
      ['eggs', 6, 6],
    ]);
    expect(c.sql.text).toMatchInlineSnapshot(`
      "WITH wanted AS (
        SELECT w.item_no, w.product_id, w.packs, w.fit
        FROM unnest($1::int[], $2::bigint[], $3::int[], $4::int[]) AS w(item_no, product_id, packs, fit)
      ),
      items AS (
        SELECT i.label, i.item_no
        FROM unnest($5::text[]) WITH ORDINALITY AS i(label, item_no)
      ),
      offers AS (
        SELECT w.item_no, cp.platform_id, cp.price * w.packs AS line_total,
               row_number() OVER (PARTITION BY w.item_no, cp.platform_id ORDER BY w.fit, cp.price * w.packs, w.product_id) AS pick
          FROM wanted w
          JOIN current_prices cp ON cp.product_id = w.product_id
          JOIN platform_listings l ON l.id = cp.listing_id
          JOIN availability_status a ON a.listing_id = l.id AND a.city_id = ANY($6::bigint[])
          WHERE a.in_stock
      ),
      chosen AS (
        SELECT item_no, platform_id, line_total,
               row_number() OVER (PARTITION BY item_no ORDER BY line_total, platform_id) AS cheapest
        FROM offers
        WHERE pick = 1
      ),
      carts AS (
        SELECT 'platform' AS kind, platform_id, sum(line_total) AS items_total, count(*) AS item_count,
               array_agg(item_no) AS item_nos
        FROM chosen
        GROUP BY platform_id
        UNION ALL
        SELECT 'split' AS kind, platform_id, sum(line_total), count(*), array_agg(item_no)
        FROM chosen
        WHERE cheapest = 1
        GROUP BY platform_id
      ),
      priced AS (
        SELECT c.kind, c.platform_id, c.items_total, c.item_count, c.item_nos, pf.name AS platform, pf.slug AS platform_slug,
               CASE WHEN f.platform_id IS NULL THEN NULL WHEN c.items_total >= f.free_delivery_above THEN 0 ELSE f.delivery_fee END AS delivery_charge,
               f.handling_fee AS handling_charge,
               CASE WHEN f.platform_id IS NULL THEN NULL WHEN c.items_total < f.small_cart_below THEN f.small_cart_fee ELSE 0 END AS small_cart_charge,
               coalesce(coupon.discount, 0) AS coupon_discount,
               coupon.code AS coupon_code
        FROM carts c
        JOIN platforms pf ON pf.id = c.platform_id
        LEFT JOIN platform_fees f ON f.platform_id = c.platform_id AND f.city_id = ANY($6::bigint[])
        LEFT JOIN LATERAL (
          SELECT cc.code,
                 round(CASE WHEN cc.percent_off IS NOT NULL
                            THEN least(c.items_total * cc.percent_off / 100, coalesce(cc.max_discount, c.items_total))
                            ELSE least(cc.amount_off, c.items_total) END, 2) AS discount
          FROM coupon_codes cc
          WHERE cc.platform_id = c.platform_id
            AND cc.min_cart_value <= c.items_total
            AND (cc.valid_from IS NULL OR cc.valid_from <= $7::timestamptz)
            AND (cc.valid_until IS NULL OR cc.valid_until > $7::timestamptz)
            AND (NOT cc.new_users_only OR $8::boolean)
          ORDER BY discount DESC, cc.code
          LIMIT 1
        ) coupon ON true
      )
      SELECT kind, platform, platform_slug, item_count,
             round(items_total, 2) AS items_total,
             delivery_charge, handling_charge, small_cart_charge, coupon_code, coupon_discount,
             round(items_total + coalesce(delivery_charge, 0) + coalesce(handling_charge, 0)
                   + coalesce(small_cart_charge, 0) - coupon_discount, 2) AS total,
             (SELECT string_agg(i.label, ', ' ORDER BY i.item_no)
                FROM items i
               WHERE NOT (i.item_no = ANY(CASE WHEN priced.kind = 'split'
                                                THEN ARRAY(SELECT item_no FROM chosen WHERE cheapest = 1)
                                                ELSE priced.item_nos END))) AS missing_items,
             count(*) OVER () AS total_count
      FROM priced
      ORDER BY kind, item_count DESC, total, platform_slug
      LIMIT $9::int"
    `);
    expect(c.plan.complexity).toBe('complex');
    const { rows } = await p.db.query<Record<string, unknown>>(c.sql.text, c.sql.params);
    expect(rows.filter((r) => r.kind === 'platform').length).toBe(4);
    const keys = [
      QUESTION,
      'cheapest platform for 2 amul butter 500 g, 1 aashirvaad atta 5 kg and 6 eggs in bangalore',
    ].map((q) => irCacheKey(compileQuestion(p, q).interpretation.ir));
    expect(keys[1]).toBe(keys[0]);
  });

  it('passes user-derived values only as parameters', () => {
    const c = compileQuestion(p, QUESTION);
    expect(c.sql.text).not.toMatch(/amul|aashirvaad|egg|bengaluru/i);
    expect(c.sql.params).toContainEqual([
      'Amul Pasteurised Butter 500 g × 2',
      'Aashirvaad Shudh Chakki Atta 5 kg',
      'eggs × 6',
    ]);
  });
});
