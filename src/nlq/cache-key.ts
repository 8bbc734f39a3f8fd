import type { AskContext } from './intent-parser.ts';
import type { IR } from './ir.ts';
import { stableStringify } from './text.ts';

/**
 * Stable cache key of an interpreted question: equal for every phrasing that means the same ("cheapest milk",
 * "milk, cheapest?"), different when anything that changes the answer differs (ids, filters, window, page).
 */
export function irCacheKey(ir: IR, context: AskContext = {}): string {
  return stableStringify({ ir, max_results: context.max_results ?? null });
}
