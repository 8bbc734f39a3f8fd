import { TOTAL_COUNT_COLUMN } from './compile/output.ts';
import type { ResultRow } from './response.ts';
import { toIst } from './time-window.ts';

/** Driver rows → response rows: dates as India-time ISO strings, the window count column removed. */
export function toResultRows(raw: readonly Record<string, unknown>[]): { rows: ResultRow[]; total: number } {
  let total = 0;
  const rows = raw.map((r, i) => {
    const row: ResultRow = {};
    for (const [key, value] of Object.entries(r)) {
      if (key === TOTAL_COUNT_COLUMN) {
        if (i === 0) total = Number(value);
        continue;
      }
      row[key] = toCell(value);
    }
    return row;
  });
  return { rows, total: rows.length === 0 ? 0 : total };
}

function toCell(value: unknown): ResultRow[string] {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return toIst(value.getTime());
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}
