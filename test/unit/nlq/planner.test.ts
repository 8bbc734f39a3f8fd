import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.ts';
import { migrate } from '../../../src/db/migrate.ts';
import { openPglite } from '../../../src/db/pglite.ts';
import { fkCondition } from '../../../src/nlq/compile/sql.ts';
import { emptyFilters, type IR } from '../../../src/nlq/ir.ts';
import { type PlannerContext, planQuery, resolveJoins } from '../../../src/nlq/planner.ts';
import { introspectSchema } from '../../../src/nlq/schema/introspect.ts';
import { buildJoinGraph } from '../../../src/nlq/schema/join-graph.ts';
import { buildTableIndex } from '../../../src/nlq/schema/table-index.ts';
import { DENIED_TABLES } from '../../../src/nlq/sql-policy.ts';

let db: Database;
let ctx: PlannerContext;
beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  const model = await introspectSchema(db);
  ctx = {
    model,
    graph: buildJoinGraph(model),
    tableIndex: buildTableIndex(model, { exclude: DENIED_TABLES }),
  };
}, 60_000);
afterAll(async () => {
  await db?.close();
});

function makeIr(overrides: Partial<IR>): IR {
  return {
    intent: 'cheapest_platform',
    products: [{ ids: [1], label: 'x', ambiguous: false, pack: null, pack_matched: true }],
    brand_ids: [],
    category_ids: [],
    platform_ids: [],
    city: null,
    pincode: null,
    filters: emptyFilters(),
    time: null,
    at: '2026-11-20T12:00:00+05:30',
    sort: { key: 'price', direction: 'asc' },
    limit: 100,
    aggregation: null,
    unit: null,
    change_direction: null,
    basket: null,
    ...overrides,
  };
}

const joinsOf = (ir: IR, question = 'cheapest') =>
  planQuery(ir, ctx, question).joins.map((j) => `${j.type} ${j.step.table} ON ${fkCondition(j.step)}`);

