import { expect, it } from 'vitest';
import type { FeedRecord, ListingRecord } from '../../src/catalog/feed/records.ts';
import { importFeed, type NumberedLine } from '../../src/catalog/import/import-feed.ts';
import { seedActivity } from '../../src/catalog/seed-activity.ts';
import type { Database } from '../../src/db/database.ts';
import { createTestDatabase, describeEachDatabase } from '../support/databases.ts';

const NOW = new Date('2026-11-20T12:00:00+05:30');
const SEED = 7;
const DAYS = ['2026-11-18', '2026-11-19', '2026-11-20'];

/** Six products sold on two platforms (12 listings) in two cities, observed on three days. */
const PRODUCTS = [
  {
    key: 'milk',
    name: 'Amul Taaza Toned Milk',
    brand: 'Amul',
    category: ['Dairy, Bread & Eggs', 'Milk'],
    pack: '500 ml',
    quantity: 500,
    unit: 'ml',
    ean: '8901262010016',
    mrp: 29,
  },
  {
    key: 'eggs',
    name: 'Farm Fresh White Eggs',
    brand: null,
    category: ['Dairy, Bread & Eggs', 'Eggs'],
    pack: '6 pcs',
    quantity: 6,
    unit: 'pcs',
    ean: '8906004420014',
    mrp: 60,
  },
  {
    key: 'atta',
    name: 'Aashirvaad Whole Wheat Atta',
    brand: 'Aashirvaad',
    category: ['Atta, Rice & Dal', 'Atta & Flours'],
    pack: '5 kg',
    quantity: 5,
    unit: 'kg',
    ean: '8901725181222',
    mrp: 320,
  },
  {
    key: 'chips',
    name: "Lay's Classic Salted Potato Chips",
    brand: "Lay's",
    category: ['Snacks & Munchies', 'Chips & Crisps'],
    pack: '52 g',
    quantity: 52,
    unit: 'g',
    ean: '8901491101837',
    mrp: 20,
  },
  {
    key: 'detergent',
    name: 'Surf Excel Easy Wash Detergent Powder',
    brand: 'Surf Excel',
    category: ['Cleaning Essentials', 'Detergents'],
    pack: '1 kg',
    quantity: 1,
    unit: 'kg',
    ean: '8901030865237',
    mrp: 145,
  },
  {
    key: 'bread',
    name: 'Britannia Whole Wheat Bread',
    brand: 'Britannia',
    category: ['Dairy, Bread & Eggs', 'Bread & Pav'],
    pack: '400 g',
    quantity: 400,
    unit: 'g',
    ean: '8901063151864',
    mrp: 55,
  },
] as const;

