import type { PlannedJoin } from './compile/sql.ts';
import type { IR } from './ir.ts';
import type { SchemaModel } from './schema/introspect.ts';
import { findJoinPath, type JoinGraph } from './schema/join-graph.ts';
import type { RankedTable, TableIndex } from './schema/table-index.ts';

/**
 * IR → plan: which query template, which tables, and how they join. Joins come from the foreign-key graph
 * (findJoinPath); the planner only says which table each join hangs off ("anchor"), so facts about one
 * listing (stock, delivery time in a city) are joined on the listing rather than fanned out through the
 * product or platform they share.
 */

export type Template =
  | 'listings'
  | 'delivery'
  | 'delivery_by_platform'
  | 'availability'
  | 'history'
  | 'price_changes'
  | 'membership'
  | 'platform_stats'
  | 'coupons'
  | 'flash_sales'
  | 'fees'
  | 'basket';

export interface PlannerContext {
  model: SchemaModel;
  graph: JoinGraph;
  tableIndex: TableIndex;
}

export interface JoinRequest {
  table: string;
  /** The already-joined table the path starts from; the root when absent. */
  anchor?: string;
  /** LEFT JOIN: rows without a match stay (stock or ETA unknown in that city). */
  optional?: boolean;
}

export interface Plan {
  template: Template;
  /** The table the query is about (one row per row of it, before grouping). */
  root: string;
  /**
   * The first table of FROM. Joins run in the written order (the engine sets join_collapse_limit = 1, which
   * keeps planning time flat however many lookups are joined), so the most selective table drives: the
   * root, or products when only a brand or category narrows the rows.
   */
  from: string;
  joins: PlannedJoin[];
  /** Tables read outside the main FROM (EXISTS subqueries, CTEs). */
  subqueryTables: string[];
  /** Every table the SQL uses, most relevant to the question first. */
  tables: string[];
  /**
   * The tables the answer rests on, for the response's relevant_tables: the facts asked about first, then the
   * tables the question's names were resolved against (a named city's `cities` too, though the SQL filters
   * by its id), then tables that only join or add columns.
   */
  relevant: string[];
  complexity: 'simple' | 'complex';
  /** Why the plan counts as complex (and gets an EXPLAIN cost check). */
  reasons: string[];
  /** The table index's ranking for the question (semantic recall of the tables used). */
  ranked: RankedTable[];
  /** Share of the tables used that the table index ranked in its top results. */
  recall: number;
}

const RANK_K = 8;
/** Plans with more joins than this get an EXPLAIN cost check before running. */
const MAX_SIMPLE_JOINS = 10;

export function planQuery(ir: IR, ctx: PlannerContext, question: string): Plan {
  const { template, root, requests, subqueryTables } = chooseTables(ir);
  const from = drivingTable(ir, template, root);
  // Requests hang off the root unless they say otherwise, whichever table drives.
  const anchored = requests.map((r) => ({ ...r, anchor: r.anchor ?? root }));
  const joins = resolveJoins(
    ctx,
    from,
    from === root ? anchored : [{ table: root, anchor: from }, ...anchored],
  );
  const used = [root, from, ...joins.map((j) => j.step.table), ...subqueryTables];
  const unique = [...new Set(used)];
  const ranked = ctx.tableIndex.rank(question, RANK_K);
  const position = new Map(ranked.map((r, i) => [r.table, i]));
  const tables = [...unique].sort((a, b) => {
    const pa = position.get(a) ?? Number.POSITIVE_INFINITY;
    const pb = position.get(b) ?? Number.POSITIVE_INFINITY;
    return pa - pb || unique.indexOf(a) - unique.indexOf(b);
  });
  const recall = unique.length === 0 ? 0 : unique.filter((t) => position.has(t)).length / unique.length;
  const reasons = complexityReasons(ir, template, joins.length);
  return {
    template,
    root,
    from,
    joins,
    subqueryTables,
    tables,
    relevant: relevantTables(ir, template, tables),
    complexity: reasons.length > 0 ? 'complex' : 'simple',
    reasons,
    ranked,
    recall: Math.round(recall * 1000) / 1000,
  };
}

/** The tables holding what each template answers with. */
const FACTS: Readonly<Record<Template, readonly string[]>> = {
  listings: ['current_prices'],
  delivery: ['delivery_estimates', 'availability_status'],
  delivery_by_platform: ['delivery_estimates', 'availability_status'],
  availability: ['availability_status'],
  history: ['price_history'],
  price_changes: ['price_changes'],
  membership: ['membership_prices'],
  platform_stats: ['current_prices'],
  coupons: ['coupon_codes'],
  flash_sales: ['flash_sales'],
  fees: ['platform_fees'],
  basket: ['current_prices', 'availability_status', 'platform_fees', 'coupon_codes'],
};

