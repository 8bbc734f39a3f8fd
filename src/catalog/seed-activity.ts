import type { Database, Queryable } from '../db/database.ts';

/**
 * Demo activity: after a catalog import, fills every table the price feed does not (shoppers and what they
 * did, derived pricing data, campaigns, product content, synonyms and service analytics), so each of the
 * schema's tables has plausible rows to ask about. api_keys stays empty: keys are made by `qcd keys create`.
 *
 * Everything is set-based SQL in one transaction. Randomness is a hash of (seed, purpose, row key) rather than
 * a sequence, so the rows do not depend on the order a plan produces them in: the same seed over the same
 * catalog gives the same rows on PGlite and PostgreSQL alike.
 */
export interface SeedActivityOptions {
  seed: number;
  /** The reference moment: activity lies before it, predictions, campaigns and offers around and after it. */
  now: Date;
  /** Shoppers to create (default 60). */
  users?: number;
}

export const DEFAULT_SEED_USERS = 60;
const LOCK_KEY = 4_242_002;
const IST = `'Asia/Kolkata'`;

/** Rows added per table; {} when users already had rows (activity is seeded once). */
export async function seedActivity(
  db: Database,
  options: SeedActivityOptions,
): Promise<Record<string, number>> {
  const users = Math.max(1, Math.floor(options.users ?? DEFAULT_SEED_USERS));
  if (!Number.isFinite(options.seed)) throw new Error('seed must be a finite number');
  if (Number.isNaN(options.now.getTime())) throw new Error('now must be a valid date');
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
    const { rows } = await tx.query<{ present: boolean }>('SELECT EXISTS (SELECT 1 FROM users) AS present');
    if (rows[0]?.present) return {};
    const ctx = makeContext(tx, Math.trunc(options.seed), options.now);
    const added: Record<string, number> = {};
    const run = async (table: string, step: (c: Ctx) => Promise<number>) => {
      added[table] = (added[table] ?? 0) + (await step(ctx));
    };

    await run('users', (c) => insertUsers(c, users));
    await createWorkTables(ctx);

    await run('user_preferences', insertUserPreferences);
    await run('search_history', insertSearchHistory);
    await run('shopping_lists', insertShoppingLists);
    await run('shopping_list_items', insertShoppingListItems);
    await run('comparison_history', insertComparisonHistory);
    await run('user_behavior', insertUserBehavior);
    await run('price_alerts', insertPriceAlerts);
    await run('stock_alerts', insertStockAlerts);

    await run('product_attributes', insertProductAttributes);
    await run('product_images', insertProductImages);
    await run('product_descriptions', insertProductDescriptions);
    await run('product_synonyms', insertProductSynonyms);

    await run('price_predictions', insertPricePredictions);
    await run('competitor_prices', insertCompetitorPrices);
    await run('price_elasticity', insertPriceElasticity);
    await run('seasonal_pricing', insertSeasonalPricing);
    await run('regional_pricing', insertRegionalPricing);
    await run('bulk_pricing', insertBulkPricing);
    await run('surge_pricing', insertSurgePricing);

    await run('promotional_campaigns', insertPromotionalCampaigns);
    await run('cashback_offers', insertCashbackOffers);
    await run('bundle_deals', insertBundleDeals);
    await run('loyalty_programs', updateLoyaltyPrograms);

    await run('query_logs', insertQueryLogs);
    await run('performance_metrics', insertPerformanceMetrics);
    await run('api_usage_stats', insertApiUsageStats);
    await run('error_logs', insertErrorLogs);
    await run('user_analytics', insertUserAnalytics);
    await run('platform_performance', insertPlatformPerformance);
    await run('conversion_tracking', insertConversionTracking);
    await run('ab_test_results', insertAbTestResults);
    return added;
  });
}

// ---------------------------------------------------------------------------------------------------------
// SQL helpers

interface Ctx {
  tx: Queryable;
  seed: number;
  now: Date;
  /** SQL literal of the reference moment. */
  NOW: string;
  /** SQL expression: the reference moment's calendar day in India. */
  TODAY: string;
  /** SQL expression: a uniform number in [0, 1) from the seed, a purpose and row key expressions. */
  rnd(salt: string, ...keys: string[]): string;
  /** SQL expression: a 1-based index into n items. */
  pick(salt: string, n: number | string, ...keys: string[]): string;
  /** SQL expression: an integer in [lo, hi]. */
  int(salt: string, lo: number, hi: number, ...keys: string[]): string;
  /** SQL expression: a time up to `days` days before the reference moment, whole seconds. */
  ago(salt: string, days: number, ...keys: string[]): string;
  counts: { users: number; products: number; listings: number; cities: number; platforms: number };
  exec(sql: string, params?: unknown[]): Promise<number>;
}

function makeContext(tx: Queryable, seed: number, now: Date): Ctx {
  const NOW = `'${now.toISOString()}'::timestamptz`;
  const rnd = (salt: string, ...keys: string[]) => {
    const key = keys.length === 0 ? `''` : keys.map((k) => `(${k})::text`).join(` || '|' || `);
    return `((('x' || substr(md5('${seed}|${salt}|' || ${key}), 1, 8))::bit(32)::int::float8 + 2147483648.0) / 4294967296.0)`;
  };
  return {
    tx,
    seed,
    now,
    NOW,
    TODAY: `((${NOW} AT TIME ZONE ${IST})::date)`,
    rnd,
    pick: (salt, n, ...keys) => `(1 + floor(${rnd(salt, ...keys)} * (${n}))::int)`,
    int: (salt, lo, hi, ...keys) => `(${lo} + floor(${rnd(salt, ...keys)} * ${hi - lo + 1})::int)`,
    ago: (salt, days, ...keys) =>
      `(${NOW} - make_interval(secs => floor(${rnd(salt, ...keys)} * ${days * 86_400})))`,
    counts: { users: 0, products: 0, listings: 0, cities: 0, platforms: 0 },
    async exec(sql, params = []) {
      return (await tx.query(sql, params)).rowCount;
    },
  };
}

/** Whole rupees (at least 1) and paise-rounded money from a float expression. */
const rupees = (expr: string) => `greatest(1::numeric, round((${expr})::numeric, 0))`;
const money = (expr: string) => `greatest(0.01::numeric, round((${expr})::numeric, 2))`;

/** Deterministic xorshift-multiply PRNG for the rows made in TypeScript (names and phones). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Product kinds drive shelf life, storage, descriptions and elasticity. The leaf category is matched first
 * (aisle names are curated), then the product name, then the top-level category.
 */
const KINDS: readonly (readonly [string, string])[] = [
  ['frozen', 'frozen|ice cream'],
  ['household', 'clean|detergent|dishwash|toilet|floor|laundry|fabric|insect'],
  ['personal', 'personal|bath|body|soap|shampoo|hair|oral|tooth|skin|deo|face'],
  ['baby', 'baby|diaper|wipes'],
  ['bakery', 'bread|pav|bun|rusk|cake'],
  ['breakfast', 'cereal|oats|flakes|muesli|jam|honey|spread|sauce|ketchup'],
  ['beverage', 'drink|juice|soda|cola|water|tea|coffee|beverage'],
  ['dairy', 'milk|curd|yogurt|yoghurt|dahi|paneer|butter|cheese|cream|lassi|tofu|dairy'],
  ['egg', 'eggs?\\M'],
  ['fresh', 'fruit|vegetable|greens|herb|banana|apple|onion|potato|tomato|coriander'],
  ['snack', 'chips|crisps|namkeen|bhujia|biscuit|cookie|munch|snack|chocolate|wafer|sweet'],
  ['instant', 'noodle|pasta|instant|soup|ready'],
  ['staple', 'atta|flour|rice|dal|pulse|salt|sugar|oil|ghee|masala|spice|besan|sooji'],
];

function kindOf(expr: string): string {
  return `CASE ${KINDS.map(([kind, re]) => `WHEN ${expr} ~* '\\m(${re})' THEN '${kind}'`).join(' ')} END`;
}

const NON_VEG = `'\\m(eggs?|chicken|mutton|fish|prawns?|meat|keema)\\M'`;

// ---------------------------------------------------------------------------------------------------------
// Shoppers

const FIRST_NAMES = [
  'Aarav',
  'Vivaan',
  'Aditya',
  'Arjun',
  'Rohan',
  'Karthik',
  'Siddharth',
  'Rahul',
  'Vikram',
  'Nikhil',
  'Pranav',
  'Harsh',
  'Ishaan',
  'Kabir',
  'Aniket',
  'Manish',
  'Suresh',
  'Rajesh',
  'Venkatesh',
  'Arvind',
  'Imran',
  'Farhan',
  'Gurpreet',
  'Joseph',
  'Abhishek',
  'Priya',
  'Ananya',
  'Diya',
  'Aditi',
  'Kavya',
  'Sneha',
  'Pooja',
  'Neha',
  'Meera',
  'Lakshmi',
  'Divya',
  'Shreya',
  'Ritika',
  'Sanjana',
  'Isha',
  'Nandini',
  'Fatima',
  'Zoya',
  'Harpreet',
  'Simran',
  'Anita',
  'Deepa',
  'Swati',
  'Tanvi',
  'Revathi',
] as const;

const LAST_NAMES = [
  'Sharma',
  'Verma',
  'Gupta',
  'Iyer',
  'Reddy',
  'Nair',
  'Menon',
  'Patel',
  'Shah',
  'Mehta',
  'Desai',
  'Joshi',
  'Kulkarni',
  'Deshpande',
  'Rao',
  'Naidu',
  'Pillai',
  'Banerjee',
  'Chatterjee',
  'Mukherjee',
  'Das',
  'Bose',
  'Singh',
  'Kaur',
  'Gill',
  'Khan',
  'Qureshi',
  'Siddiqui',
  'Fernandes',
  'Dsouza',
  'Agarwal',
  'Bansal',
  'Malhotra',
  'Kapoor',
  'Chopra',
  'Saxena',
  'Mishra',
  'Pandey',
  'Yadav',
  'Krishnan',
  'Subramanian',
  'Hegde',
  'Shetty',
  'Kamath',
] as const;

