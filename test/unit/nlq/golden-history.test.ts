import { describe, expect, it } from 'vitest';
import { productId, useGoldenPipeline } from './nlq-fixture.ts';

/** Golden tests: question → IR and question → SQL for price history and price changes. */
const { compile, run, sameIr, vocab, query } = useGoldenPipeline();

describe('golden: price_history', () => {
  it('compiles "lowest price of tata salt in the last 30 days"', async () => {
    const c = compile('lowest price of tata salt in the last 30 days');
    expect(c.interpretation.ir).toMatchObject({
      intent: 'price_history',
      aggregation: 'history_summary',
      products: [{ ids: [productId(vocab(), 'Tata Salt', '1 kg')] }],
      time: { from: '2026-10-21T12:01:00+05:30', to: '2026-11-20T12:01:00+05:30', label: 'last 30 days' },
      sort: { key: 'lowest_price', direction: 'asc' },
    });
    expect(c.sql.text).toMatchInlineSnapshot(`
      "SELECT p.id AS product_id,
             p.name AS product,
             p.pack_label AS pack,
             pf.name AS platform,
             pf.slug AS platform_slug,
             min(ph.price) AS lowest_price,
             max(ph.price) AS highest_price,
             round(avg(ph.price), 2) AS average_price,
             count(*) OVER () AS total_count
        FROM price_history ph
        JOIN platform_listings l ON l.id = ph.listing_id
        JOIN products p ON p.id = l.product_id
        JOIN platforms pf ON pf.id = l.platform_id
        WHERE ph.product_id = ANY($1::bigint[])
          AND ph.recorded_at >= $2::timestamptz
          AND ph.recorded_at < $3::timestamptz
        GROUP BY p.id, p.name, p.pack_label, pf.name, pf.slug
        ORDER BY lowest_price ASC, platform_slug, product, product_id
        LIMIT $4::int"
    `);
    const rows = await run(c);
    expect(rows.length).toBeGreaterThan(0);
    sameIr([
      'lowest price of tata salt in the last 30 days',
      'tata salt lowest price past 30 days',
      'what was the minimum price of tata salt over the last 30 days',
    ]);
  });

  it('compiles "average price of red bull on zepto since 13 november" from that day until now', async () => {
    const c = compile('average price of red bull on zepto since 13 november');
    expect(c.interpretation.ir).toMatchObject({
      aggregation: 'history_summary',
      time: { kind: 'since', from: '2026-11-13T00:00:00+05:30', to: '2026-11-20T12:01:00+05:30' },
      sort: { key: 'average_price', direction: 'asc' },
    });
    expect(c.sql.params).toContain('2026-11-13T00:00:00+05:30');
    const [expected] = await query(
      `SELECT round(avg(ph.price), 2)::float8 AS average_price FROM price_history ph
         JOIN products p ON p.id = ph.product_id JOIN platforms pf ON pf.id = ph.platform_id
        WHERE p.name = 'Red Bull Energy Drink' AND pf.slug = 'zepto'
          AND ph.recorded_at >= '2026-11-13T00:00:00+05:30' AND ph.recorded_at <= '2026-11-20T12:00:00+05:30'`,
    );
    const rows = await run(c);
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]!.average_price)).toBe(expected!.average_price);
    sameIr([
      'average price of red bull on zepto since 13 november',
      'avg price of red bull on zepto since nov 13',
      'average price of red bull on zepto from 13 november till now',
    ]);
  });

  it('compiles "price of amul butter 500g on 15 nov" (the last price seen that day)', () => {
    const c = compile('price of amul butter 500g on 15 nov');
    expect(c.interpretation.ir).toMatchObject({
      aggregation: 'history_on_date',
      time: { kind: 'on_date', from: '2026-11-15T00:00:00+05:30', to: '2026-11-16T00:00:00+05:30' },
    });
    expect(c.sql.text).toMatchInlineSnapshot(`
      "WITH observed AS (
        SELECT p.id AS product_id,
               p.name AS product,
               p.pack_label AS pack,
               pf.name AS platform,
               pf.slug AS platform_slug,
               to_char(ph.recorded_at AT TIME ZONE 'Asia/Kolkata', 'YYYY-MM-DD') AS date,
               ph.price,
               ph.mrp,
               ph.recorded_at,
               row_number() OVER (PARTITION BY ph.listing_id ORDER BY ph.recorded_at DESC) AS latest
        FROM price_history ph
        JOIN platform_listings l ON l.id = ph.listing_id
        JOIN products p ON p.id = l.product_id
        JOIN platforms pf ON pf.id = l.platform_id
        WHERE ph.product_id = ANY($1::bigint[])
          AND ph.recorded_at >= $2::timestamptz
          AND ph.recorded_at < $3::timestamptz
      )
      SELECT product_id, product, pack, platform, platform_slug, date, price, mrp, recorded_at,
             count(*) OVER () AS total_count
      FROM observed
      WHERE latest = 1
      ORDER BY price, platform_slug, product, product_id
      LIMIT $4::int"
    `);
    sameIr([
      'price of amul butter 500g on 15 nov',
      'amul butter 500g price on 15th november',
      'Amul butter 500 g, Nov 15 price?',
    ]);
  });

  it('compiles "price trend of bru coffee" as a daily series', () => {
    const c = compile('price trend of bru coffee');
    expect(c.interpretation.ir).toMatchObject({ aggregation: 'history_series', sort: { key: 'date' } });
    expect(c.sql.text).toContain(
      `row_number() OVER (PARTITION BY ph.listing_id, to_char(ph.recorded_at AT TIME ZONE 'Asia/Kolkata', 'YYYY-MM-DD') ORDER BY ph.recorded_at DESC) AS latest`,
    );
    expect(c.sql.text).toContain('ORDER BY date, platform_slug, product, product_id');
  });
});