function feed(): NumberedLine[] {
  const records: FeedRecord[] = [
    { type: 'platform', slug: 'quickly', name: 'Quickly', membership_name: 'Quickly Pass' },
    { type: 'platform', slug: 'dashmart', name: 'DashMart', membership_name: null },
  ];
  for (const platform of ['quickly', 'dashmart']) {
    for (const city of ['Pune', 'Mysuru']) {
      records.push({
        type: 'fees',
        platform,
        city,
        delivery_fee: platform === 'quickly' ? 25 : 30,
        free_delivery_above: platform === 'quickly' ? 199 : 149,
        handling_fee: 9,
        small_cart_fee: 15,
        small_cart_below: 99,
        observed_at: '2026-11-20T08:00:00+05:30',
      });
    }
  }
  records.push({
    type: 'coupon',
    platform: 'quickly',
    code: 'FIRST50',
    title: 'Flat ₹50 off on your first order',
    amount_off: 50,
    min_cart_value: 299,
    new_users_only: true,
    valid_until: '2026-12-31T23:59:00+05:30',
  });
  PRODUCTS.forEach((p, index) => {
    for (const platform of ['quickly', 'dashmart'] as const) {
      DAYS.forEach((day, d) => {
        // Prices move a little each day and differ by platform, so history has changes to derive.
        const price = Math.min(
          p.mrp,
          Math.round(p.mrp * (0.88 + 0.03 * d + (platform === 'quickly' ? 0 : 0.04))),
        );
        const record: ListingRecord = {
          type: 'listing',
          platform,
          sku: `${platform === 'quickly' ? 'QK' : 'DM'}-${p.key.toUpperCase()}`,
          name: `${p.name} ${p.pack}`,
          brand: p.brand,
          category: [...p.category],
          pack: p.pack,
          quantity: p.quantity,
          unit: p.unit,
          pack_count: 1,
          ean: p.ean,
          mrp: p.mrp,
          price,
          observed_at: `${day}T09:00:00+05:30`,
          availability: [
            {
              city: 'Pune',
              pincode: platform === 'quickly' ? '411001' : '411038',
              in_stock: !(platform === 'dashmart' && index === 1),
              stock_qty: 5 + index * 3 + d,
              eta_minutes: 9 + index + (platform === 'quickly' ? 0 : 4),
            },
            {
              city: 'Mysuru',
              pincode: '570001',
              in_stock: index !== 3 || d < 2,
              stock_qty: index === 3 && d === 2 ? 0 : 8 + index,
              eta_minutes: 14 + index,
            },
          ],
        };
        if (platform === 'quickly' && price > 10) record.member_price = price - 2;
        if (index === 2 && d === 2) {
          record.offers = [
            {
              kind: 'flash_sale',
              title: '10% off for the next 3 hours',
              percent_off: 10,
              ends_at: '2026-11-20T15:00:00+05:30',
            },
            { kind: 'bank', title: '10% off with HDFC Bank cards', percent_off: 10 },
          ];
        }
        records.push(record);
      });
    }
  });
  return records.map((record, i) => ({ line: i + 1, record }));
}

const NOT_SEEDED = ['schema_migrations', 'feed_rejections', 'api_keys'];

