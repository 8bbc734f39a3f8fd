import type { Database } from '../src/db/database.ts';
import { type Condition, type Expect, type KeyRow, normalizeText, type Scalar } from './compare.ts';

/**
 * Gold answers: hand-written SQL per question (see kinds.ts), run against the eval's own copy of the catalog,
 * turned into an `expect` on key values. Each gold SQL may carry alternative readings of the question (a
 * city meaning "in stock there" or just "sold there", "last 7 days" as a rolling window or as calendar
 * days…); a question is only usable when every reading gives the same expectation, so the eval never
 * depends on which reasonable interpretation the engine picks.
 */

export const CATEGORIES = [
  'cheapest_platform',
  'platform_prices',
  'most_expensive',
  'discount_filter',
  'best_deals',
  'under_price',
  'price_history',
  'price_drops',
  'availability',
  'fastest_delivery',
  'unit_price',
  'membership',
  'platform_aggregates',
  'coupons',
  'flash_sales',
  'two_platforms',
  'cheapest_in_stock',
  'mrp_discount',
  'brand_cheapest',
  'fees',
  'basket',
  'refusal',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface AskContextLike {
  city?: string;
  pincode?: string;
}

/** One line of eval/questions.jsonl. */
export interface EvalQuestion {
  id: string;
  question: string;
  context?: AskContextLike;
  category: Category;
  gold_sql?: string;
  /** Tables the gold answer reads (from gold_sql, or listed by hand for computed golds). */
  gold_tables?: string[];
  /** Other readings of the question that were checked to give the same expectation. */
  readings?: string[];
  expect: Expect;
  note?: string;
}

export type GoldRow = Record<string, unknown>;

export interface SqlGold {
  sql: string;
  alts?: { label: string; sql: string }[];
  /** Label of the primary reading. */
  reading?: string;
  derive: (rows: GoldRow[], h: GoldHelpers) => Expect;
  /** A legitimate empty answer (otherwise an empty gold result means the question is broken). */
  allowEmpty?: boolean;
}

/** The most rows the eval asks for (AskContext.max_results); larger gold answers are checked loosely. */
export const EVAL_MAX_RESULTS = 50;

export class GoldHelpers {
  constructor(private readonly ambiguous: ReadonlySet<string>) {}

  /** Loads which product names need their pack to be told apart (same name, or contained in another). */
  static async load(db: Database): Promise<GoldHelpers> {
    const { rows } = await db.query<{ name: string }>('SELECT name FROM products');
    const names = rows.map((r) => normalizeText(r.name));
    const counts = new Map<string, number>();
    for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
    const ambiguous = new Set<string>();
    const unique = [...counts.keys()];
    for (const n of unique) {
      if ((counts.get(n) ?? 0) > 1 || unique.some((m) => m !== n && m.includes(n))) ambiguous.add(n);
    }
    return new GoldHelpers(ambiguous);
  }

  /** The product name as expected in answers, with the pack when the name alone is ambiguous. */
  label(row: GoldRow): string {
    const name = String(row.product);
    const pack = row.pack;
    return this.ambiguous.has(normalizeText(name)) && typeof pack === 'string' ? `${name} ${pack}` : name;
  }

  scalar(row: GoldRow, key: string): Scalar {
    if (key === 'product') return this.label(row);
    const v = row[key];
    if (v === null || v === undefined) return null;
    if (typeof v === 'number') return Math.round(v * 100) / 100;
    if (typeof v === 'boolean' || typeof v === 'string') return v;
    if (v instanceof Date) return v.toISOString();
    return String(v);
  }

  keyRow(row: GoldRow, keys: string[]): KeyRow {
    const out: KeyRow = {};
    for (const k of keys) out[k] = this.scalar(row, k);
    return out;
  }

  /**
   * Key values of the first row. Rows tied with it on the ordering columns could come first just as well,
   * so only keys on which all tied rows agree are kept.
   */
  first(rows: GoldRow[], keys: string[], orderKeys: string[]): KeyRow {
    const head = rows[0];
    if (!head) throw new GoldError('gold returned no rows');
    const sameOrder = (r: GoldRow) => orderKeys.every((k) => same(this.scalar(r, k), this.scalar(head, k)));
    const tied = rows.filter(sameOrder);
    const out: KeyRow = {};
    for (const k of keys) {
      const v = this.scalar(head, k);
      if (tied.every((r) => same(this.scalar(r, k), v))) out[k] = v;
    }
    return out;
  }

  rows(rows: GoldRow[], keys: string[]): KeyRow[] {
    return rows.map((r) => this.keyRow(r, keys)).sort(byJson);
  }

  distinct(rows: GoldRow[], key: string): Scalar[] {
    const seen = new Map<string, Scalar>();
    for (const r of rows) {
      const v = this.scalar(r, key);
      seen.set(JSON.stringify(v), v);
    }
    return [...seen.values()].sort((a, b) => String(a).localeCompare(String(b)));
  }

  /**
   * The answer is a list of `key` values (products, platforms…): the exact set when the answer fits in one
   * page of results, otherwise every row must be one of them and the page must be full.
   */
  list(rows: GoldRow[], key: string): Expect {
    const values = this.distinct(rows, key);
    if (rows.length <= EVAL_MAX_RESULTS) return { set: { key, values } };
    return { all: [{ column: key, in: values }], min_count: Math.min(values.length, EVAL_MAX_RESULTS) };
  }

  /**
   * Like `list`, for a filter with a boundary two readings disagree on ("over 20%": 20.00% in or out):
   * rows passing `required` must appear, the boundary ones may, nothing else may.
   */
  listAtBoundary(rows: GoldRow[], key: string, required: (row: GoldRow) => boolean): Expect {
    const allowed = this.distinct(rows, key);
    const must = this.distinct(rows.filter(required), key);
    if (must.length === allowed.length) return this.list(rows, key);
    if (rows.length <= EVAL_MAX_RESULTS) {
      if (must.length === 0) return { all: [{ column: key, in: allowed }] };
      return { contains: must.map((v) => ({ [key]: v })), all: [{ column: key, in: allowed }] };
    }
    return { all: [{ column: key, in: allowed }], min_count: Math.min(must.length, EVAL_MAX_RESULTS) };
  }

  value(rows: GoldRow[], column: string): Expect {
    const head = rows[0];
    if (!head || head[column] === null || head[column] === undefined) {
      throw new GoldError(`gold returned no ${column}`);
    }
    return { value: { column, equals: this.scalar(head, column) } };
  }
}

export class GoldError extends Error {}

function same(a: Scalar, b: Scalar): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 0.005;
  return JSON.stringify(a) === JSON.stringify(b);
}