async function insertUsers(c: Ctx, count: number): Promise<number> {
  const { rows: cities } = await c.tx.query<{ id: number }>('SELECT id FROM cities ORDER BY id');
  const rng = mulberry32(c.seed ^ 0x5eed);
  const pickOf = <T>(list: readonly T[]) => list[Math.floor(rng() * list.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rng() * 10)).join('');
  const emails: string[] = [];
  const names: string[] = [];
  const phones: string[] = [];
  const cityIds: (number | null)[] = [];
  const created: string[] = [];
  for (let i = 0; i < count; i++) {
    const first = pickOf(FIRST_NAMES);
    const last = pickOf(LAST_NAMES);
    // Disjoint ranges per shopper keep the numbers unique without looking sequential.
    const n = 10 + i * 9 + Math.floor(rng() * 9);
    emails.push(`${first.toLowerCase()}.${last.toLowerCase()}${n}@example.in`);
    names.push(`${first} ${last}`);
    phones.push(`+91 ${pickOf(['6', '7', '8', '9'])}${digits(4)} ${digits(5)}`);
    cityIds.push(cities.length > 0 ? pickOf(cities).id : null);
    const daysAgo = 35 + rng() * 400;
    created.push(new Date(c.now.getTime() - Math.floor(daysAgo * 86_400) * 1000).toISOString());
  }
  return c.exec(
    `INSERT INTO users (email, full_name, phone, city_id, created_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[])`,
    [emails, names, phones, cityIds, created],
  );
}

/** Numbered snapshots of what the seeding picks from, dropped at commit. */
async function createWorkTables(c: Ctx): Promise<void> {
  await c.tx.exec(`
    CREATE TEMP TABLE seed_users ON COMMIT DROP AS
      SELECT row_number() OVER (ORDER BY id)::int AS rn, id, city_id FROM users;
    CREATE TEMP TABLE seed_cities ON COMMIT DROP AS
      SELECT row_number() OVER (ORDER BY id)::int AS rn, id, name FROM cities;
    CREATE TEMP TABLE seed_platforms ON COMMIT DROP AS
      SELECT row_number() OVER (ORDER BY id)::int AS rn, id, slug, name, membership_name FROM platforms;
    CREATE TEMP TABLE seed_listings ON COMMIT DROP AS
      SELECT row_number() OVER (ORDER BY l.id)::int AS rn, l.id AS listing_id, l.product_id, l.platform_id, l.sku,
             l.title, cp.price, cp.mrp, pf.slug, pf.name AS platform_name
        FROM platform_listings l
        JOIN current_prices cp ON cp.listing_id = l.id
        JOIN platforms pf ON pf.id = l.platform_id;
    CREATE TEMP TABLE seed_products ON COMMIT DROP AS
      SELECT row_number() OVER (ORDER BY p.id)::int AS rn, p.id, p.name, p.pack_label, b.name AS brand,
             p.category_id, c.name AS category, top.id AS top_id, top.name AS top_name,
             coalesce(${kindOf('c.name')}, ${kindOf('p.name')}, ${kindOf('top.name')}, 'grocery') AS kind,
             (c.name || ' ' || p.name) ~* ${NON_VEG} AS non_veg,
             pr.min_price, pr.max_price, pr.mrp
        FROM products p
        JOIN product_categories c ON c.id = p.category_id
        JOIN product_categories top ON top.path = split_part(c.path, ' > ', 1)
        LEFT JOIN product_brands b ON b.id = p.brand_id
        JOIN (SELECT product_id, min(price) AS min_price, max(price) AS max_price, max(mrp) AS mrp
                FROM current_prices GROUP BY product_id) pr ON pr.product_id = p.id;
    CREATE TEMP TABLE seed_out_of_stock ON COMMIT DROP AS
      SELECT row_number() OVER (ORDER BY a.in_stock, a.listing_id, a.city_id)::int AS rn, a.listing_id,
             a.product_id, a.platform_id, a.city_id
        FROM availability_status a
       WHERE NOT a.in_stock OR NOT EXISTS (SELECT 1 FROM availability_status WHERE NOT in_stock);
    ANALYZE seed_users, seed_cities, seed_platforms, seed_listings, seed_products, seed_out_of_stock;
  `);
  const { rows } = await c.tx.query<Ctx['counts']>(
    `SELECT (SELECT count(*) FROM seed_users)::int AS users, (SELECT count(*) FROM seed_products)::int AS products,
            (SELECT count(*) FROM seed_listings)::int AS listings, (SELECT count(*) FROM seed_cities)::int AS cities,
            (SELECT count(*) FROM seed_platforms)::int AS platforms`,
  );
  Object.assign(c.counts, rows[0]);
}

async function insertUserPreferences(c: Ctx): Promise<number> {
  return c.exec(`
    INSERT INTO user_preferences (user_id, city_id, pincode, preferred_platform_ids, has_memberships,
                                  notify_price_drops)
    SELECT u.id, u.city_id,
           (SELECT pc.pincode FROM pincodes pc WHERE pc.city_id = u.city_id
             ORDER BY ${c.rnd('pref_pin', 'u.rn', 'pc.pincode')}, pc.pincode LIMIT 1),
           ARRAY(SELECT pf.id FROM seed_platforms pf
                  WHERE ${c.rnd('pref_pf', 'u.rn', 'pf.rn')} < 0.45 ORDER BY pf.id),
           ARRAY(SELECT pf.membership_name FROM seed_platforms pf
                  WHERE pf.membership_name IS NOT NULL AND ${c.rnd('pref_mem', 'u.rn', 'pf.rn')} < 0.3
                  ORDER BY pf.id),
           ${c.rnd('pref_notify', 'u.rn')} < 0.8
      FROM seed_users u`);
}

/** Questions shoppers type; placeholders are filled from the catalog. */
const SEARCH_TEMPLATES = [
  'cheapest {product}',
  'cheapest {product} in {city}',
  '{product} price on {platform}',
  'compare {product} prices',
  'which app has the cheapest {category}',
  '{category} under 100 rupees',
  'best deals on {category} today',
  'is {product} in stock in {city}',
  'fastest delivery for {product} in {city}',
  '{product} price history last 30 days',
  'discounts above 20% on {category}',
  'member price of {product} on {platform}',
  'has {product} got cheaper this week',
  'unit price of {category}',
  'cheapest platform for milk, bread and eggs in {city}',
  'coupons on {platform} today',
  'delivery fee on {platform} in {city}',
  'flash sales on {platform} right now',
  '{category} offers in {city}',
  'lowest price for {product} with free delivery',
];

const fillTemplate = (tpl: string) =>
  `replace(replace(replace(replace(${tpl}, '{product}', lower(p.name)), '{category}', lower(p.category)),
                   '{city}', coalesce(ci.name, 'my area')), '{platform}', pf.name)`;

async function insertSearchHistory(c: Ctx): Promise<number> {
  const { products, platforms } = c.counts;
  return c.exec(
    `INSERT INTO search_history (user_id, query, city_id, searched_at)
     SELECT u.id, ${fillTemplate('t.tpl')}, u.city_id, ${c.ago('sh_at', 30, 'u.rn', 'g.k')}
       FROM seed_users u
      CROSS JOIN LATERAL generate_series(1, ${c.int('sh_n', 2, 8, 'u.rn')}) AS g(k)
       JOIN seed_products p ON p.rn = ${c.pick('sh_p', products, 'u.rn', 'g.k')}
       JOIN seed_platforms pf ON pf.rn = ${c.pick('sh_pf', platforms, 'u.rn', 'g.k')}
       JOIN unnest($1::text[]) WITH ORDINALITY AS t(tpl, i) ON t.i = ${c.pick('sh_t', SEARCH_TEMPLATES.length, 'u.rn', 'g.k')}
       LEFT JOIN seed_cities ci ON ci.id = u.city_id`,
    [SEARCH_TEMPLATES],
  );
}

const LIST_NAMES = [
  'Weekly groceries',
  'Monthly staples',
  'Breakfast essentials',
  'Party snacks',
  'Festive shopping',
  'Cleaning supplies',
  'Healthy picks',
  'Kids tiffin',
  'Guests this weekend',
  'Restock kitchen',
];

async function insertShoppingLists(c: Ctx): Promise<number> {
  const n = LIST_NAMES.length;
  return c.exec(
    `INSERT INTO shopping_lists (user_id, name, created_at)
     SELECT u.id, l.name, ${c.ago('sl_at', 60, 'u.rn', 'g.k')}
       FROM seed_users u
      CROSS JOIN LATERAL generate_series(1, CASE WHEN u.rn = 1 OR ${c.rnd('sl_has', 'u.rn')} < 0.6
                                                 THEN ${c.int('sl_n', 1, 2, 'u.rn')} ELSE 0 END) AS g(k)
       JOIN unnest($1::text[]) WITH ORDINALITY AS l(name, i)
         ON l.i = 1 + (floor(${c.rnd('sl_name', 'u.rn')} * ${n})::int + g.k - 1) % ${n}
      ORDER BY u.rn, g.k`,
    [LIST_NAMES],
  );
}

async function insertShoppingListItems(c: Ctx): Promise<number> {
  return c.exec(`
    INSERT INTO shopping_list_items (list_id, product_id, quantity)
    SELECT DISTINCT ON (sl.id, p.id) sl.id, p.id, ${c.int('sli_q', 1, 3, 'u.rn', 'sl.name', 'g.k')}
      FROM shopping_lists sl
      JOIN seed_users u ON u.id = sl.user_id
     CROSS JOIN LATERAL generate_series(1, ${c.int('sli_n', 3, 8, 'u.rn', 'sl.name')}) AS g(k)
      JOIN seed_products p ON p.rn = ${c.pick('sli_p', c.counts.products, 'u.rn', 'sl.name', 'g.k')}
     ORDER BY sl.id, p.id, g.k`);
}

/** The cheapest listing of the product, preferring ones in stock in the shopper's city. */
async function insertComparisonHistory(c: Ctx): Promise<number> {
  return c.exec(`
    WITH best AS (
      SELECT DISTINCT ON (l.product_id, ci.id) l.product_id, ci.id AS city_id, l.platform_id, l.price
        FROM seed_listings l
       CROSS JOIN (SELECT id FROM seed_cities UNION ALL SELECT 0) ci
        LEFT JOIN availability_status a ON a.listing_id = l.listing_id AND a.city_id = ci.id
       ORDER BY l.product_id, ci.id, (a.in_stock IS TRUE) DESC, l.price, l.platform_id
    )
    INSERT INTO comparison_history (user_id, product_id, city_id, best_platform_id, best_price, compared_at)
    SELECT u.id, p.id, u.city_id, b.platform_id, b.price, ${c.ago('ch_at', 30, 'u.rn', 'g.k')}
      FROM seed_users u
     CROSS JOIN LATERAL generate_series(1, ${c.int('ch_n', 1, 5, 'u.rn')}) AS g(k)
      JOIN seed_products p ON p.rn = ${c.pick('ch_p', c.counts.products, 'u.rn', 'g.k')}
      JOIN best b ON b.product_id = p.id AND b.city_id = coalesce(u.city_id, 0)
     ORDER BY u.rn, g.k`);
}

