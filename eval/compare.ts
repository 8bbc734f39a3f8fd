/**
 * How the eval decides whether an answer is right. Only the key values named in `expect` are checked, so an
 * answer with extra columns (or a different column order) still passes. Pure functions: no database, no engine.
 *
 * Matching rules
 * - Money and percentages: numbers within ±0.01 (a numeric string such as "271.00" counts as a number).
 * - `product`: case-insensitive containment after normalising punctuation and spacing; the expected name may
 *   be contained in the returned `product`, or in `product + " " + pack` (so "Amul Pasteurised Butter 500 g"
 *   matches product "Amul Pasteurised Butter" with pack "500 g", or a title like "Amul Butter (500 g)" …
 *   as long as every expected word sequence is present).
 * - Other strings: case-insensitive, whitespace-normalised equality.
 * - Booleans: strict (the strings "true"/"false" are accepted).
 */

export type Scalar = string | number | boolean | null;
export type KeyRow = Record<string, Scalar>;
export type ResultRow = Record<string, unknown>;

export interface Condition {
  column: string;
  equals?: Scalar;
  in?: Scalar[];
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  not_null?: boolean;
}

export interface Expect {
  /** The engine must refuse (AppError QUERY_REFUSED / INVALID_QUERY / UNSAFE_SQL). */
  refuse?: boolean;
  /** Key values of the first row. */
  first?: KeyRow;
  /** Key values of every row: exactly this many rows, in this order when `ordered`, else any order. */
  rows?: KeyRow[];
  ordered?: boolean;
  /** Each of these appears in some row. */
  contains?: KeyRow[];
  /**
   * The distinct values of one column are exactly these. With `where`, only rows that match it — or do not
   * carry its column at all — count: `where: { column: 'in_stock', equals: true }` lets an answer list
   * out-of-stock platforms too, as long as it marks them so.
   */
  set?: { key: string; values: Scalar[]; where?: { column: string; equals: Scalar } };
  /** The first row's value of a column (the answer to a "what is the lowest price…" question). */
  value?: { column: string; equals: Scalar };
  count?: number;
  min_count?: number;
  max_count?: number;
  /** Every row satisfies the condition(s); at least one row is required. */
  all?: Condition | Condition[];
}

/** What the engine did with one question. */
export type Outcome =
  | { kind: 'answered'; rows: ResultRow[] }
  | { kind: 'refused'; code: string; message: string }
  | { kind: 'error'; code?: string; message: string };

export interface Verdict {
  pass: boolean;
  reasons: string[];
}

export const REFUSAL_CODES: readonly string[] = ['QUERY_REFUSED', 'INVALID_QUERY', 'UNSAFE_SQL'];
export const MONEY_TOLERANCE = 0.01;
/** Columns whose expected string may be contained in the returned value (product titles differ). */
const CONTAINMENT_COLUMNS = new Set(['product']);

export function compare(expect: Expect, outcome: Outcome): Verdict {
  if (expect.refuse) {
    if (outcome.kind === 'refused') return ok();
    if (outcome.kind === 'answered') {
      return fail(`expected a refusal, got an answer with ${outcome.rows.length} row(s)`);
    }
    return fail(`expected a refusal, got error ${outcome.code ?? ''}: ${outcome.message}`.trim());
  }
  if (outcome.kind === 'refused') return fail(`refused (${outcome.code}): ${outcome.message}`);
  if (outcome.kind === 'error') return fail(`error ${outcome.code ?? ''}: ${outcome.message}`.trim());

  const rows = outcome.rows;
  const reasons: string[] = [];
  if (expect.count !== undefined && rows.length !== expect.count) {
    reasons.push(`expected ${expect.count} row(s), got ${rows.length}`);
  }
  if (expect.min_count !== undefined && rows.length < expect.min_count) {
    reasons.push(`expected at least ${expect.min_count} row(s), got ${rows.length}`);
  }
  if (expect.max_count !== undefined && rows.length > expect.max_count) {
    reasons.push(`expected at most ${expect.max_count} row(s), got ${rows.length}`);
  }
  if (expect.first) {
    const row = rows[0];
    if (!row) reasons.push('expected a first row, got no rows');
    else {
      const diff = rowDiff(expect.first, row);
      if (diff) reasons.push(`first row: ${diff}`);
    }
  }
  if (expect.rows) reasons.push(...checkRows(expect.rows, rows, expect.ordered ?? false));
  if (expect.contains) {
    for (const wanted of expect.contains) {
      if (!rows.some((row) => rowMatches(wanted, row)))
        reasons.push(`no row matches ${JSON.stringify(wanted)}`);
    }
  }
  if (expect.set) {
    const where = expect.set.where;
    const considered = where
      ? rows.filter(
          (r) => !(where.column in r) || valueMatches(where.column, where.equals, r[where.column], r),
        )
      : rows;
    reasons.push(...checkSet(expect.set.key, expect.set.values, considered));
  }
  if (expect.value) {
    const row = rows[0];
    if (!row) reasons.push(`expected ${expect.value.column} = ${fmt(expect.value.equals)}, got no rows`);
    else if (!(expect.value.column in row)) reasons.push(`first row has no column ${expect.value.column}`);
    else if (!valueMatches(expect.value.column, expect.value.equals, row[expect.value.column], row)) {
      reasons.push(
        `${expect.value.column}: expected ${fmt(expect.value.equals)}, got ${fmt(row[expect.value.column])}`,
      );
    }
  }
  if (expect.all) {
    const conditions = Array.isArray(expect.all) ? expect.all : [expect.all];
    if (rows.length === 0) reasons.push('expected rows satisfying a condition, got no rows');
    else {
      for (const condition of conditions) {
        const bad = rows.findIndex((row) => !conditionHolds(condition, row));
        if (bad >= 0) {
          reasons.push(
            `row ${bad + 1} fails ${describeCondition(condition)} (${condition.column} = ${fmt(rows[bad]![condition.column])})`,
          );
        }
      }
    }
  }
  return reasons.length === 0 ? ok() : { pass: false, reasons };
}