function byJson(a: unknown, b: unknown): number {
  return JSON.stringify(a).localeCompare(JSON.stringify(b));
}

/** Merges partial expectations; `all` conditions accumulate. */
export function merge(...parts: Expect[]): Expect {
  const out: Expect = {};
  const all: Condition[] = [];
  for (const part of parts) {
    const { all: partAll, ...rest } = part;
    Object.assign(out, rest);
    if (partAll) all.push(...(Array.isArray(partAll) ? partAll : [partAll]));
  }
  if (all.length > 0) out.all = all;
  return out;
}

/** JSON with sorted keys, to compare expectations from different readings. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

export type GoldResult =
  | { ok: true; expect: Expect; rows: number; readings: string[] }
  | { ok: false; reason: string };

/** Runs a gold SQL and its alternative readings; fails when they disagree or the gold is empty. */
export async function evaluateGold(db: Database, gold: SqlGold, h: GoldHelpers): Promise<GoldResult> {
  const run = async (sql: string) => (await db.query<GoldRow>(sql)).rows;
  const derive = (rows: GoldRow[]): Expect => {
    if (rows.length === 0) {
      if (gold.allowEmpty) return { count: 0 };
      throw new GoldError('gold returned no rows');
    }
    return gold.derive(rows, h);
  };
  let expect: Expect;
  let rows: GoldRow[];
  try {
    rows = await run(gold.sql);
    expect = derive(rows);
  } catch (error) {
    return { ok: false, reason: `primary: ${(error as Error).message}` };
  }
  const readings = [gold.reading ?? 'primary'];
  for (const alt of gold.alts ?? []) {
    let other: Expect;
    try {
      other = derive(await run(alt.sql));
    } catch (error) {
      return { ok: false, reason: `reading "${alt.label}": ${(error as Error).message}` };
    }
    if (stableJson(other) !== stableJson(expect)) {
      return {
        ok: false,
        reason: `reading "${alt.label}" disagrees: ${stableJson(other).slice(0, 400)} vs ${stableJson(expect).slice(0, 400)}`,
      };
    }
    readings.push(alt.label);
  }
  return { ok: true, expect, rows: rows.length, readings };
}