async function insertUserBehavior(c: Ctx): Promise<number> {
  return c.exec(`
    INSERT INTO user_behavior (user_id, event_type, product_id, platform_id, occurred_at)
    SELECT u.id, e.t,
           CASE WHEN e.t = 'search' THEN NULL ELSE l.product_id END,
           CASE WHEN e.t IN ('view', 'click_out') THEN l.platform_id END,
           ${c.ago('ub_at', 30, 'u.rn', 'g.k')}
      FROM seed_users u
     CROSS JOIN LATERAL generate_series(1, ${c.int('ub_n', 5, 20, 'u.rn')}) AS g(k)
      JOIN seed_listings l ON l.rn = ${c.pick('ub_l', c.counts.listings, 'u.rn', 'g.k')}
     CROSS JOIN LATERAL (
       SELECT CASE WHEN g.k = 1 THEN 'click_out' WHEN r < 0.40 THEN 'view' WHEN r < 0.60 THEN 'search'
                   WHEN r < 0.75 THEN 'compare' WHEN r < 0.87 THEN 'click_out' WHEN r < 0.95 THEN 'add_to_list'
                   ELSE 'alert_set' END AS t
         FROM (SELECT ${c.rnd('ub_t', 'u.rn', 'g.k')} AS r) x) e
     ORDER BY u.rn, g.k`);
}

async function insertPriceAlerts(c: Ctx): Promise<number> {
  return c.exec(`
    INSERT INTO price_alerts (user_id, product_id, platform_id, target_price, is_active, created_at, triggered_at)
    SELECT u.id, l.product_id,
           CASE WHEN ${c.rnd('pa_any', 'u.rn', 'g.k')} < 0.3 THEN NULL ELSE l.platform_id END,
           ${rupees(`l.price * (0.80 + 0.15 * ${c.rnd('pa_tp', 'u.rn', 'g.k')})`)},
           NOT x.triggered, x.created,
           CASE WHEN x.triggered THEN date_trunc('second', x.created + (${c.NOW} - x.created) * ${c.rnd('pa_trig_at', 'u.rn', 'g.k')}) END
      FROM seed_users u
     CROSS JOIN LATERAL generate_series(1, CASE WHEN u.rn = 1 OR ${c.rnd('pa_has', 'u.rn')} < 0.4
                                                THEN ${c.int('pa_n', 1, 2, 'u.rn')} ELSE 0 END) AS g(k)
      JOIN seed_listings l ON l.rn = ${c.pick('pa_l', c.counts.listings, 'u.rn', 'g.k')}
     CROSS JOIN LATERAL (SELECT ${c.rnd('pa_trig', 'u.rn', 'g.k')} < 0.15 AS triggered,
                                ${c.ago('pa_at', 21, 'u.rn', 'g.k')} AS created) x
     ORDER BY u.rn, g.k`);
}

/** Shoppers wait for listings that are out of stock in some city (or any listing when none is). */
async function insertStockAlerts(c: Ctx): Promise<number> {
  const { rows } = await c.tx.query<{ n: number }>('SELECT count(*)::int AS n FROM seed_out_of_stock');
  return c.exec(`
    INSERT INTO stock_alerts (user_id, product_id, platform_id, city_id, is_active, created_at)
    SELECT u.id, o.product_id,
           CASE WHEN ${c.rnd('sa_any', 'u.rn')} < 0.2 THEN NULL ELSE o.platform_id END,
           o.city_id, ${c.rnd('sa_active', 'u.rn')} < 0.85, ${c.ago('sa_at', 14, 'u.rn')}
      FROM seed_users u
      JOIN seed_out_of_stock o ON o.rn = ${c.pick('sa_o', rows[0]?.n ?? 0, 'u.rn')}
     WHERE u.rn = 1 OR ${c.rnd('sa_has', 'u.rn')} < 0.25
     ORDER BY u.rn`);
}

// ---------------------------------------------------------------------------------------------------------
// Product content

const SHELF_LIFE: Record<string, string> = {
  dairy: '5 days',
  egg: '14 days',
  bakery: '4 days',
  fresh: '3 days',
  frozen: '12 months',
  beverage: '6 months',
  snack: '4 months',
  instant: '9 months',
  staple: '9 months',
  breakfast: '9 months',
  household: '24 months',
  personal: '24 months',
  baby: '36 months',
  grocery: '6 months',
};

const STORAGE: Record<string, string> = {
  dairy: 'Keep refrigerated below 4 °C',
  egg: 'Refrigerate; use within 2 weeks',
  frozen: 'Keep frozen at -18 °C or below',
  fresh: 'Store in a cool place; refrigerate after cutting',
  bakery: 'Store in a cool, dry place; refrigerate after opening',
};

const BLURB: Record<string, string> = {
  dairy: 'Fresh dairy, packed hygienically and delivered chilled.',
  egg: 'Farm-fresh eggs, cleaned and graded before packing.',
  bakery: 'Baked fresh and delivered soft; best within a few days.',
  fresh: 'Handpicked and quality-checked every morning before delivery.',
  frozen: 'Frozen at source to lock in taste and freshness.',
  beverage: 'Best served chilled.',
  snack: 'A crunchy anytime snack for tea-time and get-togethers.',
  instant: 'Ready in minutes: a quick meal for busy days.',
  staple: 'An everyday kitchen essential for Indian cooking.',
  breakfast: 'A quick and tasty start to the day.',
  household: 'Tough on stains and dirt, gentle on surfaces.',
  personal: 'Dermatologically tested for everyday use.',
  baby: "Gentle and safe for your baby's delicate skin.",
  grocery: 'Quality groceries delivered to your door in minutes.',
};

const FOOD_KINDS = [
  'dairy',
  'egg',
  'bakery',
  'fresh',
  'frozen',
  'beverage',
  'snack',
  'instant',
  'staple',
  'breakfast',
  'grocery',
];

const byKind = (map: Record<string, string>, fallback: string) =>
  `CASE p.kind ${Object.entries(map)
    .map(([k, v]) => `WHEN '${k}' THEN '${v.replaceAll("'", "''")}'`)
    .join(' ')} ELSE '${fallback.replaceAll("'", "''")}' END`;

async function insertProductAttributes(c: Ctx): Promise<number> {
  return c.exec(
    `INSERT INTO product_attributes (product_id, name, value)
     SELECT p.id, a.name, a.value
       FROM seed_products p
      CROSS JOIN LATERAL (VALUES
        ('diet', CASE WHEN p.kind <> ALL ($1::text[]) THEN NULL WHEN p.non_veg THEN 'non-veg' ELSE 'veg' END),
        ('shelf_life', ${byKind(SHELF_LIFE, '6 months')}),
        ('storage', ${byKind(STORAGE, 'Store in a cool, dry place away from sunlight')}),
        ('country_of_origin', 'India')
      ) AS a(name, value)
      WHERE a.value IS NOT NULL
     ON CONFLICT (product_id, name) DO NOTHING`,
    [FOOD_KINDS],
  );
}

async function insertProductImages(c: Ctx): Promise<number> {
  return c.exec(`
    INSERT INTO product_images (product_id, platform_id, url, is_primary)
    SELECT product_id, platform_id, url, is_primary FROM (
      SELECT p.id AS product_id, NULL::int AS platform_id,
             'https://img.example.in/products/' || p.id || '/main.jpg' AS url, true AS is_primary, 0 AS o
        FROM seed_products p
      UNION ALL
      SELECT l.product_id, l.platform_id,
             'https://img.example.in/' || l.slug || '/' || regexp_replace(lower(l.sku), '[^a-z0-9_-]+', '-', 'g') || '.jpg',
             false, l.rn
        FROM seed_listings l
    ) i ORDER BY product_id, o`);
}

async function insertProductDescriptions(c: Ctx): Promise<number> {
  return c.exec(`
    INSERT INTO product_descriptions (product_id, platform_id, language, description)
    SELECT product_id, platform_id, 'en', description FROM (
      SELECT p.id AS product_id, NULL::int AS platform_id, 0 AS o,
             p.name || ' (' || p.pack_label || ')' || coalesce(' by ' || p.brand, '') || '. ' || ${byKind(BLURB, BLURB.grocery!)} AS description
        FROM seed_products p
      UNION ALL
      SELECT l.product_id, l.platform_id, l.rn,
             'Buy ' || l.title || ' on ' || l.platform_name || ' and get it delivered in minutes.'
        FROM seed_listings l
       WHERE l.rn = 1 OR ${c.rnd('pd_l', 'l.listing_id')} < 0.3
    ) d ORDER BY product_id, o`);
}

/** Generic shopper words for catalog words; never product or brand names (those come from the catalog). */
const SYNONYMS: readonly (readonly [
  term: string,
  canonical: string,
  kind: 'product' | 'category' | 'query',
])[] = [
  ['dahi', 'curd', 'product'],
  ['yogurt', 'curd', 'product'],
  ['yoghurt', 'curd', 'product'],
  ['doodh', 'milk', 'product'],
  ['dudh', 'milk', 'product'],
  ['wheat flour', 'atta', 'product'],
  ['gehun atta', 'atta', 'product'],
  ['aata', 'atta', 'product'],
  ['washing powder', 'detergent', 'product'],
  ['laundry powder', 'detergent', 'product'],
  ['cold drink', 'soft drink', 'product'],
  ['cool drink', 'soft drink', 'product'],
  ['anda', 'egg', 'product'],
  ['ande', 'egg', 'product'],
  ['makhan', 'butter', 'product'],
  ['chawal', 'rice', 'product'],
  ['cheeni', 'sugar', 'product'],
  ['namak', 'salt', 'product'],
  ['pyaz', 'onion', 'product'],
  ['aloo', 'potato', 'product'],
  ['tamatar', 'tomato', 'product'],
  ['dhania', 'coriander', 'product'],
  ['daal', 'dal', 'product'],
  ['cottage cheese', 'paneer', 'product'],
  ['kela', 'banana', 'product'],
  ['shahad', 'honey', 'product'],
  ['desi ghee', 'ghee', 'product'],
  ['haldi', 'turmeric', 'product'],
  ['sabun', 'soap', 'product'],
  ['double roti', 'bread', 'product'],
  ['matar', 'pea', 'product'],
  ['nappy', 'diaper', 'product'],
  ['tomato sauce', 'ketchup', 'product'],
  ['sabzi', 'vegetables', 'category'],
  ['sabji', 'vegetables', 'category'],
  ['veggies', 'vegetables', 'category'],
  ['phal', 'fruits', 'category'],
  ['toiletries', 'personal care', 'category'],
  ['cleaning supplies', 'cleaning essentials', 'category'],
  ['nashta', 'breakfast', 'category'],
  ['chai patti', 'tea', 'query'],
  ['doodh packet', 'milk', 'query'],
  ['anda tray', 'egg', 'query'],
  ['refined oil', 'oil', 'query'],
  ['corn flakes', 'cornflake', 'query'],
];