describe('planner', () => {
  it('joins current prices to products, brands (LEFT: brand is optional), categories and platforms along FKs', () => {
    expect(joinsOf(makeIr({}))).toEqual([
      'JOIN products ON p.id = cp.product_id',
      'LEFT JOIN product_brands ON b.id = p.brand_id',
      'JOIN product_categories ON c.id = p.category_id',
      'JOIN platforms ON pf.id = cp.platform_id',
    ]);
  });

  it('joins city facts on the listing, never fanned out through the product or platform', () => {
    const joins = joinsOf(makeIr({ city: { id: 1, name: 'Bengaluru' } }));
    expect(joins).toContain('JOIN platform_listings ON l.id = cp.listing_id');
    expect(joins).toContain('LEFT JOIN availability_status ON a.listing_id = l.id');
    expect(joins).toContain('LEFT JOIN inventory_levels ON i.listing_id = l.id');
    expect(joins).toContain('LEFT JOIN delivery_estimates ON d.listing_id = l.id');
    // Asked for stock only: the availability join becomes an inner join.
    const inStock = joinsOf(
      makeIr({ city: { id: 1, name: 'Bengaluru' }, filters: { ...emptyFilters(), in_stock_only: true } }),
    );
    expect(inStock).toContain('JOIN availability_status ON a.listing_id = l.id');
  });

  it('reaches products from price history through its listing (price_history has no product FK)', () => {
    const ir = makeIr({
      intent: 'price_history',
      aggregation: 'history_summary',
      time: { from: 'a', to: 'b', label: 'x', kind: 'default' },
    });
    expect(joinsOf(ir)).toEqual([
      'JOIN platform_listings ON l.id = ph.listing_id',
      'JOIN products ON p.id = l.product_id',
      'JOIN platforms ON pf.id = l.platform_id',
    ]);
  });

  it('drives from products when only a brand or category selects rows, still joining facts on the root', () => {
    const plan = planQuery(makeIr({ products: [], category_ids: [5] }), ctx, 'cheapest milk');
    expect(plan).toMatchObject({ root: 'current_prices', from: 'products' });
    expect(plan.joins.map((j) => `${j.type} ${j.step.table} ON ${fkCondition(j.step)}`)).toEqual([
      'JOIN current_prices ON cp.product_id = p.id',
      'LEFT JOIN product_brands ON b.id = p.brand_id',
      'JOIN product_categories ON c.id = p.category_id',
      'JOIN platforms ON pf.id = cp.platform_id',
    ]);
    expect(planQuery(makeIr({}), ctx, 'q').from).toBe('current_prices');
  });

  it('reports the tables the SQL uses as relevant_tables, most relevant to the question first', () => {
    const plan = planQuery(
      makeIr({ intent: 'coupons', products: [] }),
      ctx,
      'which coupon codes work on zepto',
    );
    expect(plan.tables).toEqual(['coupon_codes', 'platforms']);
    expect(plan.ranked[0]!.table).toBe('coupon_codes');
    expect(plan.recall).toBeGreaterThan(0);
    const fees = planQuery(makeIr({ intent: 'fees', products: [] }), ctx, 'delivery fee in pune');
    expect(new Set(fees.tables)).toEqual(new Set(['platform_fees', 'platforms', 'cities']));
    expect(fees.tables[0]).toBe('platform_fees');
  });

  it('lists the facts first, then the tables the question names resolve against, then the rest', () => {
    const inCity = planQuery(
      makeIr({
        city: { id: 1, name: 'Pune' },
        pincode: '411001',
        filters: { ...emptyFilters(), in_stock_only: true },
      }),
      ctx,
      'cheapest amul butter in stock in 411001',
    );
    expect(new Set(inCity.relevant.slice(0, 2))).toEqual(new Set(['current_prices', 'availability_status']));
    expect(new Set(inCity.relevant.slice(2, 6))).toEqual(
      new Set(['products', 'platforms', 'cities', 'pincodes']),
    );
    // cities and pincodes were read by the vocabulary, not by the SQL (it filters by city id).
    expect(inCity.tables).not.toContain('cities');
    expect(new Set(inCity.relevant)).toEqual(new Set([...inCity.tables, 'cities', 'pincodes']));
    const byAisle = planQuery(makeIr({ products: [], category_ids: [5] }), ctx, 'chips deals');
    expect(byAisle.relevant.slice(0, 4)).toEqual([
      'current_prices',
      'products',
      'product_categories',
      'platforms',
    ]);
    const basket = planQuery(
      makeIr({ intent: 'basket', products: [], basket: [], city: { id: 1, name: 'Pune' } }),
      ctx,
      'q',
    );
    expect(basket.relevant.slice(0, 4)).toEqual([
      'current_prices',
      'availability_status',
      'platform_fees',
      'coupon_codes',
    ]);
  });

  it('classifies complexity: simple lookups stay simple, baskets and aggregates are complex', () => {
    expect(planQuery(makeIr({}), ctx, 'q').complexity).toBe('simple');
    expect(planQuery(makeIr({ intent: 'basket', products: [], basket: [] }), ctx, 'q').complexity).toBe(
      'complex',
    );
    expect(
      planQuery(
        makeIr({ intent: 'platform_stats', products: [], aggregation: 'platform_summary' }),
        ctx,
        'q',
      ),
    ).toMatchObject({ complexity: 'complex', reasons: ['aggregates every listing per platform'] });
    const history = makeIr({
      intent: 'price_changes',
      products: [],
      time: { from: 'a', to: 'b', label: 'x', kind: 'default' },
    });
    expect(planQuery(history, ctx, 'q').complexity).toBe('complex');
  });

  it('never joins personal tables and refuses anchors that are not joined', () => {
    for (const intent of [
      'cheapest_platform',
      'availability',
      'fastest_delivery',
      'membership_savings',
      'flash_sales',
    ] as const) {
      const plan = planQuery(makeIr({ intent, city: { id: 1, name: 'Pune' } }), ctx, 'q');
      expect(
        plan.tables.some((t) => DENIED_TABLES.has(t)),
        intent,
      ).toBe(false);
    }
    expect(() =>
      resolveJoins(ctx, 'current_prices', [{ table: 'availability_status', anchor: 'platform_listings' }]),
    ).toThrow(/not joined/);
  });
});
