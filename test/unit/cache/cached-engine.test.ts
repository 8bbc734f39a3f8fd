import { describe, expect, it } from 'vitest';
import { CacheManager } from '../../../src/cache/cache-manager.ts';
import { cachedEngine } from '../../../src/cache/cached-answers.ts';
import type { NlqEngine } from '../../../src/nlq/engine.ts';
import { emptyFilters, type IR } from '../../../src/nlq/ir.ts';
import type { QueryResponse } from '../../../src/nlq/response.ts';
import type { Vocabulary } from '../../../src/nlq/vocabulary.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { createLogger } from '../../../src/shared/logger.ts';

const IR_OF: Record<string, IR> = {};
function irFor(productId: number): IR {
  return {
    intent: 'cheapest_platform',
    products: [{ ids: [productId], label: 'x', ambiguous: false, pack: null, pack_matched: true }],
    brand_ids: [],
    category_ids: [],
    platform_ids: [],
    city: null,
    pincode: null,
    filters: emptyFilters(),
    time: null,
    at: null,
    sort: { key: 'price', direction: 'asc' },
    limit: 100,
    aggregation: null,
    unit: null,
    change_direction: null,
    basket: null,
  };
}
IR_OF['cheapest milk'] = irFor(1);
IR_OF['milk, cheapest?'] = irFor(1);
IR_OF['cheapest salt'] = irFor(2);

/** A stand-in engine: phrasings map to IRs; counts interpretations and SQL runs. */
function fakeEngine() {
  const counts = { interpret: 0, ask: 0 };
  let vocabulary = {} as Vocabulary;
  const engine: NlqEngine = {
    get vocabulary() {
      return vocabulary;
    },
    interpret(question) {
      counts.interpret += 1;
      return structuredClone(IR_OF[question]!);
    },
    compile: () => {
      throw new Error('unused');
    },
    async refresh() {
      vocabulary = {} as Vocabulary;
    },
    async ask(question) {
      counts.ask += 1;
      return { query: question, results: [{ run: counts.ask }], cached: false } as unknown as QueryResponse;
    },
  };
  return { engine, counts };
}

function setup() {
  const metrics = createMetrics({ poolStats: () => ({ total: 0, idle: 0, waiting: 0 }) });
  const cache = new CacheManager({
    redis: null,
    prefix: 'unit',
    ttlMs: { query: 60_000, compare: 60_000, deals: 60_000, search: 60_000 },
    degradedTtlMs: 1_000,
    maxEntries: 100,
    maxBytes: 100_000,
    metrics,
    logger: createLogger('silent'),
  });
  const fake = fakeEngine();
  let now = Date.parse('2026-11-20T12:00:10+05:30');
  const clock = { now: () => new Date(now) };
  return {
    ...fake,
    cache,
    cached: cachedEngine(fake.engine, cache, clock),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('cachedEngine', () => {
  it('answers every phrasing of one interpreted question from one entry, reporting cached and the asked text', async () => {
    const { cached, counts } = setup();
    expect(await cached.ask('cheapest milk')).toMatchObject({ cached: false, results: [{ run: 1 }] });
    expect(await cached.ask('milk, cheapest?')).toMatchObject({
      cached: true,
      query: 'milk, cheapest?',
      results: [{ run: 1 }],
    });
    expect(await cached.ask('cheapest salt')).toMatchObject({ cached: false, results: [{ run: 2 }] });
    expect(counts.ask).toBe(2);
  });

  it('remembers interpretations per minute and per vocabulary', async () => {
    const { cached, counts, engine, advance } = setup();
    await cached.ask('cheapest milk');
    await cached.ask('cheapest milk');
    expect(counts.interpret).toBe(1);
    advance(60_000);
    await cached.ask('cheapest milk');
    expect(counts.interpret).toBe(2);
    await engine.refresh();
    await cached.ask('cheapest milk');
    expect(counts.interpret).toBe(3);
  });

  it('a change to a product the question names makes the next answer fresh', async () => {
    const { cached, cache } = setup();
    await cached.ask('cheapest milk');
    await cache.invalidate(['product:2'], false);
    expect((await cached.ask('cheapest milk')).cached).toBe(true);
    await cache.invalidate(['product:1'], false);
    expect(await cached.ask('cheapest milk')).toMatchObject({ cached: false, results: [{ run: 2 }] });
  });
});
