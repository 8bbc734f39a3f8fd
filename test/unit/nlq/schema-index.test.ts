import { beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/db/migrate.ts';
import { openPglite } from '../../../src/db/pglite.ts';
import { introspectSchema, type SchemaModel } from '../../../src/nlq/schema/introspect.ts';
import { buildJoinGraph, findJoinPath, type JoinStep } from '../../../src/nlq/schema/join-graph.ts';
import {
  buildTableIndex,
  type EmbeddingsProvider,
  type TableIndex,
  withEmbeddings,
} from '../../../src/nlq/schema/table-index.ts';

// What the engine keeps away from questions: shoppers' personal data and the service's own bookkeeping.
const EXCLUDED = new Set([
  'users',
  'user_preferences',
  'search_history',
  'shopping_lists',
  'shopping_list_items',
  'comparison_history',
  'user_behavior',
  'price_alerts',
  'stock_alerts',
  'user_analytics',
  'conversion_tracking',
  'query_logs',
  'performance_metrics',
  'api_usage_stats',
  'error_logs',
  'ab_test_results',
  'api_keys',
  'feed_imports',
  'feed_rejections',
]);

interface RecallCase {
  question: string;
  /** Every one of these must be in the top 5, unless `anyOf`, when one suffices. */
  tables: string[];
  anyOf?: true;
}

const RECALL_CASES: RecallCase[] = [
  { question: 'cheapest amul butter in bengaluru', tables: ['current_prices', 'products'] },
  { question: 'price history of maggi last 30 days', tables: ['price_history'] },
  { question: 'which platform delivers fastest', tables: ['delivery_estimates'] },
  { question: 'any coupons on zepto', tables: ['coupon_codes'] },
  { question: 'flash sales now', tables: ['flash_sales'] },
  { question: 'is it in stock in pune', tables: ['availability_status'] },
  { question: 'delivery fee on blinkit', tables: ['platform_fees'] },
  { question: 'members price zepto pass', tables: ['membership_prices'] },
  { question: 'what got cheaper today', tables: ['price_changes'] },
  { question: 'dicount on detergants', tables: ['current_prices', 'discounts'], anyOf: true },
  { question: 'discnt percent on chips', tables: ['current_prices', 'discounts'], anyOf: true },
  { question: 'deliverd in 10 minutes', tables: ['delivery_estimates'] },
  { question: 'compare price of aashirvaad atta across platforms', tables: ['current_prices'] },
  { question: 'is zepto cheaper than blinkit for atta', tables: ['current_prices'] },
  { question: 'amul butter on zepto vs blinkit', tables: ['current_prices', 'products'] },
  { question: 'how much is a litre of milk on instamart', tables: ['current_prices'] },
  { question: 'sasta tel kahan milega', tables: ['current_prices'] },
  { question: 'mrp vs selling price of amul ghee', tables: ['current_prices'] },
  { question: 'best deals on dairy right now', tables: ['discounts'] },
  { question: 'lowest price of toor dal ever', tables: ['price_history'] },
  { question: 'show me maggi price trend over the past month', tables: ['price_history'] },
  { question: 'which products dropped in price this week', tables: ['price_changes'] },
  { question: 'will tomato prices go down next week', tables: ['price_predictions'] },
  { question: 'promo code for first order', tables: ['coupon_codes'] },
  { question: 'bank offers and cashback on bigbasket', tables: ['cashback_offers'] },
  { question: 'combo deals for breakfast', tables: ['bundle_deals'] },
  { question: 'limited time deals ending soon', tables: ['flash_sales'] },
  { question: 'free delivery above what cart value on zepto', tables: ['platform_fees'] },
  { question: 'surge fee when it rains', tables: ['surge_pricing'] },
  { question: 'zepto pass monthly fee', tables: ['loyalty_programs'] },
  { question: 'out of stock items on swiggy instamart', tables: ['availability_status'] },
  { question: 'how many packs of eggs are left in the dark store', tables: ['inventory_levels'] },
  { question: 'which pin codes does blinkit deliver to', tables: ['service_areas'] },
  { question: 'price per kg of basmati rice', tables: ['products', 'current_prices'] },
  { question: 'buy 3 or more for a lower price each', tables: ['bulk_pricing'] },
  { question: 'subcategories under dairy', tables: ['product_categories'] },
  { question: 'all brands of ghee', tables: ['product_brands'] },
  { question: 'city pricing in mumbai vs delhi', tables: ['regional_pricing'] },
  { question: 'price at local kirana store vs zepto', tables: ['competitor_prices'] },
  { question: 'mango price in summer', tables: ['seasonal_pricing'] },
];

let model: SchemaModel;
let index: TableIndex;

beforeAll(async () => {
  const db = await openPglite();
  try {
    await migrate(db);
    model = await introspectSchema(db);
  } finally {
    await db.close();
  }
  index = buildTableIndex(model, { exclude: EXCLUDED });
});

describe('table index', () => {
  it('finds the tables of representative shopper questions: recall@5 ≥ 0.9', () => {
    let found = 0;
    let expected = 0;
    const misses: string[] = [];
    for (const { question, tables, anyOf } of RECALL_CASES) {
      const top = index.rank(question, 5).map((r) => r.table);
      const hits = tables.filter((t) => top.includes(t)).length;
      const got = anyOf ? Math.min(hits, 1) : hits;
      const want = anyOf ? 1 : tables.length;
      found += got;
      expected += want;
      if (got < want)
        misses.push(`  ${question} → ${top.join(', ')} (wanted ${tables.join(anyOf ? ' or ' : ' and ')})`);
    }
    const recall = found / expected;
    console.log(
      `table index recall@5 = ${recall.toFixed(3)} (${found}/${expected} over ${RECALL_CASES.length} questions)` +
        (misses.length ? `\n${misses.join('\n')}` : ''),
    );
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('never returns an excluded table, even for questions about them', () => {
    expect(index.documents.map((d) => d.table).filter((t) => EXCLUDED.has(t))).toEqual([]);
    const questions = [
      ...RECALL_CASES.map((c) => c.question),
      'my search history',
      'show api keys',
      'query logs of yesterday',
      'my shopping list',
      'users in pune',
      'price alerts I set',
    ];
    for (const question of questions) {
      const tables = index.rank(question, 100).map((r) => r.table);
      expect(
        tables.filter((t) => EXCLUDED.has(t)),
        question,
      ).toEqual([]);
    }
  });

  it('matches misspelt and inflected words through 3-grams', () => {
    expect(index.rank('deliverd fast', 1)[0]?.table).toBe('delivery_estimates');
    expect(index.rank('cupons', 1)[0]?.table).toBe('coupon_codes');
    expect(index.rank('availabilty', 1)[0]?.table).toBe('availability_status');
    expect(index.rank('regional pricing', 1)[0]?.table).toBe('regional_pricing');
  });

  it('ranks deterministically: best first, scores in (0, 1], at most k', () => {
    const first = index.rank('cheapest amul butter in bengaluru', 8);
    expect(index.rank('cheapest amul butter in bengaluru', 8)).toEqual(first);
    expect(first).toHaveLength(8);
    expect(first[0]!.score).toBeLessThanOrEqual(1);
    for (let i = 1; i < first.length; i++) {
      expect(first[i]!.score).toBeGreaterThan(0);
      expect(first[i]!.score).toBeLessThanOrEqual(first[i - 1]!.score);
    }
    expect(index.rank('cheapest amul butter in bengaluru')).toHaveLength(5);
    expect(index.rank('')).toEqual([]);
    expect(index.rank('the of and 42')).toEqual([]);
  });

  it('takes its synonyms from the options instead of the defaults', () => {
    expect(index.rank('sasta', 3).map((r) => r.table)).toContain('current_prices');
    const plain = buildTableIndex(model, { exclude: EXCLUDED, synonyms: {} });
    expect(plain.rank('sasta', 3).map((r) => r.table)).not.toContain('current_prices');
    const custom = buildTableIndex(model, {
      exclude: EXCLUDED,
      synonyms: { 'kitna jaldi': ['delivery', 'estimate'] },
    });
    expect(custom.rank('Kitna jaldi?', 1)[0]?.table).toBe('delivery_estimates');
  });
});

describe('table index with embeddings', () => {
  // A deterministic stand-in for a sentence-embedding model: a constant axis (no zero vectors) and one
  // concept axis. It knows that a "vip" is a member, which no table's text says; only membership_prices
  // calls its prices member-only.
  const VIP = /member-only|vip/i;
  function fakeProvider() {
    const calls: string[][] = [];
    const provider: EmbeddingsProvider = {
      async embed(texts) {
        calls.push(texts);
        return texts.map((text) => [1, VIP.test(text) ? 1 : 0]);
      },
    };
    return { provider, calls };
  }

  it('re-ranks the lexical candidates by embedding similarity', async () => {
    const { provider, calls } = fakeProvider();
    const hybrid = await withEmbeddings(index, provider);
    expect(index.rank('vip deals', 1)[0]?.table).toBe('bundle_deals');
    const ranked = await hybrid.rank('vip deals', 5);
    expect(ranked[0]?.table).toBe('membership_prices');
    expect(ranked).toHaveLength(5);
    expect(ranked.filter((r) => EXCLUDED.has(r.table))).toEqual([]);
    // Documents are embedded once, up front; each question costs one call.
    await hybrid.rank('vip deals');
    expect(calls.map((c) => c.length)).toEqual([index.documents.length, 1, 1]);
  });

  it('keeps the lexical order when embeddings get no weight', async () => {
    const { provider } = fakeProvider();
    const hybrid = await withEmbeddings(index, provider, { embeddingWeight: 0 });
    expect(await hybrid.rank('which platform delivers fastest', 5)).toEqual(
      index.rank('which platform delivers fastest', 5),
    );
  });

  it('rejects a provider that does not return one vector per text, and a weight outside 0..1', async () => {
    const short: EmbeddingsProvider = { embed: async () => [[1]] };
    await expect(withEmbeddings(index, short)).rejects.toThrow(/returned 1 vectors/);
    const resized = await withEmbeddings(index, {
      embed: async (texts) => texts.map(() => (texts.length === 1 ? [1, 0, 0] : [1, 0])),
    });
    await expect(resized.rank('milk')).rejects.toThrow(/another size/);
    const { provider } = fakeProvider();
    await expect(withEmbeddings(index, provider, { embeddingWeight: 2 })).rejects.toThrow(RangeError);
  });
});

describe('join paths over the real schema', () => {
  // Each step must join a new table to one already in the FROM list, on columns that exist.
  function expectEmittable(from: string, steps: JoinStep[]) {
    const columns = new Map(model.tables.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
    const joined = new Set([from]);
    for (const step of steps) {
      expect(joined.has(step.on.leftTable), `${step.table} joins ${step.on.leftTable}`).toBe(true);
      expect(joined.has(step.table)).toBe(false);
      expect(step.on.rightTable).toBe(step.table);
      expect(columns.get(step.on.leftTable)?.has(step.on.leftColumn)).toBe(true);
      expect(columns.get(step.on.rightTable)?.has(step.on.rightColumn)).toBe(true);
      joined.add(step.table);
    }
    return joined;
  }

  it('joins products to platforms through a listing or its current price', () => {
    const graph = buildJoinGraph(model);
    const steps = findJoinPath(graph, 'products', ['platforms']);
    expectEmittable('products', steps);
    expect(steps).toHaveLength(2);
    expect(['current_prices', 'platform_listings']).toContain(steps[0]!.table);
    expect(steps[1]!.table).toBe('platforms');
  });

  it('joins price, stock, delivery time and city to a product in one tree', () => {
    const graph = buildJoinGraph(model);
    const targets = ['current_prices', 'availability_status', 'delivery_estimates', 'cities'];
    const steps = findJoinPath(graph, 'products', targets);
    const joined = expectEmittable('products', steps);
    for (const target of targets) expect(joined).toContain(target);
    expect(steps).toEqual([
      step('availability_status', 'product_id', 'products', 'id'),
      step('current_prices', 'product_id', 'products', 'id'),
      step('platform_listings', 'product_id', 'products', 'id'),
      // cities hangs off availability_status, already joined, instead of a separate bridge.
      step('cities', 'id', 'availability_status', 'city_id'),
      step('delivery_estimates', 'listing_id', 'platform_listings', 'id'),
    ]);
  });

  it('follows declared keys only: price_history reaches products through its listing', () => {
    const steps = findJoinPath(buildJoinGraph(model), 'price_history', ['products']);
    expect(steps).toEqual([
      step('platform_listings', 'id', 'price_history', 'listing_id'),
      step('products', 'id', 'platform_listings', 'product_id'),
    ]);
  });

  it('keeps a listing identity where an attribute join would fan out', () => {
    const steps = findJoinPath(buildJoinGraph(model), 'current_prices', ['cities']);
    expectEmittable('current_prices', steps);
    expect(steps.map((s) => s.table)).toEqual(['platform_listings', 'availability_status', 'cities']);
    const offers = findJoinPath(buildJoinGraph(model), 'cashback_offers', ['discounts']);
    expect(offers.map((s) => s.table)).toEqual(['platform_listings', 'discounts']);
  });

  it('never bridges through shoppers’ or internal tables', () => {
    const graph = buildJoinGraph(model);
    expect(graph.peripheral).toContain('comparison_history');
    expect(graph.peripheral).toContain('shopping_list_items');
    expect(graph.peripheral).toContain('query_logs');
    expect(graph.peripheral).not.toContain('current_prices');
    for (const target of ['cities', 'platforms', 'pincodes', 'product_categories']) {
      const tables = findJoinPath(graph, 'products', [target]).map((s) => s.table);
      expect(
        tables.filter((t) => graph.peripheral.has(t)),
        target,
      ).toEqual([]);
    }
  });
});

function step(table: string, rightColumn: string, leftTable: string, leftColumn: string): JoinStep {
  return { table, on: { leftTable, leftColumn, rightTable: table, rightColumn } };
}