function relevantTables(ir: IR, template: Template, used: readonly string[]): string[] {
  const facts = new Set(FACTS[template]);
  // Stock in a city is a fact the answer filters or reports on.
  if (ir.city !== null || ir.filters.in_stock_only) facts.add('availability_status');
  const named = new Set<string>(['platforms']);
  if (hasItemFilter(ir) || used.includes('products')) named.add('products');
  if (ir.brand_ids.length > 0) named.add('product_brands');
  if (ir.category_ids.length > 0) named.add('product_categories');
  if (ir.city !== null) named.add('cities');
  if (ir.pincode !== null) named.add('pincodes');
  // The vocabulary resolved these names from their tables even when the SQL only filters by id.
  const resolved: string[] = [...named].filter((t) => t === 'cities' || t === 'pincodes');
  const all = [...new Set([...used, ...resolved])];
  const order = new Map(all.map((t, i) => [t, i]));
  const role = (t: string) => (facts.has(t) ? 0 : named.has(t) ? 1 : 2);
  return [...all].sort((a, b) => role(a) - role(b) || order.get(a)! - order.get(b)!);
}

const PRODUCT_DRIVEN: ReadonlySet<Template> = new Set([
  'listings',
  'availability',
  'delivery',
  'history',
  'price_changes',
  'membership',
  'flash_sales',
  'platform_stats',
]);

/** Products first when a brand or category (and no product ids) selects the rows; else the root. */
function drivingTable(ir: IR, template: Template, root: string): string {
  const byBrandOrCategory =
    ir.products.length === 0 && (ir.brand_ids.length > 0 || ir.category_ids.length > 0);
  return byBrandOrCategory && PRODUCT_DRIVEN.has(template) ? 'products' : root;
}

function hasItemFilter(ir: IR): boolean {
  return ir.products.length > 0 || ir.brand_ids.length > 0 || ir.category_ids.length > 0;
}

function complexityReasons(ir: IR, template: Template, joinCount: number): string[] {
  const reasons: string[] = [];
  if (template === 'basket') reasons.push('basket: per-platform carts with fees and coupons');
  if (template === 'platform_stats') reasons.push('aggregates every listing per platform');
  if (template === 'delivery_by_platform') reasons.push('aggregates delivery estimates per platform');
  if ((template === 'history' || template === 'price_changes') && !hasItemFilter(ir)) {
    reasons.push('price history without a product, brand or category filter');
  }
  if (joinCount >= MAX_SIMPLE_JOINS) reasons.push(`${joinCount} joins`);
  return reasons;
}