describe('golden: price_changes', () => {
  it('compiles "biggest price drops this week"', async () => {
    const c = compile('biggest price drops this week');
    expect(c.interpretation.ir).toMatchObject({
      intent: 'price_changes',
      change_direction: 'down',
      time: { kind: 'this_week', from: '2026-11-16T00:00:00+05:30' },
      sort: { key: 'change_percent', direction: 'asc' },
    });
    expect(c.sql.text).toMatchInlineSnapshot(`
      "WITH changes AS (
        SELECT p.id AS product_id,
               p.name AS product,
               p.pack_label AS pack,
               pf.name AS platform,
               pf.slug AS platform_slug,
               pc.old_price,
               pc.new_price,
               pc.change_amount,
               pc.change_percent,
               pc.changed_at,
               row_number() OVER (PARTITION BY pc.listing_id ORDER BY pc.change_percent ASC, pc.changed_at DESC) AS pick
        FROM price_changes pc
        JOIN products p ON p.id = pc.product_id
        JOIN platforms pf ON pf.id = pc.platform_id
        WHERE pc.changed_at >= $1::timestamptz
          AND pc.changed_at < $2::timestamptz
          AND pc.change_amount < 0
      )
      SELECT product_id, product, pack, platform, platform_slug, old_price, new_price, change_amount, change_percent, changed_at,
             count(*) OVER () AS total_count
      FROM changes
      WHERE pick = 1
      ORDER BY change_percent ASC, change_amount ASC, platform_slug, product, product_id
      LIMIT $3::int"
    `);
    const rows = await run(c);
    expect(rows.every((r) => Number(r.change_amount) < 0)).toBe(true);
    sameIr(['biggest price drops this week', 'what dropped in price this week', 'price cuts this week']);
  });

  it('compiles "what got cheaper today"', () => {
    const c = compile('what got cheaper today');
    expect(c.interpretation.ir).toMatchObject({ change_direction: 'down', time: { kind: 'today' } });
    sameIr(['what got cheaper today', 'which items became cheaper today', 'price drops today']);
  });
});