async function insertProductSynonyms(c: Ctx): Promise<number> {
  return c.exec(
    `INSERT INTO product_synonyms (term, canonical, kind, language)
     SELECT term, canonical, kind, 'en' FROM unnest($1::text[], $2::text[], $3::text[]) AS s(term, canonical, kind)
     ON CONFLICT (term, kind) DO NOTHING`,
    [SYNONYMS.map((s) => s[0]), SYNONYMS.map((s) => s[1]), SYNONYMS.map((s) => s[2])],
  );
}

// ---------------------------------------------------------------------------------------------------------
// Pricing

/**
 * Seven days ahead from the current price, following the slope of the last 14 days of history (up to the
 * newest observation before the reference moment), damped and capped at 2% a day, never above MRP. Confidence
 * falls with the horizon and with how much the price has been moving.
 */
async function insertPricePredictions(c: Ctx): Promise<number> {
  return c.exec(`
    WITH anchor AS (
      SELECT coalesce(max(observed_at) FILTER (WHERE observed_at <= ${c.NOW}), max(observed_at)) AS at
        FROM current_prices
    ), base AS (
      SELECT product_id, platform_id, min(price)::float8 AS price, max(mrp) AS mrp
        FROM current_prices GROUP BY product_id, platform_id
    ), trend AS (
      SELECT h.product_id, h.platform_id, count(*) AS points,
             regr_slope(h.price::float8, extract(epoch FROM h.recorded_at - anchor.at)::float8 / 86400.0) AS slope,
             stddev_samp(h.price::float8) / nullif(avg(h.price::float8), 0) AS spread
        FROM price_history h CROSS JOIN anchor
       WHERE h.recorded_at > anchor.at - interval '14 days' AND h.recorded_at <= anchor.at
       GROUP BY h.product_id, h.platform_id
    )
    INSERT INTO price_predictions (product_id, platform_id, predicted_for, predicted_price, model, confidence,
                                   created_at)
    SELECT b.product_id, b.platform_id, ${c.TODAY} + d,
           least(b.mrp, ${money(`(b.price + greatest(-0.02 * b.price, least(0.02 * b.price, coalesce(t.slope, 0))) * 0.5 * d)
                                  * (1 + (${c.rnd('pp', 'b.product_id', 'b.platform_id', 'd')} - 0.5) * 0.02)`)}),
           'linear_trend_14d',
           round(greatest(0.3, 0.95 - 0.035 * d - least(0.25, 4 * coalesce(t.spread, 0.05))
                               - CASE WHEN coalesce(t.points, 0) < 3 THEN 0.15 ELSE 0 END)::numeric, 3),
           ${c.NOW}
      FROM base b
      LEFT JOIN trend t ON t.product_id = b.product_id AND t.platform_id = b.platform_id
     CROSS JOIN generate_series(1, 7) AS d
     ORDER BY b.product_id, b.platform_id, d`);
}

/** Stores outside quick commerce: kiranas sell near MRP, supermarkets a little below. */
const COMPETITORS: readonly (readonly [source: string, low: number, high: number])[] = [
  ['Local kirana store', 0.97, 1.0],
  ['DMart', 0.86, 0.95],
  ['Reliance Smart', 0.9, 0.98],
  ['More Supermarket', 0.92, 0.99],
  ["Spencer's", 0.94, 1.0],
];

async function insertCompetitorPrices(c: Ctx): Promise<number> {
  return c.exec(
    `INSERT INTO competitor_prices (product_id, source, city_id, price, observed_at)
     SELECT p.id, s.source, ci.id,
            least(p.mrp, ${rupees(`p.mrp * (s.low + (s.high - s.low) * ${c.rnd('cp_pr', 'p.id', 'ci.rn', 's.i')})`)}),
            ${c.ago('cp_at', 7, 'p.id', 'ci.rn', 's.i')}
       FROM seed_products p
      CROSS JOIN (SELECT id, rn FROM seed_cities
                  UNION ALL SELECT NULL, 1 WHERE NOT EXISTS (SELECT 1 FROM seed_cities)) ci
      CROSS JOIN unnest($1::text[], $2::float8[], $3::float8[]) WITH ORDINALITY AS s(source, low, high, i)
      WHERE (p.rn = 1 AND ci.rn = 1 OR ${c.rnd('cp_has', 'p.id', 'ci.rn')} < 0.35)
        AND (s.i = 1 OR ${c.rnd('cp_src', 'p.id', 'ci.rn', 's.i')} < 0.35)
      ORDER BY p.id, ci.rn, s.i`,
    [COMPETITORS.map((x) => x[0]), COMPETITORS.map((x) => x[1]), COMPETITORS.map((x) => x[2])],
  );
}

/** Staples are inelastic, treats and drinks elastic. */
async function insertPriceElasticity(c: Ctx): Promise<number> {
  return c.exec(`
    INSERT INTO price_elasticity (product_id, platform_id, elasticity, computed_at)
    SELECT b.product_id, b.platform_id,
           round((-(CASE WHEN p.kind IN ('staple', 'dairy', 'egg', 'fresh', 'baby', 'bakery') THEN 0.2
                         WHEN p.kind IN ('snack', 'beverage', 'instant', 'breakfast', 'frozen') THEN 0.9
                         ELSE 0.5 END)
                  - ${c.rnd('pe', 'b.product_id', 'b.platform_id')}
                    * CASE WHEN p.kind IN ('snack', 'beverage', 'instant', 'breakfast', 'frozen') THEN 1.1 ELSE 0.6 END
                 )::numeric, 3),
           ${c.NOW} - interval '1 day'
      FROM (SELECT DISTINCT product_id, platform_id FROM current_prices) b
      JOIN seed_products p ON p.id = b.product_id
     ORDER BY b.product_id, b.platform_id`);
}

const SEASONS: readonly (readonly [name: string, from: number, to: number])[] = [
  ['Summer', 3, 6],
  ['Monsoon', 7, 9],
  ['Festive season', 10, 11],
  ['Winter', 12, 2],
];

/** Typical moves by season for each kind of aisle (percent), then a little noise per category. */
const SEASONAL_SHAPES: readonly (readonly [pattern: string, moves: readonly number[]])[] = [
  ['fruit|vegetable', [6, 14, 3, -9]],
  ['drink|juice|beverage|ice', [5, -3, 1, -6]],
  ['dairy|milk', [3, 1, 6, -2]],
  ['atta|rice|dal|oil|ghee|masala|staple', [0, 3, 7, 1]],
  ['snack|munch|sweet|chocolate', [-1, 2, 9, 0]],
  ['tea|coffee', [-3, 2, 1, 4]],
  ['clean|household', [0, 1, 3, 0]],
];

async function insertSeasonalPricing(c: Ctx): Promise<number> {
  const shape = `CASE ${SEASONAL_SHAPES.map(([re, moves]) => `WHEN cat.name ~* '${re}' THEN ARRAY[${moves.join(', ')}]`).join(' ')} ELSE ARRAY[0, 1, 2, 0] END`;
  return c.exec(
    `INSERT INTO seasonal_pricing (category_id, season, month_from, month_to, avg_change_percent)
     SELECT cat.id, s.season, s.month_from, s.month_to,
            round(((${shape})[s.i] + (${c.rnd('sp', 'cat.id', 's.i')} - 0.5) * 3)::numeric, 2)
       FROM product_categories cat
      CROSS JOIN unnest($1::text[], $2::smallint[], $3::smallint[]) WITH ORDINALITY AS s(season, month_from, month_to, i)
      WHERE cat.depth = 0
      ORDER BY cat.id, s.i`,
    [SEASONS.map((s) => s[0]), SEASONS.map((s) => s[1]), SEASONS.map((s) => s[2])],
  );
}

/** A few listings cost a little more or less in one city than the platform's national price. */
async function insertRegionalPricing(c: Ctx): Promise<number> {
  return c.exec(`
    INSERT INTO regional_pricing (listing_id, city_id, price, observed_at)
    SELECT listing_id, city_id, regional, observed_at FROM (
      SELECT a.listing_id, a.city_id, a.observed_at, cp.price,
             CASE WHEN cp.price < cp.mrp AND ${c.rnd('rp_dir', 'a.listing_id', 'a.city_id')} < 0.5
                  THEN least(cp.mrp, ${rupees(`cp.price * (1.03 + 0.05 * ${c.rnd('rp_up', 'a.listing_id', 'a.city_id')})`)})
                  ELSE ${rupees(`cp.price * (0.90 + 0.06 * ${c.rnd('rp_down', 'a.listing_id', 'a.city_id')})`)} END AS regional,
             ${c.rnd('rp', 'a.listing_id', 'a.city_id')} AS r
        FROM availability_status a JOIN current_prices cp ON cp.listing_id = a.listing_id
    ) x
    WHERE regional <> price
    ORDER BY r, listing_id, city_id
    LIMIT (SELECT greatest(1, count(*) / 12) FROM availability_status)`);
}

/** Buy 3 or 6 of an everyday item for less each. */
async function insertBulkPricing(c: Ctx): Promise<number> {
  return c.exec(`
    WITH chosen AS (
      SELECT l.listing_id, l.price FROM seed_listings l
       ORDER BY (l.price <= 250) DESC, ${c.rnd('bp', 'l.listing_id')}, l.listing_id
       LIMIT greatest(1, ${Math.ceil(c.counts.listings * 0.15)})
    )
    INSERT INTO bulk_pricing (listing_id, min_quantity, unit_price)
    SELECT ch.listing_id, t.q, ${money(`ch.price * (t.f - 0.02 * ${c.rnd('bp_f', 'ch.listing_id', 't.q')})`)}
      FROM chosen ch CROSS JOIN (VALUES (3, 0.97), (6, 0.93)) AS t(q, f)
     ORDER BY ch.listing_id, t.q`);
}