function chooseTables(ir: IR): {
  template: Template;
  root: string;
  requests: JoinRequest[];
  subqueryTables: string[];
} {
  const city = ir.city !== null;
  // Products, with brand and category names where the result shows them (filters use products' own ids).
  const itemTables = (anchor: string, names: { brand?: boolean; category?: boolean } = {}): JoinRequest[] => [
    { table: 'products', anchor },
    ...(names.brand ? [{ table: 'product_brands', anchor: 'products' }] : []),
    ...(names.category ? [{ table: 'product_categories', anchor: 'products' }] : []),
  ];
  const cityFacts = (optional: boolean): JoinRequest[] => [
    { table: 'availability_status', anchor: 'platform_listings', optional },
    { table: 'inventory_levels', anchor: 'platform_listings', optional: true },
    { table: 'delivery_estimates', anchor: 'platform_listings', optional: true },
  ];
  const stockSubquery = !city && ir.filters.in_stock_only ? ['availability_status'] : [];

  switch (ir.intent) {
    case 'availability':
      return {
        template: 'availability',
        root: 'availability_status',
        requests: [
          { table: 'platform_listings' },
          ...itemTables('availability_status', { brand: true }),
          { table: 'platforms' },
          { table: 'cities' },
          { table: 'current_prices', anchor: 'platform_listings' },
          { table: 'inventory_levels', anchor: 'platform_listings', optional: true },
          { table: 'delivery_estimates', anchor: 'platform_listings', optional: true },
        ],
        subqueryTables: [],
      };
    case 'fastest_delivery':
      if (!hasItemFilter(ir)) {
        return {
          template: 'delivery_by_platform',
          root: 'delivery_estimates',
          requests: [
            { table: 'platform_listings' },
            { table: 'platforms' },
            { table: 'cities' },
            { table: 'availability_status', anchor: 'platform_listings' },
          ],
          subqueryTables: [],
        };
      }
      return {
        template: 'delivery',
        root: 'delivery_estimates',
        requests: [
          { table: 'platform_listings' },
          ...itemTables('platform_listings'),
          { table: 'platforms' },
          { table: 'cities' },
          { table: 'current_prices', anchor: 'platform_listings' },
          { table: 'availability_status', anchor: 'platform_listings', optional: true },
        ],
        subqueryTables: [],
      };
    case 'price_history':
      return {
        template: 'history',
        root: 'price_history',
        requests: [
          { table: 'platform_listings' },
          ...itemTables('platform_listings'),
          { table: 'platforms', anchor: 'platform_listings' },
        ],
        subqueryTables: [],
      };
    case 'price_changes':
      return {
        template: 'price_changes',
        root: 'price_changes',
        requests: [...itemTables('price_changes'), { table: 'platforms' }],
        subqueryTables: [],
      };
    case 'membership_savings':
      return {
        template: 'membership',
        root: 'membership_prices',
        requests: [...itemTables('membership_prices'), { table: 'platforms' }],
        subqueryTables: [],
      };
    case 'platform_stats':
      return {
        template: 'platform_stats',
        root: 'current_prices',
        requests: [
          { table: 'platforms' },
          ...itemTables('current_prices'),
          ...(city
            ? [{ table: 'platform_listings' }, { table: 'availability_status', anchor: 'platform_listings' }]
            : []),
        ],
        subqueryTables: [],
      };
    case 'coupons':
      return {
        template: 'coupons',
        root: 'coupon_codes',
        requests: [{ table: 'platforms' }],
        subqueryTables: [],
      };
    case 'flash_sales':
      return {
        template: 'flash_sales',
        root: 'flash_sales',
        requests: [
          { table: 'platform_listings' },
          ...itemTables('flash_sales'),
          { table: 'platforms' },
          { table: 'current_prices', anchor: 'platform_listings' },
          ...(city ? cityFacts(true) : []),
        ],
        subqueryTables: stockSubquery,
      };
    case 'fees':
      return {
        template: 'fees',
        root: 'platform_fees',
        requests: [{ table: 'platforms' }, { table: 'cities' }],
        subqueryTables: [],
      };
    case 'basket':
      // Priced by the basket module (compareBasketChoices), whose queries read these tables.
      return {
        template: 'basket',
        root: 'current_prices',
        requests: [],
        subqueryTables: [
          'products',
          'platforms',
          'platform_listings',
          'availability_status',
          'regional_pricing',
          'platform_fees',
          'coupon_codes',
        ],
      };
    default:
      return {
        template: 'listings',
        root: 'current_prices',
        requests: [
          ...(city ? [{ table: 'platform_listings' }] : []),
          ...itemTables('current_prices', { brand: true, category: true }),
          { table: 'platforms' },
          ...(city ? cityFacts(!ir.filters.in_stock_only) : []),
        ],
        subqueryTables: stockSubquery,
      };
  }
}

/** Joins each requested table along the FK graph from its anchor, skipping tables already joined. */
export function resolveJoins(
  ctx: PlannerContext,
  root: string,
  requests: readonly JoinRequest[],
): PlannedJoin[] {
  const joined = new Set([root]);
  const out: PlannedJoin[] = [];
  for (const request of requests) {
    if (joined.has(request.table)) continue;
    const anchor = request.anchor ?? root;
    if (!joined.has(anchor)) throw new Error(`Join anchor ${anchor} is not joined before ${request.table}`);
    for (const step of findJoinPath(ctx.graph, anchor, [request.table])) {
      if (joined.has(step.table)) continue;
      if (!joined.has(step.on.leftTable)) {
        throw new Error(`Join step to ${step.table} starts from ${step.on.leftTable}, which is not joined`);
      }
      const optional =
        request.optional === true || nullableReference(ctx.model, step.on.leftTable, step.on.leftColumn);
      out.push({ step, type: optional ? 'LEFT JOIN' : 'JOIN' });
      joined.add(step.table);
    }
  }
  return out;
}

/** A nullable foreign-key column (products.brand_id): an inner join would drop the rows without one. */
function nullableReference(model: SchemaModel, table: string, column: string): boolean {
  const t = model.tables.find((x) => x.name === table);
  const isFk = t?.foreignKeys.some((fk) => fk.columns.length === 1 && fk.columns[0] === column) ?? false;
  return isFk && (t?.columns.find((c) => c.name === column)?.nullable ?? false);
}