/** Normalises text for comparison: lower case, punctuation to spaces, "500 g" → "500g", single spaces. */
export function normalizeText(value: string): string {
  return value
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9%.]+/g, ' ')
    .replace(/(\d)\s+(?=[a-z%])/g, '$1')
    .replace(/\.(?!\d)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether an expected product name matches a result row (containment in product, or product + pack). */
export function productMatches(expected: string, row: ResultRow): boolean {
  const want = normalizeText(expected);
  const product = row.product;
  if (typeof product !== 'string') return false;
  const hasPack = typeof row.pack === 'string' && row.pack.trim() !== '';
  const candidates = [product];
  if (hasPack) candidates.push(`${product} ${row.pack}`);
  if (candidates.some((c) => containsWords(normalizeText(c), want))) return true;
  // An expected "Onion 1 kg" (pack added to tell it from "Pringles Sour Cream & Onion") still matches a row
  // that carries no pack at all, when its product is exactly "Onion".
  if (!hasPack) {
    const split = PACK_SUFFIX.exec(want);
    if (split && normalizeText(product) === split[1]) return true;
  }
  return false;
}

/** A normalised name followed by a pack such as "1kg", "4 x 70g", "2.25l", "6pcs". */
const PACK_SUFFIX = /^(.+?) (\d[\d.]*(?:x ?\d[\d.]*)?(?:g|kg|ml|l|pcs|pc))$/;

function containsWords(haystack: string, needle: string): boolean {
  return needle !== '' && haystack.includes(needle);
}

/** Whether one returned value matches an expected one (see the module comment for the rules). */
export function valueMatches(column: string, expected: Scalar, actual: unknown, row?: ResultRow): boolean {
  if (expected === null) return actual === null || actual === undefined;
  if (typeof expected === 'number') {
    const n = toNumber(actual);
    return n !== null && Math.abs(n - expected) <= MONEY_TOLERANCE + 1e-9;
  }
  if (typeof expected === 'boolean') {
    if (typeof actual === 'boolean') return actual === expected;
    if (typeof actual === 'string') return actual.toLowerCase() === String(expected);
    return false;
  }
  if (CONTAINMENT_COLUMNS.has(column)) {
    return productMatches(expected, {
      ...(row ?? {}),
      [column]: typeof actual === 'string' ? actual : undefined,
    });
  }
  if (actual === null || actual === undefined) return false;
  return normalizeText(String(actual)) === normalizeText(expected);
}

export function rowMatches(wanted: KeyRow, row: ResultRow): boolean {
  return rowDiff(wanted, row) === null;
}

/** The first key that does not match, described, or null when every key matches. */
function rowDiff(wanted: KeyRow, row: ResultRow): string | null {
  for (const [column, expected] of Object.entries(wanted)) {
    if (!(column in row)) return `missing column ${column}`;
    if (!valueMatches(column, expected, row[column], row)) {
      return `${column}: expected ${fmt(expected)}, got ${fmt(row[column])}`;
    }
  }
  return null;
}

function checkRows(wanted: KeyRow[], rows: ResultRow[], ordered: boolean): string[] {
  if (rows.length !== wanted.length) {
    return [`expected ${wanted.length} row(s), got ${rows.length}: ${summarize(rows, wanted)}`];
  }
  if (ordered) {
    const problems: string[] = [];
    wanted.forEach((w, i) => {
      const diff = rowDiff(w, rows[i]!);
      if (diff) problems.push(`row ${i + 1}: ${diff}`);
    });
    return problems;
  }
  const matched = perfectMatching(wanted, rows, rowMatches);
  return matched ? [] : [`rows do not match in any order: got ${summarize(rows, wanted)}`];
}

function checkSet(key: string, values: Scalar[], rows: ResultRow[]): string[] {
  const problems: string[] = [];
  const missingColumn = rows.findIndex((r) => !(key in r));
  if (missingColumn >= 0) return [`row ${missingColumn + 1} has no column ${key}`];
  const missing = values.filter((v) => !rows.some((r) => valueMatches(key, v, r[key], r)));
  const extra = rows.filter((r) => !values.some((v) => valueMatches(key, v, r[key], r)));
  if (missing.length > 0) problems.push(`${key}: missing ${missing.map(fmt).join(', ')}`);
  if (extra.length > 0) {
    const shown = [...new Set(extra.map((r) => fmt(r[key])))];
    problems.push(`${key}: unexpected ${shown.slice(0, 8).join(', ')}${shown.length > 8 ? ', …' : ''}`);
  }
  return problems;
}

function conditionHolds(condition: Condition, row: ResultRow): boolean {
  const { column } = condition;
  if (!(column in row)) return false;
  const actual = row[column];
  if (condition.not_null && (actual === null || actual === undefined)) return false;
  if (condition.equals !== undefined && !valueMatches(column, condition.equals, actual, row)) return false;
  if (condition.in !== undefined && !condition.in.some((v) => valueMatches(column, v, actual, row)))
    return false;
  const numeric = (['gt', 'gte', 'lt', 'lte'] as const).filter((op) => typeof condition[op] === 'number');
  if (numeric.length > 0) {
    const n = toNumber(actual);
    if (n === null) return false;
    // Strict bounds hold strictly (20.00 is not "over 20"); inclusive ones allow the money tolerance.
    if (condition.gt !== undefined && !(n > condition.gt)) return false;
    if (condition.lt !== undefined && !(n < condition.lt)) return false;
    if (condition.gte !== undefined && !(n >= condition.gte - MONEY_TOLERANCE - 1e-9)) return false;
    if (condition.lte !== undefined && !(n <= condition.lte + MONEY_TOLERANCE + 1e-9)) return false;
  }
  return true;
}

function describeCondition(c: Condition): string {
  const parts: string[] = [];
  if (c.equals !== undefined) parts.push(`= ${fmt(c.equals)}`);
  if (c.in !== undefined)
    parts.push(`in [${c.in.slice(0, 6).map(fmt).join(', ')}${c.in.length > 6 ? ', …' : ''}]`);
  if (c.gt !== undefined) parts.push(`> ${c.gt}`);
  if (c.gte !== undefined) parts.push(`>= ${c.gte}`);
  if (c.lt !== undefined) parts.push(`< ${c.lt}`);
  if (c.lte !== undefined) parts.push(`<= ${c.lte}`);
  if (c.not_null) parts.push('not null');
  return `${c.column} ${parts.join(' and ')}`;
}

/** A one-to-one assignment of expected rows to actual rows (Kuhn's augmenting paths; sets are small). */
function perfectMatching<A, B>(wanted: A[], actual: B[], matches: (a: A, b: B) => boolean): boolean {
  const owner = new Array<number>(actual.length).fill(-1);
  const tryAssign = (i: number, seen: boolean[]): boolean => {
    for (let j = 0; j < actual.length; j += 1) {
      if (seen[j] || !matches(wanted[i]!, actual[j]!)) continue;
      seen[j] = true;
      if (owner[j] === -1 || tryAssign(owner[j]!, seen)) {
        owner[j] = i;
        return true;
      }
    }
    return false;
  };
  return wanted.every((_, i) => tryAssign(i, new Array<boolean>(actual.length).fill(false)));
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.replace(/[₹,\s]/g, ''));
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function summarize(rows: ResultRow[], wanted: KeyRow[]): string {
  const keys = [...new Set(wanted.flatMap((w) => Object.keys(w)))];
  const shown = rows.slice(0, 6).map((r) => `{${keys.map((k) => `${k}: ${fmt(r[k])}`).join(', ')}}`);
  return `[${shown.join(', ')}${rows.length > 6 ? ', …' : ''}]`;
}

export function fmt(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

function ok(): Verdict {
  return { pass: true, reasons: [] };
}

function fail(reason: string): Verdict {
  return { pass: false, reasons: [reason] };
}