/** Rain and late-night surges on delivery fees in some cities (platforms with fees there, else all pairs). */
async function insertSurgePricing(c: Ctx): Promise<number> {
  const at = (day: string, hour: number) => `((${day} + time '${hour}:00') AT TIME ZONE ${IST})`;
  return c.exec(`
    WITH pairs AS (
      SELECT row_number() OVER (ORDER BY platform_id, city_id)::int AS rn, platform_id, city_id FROM (
        SELECT platform_id, city_id FROM platform_fees
        UNION
        SELECT pf.id, ci.id FROM seed_platforms pf CROSS JOIN seed_cities ci
         WHERE NOT EXISTS (SELECT 1 FROM platform_fees)
      ) x
    ), rain AS (
      SELECT p.platform_id, p.city_id,
             round((1.25 + 0.25 * floor(${c.rnd('sg_rain_m', 'p.platform_id', 'p.city_id')} * 4))::numeric, 2) AS m,
             'Heavy rain' AS reason,
             date_trunc('hour', ${c.NOW}, ${IST}) - make_interval(hours => ${c.int('sg_rain_h', 0, 3, 'p.platform_id', 'p.city_id')}) AS s
        FROM pairs p WHERE p.rn = 1 OR ${c.rnd('sg_rain', 'p.platform_id', 'p.city_id')} < 0.35
    ), night AS (
      SELECT p.platform_id, p.city_id, 1.25::numeric AS m, 'Late night' AS reason,
             ${at(`${c.TODAY} - d`, 23)} AS s
        FROM pairs p CROSS JOIN generate_series(1, 3) AS d
       WHERE p.rn = 1 OR ${c.rnd('sg_night', 'p.platform_id', 'p.city_id')} < 0.5
    )
    INSERT INTO surge_pricing (platform_id, city_id, fee_multiplier, reason, starts_at, ends_at)
    SELECT platform_id, city_id, m, reason, s, s + interval '3 hours' FROM (
      SELECT platform_id, city_id, m, reason, s FROM rain
      UNION ALL
      SELECT platform_id, city_id, m, reason, s FROM night
    ) x ORDER BY s, platform_id, city_id`);
}

// ---------------------------------------------------------------------------------------------------------
// Promotions

const CAMPAIGNS: readonly (readonly [
  name: string,
  description: string,
  category: string | null,
  start: number,
  days: number,
])[] = [
  ['Festive Feast Sale', 'Up to 40% off on sweets, dry fruits and festive essentials', 'snack|sweet', -5, 12],
  [
    'Chai-time Munchies Week',
    'Biscuits, namkeen and chips for tea-time at special prices',
    'snack|munch',
    -2,
    7,
  ],
  ['Fresh Fruits Fest', 'Farm-fresh fruits and vegetables at mandi prices', 'fruit|vegetable', 1, 5],
  ['Dairy Days', 'Extra savings on milk, curd, paneer and butter', 'dairy', -10, 5],
  ['Monthly Staples Saver', 'Stock up on atta, rice, dal and oil for the month', 'atta|rice|dal|oil', -1, 10],
  ['Clean Home Week', 'Detergents, dishwash and cleaners at combo prices', 'clean', 3, 7],
  ['Chill Zone', 'Cold drinks and juices with extra discounts', 'drink|juice', -20, 14],
  ['Weekend Super Savers', 'Handpicked deals across the store every weekend', null, -1, 3],
  ['Baby Care Bonanza', 'Diapers, wipes and baby food at their lowest prices', 'baby', 2, 6],
  ['Breakfast Bonanza', 'Cereals, bread, jams and spreads for a quick breakfast', 'breakfast|bread', -3, 6],
];

async function insertPromotionalCampaigns(c: Ctx): Promise<number> {
  return c.exec(
    `INSERT INTO promotional_campaigns (platform_id, name, description, category_id, starts_at, ends_at)
     SELECT platform_id, name, description, category_id, s, s + make_interval(days => days) FROM (
       SELECT pf.id AS platform_id, k.name, k.description, k.days,
              CASE WHEN k.category IS NOT NULL THEN
                (SELECT cat.id FROM product_categories cat WHERE cat.depth = 0 AND cat.name ~* k.category
                  ORDER BY cat.id LIMIT 1) END AS category_id,
              ((${c.TODAY} + k.start) + time '00:00') AT TIME ZONE ${IST} AS s,
              row_number() OVER (PARTITION BY pf.id ORDER BY ${c.rnd('pc', 'pf.rn', 'k.i')}, k.i) AS pick
         FROM seed_platforms pf
        CROSS JOIN unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[])
                   WITH ORDINALITY AS k(name, description, category, start, days, i)
     ) x WHERE pick <= 3
     ORDER BY platform_id, s`,
    [
      CAMPAIGNS.map((k) => k[0]),
      CAMPAIGNS.map((k) => k[1]),
      CAMPAIGNS.map((k) => k[2]),
      CAMPAIGNS.map((k) => k[3]),
      CAMPAIGNS.map((k) => k[4]),
    ],
  );
}

const CASHBACK: readonly (readonly [
  provider: string,
  title: string,
  pct: number | null,
  amount: number | null,
  cap: number | null,
])[] = [
  ['Paytm UPI', 'Flat ₹25 cashback on orders paid with Paytm UPI', null, 25, null],
  ['PhonePe', '10% cashback up to ₹75 with the PhonePe wallet', 10, null, 75],
  ['Amazon Pay', '5% cashback up to ₹100 with Amazon Pay', 5, null, 100],
  ['CRED Pay', '15% cashback up to ₹150 on CRED Pay', 15, null, 150],
  ['HDFC Bank', '10% instant cashback up to ₹100 on HDFC Bank credit cards', 10, null, 100],
  ['ICICI Bank', 'Flat ₹50 cashback on ICICI Bank debit cards', null, 50, null],
  ['Simpl', 'Flat ₹30 cashback when you pay later with Simpl', null, 30, null],
  ['MobiKwik', '15% SuperCash up to ₹60 with MobiKwik', 15, null, 60],
];

/** Two or three order-wide wallet and bank offers per platform, plus extra cashback on a few listings. */
async function insertCashbackOffers(c: Ctx): Promise<number> {
  const endOfDay = (days: string) => `((${c.TODAY} + ${days}) + time '23:59') AT TIME ZONE ${IST}`;
  return c.exec(
    `WITH offers AS (
       SELECT o.*, o.i::int AS idx FROM unnest($1::text[], $2::text[], $3::numeric[], $4::numeric[], $5::numeric[])
         WITH ORDINALITY AS o(provider, title, pct, amount, cap, i)
     )
     INSERT INTO cashback_offers (platform_id, listing_id, provider, title, percent_off, amount_off, max_cashback, ends_at)
     SELECT platform_id, listing_id, provider, title, pct, amount, cap, ends_at FROM (
       SELECT pf.id AS platform_id, NULL::bigint AS listing_id, o.provider, o.title, o.pct, o.amount, o.cap,
              ${endOfDay(c.int('cb_end', 3, 14, 'pf.rn', 'o.idx'))} AS ends_at,
              row_number() OVER (PARTITION BY pf.id ORDER BY ${c.rnd('cb', 'pf.rn', 'o.idx')}, o.idx) AS pick,
              2 + (${c.rnd('cb_n', 'pf.rn')} < 0.5)::int AS wanted, 0 AS o
         FROM seed_platforms pf CROSS JOIN offers o
       UNION ALL
       SELECT l.platform_id, l.listing_id, o.provider,
              'Extra ' || pct.v || '% cashback on ' || l.title || ' with ' || o.provider,
              pct.v, NULL, round(greatest(10, l.price * 0.2)), ${endOfDay(c.int('cbl_end', 1, 7, 'l.listing_id'))},
              1, 1, l.rn
         FROM seed_listings l
         JOIN offers o ON o.idx = ${c.pick('cbl_o', CASHBACK.length, 'l.listing_id')}
        CROSS JOIN LATERAL (SELECT ${c.int('cbl_pct', 5, 10, 'l.listing_id')}::numeric AS v) pct
        WHERE l.rn = 1 OR ${c.rnd('cbl', 'l.listing_id')} < 0.05
     ) x WHERE pick <= wanted
     ORDER BY platform_id, o, provider`,
    [
      CASHBACK.map((x) => x[0]),
      CASHBACK.map((x) => x[1]),
      CASHBACK.map((x) => x[2]),
      CASHBACK.map((x) => x[3]),
      CASHBACK.map((x) => x[4]),
    ],
  );
}

/** Complementary combos by product kind; a kind named twice takes two products from different aisles. */
const COMBOS: readonly (readonly [title: string, kinds: readonly string[]])[] = [
  ['Breakfast combo', ['bakery', 'dairy', 'breakfast']],
  ['Morning essentials', ['dairy', 'bakery', 'egg']],
  ['Tea-time combo', ['beverage', 'snack']],
  ['Party pack', ['snack', 'snack', 'beverage']],
  ['Monthly staples', ['staple', 'staple', 'staple']],
  ['Quick meals', ['instant', 'instant']],
  ['Clean home combo', ['household', 'household']],
  ['Fresh basket', ['fresh', 'fresh']],
  ['Self-care kit', ['personal', 'personal']],
];

const bundlePrice = (c: Ctx, total: string, ...keys: string[]) =>
  `greatest(0.01::numeric, least(${total} - 0.01, round((${total} * (0.85 + 0.08 * ${c.rnd('bd_price', ...keys)}))::numeric, 0)))`;
const bundleEnds = (c: Ctx, ...keys: string[]) =>
  `((${c.TODAY} + ${c.int('bd_end', 3, 10, ...keys)}) + time '23:59') AT TIME ZONE ${IST}`;

/**
 * Combos of 2–3 products a platform sells at a bundle price 7–15% below buying them separately, up to five per
 * platform: curated complementary combos where the platform has the products, otherwise runs of products.
 */
