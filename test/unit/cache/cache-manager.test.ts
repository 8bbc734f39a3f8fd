import { describe, expect, it } from 'vitest';
import { type CacheKind, CacheManager } from '../../../src/cache/cache-manager.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { createLogger } from '../../../src/shared/logger.ts';

function localCache(ttl: Partial<Record<CacheKind, number>> = {}) {
  const metrics = createMetrics({ poolStats: () => ({ total: 0, idle: 0, waiting: 0 }) });
  const cache = new CacheManager({
    redis: null,
    prefix: 'unit',
    ttlMs: { query: 60_000, compare: 60_000, deals: 60_000, search: 60_000, ...ttl },
    degradedTtlMs: 1_000,
    maxEntries: 100,
    maxBytes: 100_000,
    metrics,
    logger: createLogger('silent'),
  });
  return { cache, metrics };
}

/** A computation that counts its runs and returns the run number. */
function counter() {
  let runs = 0;
  return {
    compute: async () => ({ run: ++runs }),
    get runs() {
      return runs;
    },
  };
}

async function lookups(metrics: ReturnType<typeof createMetrics>) {
  const values = (await metrics.cacheLookups.get()).values;
  return Object.fromEntries(values.map((v) => [`${v.labels.kind}:${v.labels.result}`, v.value]));
}

describe('CacheManager (in-process)', () => {
  it('computes on a miss and serves the stored value on a hit', async () => {
    const { cache, metrics } = localCache();
    const c = counter();
    expect(await cache.getOrCompute('query', 'k', ['product:1'], c.compute)).toEqual({
      value: { run: 1 },
      cached: false,
    });
    expect(await cache.getOrCompute('query', 'k', ['product:1'], c.compute)).toEqual({
      value: { run: 1 },
      cached: true,
    });
    expect(c.runs).toBe(1);
    expect(await lookups(metrics)).toMatchObject({ 'query:miss': 1, 'query:l1': 1 });
    expect(cache.status()).toBe('disabled');
  });

  it('invalidates exactly the entries tagged with what changed', async () => {
    const { cache } = localCache();
    const one = counter();
    const two = counter();
    await cache.getOrCompute('compare', 'p1', ['product:1'], one.compute);
    await cache.getOrCompute('compare', 'p2', ['product:2'], two.compute);
    await cache.invalidate(['product:1', 'any'], false);
    expect((await cache.getOrCompute('compare', 'p1', ['product:1'], one.compute)).value).toEqual({ run: 2 });
    expect(await cache.getOrCompute('compare', 'p2', ['product:2'], two.compute)).toEqual({
      value: { run: 1 },
      cached: true,
    });
  });

  it('a catalog change invalidates every entry', async () => {
    const { cache } = localCache();
    const c = counter();
    await cache.getOrCompute('search', 's', ['any'], c.compute);
    await cache.invalidate(['catalog'], true);
    expect((await cache.getOrCompute('search', 's', ['any'], c.compute)).cached).toBe(false);
  });

  it('never serves a value computed before a change that happened while it was computing', async () => {
    const { cache } = localCache();
    let release!: () => void;
    const slow = cache.getOrCompute('query', 'k', ['product:1'], async () => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return 'before the change';
    });
    await Promise.resolve();
    await cache.invalidate(['product:1'], false);
    release();
    expect((await slow).value).toBe('before the change');
    const after = await cache.getOrCompute('query', 'k', ['product:1'], async () => 'after the change');
    expect(after).toEqual({ value: 'after the change', cached: false });
  });

  it('runs concurrent misses of one key once', async () => {
    const { cache, metrics } = localCache();
    let runs = 0;
    const compute = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return 'answer';
    };
    const results = await Promise.all(
      Array.from({ length: 100 }, () => cache.getOrCompute('deals', 'same', ['any'], compute)),
    );
    expect(runs).toBe(1);
    expect(results.every((r) => r.value === 'answer')).toBe(true);
    expect(results.filter((r) => !r.cached)).toHaveLength(1);
    expect(await lookups(metrics)).toMatchObject({ 'deals:miss': 1, 'deals:shared': 99 });
  });

  it('does not cache a failed computation', async () => {
    const { cache } = localCache();
    await expect(
      cache.getOrCompute('query', 'k', ['any'], async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await cache.getOrCompute('query', 'k', ['any'], async () => 'ok')).cached).toBe(false);
  });

  it('a TTL of 0 turns caching of that kind off', async () => {
    const { cache, metrics } = localCache({ search: 0 });
    const c = counter();
    await cache.getOrCompute('search', 's', ['any'], c.compute);
    await cache.getOrCompute('search', 's', ['any'], c.compute);
    expect(c.runs).toBe(2);
    expect(await lookups(metrics)).toMatchObject({ 'search:bypass': 2 });
  });
});
