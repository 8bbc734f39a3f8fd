import type { Cell } from '../../format.ts';

export type Row = Record<string, Cell>;

export interface BestDeal {
  row: Row;
  /** Rupees saved against the dearest listing of the same product, or against MRP when it has one listing. */
  saving: number;
  savingPercent: number;
  against: 'dearest' | 'mrp';
}

const num = (value: Cell | undefined): number | null => (typeof value === 'number' ? value : null);

/**
 * The cheapest row with a price (in-stock rows preferred when the result says which are in stock), and what
 * choosing it saves. Null when the rows carry no price.
 */
export function bestDeal(rows: Row[]): BestDeal | null {
  const priced = rows.filter((r) => num(r.price) !== null);
  if (priced.length === 0) return null;
  const inStock = priced.filter((r) => r.in_stock !== false);
  const pool = inStock.length > 0 ? inStock : priced;
  const row = pool.reduce((best, r) => (num(r.price)! < num(best.price)! ? r : best));
  const price = num(row.price)!;
  const identity = (r: Row) => r.product_id ?? r.product ?? null;
  const sameProduct = priced.filter((r) => identity(r) === identity(row));
  const dearest = Math.max(...sameProduct.map((r) => num(r.price)!));
  const mrp = num(row.mrp);
  const [reference, against] =
    sameProduct.length > 1 && dearest > price
      ? [dearest, 'dearest' as const]
      : [mrp ?? price, 'mrp' as const];
  const saving = Math.max(0, Math.round((reference - price) * 100) / 100);
  return {
    row,
    saving,
    savingPercent: reference > 0 ? Math.round((saving / reference) * 10_000) / 100 : 0,
    against,
  };
}

/** Columns shown for a result: every key any row has, without ids and the count helper. */
export function resultColumns(rows: Row[]): string[] {
  const hidden = new Set(['product_id', 'platform_slug', 'total_count']);
  const columns: string[] = [];
  for (const row of rows) {
    for (const key of Object.keys(row)) if (!hidden.has(key) && !columns.includes(key)) columns.push(key);
  }
  return columns;
}