async function insertBundleDeals(c: Ctx): Promise<number> {
  const slots = COMBOS.flatMap(([title, kinds], combo) =>
    kinds.map((kind, i) => ({
      combo: combo + 1,
      title,
      kind,
      nth: kinds.slice(0, i).filter((k) => k === kind).length + 1,
    })),
  );
  const curated = await c.exec(
    `WITH offered AS (
       SELECT l.platform_id, l.product_id, min(l.price) AS price, p.name, p.kind, p.category_id
         FROM seed_listings l JOIN seed_products p ON p.id = l.product_id
        GROUP BY l.platform_id, l.product_id, p.name, p.kind, p.category_id
     ), slots AS (
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[]) WITH ORDINALITY AS s(combo, title, kind, nth, pos)
     ), per_aisle AS (
       SELECT DISTINCT ON (s.combo, o.platform_id, o.kind, o.category_id) s.combo, o.*,
              ${c.rnd('bd_p', 's.combo', 'o.platform_id', 'o.product_id')} AS r
         FROM (SELECT DISTINCT combo, kind FROM slots) s JOIN offered o ON o.kind = s.kind
        ORDER BY s.combo, o.platform_id, o.kind, o.category_id, r, o.product_id
     ), ranked AS (
       SELECT a.*, row_number() OVER (PARTITION BY a.combo, a.platform_id, a.kind ORDER BY a.r, a.product_id) AS nth
         FROM per_aisle a
     ), filled AS (
       SELECT s.combo, s.title, r.platform_id, array_agg(r.product_id ORDER BY s.pos) AS ids,
              string_agg(r.name, ' + ' ORDER BY s.pos) AS names, sum(r.price) AS total, count(*) AS n,
              (SELECT count(*) FROM slots s2 WHERE s2.combo = s.combo) AS wanted
         FROM slots s JOIN ranked r ON r.combo = s.combo AND r.kind = s.kind AND r.nth = s.nth
        GROUP BY s.combo, s.title, r.platform_id
     ), chosen AS (
       SELECT f.*, row_number() OVER (PARTITION BY f.platform_id ORDER BY ${c.rnd('bd_pick', 'f.platform_id', 'f.combo')}, f.combo) AS pick
         FROM filled f WHERE f.n = f.wanted
     )
     INSERT INTO bundle_deals (platform_id, title, product_ids, bundle_price, ends_at)
     SELECT platform_id, title || ': ' || names, ids, ${bundlePrice(c, 'total', 'platform_id', 'combo')},
            ${bundleEnds(c, 'platform_id', 'combo')}
       FROM chosen WHERE pick <= 5
      ORDER BY platform_id, combo`,
    [slots.map((x) => x.combo), slots.map((x) => x.title), slots.map((x) => x.kind), slots.map((x) => x.nth)],
  );
  // Platforms none of the combos fit: runs of 2–3 products, from one aisle where possible.
  const runs = await c.exec(`
    WITH offered AS (
      SELECT l.platform_id, l.product_id, min(l.price) AS price, p.name, p.top_id
        FROM seed_listings l JOIN seed_products p ON p.id = l.product_id
       WHERE NOT EXISTS (SELECT 1 FROM bundle_deals b WHERE b.platform_id = l.platform_id)
       GROUP BY l.platform_id, l.product_id, p.name, p.top_id
    ), ranked AS (
      SELECT o.*, row_number() OVER (PARTITION BY o.platform_id
                                     ORDER BY o.top_id, ${c.rnd('bd', 'o.platform_id', 'o.product_id')}, o.product_id) AS k,
             2 + (${c.rnd('bd_size', 'o.platform_id')} < 0.5)::int AS size
        FROM offered o
    ), groups AS (
      SELECT platform_id, (k - 1) / size AS grp, array_agg(product_id ORDER BY k) AS ids,
             string_agg(name, ' + ' ORDER BY k) AS names, sum(price) AS total
        FROM ranked GROUP BY platform_id, (k - 1) / size
       HAVING count(*) >= 2
    ), chosen AS (
      SELECT gr.*, row_number() OVER (PARTITION BY gr.platform_id ORDER BY ${c.rnd('bd_pick', 'gr.platform_id', 'gr.grp')}, gr.grp) AS pick
        FROM groups gr
    )
    INSERT INTO bundle_deals (platform_id, title, product_ids, bundle_price, ends_at)
    SELECT platform_id, 'Combo: ' || names, ids, ${bundlePrice(c, 'total', 'platform_id', "'run'", 'grp')},
           ${bundleEnds(c, 'platform_id', "'run'", 'grp')}
      FROM chosen WHERE pick <= 3
     ORDER BY platform_id, grp`);
  return curated + runs;
}

/** Fees and benefits of the memberships the feed declared, from what members actually get in the catalog. */
async function updateLoyaltyPrograms(c: Ctx): Promise<number> {
  return c.exec(`
    UPDATE loyalty_programs lp
       SET monthly_fee = coalesce(lp.monthly_fee, x.fee), benefits = coalesce(lp.benefits, x.benefits)
      FROM (
        SELECT lp2.id,
               (ARRAY[49, 59, 79, 99, 129, 149])[${c.pick('lp_fee', 6, 'lp2.platform_id')}]::numeric AS fee,
               concat_ws('; ',
                 CASE WHEN coalesce(mp.n, 0) > 0 THEN 'Member-only prices on ' || mp.n || ' items' END,
                 'Free delivery on orders above ₹' || least(99, coalesce(fe.free_above, 99))::int,
                 'No surge fees in rain or late at night',
                 'Extra ' || ${c.int('lp_extra', 2, 5, 'lp2.platform_id')} || '% off on weekly deals') AS benefits
          FROM loyalty_programs lp2
          LEFT JOIN (SELECT platform_id, count(*) AS n FROM membership_prices GROUP BY platform_id) mp
            ON mp.platform_id = lp2.platform_id
          LEFT JOIN (SELECT platform_id, min(free_delivery_above) AS free_above FROM platform_fees GROUP BY platform_id) fe
            ON fe.platform_id = lp2.platform_id
      ) x
     WHERE lp.id = x.id AND (lp.monthly_fee IS NULL OR lp.benefits IS NULL)`);
}

// ---------------------------------------------------------------------------------------------------------
// Service analytics

interface AskTemplate {
  question: string;
  outcome: 'answered' | 'refused' | 'error';
  intent: string | null;
  errorCode: string | null;
  tables: string[];
  sql: string | null;
}

const PRICE_SQL =
  'SELECT p.name, pf.name AS platform, cp.price, cp.mrp FROM current_prices cp JOIN products p ON p.id = cp.product_id JOIN platforms pf ON pf.id = cp.platform_id WHERE cp.product_id = {pid} ORDER BY cp.price LIMIT 100';
const CATEGORY_SQL =
  'SELECT p.name, pf.name AS platform, cp.price, cp.discount_percent FROM current_prices cp JOIN products p ON p.id = cp.product_id JOIN platforms pf ON pf.id = cp.platform_id WHERE p.category_id = {cid} ORDER BY cp.discount_percent DESC LIMIT 100';

const answered = (question: string, intent: string, tables: string[], sql: string): AskTemplate => ({
  question,
  outcome: 'answered',
  intent,
  errorCode: null,
  tables,
  sql,
});

const ASK_TEMPLATES: AskTemplate[] = [
  answered(
    'cheapest {product} in {city}',
    'cheapest_platform',
    ['products', 'current_prices', 'platforms', 'availability_status'],
    PRICE_SQL,
  ),
  answered(
    'compare {product} prices across platforms',
    'price_comparison',
    ['products', 'current_prices', 'platforms'],
    PRICE_SQL,
  ),
  answered(
    'best deals on {category} today',
    'best_deals',
    ['products', 'current_prices', 'product_categories'],
    CATEGORY_SQL,
  ),
  answered(
    '{category} under 100 rupees',
    'items_under',
    ['products', 'current_prices', 'product_categories'],
    CATEGORY_SQL,
  ),
  answered(
    'discounts above 30% on {category}',
    'discounts',
    ['products', 'current_prices', 'product_categories'],
    CATEGORY_SQL,
  ),
  answered(
    'fastest delivery for {product} in {city}',
    'fastest_delivery',
    ['products', 'delivery_estimates', 'platform_listings', 'platforms'],
    'SELECT pf.name AS platform, d.eta_minutes FROM delivery_estimates d JOIN platform_listings l ON l.id = d.listing_id JOIN platforms pf ON pf.id = d.platform_id WHERE l.product_id = {pid} AND d.city_id = {city_id} ORDER BY d.eta_minutes LIMIT 100',
  ),
  answered(
    '{product} price history last 7 days',
    'price_history',
    ['products', 'price_history', 'platforms'],
    'SELECT pf.name AS platform, h.recorded_at, h.price FROM price_history h JOIN platforms pf ON pf.id = h.platform_id WHERE h.product_id = {pid} ORDER BY h.recorded_at LIMIT 1000',
  ),
  answered(
    'is {product} in stock in {city}',
    'availability',
    ['products', 'availability_status', 'platforms'],
    'SELECT pf.name AS platform, a.in_stock FROM availability_status a JOIN platforms pf ON pf.id = a.platform_id WHERE a.product_id = {pid} AND a.city_id = {city_id} LIMIT 100',
  ),
  answered(
    'member price of {product} on {platform}',
    'membership_savings',
    ['products', 'membership_prices', 'platforms'],
    'SELECT p.name, m.regular_price, m.member_price, m.member_savings FROM membership_prices m JOIN products p ON p.id = m.product_id WHERE m.product_id = {pid} AND m.platform_id = {platform_id} LIMIT 100',
  ),
  answered(
    'coupons on {platform}',
    'coupons',
    ['coupon_codes', 'platforms'],
    'SELECT code, title, percent_off, amount_off, min_cart_value FROM coupon_codes WHERE platform_id = {platform_id} LIMIT 100',
  ),
  answered(
    'delivery fee on {platform} in {city}',
    'fees',
    ['platform_fees', 'platforms', 'cities'],
    'SELECT delivery_fee, free_delivery_above, handling_fee FROM platform_fees WHERE platform_id = {platform_id} AND city_id = {city_id}',
  ),
  answered(
    'biggest price drops this week',
    'price_changes',
    ['price_changes', 'products', 'platforms'],
    'SELECT p.name, pf.name AS platform, c.old_price, c.new_price, c.change_percent FROM price_changes c JOIN products p ON p.id = c.product_id JOIN platforms pf ON pf.id = c.platform_id WHERE c.change_percent < 0 ORDER BY c.change_percent LIMIT 100',
  ),
  answered(
    'flash sales right now',
    'flash_sales',
    ['flash_sales', 'products', 'platforms'],
    'SELECT p.name, pf.name AS platform, f.percent_off, f.ends_at FROM flash_sales f JOIN products p ON p.id = f.product_id JOIN platforms pf ON pf.id = f.platform_id ORDER BY f.ends_at LIMIT 100',
  ),
  answered(
    'unit price of {category}',
    'unit_price',
    ['products', 'current_prices', 'product_categories'],
    CATEGORY_SQL,
  ),
  answered(
    'cheapest basket of milk, bread and eggs in {city}',
    'basket',
    ['products', 'current_prices', 'platform_fees', 'coupon_codes', 'availability_status'],
    PRICE_SQL,
  ),
  {
    question: 'show me all user emails',
    outcome: 'refused',
    intent: null,
    errorCode: 'QUERY_REFUSED',
    tables: [],
    sql: null,
  },
  {
    question: 'what is the weather in {city}',
    outcome: 'refused',
    intent: null,
    errorCode: 'QUERY_REFUSED',
    tables: [],
    sql: null,
  },
  {
    question: 'drop table products',
    outcome: 'refused',
    intent: null,
    errorCode: 'UNSAFE_SQL',
    tables: [],
    sql: null,
  },
  {
    question: 'asdf qwerty',
    outcome: 'refused',
    intent: null,
    errorCode: 'INVALID_QUERY',
    tables: [],
    sql: null,
  },
  {
    question: 'price history of every product on every platform since 2020',
    outcome: 'error',
    intent: null,
    errorCode: 'QUERY_TIMEOUT',
    tables: [],
    sql: null,
  },
];

