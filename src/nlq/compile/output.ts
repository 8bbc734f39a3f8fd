import type { IR } from '../ir.ts';
import type { Params } from './sql.ts';

/** A compiled statement: parameterised SQL, its parameters and the result columns it returns. */
export interface CompiledQuery {
  text: string;
  params: unknown[];
  /** Result columns (response names), without the internal total_count. */
  columns: string[];
}

/** Column every compiled statement adds: the full row count before LIMIT (count(*) OVER ()). */
export const TOTAL_COUNT_COLUMN = 'total_count';

export function finish(text: string, params: Params, columns: string[]): CompiledQuery {
  return { text, params: params.values, columns };
}

/** The reference instant of an intent that needs one (the parser sets it for coupons, flash sales, baskets). */
export function requireAt(ir: IR): string {
  if (!ir.at) throw new Error(`IR for ${ir.intent} has no reference instant`);
  return ir.at;
}