async function tableCounts(db: Database): Promise<Record<string, number>> {
  const { rows } = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of rows) {
    const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table_name}`);
    counts[table_name] = r.rows[0]!.n;
  }
  return counts;
}

async function fingerprint(db: Database, tables: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of tables) {
    const r = await db.query<{ h: string | null }>(
      `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM ${table} t`,
    );
    out[table] = r.rows[0]!.h ?? '';
  }
  return out;
}

async function importAndSeed(db: Database, seed: number): Promise<Record<string, number>> {
  const summary = await importFeed(db, feed(), { source: 'seed-activity-test' });
  expect(summary.rejected).toBe(0);
  return seedActivity(db, { seed, now: NOW, users: 25 });
}

const emails = async (db: Database) =>
  (await db.query<{ email: string }>('SELECT email FROM users ORDER BY id')).rows.map((r) => r.email);

describeEachDatabase('seedActivity', (ctx) => {
  let added: Record<string, number> = {};

  it('fills every table the feed leaves empty', async () => {
    added = await importAndSeed(ctx.db, SEED);
    const counts = await tableCounts(ctx.db);
    expect(Object.keys(counts)).toHaveLength(60);
    const empty = Object.entries(counts)
      .filter(([table, n]) => n === 0 && !NOT_SEEDED.includes(table))
      .map(([table]) => table);
    expect(empty).toEqual([]);
    expect(counts.api_keys).toBe(0);
    expect(added.users).toBe(25);
    for (const [table, n] of Object.entries(added)) {
      expect(n, table).toBeGreaterThan(0);
      if (table !== 'loyalty_programs') expect(counts[table], table).toBe(n);
    }
  });

  it('makes plausible shoppers and derives pricing data from the catalog', async () => {
    const { rows: users } = await ctx.db.query<{ email: string; phone: string; city_id: number | null }>(
      'SELECT email, phone, city_id FROM users',
    );
    for (const u of users) {
      expect(u.email).toMatch(/^[a-z]+\.[a-z]+\d+@example\.in$/);
      expect(u.phone).toMatch(/^\+91 [6-9]\d{4} \d{5}$/);
      expect(u.city_id).not.toBeNull();
    }
    // The best price of every comparison is the product's lowest current price.
    const { rows: wrongBest } = await ctx.db.query(
      `SELECT ch.id FROM comparison_history ch
        WHERE ch.best_price <> (SELECT min(price) FROM current_prices cp WHERE cp.product_id = ch.product_id)
          AND NOT EXISTS (SELECT 1 FROM availability_status a JOIN current_prices cp ON cp.listing_id = a.listing_id
                           WHERE cp.product_id = ch.product_id AND a.city_id = ch.city_id AND NOT a.in_stock)`,
    );
    expect(wrongBest).toEqual([]);
    // Bundles are 2–3 products of the platform, cheaper together.
    const { rows: bundles } = await ctx.db.query<{ n: number; bundle_price: number; total: number }>(
      `SELECT cardinality(b.product_ids) AS n, b.bundle_price,
              (SELECT sum(p) FROM (SELECT min(cp.price) AS p FROM current_prices cp
                                    WHERE cp.platform_id = b.platform_id AND cp.product_id = ANY (b.product_ids)
                                    GROUP BY cp.product_id) x) AS total
         FROM bundle_deals b`,
    );
    for (const b of bundles) {
      expect(b.n).toBeGreaterThanOrEqual(2);
      expect(b.n).toBeLessThanOrEqual(3);
      expect(b.bundle_price).toBeLessThan(b.total);
    }
    // Seven days of predictions for every product on every platform, starting tomorrow (India time).
    const { rows: predictions } = await ctx.db.query<{ days: number; first: string }>(
      `SELECT count(DISTINCT predicted_for)::int AS days, min(predicted_for)::text AS first FROM price_predictions`,
    );
    expect(predictions[0]).toEqual({ days: 7, first: '2026-11-21' });
    const { rows: synonyms } = await ctx.db.query<{ canonical: string }>(
      `SELECT canonical FROM product_synonyms WHERE term = 'dahi' AND kind = 'product'`,
    );
    expect(synonyms).toEqual([{ canonical: 'curd' }]);
    const { rows: eggs } = await ctx.db.query<{ value: string }>(
      `SELECT a.value FROM product_attributes a JOIN products p ON p.id = a.product_id
        WHERE p.name ILIKE '%eggs%' AND a.name = 'diet'`,
    );
    expect(eggs).toEqual([{ value: 'non-veg' }]);
    const { rows: loyalty } = await ctx.db.query<{ monthly_fee: number | null; benefits: string | null }>(
      'SELECT monthly_fee, benefits FROM loyalty_programs',
    );
    expect(loyalty).toHaveLength(1);
    expect(loyalty[0]!.monthly_fee).toBeGreaterThan(0);
    expect(loyalty[0]!.benefits).toContain('Member-only prices');
    // Scorecards cover the feed's three days for both platforms in both cities.
    const { rows: perf } = await ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM platform_performance',
    );
    expect(perf[0]!.n).toBe(2 * 2 * 3);
  });

  it('adds nothing when called again', async () => {
    const before = await tableCounts(ctx.db);
    expect(await seedActivity(ctx.db, { seed: SEED, now: NOW })).toEqual({});
    expect(await tableCounts(ctx.db)).toEqual(before);
  });

  it('gives the same rows for the same seed and other shoppers for another seed', async () => {
    const seeded = Object.keys(added);
    const first = { emails: await emails(ctx.db), tables: await fingerprint(ctx.db, seeded) };
    const same = await createTestDatabase(ctx.db.kind);
    const other = await createTestDatabase(ctx.db.kind);
    try {
      await importAndSeed(same.db, SEED);
      expect(await emails(same.db)).toEqual(first.emails);
      expect(await fingerprint(same.db, seeded)).toEqual(first.tables);
      await importAndSeed(other.db, SEED + 1);
      expect(await emails(other.db)).not.toEqual(first.emails);
    } finally {
      await same.drop();
      await other.drop();
    }
  }, 120_000);
});