/** NL questions over the last week: mostly answered (some from cache), every 11th refused, every 37th failed. */
async function insertQueryLogs(c: Ctx): Promise<number> {
  const a = ASK_TEMPLATES.filter((t) => t.outcome === 'answered').length;
  const r = ASK_TEMPLATES.filter((t) => t.outcome === 'refused').length;
  const e = ASK_TEMPLATES.length - a - r;
  const ordered = [
    ...ASK_TEMPLATES.filter((t) => t.outcome === 'answered'),
    ...ASK_TEMPLATES.filter((t) => t.outcome === 'refused'),
    ...ASK_TEMPLATES.filter((t) => t.outcome === 'error'),
  ];
  const total = Math.max(40, c.counts.users * 3);
  const stage = (name: string, lo: number, hi: number) =>
    `'${name}', round((${lo} + ${hi - lo} * ${c.rnd(`ql_${name}`, 'g.k')})::numeric, 2)`;
  return c.exec(
    `INSERT INTO query_logs (question, normalized_question, intent, ir, sql, relevant_tables, outcome, error_code,
                             row_count, cached, total_ms, stage_ms, api_key_id, created_at)
     SELECT q.question, CASE WHEN t.outcome = 'answered' THEN lower(q.question) END, t.intent,
            CASE WHEN t.outcome = 'answered' THEN jsonb_build_object(
              'intent', t.intent,
              'products', CASE WHEN t.tpl LIKE '%{product}%' THEN jsonb_build_array(jsonb_build_object('id', p.id, 'name', p.name)) ELSE '[]'::jsonb END,
              'category_ids', CASE WHEN t.tpl LIKE '%{category}%' THEN jsonb_build_array(p.category_id) ELSE '[]'::jsonb END,
              'platform_ids', CASE WHEN t.tpl LIKE '%{platform}%' THEN jsonb_build_array(pf.id) ELSE '[]'::jsonb END,
              'city', CASE WHEN t.tpl LIKE '%{city}%' AND ci.id IS NOT NULL THEN jsonb_build_object('id', ci.id, 'name', ci.name) END,
              'limit', 100) END,
            replace(replace(replace(replace(t.sql, '{pid}', p.id::text), '{cid}', p.category_id::text),
                            '{city_id}', coalesce(ci.id, 0)::text), '{platform_id}', pf.id::text),
            CASE WHEN t.outcome = 'answered' THEN string_to_array(t.tables, ',') ELSE '{}' END,
            t.outcome, t.error_code,
            CASE WHEN t.outcome = 'answered' THEN ${c.int('ql_rows', 1, 40, 'g.k')} END,
            x.cached,
            CASE WHEN t.outcome = 'error' THEN 5000 + round((${c.rnd('ql_to', 'g.k')} * 40)::numeric, 3)
                 WHEN x.cached THEN round((0.2 + ${c.rnd('ql_c', 'g.k')} * 1.5)::numeric, 3)
                 WHEN t.outcome = 'refused' THEN round((1 + ${c.rnd('ql_r', 'g.k')} * 6)::numeric, 3)
                 ELSE (s.j ->> 'total')::numeric END,
            CASE WHEN t.outcome = 'answered' AND NOT x.cached THEN s.j END,
            NULL, ${c.ago('ql_at', 7, 'g.k')}
       FROM generate_series(1, ${total}) AS g(k)
       JOIN unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
            WITH ORDINALITY AS t(tpl, outcome, intent, error_code, tables, sql, i)
         ON t.i = CASE WHEN g.k % 37 = 0 THEN ${a + r} + ${c.pick('ql_e', e, 'g.k')}
                       WHEN g.k % 11 = 0 THEN ${a} + ${c.pick('ql_r', r, 'g.k')}
                       ELSE ${c.pick('ql_a', a, 'g.k')} END
       JOIN seed_products p ON p.rn = ${c.pick('ql_p', c.counts.products, 'g.k')}
       JOIN seed_platforms pf ON pf.rn = ${c.pick('ql_pf', c.counts.platforms, 'g.k')}
       LEFT JOIN seed_cities ci ON ci.rn = ${c.pick('ql_ci', c.counts.cities, 'g.k')}
      CROSS JOIN LATERAL (SELECT ${fillTemplate('t.tpl')} AS question) q
      CROSS JOIN LATERAL (SELECT t.outcome = 'answered' AND ${c.rnd('ql_cached', 'g.k')} < 0.3 AS cached) x
      CROSS JOIN LATERAL (
        SELECT st || jsonb_build_object('total', (SELECT round(sum(v::numeric), 2) FROM jsonb_each_text(st) AS e(k, v))) AS j
          FROM (SELECT jsonb_build_object(${stage('interpret', 0.4, 3)}, ${stage('plan', 0.1, 1)}, ${stage('compile', 0.1, 0.8)},
                                          ${stage('validate', 0.5, 4)}, ${stage('explain', 0, 2)}, ${stage('execute', 2, 120)},
                                          ${stage('format', 0.05, 0.5)}) AS st) y) s
      ORDER BY g.k`,
    [
      ordered.map((t) => t.question),
      ordered.map((t) => t.outcome),
      ordered.map((t) => t.intent),
      ordered.map((t) => t.errorCode),
      ordered.map((t) => t.tables.join(',')),
      ordered.map((t) => t.sql),
    ],
  );
}

/** Demand through an Indian day: quiet before dawn, busiest in the evening. */
const diurnal = (ts: string) =>
  `(0.35 + 0.65 * (0.5 - 0.5 * cos(2 * pi() * (extract(hour FROM (${ts}) AT TIME ZONE ${IST}) - 6) / 24)))`;

const METRICS: readonly (readonly [
  metric: string,
  labels: string,
  low: number,
  high: number,
  loadScaled: boolean,
])[] = [
  ['http_request_duration_p95_ms', '{"route": "/api/v1/query"}', 45, 180, true],
  ['http_request_duration_p95_ms', '{"route": "/api/v1/products/compare"}', 6, 30, true],
  ['nlq_answer_p50_ms', '{}', 8, 45, true],
  ['nlq_cache_hit_ratio', '{}', 0.25, 0.65, false],
  ['db_pool_in_use', '{}', 0, 4, true],
  ['requests_per_minute', '{}', 5, 220, true],
];

async function insertPerformanceMetrics(c: Ctx): Promise<number> {
  const value = `CASE WHEN m.scaled THEN m.low + (m.high - m.low) * (0.6 * ${diurnal('t.at')} + 0.4 * ${c.rnd('pm', 'm.i', 'h.n')})
                      ELSE m.low + (m.high - m.low) * ${c.rnd('pm', 'm.i', 'h.n')} END`;
  return c.exec(
    `INSERT INTO performance_metrics (metric, value, labels, recorded_at)
     SELECT m.metric,
            round((${value})::numeric,
                  CASE WHEN m.metric = 'db_pool_in_use' THEN 0 WHEN m.metric LIKE '%ratio' THEN 3 ELSE 1 END)::float8,
            m.labels::jsonb, t.at
       FROM generate_series(0, 47) AS h(n)
      CROSS JOIN LATERAL (SELECT date_trunc('hour', ${c.NOW}, ${IST}) - make_interval(hours => h.n) AS at) t
      CROSS JOIN unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::bool[])
                 WITH ORDINALITY AS m(metric, labels, low, high, scaled, i)
      ORDER BY t.at, m.i`,
    [
      METRICS.map((m) => m[0]),
      METRICS.map((m) => m[1]),
      METRICS.map((m) => m[2]),
      METRICS.map((m) => m[3]),
      METRICS.map((m) => m[4]),
    ],
  );
}

const ROUTES: readonly (readonly [
  route: string,
  method: string,
  status: number,
  share: number,
  perBucket: number,
  ms: number,
])[] = [
  ['/api/v1/query', 'POST', 200, 0.9, 40, 60],
  ['/api/v1/query', 'POST', 400, 0.3, 4, 5],
  ['/api/v1/query', 'POST', 429, 0.05, 6, 1],
  ['/api/v1/query', 'POST', 500, 0.02, 1, 30],
  ['/api/v1/products/search', 'GET', 200, 0.7, 25, 12],
  ['/api/v1/products/search', 'GET', 400, 0.1, 2, 2],
  ['/api/v1/products/compare', 'GET', 200, 0.6, 20, 9],
  ['/api/v1/products/:id/prices', 'GET', 200, 0.4, 10, 11],
  ['/api/v1/products/:id/prices', 'GET', 404, 0.08, 2, 3],
  ['/api/v1/deals', 'GET', 200, 0.5, 15, 15],
  ['/api/v1/platforms', 'GET', 200, 0.3, 6, 4],
  ['/api/v1/basket/compare', 'POST', 200, 0.3, 6, 35],
  ['/api/v1/basket/compare', 'POST', 400, 0.05, 1, 3],
  ['/api/v1/health', 'GET', 200, 1, 10, 1],
];

