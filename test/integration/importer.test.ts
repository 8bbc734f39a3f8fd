import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFeed } from '../../src/catalog/feed/read-feed.ts';
import { importFeed } from '../../src/catalog/import/import-feed.ts';
import { basePackKey } from '../../src/catalog/product-identity.ts';
import type { Database } from '../../src/db/database.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { lines, listing, platform, TABLE_FINGERPRINT_SQL } from '../support/feed.ts';
import { fixturePath } from '../support/fixtures.ts';

async function fingerprint(db: Database): Promise<Record<string, string>> {
  const { rows } = await db.query<{ table_name: string }>(TABLE_FINGERPRINT_SQL);
  const out: Record<string, string> = {};
  for (const { table_name } of rows) {
    const r = await db.query<{ n: number; h: string | null }>(
      `SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM ${table_name} t`,
    );
    out[table_name] = `${r.rows[0]!.n}:${r.rows[0]!.h}`;
  }
  return out;
}

interface FixtureListing {
  type: string;
  platform: string;
  sku: string;
  name: string;
  ean?: string;
  quantity: number;
  unit: 'g' | 'kg' | 'ml' | 'l' | 'pcs';
  pack_count: number;
}

describeEachDatabase('importing the shared fixture', (ctx) => {
  const fixture = readFileSync(fixturePath(), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as FixtureListing)
    .filter((r) => r.type === 'listing');

  it('accepts every line and creates one product per real product', async () => {
    const summary = await importFeed(ctx.db, readFeed(fixturePath()));
    expect(summary.rejected).toBe(0);
    expect(summary.accepted).toBe(11_002);
    const { rows } = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM products');
    expect(rows[0]!.n).toBe(100);
  });

  it('links listings that share a barcode to one product', async () => {
    const { rows } = await ctx.db.query<{ platform: string; sku: string; product_id: number }>(
      `SELECT p.slug AS platform, l.sku, l.product_id FROM platform_listings l JOIN platforms p ON p.id = l.platform_id`,
    );
    const productOf = new Map(rows.map((r) => [`${r.platform}/${r.sku}`, r.product_id]));
    const byEan = new Map<string, Set<number>>();
    for (const l of fixture) {
      if (!l.ean) continue;
      const set = byEan.get(l.ean) ?? new Set();
      set.add(productOf.get(`${l.platform}/${l.sku}`)!);
      byEan.set(l.ean, set);
    }
    expect([...byEan.values()].every((ids) => ids.size === 1)).toBe(true);
    const fourPlatforms = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT product_id FROM platform_listings GROUP BY product_id
        HAVING count(DISTINCT platform_id) = 4) x`,
    );
    expect(fourPlatforms.rows[0]!.n).toBeGreaterThan(40);
  });

  it('never merges different pack sizes (Thums Up 750 ml and 2.25 l stay two products)', async () => {
    const packOf = new Map(
      fixture.map((l) => [`${l.platform}/${l.sku}`, basePackKey({ ...l, packCount: l.pack_count })]),
    );
    const { rows } = await ctx.db.query<{ platform: string; sku: string; product_id: number }>(
      `SELECT p.slug AS platform, l.sku, l.product_id FROM platform_listings l JOIN platforms p ON p.id = l.platform_id`,
    );
    const packsPerProduct = new Map<number, Set<string>>();
    for (const r of rows) {
      const set = packsPerProduct.get(r.product_id) ?? new Set();
      set.add(packOf.get(`${r.platform}/${r.sku}`)!);
      packsPerProduct.set(r.product_id, set);
    }
    expect([...packsPerProduct.values()].every((s) => s.size === 1)).toBe(true);
    const thumsUp = await ctx.db.query<{ pack_label: string; listings: number }>(
      `SELECT p.pack_label, count(l.id)::int AS listings FROM products p JOIN platform_listings l ON l.product_id = p.id
        WHERE p.normalized_name LIKE 'thums up%' GROUP BY p.id, p.pack_label ORDER BY p.pack_label`,
    );
    expect(thumsUp.rows.map((r) => r.pack_label).sort()).toEqual(['2.25 L', '750 ml']);
  });

  it('records how each listing was matched', async () => {
    const { rows } = await ctx.db.query<{ match_method: string; n: number }>(
      `SELECT match_method, count(*)::int AS n FROM platform_listings GROUP BY 1 ORDER BY 1`,
    );
    const methods = Object.fromEntries(rows.map((r) => [r.match_method, r.n]));
    expect(methods.new).toBe(100);
    expect(methods.ean).toBeGreaterThan(0);
    expect(methods.attributes).toBeGreaterThan(0);
  });

  it('keeps the newest observation as the current price', async () => {
    const newest = new Map<string, FixtureListing & { price: number; observed_at: string }>();
    for (const l of fixture as (FixtureListing & { price: number; observed_at: string })[]) {
      const key = `${l.platform}/${l.sku}`;
      const prev = newest.get(key);
      if (!prev || Date.parse(l.observed_at) > Date.parse(prev.observed_at)) newest.set(key, l);
    }
    const { rows } = await ctx.db.query<{ platform: string; sku: string; price: number }>(
      `SELECT p.slug AS platform, l.sku, c.price FROM current_prices c
         JOIN platform_listings l ON l.id = c.listing_id JOIN platforms p ON p.id = c.platform_id`,
    );
    expect(rows).toHaveLength(newest.size);
    for (const r of rows) expect(r.price).toBe(newest.get(`${r.platform}/${r.sku}`)!.price);
  });

  it('changes no row when the same feed is imported again', async () => {
    const before = await fingerprint(ctx.db);
    const summary = await importFeed(ctx.db, readFeed(fixturePath()));
    expect(summary.rejected).toBe(0);
    expect(summary.productsCreated + summary.listingsCreated + summary.pricePointsAdded).toBe(0);
    expect(await fingerprint(ctx.db)).toEqual(before);
  });
});

describeEachDatabase('importer semantics', (ctx) => {
  beforeAll(async () => {
    await importFeed(ctx.db, lines([platform('alpha'), platform('beta', 'Beta Pass')]));
  });

  const priceOf = async (sku: string) =>
    (
      await ctx.db.query<{ price: number; observed_at: Date }>(
        `SELECT c.price, c.observed_at FROM current_prices c JOIN platform_listings l ON l.id = c.listing_id WHERE l.sku = $1`,
        [sku],
      )
    ).rows[0];

  it('a newer line replaces the current price and records the change; a late older line updates history only', async () => {
    await importFeed(
      ctx.db,
      lines([listing({ sku: 'S1', price: 28, observed_at: '2026-11-20T10:00:00+05:30' })]),
    );
    await importFeed(
      ctx.db,
      lines([listing({ sku: 'S1', price: 25, observed_at: '2026-11-20T11:00:00+05:30' })]),
    );
    expect((await priceOf('S1'))!.price).toBe(25);
    await importFeed(
      ctx.db,
      lines([listing({ sku: 'S1', price: 29, observed_at: '2026-11-19T10:00:00+05:30' })]),
    );
    expect((await priceOf('S1'))!.price).toBe(25);
    const history = await ctx.db.query<{ price: number }>(
      `SELECT h.price FROM price_history h JOIN platform_listings l ON l.id = h.listing_id WHERE l.sku = 'S1' ORDER BY h.recorded_at`,
    );
    expect(history.rows.map((r) => r.price)).toEqual([29, 28, 25]);
    const changes = await ctx.db.query<{ old_price: number; new_price: number }>(
      `SELECT c.old_price, c.new_price FROM price_changes c JOIN platform_listings l ON l.id = c.listing_id
        WHERE l.sku = 'S1' ORDER BY c.changed_at`,
    );
    expect(changes.rows).toEqual([
      { old_price: 29, new_price: 28 },
      { old_price: 28, new_price: 25 },
    ]);
  });

  it('keeps price changes equal to the changes in the whole history, whatever order and batches lines come in', async () => {
    // Prices that repeat, go back and forth, and a microsecond apart (finer than a JavaScript Date).
    const prices = [20, 20, 22, 21, 21, 25, 20, 20, 24, 23, 23, 26, 22, 22];
    const times = prices.map((_, i) => `2026-11-0${1 + Math.floor(i / 2)}T10:00:00.00000${i % 2}+05:30`);
    const points = ['PC1', 'PC2'].flatMap((sku, s) =>
      prices.map((price, i) =>
        listing({ sku, price: price + s, mrp: 40, observed_at: times[i]!, availability: undefined }),
      ),
    );
    // A fixed shuffle: some lines arrive after newer ones, in the same batch and in later imports.
    const order = points.map((_, i) => (i * 11) % points.length);
    const shuffled = order.map((i) => points[i]!);
    await importFeed(ctx.db, lines(shuffled.slice(0, 15)), { batchSize: 4 });
    await importFeed(ctx.db, lines(shuffled.slice(15)), { batchSize: 3 });
    await importFeed(ctx.db, lines(shuffled.slice(5, 12)), { batchSize: 2 });
    await importFeed(
      ctx.db,
      lines(
        [times[1]!, times[0]!].map((observed_at, i) =>
          listing({ sku: 'PC3', price: 30 + i, mrp: 40, observed_at, availability: undefined }),
        ),
      ),
    );

    const stored = await ctx.db.query(
      `SELECT l.sku, c.old_price, c.new_price, c.changed_at::text FROM price_changes c
         JOIN platform_listings l ON l.id = c.listing_id WHERE l.sku LIKE 'PC_' ORDER BY 1, 4`,
    );
    const derived = await ctx.db.query(
      `SELECT sku, prev AS old_price, price AS new_price, recorded_at::text AS changed_at FROM (
         SELECT l.sku, h.price, h.recorded_at, lag(h.price) OVER (PARTITION BY h.listing_id ORDER BY h.recorded_at) AS prev
           FROM price_history h JOIN platform_listings l ON l.id = h.listing_id WHERE l.sku LIKE 'PC_') x
        WHERE prev <> price ORDER BY 1, 4`,
    );
    expect(derived.rows.length).toBeGreaterThan(10);
    expect(stored.rows).toEqual(derived.rows);
  });

  it('keeps one history point per instant when a new listing repeats an observation within a batch', async () => {
    const summary = await importFeed(
      ctx.db,
      lines([
        listing({ sku: 'D1', price: 28, observed_at: '2026-11-20T10:00:00+05:30' }),
        listing({ sku: 'D1', price: 27, observed_at: '2026-11-20T04:30:00.000Z' }),
        listing({ sku: 'D1', price: 26, observed_at: '2026-11-20T04:30:00.0004Z' }),
      ]),
    );
    expect(summary.pricePointsAdded).toBe(2);
    const { rows } = await ctx.db.query<{ price: number }>(
      `SELECT h.price FROM price_history h JOIN platform_listings l ON l.id = h.listing_id
        WHERE l.sku = 'D1' ORDER BY h.recorded_at`,
    );
    expect(rows.map((r) => r.price)).toEqual([28, 26]);
  });

  it('matches by barcode first, then brand + name + exact pack, and keeps different packs apart', async () => {
    await importFeed(
      ctx.db,
      lines([
        listing({
          platform: 'alpha',
          sku: 'M1',
          name: 'Fizz Cola Soft Drink',
          ean: '8901234567897',
          quantity: 750,
          unit: 'ml',
          pack: '750 ml',
        }),
        listing({
          platform: 'beta',
          sku: 'M2',
          name: 'Totally Different Title (750 ml)',
          ean: '8901234567897',
          quantity: 750,
          unit: 'ml',
        }),
        listing({
          platform: 'beta',
          sku: 'M3',
          name: 'Fizz Cola Cold Drink 750 Ml',
          quantity: 0.75,
          unit: 'l',
        }),
        listing({
          platform: 'beta',
          sku: 'M4',
          name: 'Fizz Cola Soft Drink 2.25 Ltr',
          quantity: 2.25,
          unit: 'l',
        }),
        listing({
          platform: 'beta',
          sku: 'M5',
          name: 'Fizz Cola Soft Drink',
          ean: '8901234567880',
          quantity: 750,
          unit: 'ml',
        }),
      ]),
    );
    const { rows } = await ctx.db.query<{ sku: string; product_id: number; match_method: string }>(
      `SELECT sku, product_id, match_method FROM platform_listings WHERE sku LIKE 'M%' ORDER BY sku`,
    );
    const [m1, m2, m3, m4, m5] = rows;
    expect(m2!.product_id).toBe(m1!.product_id);
    expect(m2!.match_method).toBe('ean');
    expect(m3!.product_id).toBe(m1!.product_id);
    expect(m3!.match_method).toBe('attributes');
    expect(m4!.product_id).not.toBe(m1!.product_id);
    // A different barcode is a different product even with an identical title and pack.
    expect(m5!.product_id).not.toBe(m1!.product_id);
  });

  it('replaces stock, ETA, member price and offers with the newest observation', async () => {
    await importFeed(
      ctx.db,
      lines([
        listing({
          platform: 'beta',
          sku: 'O1',
          price: 28,
          member_price: 26,
          offers: [
            { kind: 'flash_sale', title: 'Flash 10%', percent_off: 10, ends_at: '2026-11-20T16:00:00+05:30' },
          ],
          observed_at: '2026-11-20T10:00:00+05:30',
        }),
        listing({
          platform: 'beta',
          sku: 'O1',
          price: 27,
          availability: [{ city: 'Pune', in_stock: false }],
          observed_at: '2026-11-20T11:00:00+05:30',
        }),
      ]),
    );
    const state = await ctx.db.query(
      `SELECT (SELECT count(*)::int FROM membership_prices m WHERE m.listing_id = l.id) AS member_rows,
              (SELECT count(*)::int FROM discounts d WHERE d.listing_id = l.id) AS offers,
              (SELECT count(*)::int FROM flash_sales f WHERE f.listing_id = l.id) AS flash_history,
              (SELECT bool_and(in_stock) FROM availability_status a WHERE a.listing_id = l.id) AS in_stock,
              (SELECT count(*)::int FROM inventory_history h WHERE h.listing_id = l.id) AS stock_history
         FROM platform_listings l WHERE l.sku = 'O1'`,
    );
    expect(state.rows[0]).toEqual({
      member_rows: 0,
      offers: 0,
      flash_history: 1,
      in_stock: false,
      stock_history: 2,
    });
  });

  it('updates stock and ETA per city in later imports, dropping cities the newest observation no longer lists', async () => {
    const stateOf = async () =>
      (
        await ctx.db.query(
          `SELECT c.name AS city, a.in_stock, a.pincode, i.stock_qty, d.eta_minutes,
                  to_char(a.observed_at AT TIME ZONE 'Asia/Kolkata', 'HH24:MI') AS seen,
                  to_char(d.observed_at AT TIME ZONE 'Asia/Kolkata', 'HH24:MI') AS eta_seen
             FROM platform_listings l
             JOIN availability_status a ON a.listing_id = l.id
             JOIN cities c ON c.id = a.city_id
             LEFT JOIN inventory_levels i ON i.listing_id = l.id AND i.city_id = a.city_id
             LEFT JOIN delivery_estimates d ON d.listing_id = l.id AND d.city_id = a.city_id
            WHERE l.sku = 'AV1' ORDER BY c.name`,
        )
      ).rows;
    const at = (hour: string) => `2026-11-20T${hour}:00:00+05:30`;
    await importFeed(
      ctx.db,
      lines([
        listing({
          platform: 'beta',
          sku: 'AV1',
          observed_at: at('10'),
          availability: [
            { city: 'Pune', pincode: '411001', in_stock: true, stock_qty: 5, eta_minutes: 12 },
            { city: 'Mumbai', pincode: '400001', in_stock: true, stock_qty: 9, eta_minutes: 15 },
          ],
        }),
      ]),
    );
    await importFeed(
      ctx.db,
      lines([
        listing({
          platform: 'beta',
          sku: 'AV1',
          observed_at: at('11'),
          availability: [{ city: 'Pune', in_stock: false, eta_minutes: 20 }],
        }),
      ]),
    );
    const expected = [
      {
        city: 'Pune',
        in_stock: false,
        pincode: null,
        stock_qty: null,
        eta_minutes: 20,
        seen: '11:00',
        eta_seen: '11:00',
      },
    ];
    expect(await stateOf()).toEqual(expected);
    // A late, older observation is history only: the current state stays.
    await importFeed(ctx.db, lines([listing({ platform: 'beta', sku: 'AV1', observed_at: at('09') })]));
    expect(await stateOf()).toEqual(expected);
    // The same state observed again is not rewritten: observed_at says since when it holds.
    const pune = (eta: number, hour: string) =>
      listing({
        platform: 'beta',
        sku: 'AV1',
        observed_at: at(hour),
        availability: [{ city: 'Pune', in_stock: false, eta_minutes: eta }],
      });
    await importFeed(ctx.db, lines([pune(20, '12')]));
    expect(await stateOf()).toEqual(expected);
    await importFeed(ctx.db, lines([pune(25, '13')]));
    expect(await stateOf()).toEqual([{ ...expected[0], eta_minutes: 25, eta_seen: '13:00' }]);
    // Stock history keeps each change (the late 09:00 line too), not the repeat at 12:00.
    const history = await ctx.db.query(
      `SELECT to_char(h.recorded_at AT TIME ZONE 'Asia/Kolkata', 'HH24') AS at, h.in_stock, h.eta_minutes
         FROM inventory_history h JOIN platform_listings l ON l.id = h.listing_id JOIN cities c ON c.id = h.city_id
        WHERE l.sku = 'AV1' AND c.name = 'Pune' ORDER BY h.recorded_at`,
    );
    expect(history.rows).toEqual([
      { at: '09', in_stock: true, eta_minutes: 12 },
      { at: '10', in_stock: true, eta_minutes: 12 },
      { at: '11', in_stock: false, eta_minutes: 20 },
      { at: '13', in_stock: false, eta_minutes: 25 },
    ]);
  });

  it('a later import replaces a stored listing’s stock, ETA, member price and offers, dropping what it no longer lists', async () => {
    const stateOf = async () =>
      (
        await ctx.db.query(
          `SELECT (SELECT json_agg(json_build_array(c.name, a.in_stock, a.pincode, v.stock_qty, e.eta_minutes)
                                   ORDER BY c.name)
                     FROM availability_status a JOIN cities c ON c.id = a.city_id
                     LEFT JOIN inventory_levels v ON v.listing_id = a.listing_id AND v.city_id = a.city_id
                     LEFT JOIN delivery_estimates e ON e.listing_id = a.listing_id AND e.city_id = a.city_id
                    WHERE a.listing_id = l.id) AS cities,
                  (SELECT count(*)::int FROM inventory_levels v WHERE v.listing_id = l.id) AS stock_rows,
                  (SELECT count(*)::int FROM delivery_estimates e WHERE e.listing_id = l.id) AS eta_rows,
                  (SELECT json_agg(json_build_array(d.kind, d.title, d.percent_off) ORDER BY d.title)
                     FROM discounts d WHERE d.listing_id = l.id) AS offers,
                  (SELECT m.member_price FROM membership_prices m WHERE m.listing_id = l.id) AS member_price
             FROM platform_listings l WHERE l.sku = 'R1'`,
        )
      ).rows[0];
    const first = listing({
      platform: 'beta',
      sku: 'R1',
      price: 28,
      member_price: 26,
      availability: [
        { city: 'Pune', pincode: '411001', in_stock: true, stock_qty: 5, eta_minutes: 12 },
        { city: 'Mumbai', in_stock: true, stock_qty: 9, eta_minutes: 15 },
      ],
      offers: [
        { kind: 'discount', title: 'Extra 5% off', percent_off: 5 },
        { kind: 'bank', title: '10% off with cards', percent_off: 10 },
      ],
      observed_at: '2026-11-20T09:00:00+05:30',
    });
    await importFeed(ctx.db, lines([first]));
    expect(await stateOf()).toEqual({
      cities: [
        ['Mumbai', true, null, 9, 15],
        ['Pune', true, '411001', 5, 12],
      ],
      stock_rows: 2,
      eta_rows: 2,
      offers: [
        ['bank', '10% off with cards', 10],
        ['discount', 'Extra 5% off', 5],
      ],
      member_price: 26,
    });
    await importFeed(
      ctx.db,
      lines([
        {
          ...first,
          price: 27,
          member_price: undefined,
          availability: [{ city: 'Pune', pincode: '411002', in_stock: false }],
          offers: [{ kind: 'discount', title: 'Extra 5% off', percent_off: 8 }],
          observed_at: '2026-11-20T10:00:00+05:30',
        } as typeof first,
      ]),
    );
    expect(await stateOf()).toEqual({
      cities: [['Pune', false, '411002', null, null]],
      stock_rows: 0,
      eta_rows: 0,
      offers: [['discount', 'Extra 5% off', 8]],
      member_price: null,
    });
  });

  it('rejects lines naming an undeclared platform, with the line number, and imports the rest', async () => {
    const summary = await importFeed(
      ctx.db,
      lines([listing({ platform: 'ghost', sku: 'G1' }), listing({ sku: 'G2' })]),
    );
    expect(summary.accepted).toBe(1);
    expect(summary.rejections).toEqual([
      { line: 1, reason: expect.stringMatching(/unknown platform 'ghost'/) },
    ]);
  });
});

describeEachDatabase('bad feeds', (ctx) => {
  const dir = mkdtempSync(join(tmpdir(), 'qcd-feed-'));
  const good = (sku: string) => JSON.stringify(listing({ sku }));
  const write = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const badLines = [
    JSON.stringify(platform('alpha')),
    good('B1'),
    '{"type": "listing", "platform": "alpha", "sku": "T1", "name": "Trunc',
    JSON.stringify({ ...listing({ sku: 'B2' }), price: '28' }),
    JSON.stringify(listing({ sku: 'B3', price: 40, mrp: 30 })),
    JSON.stringify(listing({ sku: 'B4', platform: 'nowhere' })),
    JSON.stringify({ ...listing({ sku: 'B5' }), unit: 'dozen' }),
    `{"type": "listing", "name": "${'x'.repeat(10 * 1024 * 1024)}"}`,
    good('B6'),
  ];

  it('reports each bad line with its number and reason and imports the valid ones', async () => {
    const summary = await importFeed(ctx.db, readFeed(write('bad.jsonl', badLines.join('\n'))));
    expect(summary.accepted).toBe(3);
    expect(summary.rejections.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8]);
    const reasons = Object.fromEntries(summary.rejections.map((r) => [r.line, r.reason]));
    expect(reasons[3]).toMatch(/JSON/);
    expect(reasons[4]).toMatch(/price/);
    expect(reasons[5]).toMatch(/above mrp/);
    expect(reasons[6]).toMatch(/unknown platform/);
    expect(reasons[7]).toMatch(/unit/);
    expect(reasons[8]).toMatch(/longer than/);
    const { rows } = await ctx.db.query<{ sku: string }>(
      `SELECT sku FROM platform_listings WHERE sku LIKE 'B%' ORDER BY sku`,
    );
    expect(rows.map((r) => r.sku)).toEqual(['B1', 'B6']);
  });

  it('strict mode imports nothing from a file with one bad line', async () => {
    const path = write(
      'strict.jsonl',
      [JSON.stringify(platform('gamma')), good('S1').replace('"alpha"', '"gamma"'), badLines[4]].join('\n'),
    );
    const summary = await importFeed(ctx.db, readFeed(path), { strict: true });
    expect(summary.status).toBe('rejected');
    expect(summary.accepted).toBe(0);
    expect(summary.rejections[0]!.line).toBe(3);
    const { rows } = await ctx.db.query(`SELECT 1 FROM platforms WHERE slug = 'gamma'`);
    expect(rows).toHaveLength(0);
  });

  it('reads gzip-compressed feeds', async () => {
    const path = write('feed.jsonl.gz', gzipSync([JSON.stringify(platform('alpha')), good('Z1')].join('\n')));
    const summary = await importFeed(ctx.db, readFeed(path));
    expect(summary).toMatchObject({ accepted: 2, rejected: 0 });
  });
});

describe('fixture sanity', () => {
  it('is present beside the checkout', () => {
    expect(readFileSync(fixturePath(), 'utf8').length).toBeGreaterThan(1000);
  });
});
