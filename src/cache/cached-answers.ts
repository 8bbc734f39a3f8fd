import { LRUCache } from 'lru-cache';
import { type CompareInput, type Comparison, compareProduct } from '../catalog/read/compare-product.ts';
import { type Deal, type DealsInput, listDeals } from '../catalog/read/deals.ts';
import type { ReadDeps } from '../catalog/read/lookup.ts';
import {
  type Page,
  type ProductHit,
  type SearchInput,
  searchProducts,
} from '../catalog/read/search-products.ts';
import { irCacheKey } from '../nlq/cache-key.ts';
import type { AskContext, NlqEngine } from '../nlq/engine.ts';
import { stableStringify } from '../nlq/text.ts';
import type { Clock } from '../shared/clock.ts';
import type { CacheManager } from './cache-manager.ts';
import { ANY_TAG, compareTags, irTags } from './tags.ts';

/** Distinct question texts whose interpretation is remembered. */
const INTERPRETATIONS = 10_000;

/**
 * The engine with its answers cached by interpreted question (IR + context), not by text, so every phrasing
 * of one question shares an entry. Interpreting is in memory; only a miss runs SQL.
 */
export function cachedEngine(engine: NlqEngine, cache: CacheManager, clock: Clock): NlqEngine {
  const interpret = rememberInterpretations(engine, clock);
  return {
    get vocabulary() {
      return engine.vocabulary;
    },
    interpret: (question, context) => engine.interpret(question, context),
    compile: (question, context) => engine.compile(question, context),
    refresh: () => engine.refresh(),
    async ask(question, context = {}) {
      const started = performance.now();
      // A question the parser refuses throws here, exactly as ask() would.
      const { key, tags } = interpret(question, context);
      const { value, cached } = await cache.getOrCompute('query', key, tags, () =>
        engine.ask(question, context),
      );
      if (!cached) return value;
      const elapsed = Math.round((performance.now() - started) * 100) / 100;
      return { ...value, query: question, cached: true, execution_time: elapsed };
    },
  };
}

/**
 * Interpretation is a pure function of the text, the context, the vocabulary and the clock's minute (relative
 * windows and "now" are floored to the minute), so a repeated question skips it. A refreshed vocabulary is a
 * new object and starts a new memory.
 */
function rememberInterpretations(engine: NlqEngine, clock: Clock) {
  const memory = new LRUCache<string, Interpreted>({ max: INTERPRETATIONS });
  let vocabulary = engine.vocabulary;
  return (question: string, context: AskContext): Interpreted => {
    if (engine.vocabulary !== vocabulary) {
      memory.clear();
      vocabulary = engine.vocabulary;
    }
    const minute = Math.floor(clock.now().getTime() / 60_000);
    const key = `${minute}|${stableStringify(context)}|${question}`;
    let interpreted = memory.get(key);
    if (interpreted === undefined) {
      const ir = engine.interpret(question, context);
      interpreted = { key: irCacheKey(ir, context), tags: irTags(ir) };
      memory.set(key, interpreted);
    }
    return interpreted;
  };
}

/** What the answer cache needs of an interpreted question: its key and its tags. */
interface Interpreted {
  key: string;
  tags: string[];
}

/** The read endpoints' domain functions, cached. */
export interface CachedReads {
  compare(input: CompareInput): Promise<Comparison>;
  deals(input: DealsInput): Promise<Page<Deal>>;
  search(input: SearchInput): Promise<Page<ProductHit>>;
}

export function cachedReads(deps: ReadDeps, cache: CacheManager): CachedReads {
  const city = (name: string | undefined) => name?.trim().toLowerCase();
  return {
    async compare(input) {
      const key = stableStringify({ ...input, city: city(input.city) });
      const tags = compareTags(input.product_id, input.city);
      return (await cache.getOrCompute('compare', key, tags, () => compareProduct(deps, input))).value;
    },
    async deals(input) {
      // Flash sales start and end with the clock: the minute is part of the key.
      const minute = Math.floor(deps.clock.now().getTime() / 60_000);
      const key = stableStringify({ ...input, city: city(input.city), minute });
      return (await cache.getOrCompute('deals', key, [ANY_TAG], () => listDeals(deps, input))).value;
    },
    async search(input) {
      const key = stableStringify({ ...input, city: city(input.city) });
      return (await cache.getOrCompute('search', key, [ANY_TAG], () => searchProducts(deps, input))).value;
    },
  };
}