/** Ten-minute buckets over the last day: anonymous callers and one partner key (by its shown prefix). */
async function insertApiUsageStats(c: Ctx): Promise<number> {
  return c.exec(
    `INSERT INTO api_usage_stats (key_label, route, method, status_code, bucket_start, request_count, total_ms)
     SELECT k.label, r.route, r.method, r.status, b.at, n.count,
            round((n.count * r.ms * (0.7 + 0.6 * ${c.rnd('au_ms', 'k.label', 'r.i', 'b.n')}))::numeric, 3)::float8
       FROM generate_series(1, 144) AS b0(n)
      CROSS JOIN LATERAL (SELECT b0.n AS n, date_trunc('minute', ${c.NOW}) - make_interval(mins => b0.n * 10) AS at) b
      CROSS JOIN unnest($1::text[], $2::text[], $3::int[], $4::float8[], $5::int[], $6::float8[])
                 WITH ORDINALITY AS r(route, method, status, share, per_bucket, ms, i)
      CROSS JOIN (VALUES ('anonymous', 1.0), ('qcd_7Hq2xK9p', 0.35)) AS k(label, weight)
      CROSS JOIN LATERAL (SELECT 1 + floor(r.per_bucket * k.weight * ${diurnal('b.at')} * ${c.rnd('au_n', 'k.label', 'r.i', 'b.n')})::int AS count) n
      WHERE (k.label = 'anonymous' OR r.route IN ('/api/v1/query', '/api/v1/products/search'))
        AND ${c.rnd('au', 'k.label', 'r.i', 'b.n')} < r.share * k.weight
      ORDER BY b.at, r.i, k.label`,
    [
      ROUTES.map((r) => r[0]),
      ROUTES.map((r) => r[1]),
      ROUTES.map((r) => r[2]),
      ROUTES.map((r) => r[3]),
      ROUTES.map((r) => r[4]),
      ROUTES.map((r) => r[5]),
    ],
  );
}

/** The errors behind the refused and failed questions and the 4xx/5xx API buckets. */
async function insertErrorLogs(c: Ctx): Promise<number> {
  return c.exec(`
    INSERT INTO error_logs (error_code, message, route, request_id, occurred_at)
    SELECT code, message, route, 'req-' || substr(md5('${c.seed}|el|' || key), 1, 12), at FROM (
      SELECT q.error_code AS code,
             CASE q.error_code
               WHEN 'QUERY_REFUSED' THEN 'The question is outside what this service can answer.'
               WHEN 'UNSAFE_SQL' THEN 'The generated query was rejected by the SQL safety policy.'
               WHEN 'INVALID_QUERY' THEN 'The question could not be understood.'
               WHEN 'QUERY_TIMEOUT' THEN 'The query took longer than the allowed time and was cancelled.'
               ELSE 'Unexpected error while answering the question.' END AS message,
             '/api/v1/query' AS route, 'q' || q.id AS key, q.created_at AS at
        FROM query_logs q WHERE q.outcome <> 'answered'
      UNION ALL
      SELECT CASE u.status_code WHEN 400 THEN 'BAD_REQUEST' WHEN 404 THEN 'NOT_FOUND'
                                WHEN 429 THEN 'RATE_LIMITED' ELSE 'INTERNAL_ERROR' END,
             CASE u.status_code WHEN 400 THEN 'Request validation failed.'
                                WHEN 404 THEN 'No product with that id.'
                                WHEN 429 THEN 'Too many requests; slow down.'
                                ELSE 'Unexpected error.' END,
             u.route, 'u' || u.id, u.bucket_start + make_interval(secs => floor(${c.rnd('el_at', 'u.key_label', 'u.route', 'u.status_code', 'extract(epoch FROM u.bucket_start)')} * 600))
        FROM api_usage_stats u
       WHERE u.status_code >= 400 AND ${c.rnd('el', 'u.key_label', 'u.route', 'u.status_code', 'extract(epoch FROM u.bucket_start)')} < 0.4
    ) e ORDER BY at, key`);
}

/** Per shopper and day (India time), from their searches and comparisons; savings versus the dearest price. */
async function insertUserAnalytics(c: Ctx): Promise<number> {
  return c.exec(`
    INSERT INTO user_analytics (user_id, day, searches, comparisons, estimated_savings)
    SELECT user_id, day, sum(s)::int, sum(cmp)::int, sum(saved) FROM (
      SELECT user_id, (searched_at AT TIME ZONE ${IST})::date AS day, 1 AS s, 0 AS cmp, 0::numeric AS saved
        FROM search_history
      UNION ALL
      SELECT ch.user_id, (ch.compared_at AT TIME ZONE ${IST})::date, 0, 1, greatest(0, p.max_price - ch.best_price)
        FROM comparison_history ch JOIN seed_products p ON p.id = ch.product_id
       WHERE ch.user_id IS NOT NULL
    ) x GROUP BY user_id, day ORDER BY user_id, day`);
}

/**
 * Daily scorecard per platform and city over the last seven days with prices (up to the reference moment):
 * listings and average discount from the price history of the listings served in that city, delivery time
 * and in-stock share from that day's stock observations (null on days without any).
 */
async function insertPlatformPerformance(c: Ctx): Promise<number> {
  const day = (ts: string) => `(${ts} AT TIME ZONE ${IST})::date`;
  return c.exec(`
    WITH anchor AS (
      SELECT ${day(`coalesce(max(observed_at) FILTER (WHERE observed_at <= ${c.NOW}), max(observed_at))`)} AS d
        FROM current_prices
    ), prices AS (
      SELECT ph.listing_id, ph.platform_id, ${day('ph.recorded_at')} AS day, avg((ph.mrp - ph.price) / ph.mrp * 100) AS discount
        FROM price_history ph CROSS JOIN anchor
       WHERE ${day('ph.recorded_at')} BETWEEN anchor.d - 6 AND anchor.d
       GROUP BY 1, 2, 3
    ), stock AS (
      SELECT h.listing_id, h.city_id, ${day('h.recorded_at')} AS day, avg(h.eta_minutes) AS eta,
             avg(h.in_stock::int) AS in_stock
        FROM inventory_history h CROSS JOIN anchor
       WHERE ${day('h.recorded_at')} BETWEEN anchor.d - 6 AND anchor.d
       GROUP BY 1, 2, 3
    )
    INSERT INTO platform_performance (platform_id, city_id, day, avg_eta_minutes, in_stock_rate,
                                      avg_discount_percent, listings)
    SELECT p.platform_id, a.city_id, p.day, round(avg(s.eta), 2), round(avg(s.in_stock), 4),
           round(avg(p.discount), 2), count(*)
      FROM prices p
      JOIN availability_status a ON a.listing_id = p.listing_id
      LEFT JOIN stock s ON s.listing_id = p.listing_id AND s.city_id = a.city_id AND s.day = p.day
     GROUP BY p.platform_id, a.city_id, p.day
     ORDER BY p.platform_id, a.city_id, p.day`);
}

/** Click-outs from searches, deals and alerts, and from comparisons to the cheapest platform. */
async function insertConversionTracking(c: Ctx): Promise<number> {
  return c.exec(`
    INSERT INTO conversion_tracking (user_id, product_id, platform_id, source, clicked_at, converted, order_value)
    SELECT user_id, product_id, platform_id, source, clicked_at, converted,
           CASE WHEN converted THEN ${money(`price * ${c.int('ct_q', 1, 3, 'key')} + 120 + 480 * ${c.rnd('ct_v', 'key')}`)} END
      FROM (
        SELECT x.*, ${c.rnd('ct_conv', 'x.key')} < 0.35 AS converted,
               (SELECT min(cp.price) FROM current_prices cp
                 WHERE cp.product_id = x.product_id AND cp.platform_id = x.platform_id) AS price
          FROM (
            SELECT b.user_id, b.product_id, b.platform_id,
                   CASE WHEN r < 0.5 THEN 'search' WHEN r < 0.8 THEN 'deals' ELSE 'price_alert' END AS source,
                   b.occurred_at AS clicked_at, 'b' || b.user_id || '|' || extract(epoch FROM b.occurred_at) || '|' || b.product_id AS key
              FROM user_behavior b
             CROSS JOIN LATERAL (SELECT ${c.rnd('ct_src', 'b.user_id', 'extract(epoch FROM b.occurred_at)', 'b.product_id')} AS r) s
             WHERE b.event_type = 'click_out' AND b.product_id IS NOT NULL AND b.platform_id IS NOT NULL
            UNION ALL
            SELECT ch.user_id, ch.product_id, ch.best_platform_id, 'comparison',
                   ch.compared_at + make_interval(secs => ${c.int('ct_lag', 5, 90, 'ch.user_id', 'extract(epoch FROM ch.compared_at)', 'ch.product_id')}),
                   'c' || ch.user_id || '|' || extract(epoch FROM ch.compared_at) || '|' || ch.product_id
              FROM comparison_history ch
             WHERE ch.best_platform_id IS NOT NULL
               AND (${c.rnd('ct_ch', 'ch.user_id', 'extract(epoch FROM ch.compared_at)', 'ch.product_id')} < 0.5
                    OR ch.id = (SELECT min(id) FROM comparison_history))
          ) x
      ) y
     ORDER BY clicked_at, key`);
}

const EXPERIMENTS: readonly (readonly [experiment: string, metric: string, base: number, lift: number])[] = [
  ['answer_card_layout', 'click_through_rate', 0.21, 0.02],
  ['answer_card_layout', 'questions_per_session', 2.3, 0.25],
  ['basket_split_suggestion', 'conversion_rate', 0.061, 0.009],
  ['basket_split_suggestion', 'avg_savings_inr', 24, 9],
  ['deal_badge_style', 'click_through_rate', 0.18, 0.015],
  ['deal_badge_style', 'conversion_rate', 0.048, 0.004],
];

const VARIANTS: Record<string, readonly [string, string]> = {
  answer_card_layout: ['control', 'compact_card'],
  basket_split_suggestion: ['control', 'split_hint'],
  deal_badge_style: ['control', 'percent_badge'],
};

/** Daily results for the last week per experiment, variant and metric; treatments do a little better. */
async function insertAbTestResults(c: Ctx): Promise<number> {
  return c.exec(
    `INSERT INTO ab_test_results (experiment, variant, metric, value, sample_size, recorded_at)
     SELECT e.experiment, v.variant, e.metric,
            round((e.base + v.treated * e.lift + (${c.rnd('ab', 'e.i', 'v.treated', 'd')} - 0.5) * e.lift * 0.8)::numeric,
                  CASE WHEN e.base < 1 THEN 4 ELSE 2 END)::float8,
            ${c.int('ab_n', 600, 2400, 'e.i', 'v.treated', 'd')},
            ((${c.TODAY} - d) + time '23:55') AT TIME ZONE ${IST}
       FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[]) WITH ORDINALITY AS e(experiment, metric, base, lift, i)
      CROSS JOIN LATERAL (VALUES ((($5::jsonb) -> e.experiment ->> 0), 0), ((($5::jsonb) -> e.experiment ->> 1), 1)) AS v(variant, treated)
      CROSS JOIN generate_series(1, 7) AS d
      ORDER BY d DESC, e.i, v.treated`,
    [
      EXPERIMENTS.map((e) => e[0]),
      EXPERIMENTS.map((e) => e[1]),
      EXPERIMENTS.map((e) => e[2]),
      EXPERIMENTS.map((e) => e[3]),
      JSON.stringify(VARIANTS),
    ],
  );
}
