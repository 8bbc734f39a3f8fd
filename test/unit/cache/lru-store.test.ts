import { describe, expect, it } from 'vitest';
import { type EvictionReason, LruStore } from '../../../src/cache/lru-store.ts';

const entry = (tags: string[], bytes = 10) => ({ signature: 's', tags, value: { tags }, bytes });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('LruStore', () => {
  it('keeps at most maxEntries, evicting the least recently used', () => {
    const evicted: EvictionReason[] = [];
    const store = new LruStore({ maxEntries: 2, maxBytes: 1_000, onEvict: (r) => evicted.push(r) });
    store.set('a', entry(['x']), 60_000);
    store.set('b', entry(['x']), 60_000);
    store.get('a');
    store.set('c', entry(['x']), 60_000);
    expect(store.get('a')).toBeDefined();
    expect(store.get('b')).toBeUndefined();
    expect(store.get('c')).toBeDefined();
    expect(evicted).toEqual(['evict']);
  });

  it('keeps the serialised size under maxBytes and refuses an entry larger than the bound', () => {
    const store = new LruStore({ maxEntries: 100, maxBytes: 100 });
    for (const key of ['a', 'b', 'c']) store.set(key, entry([], 40), 60_000);
    expect(store.bytes).toBeLessThanOrEqual(100);
    expect(store.size).toBe(2);
    expect(store.get('a')).toBeUndefined();
    store.set('huge', entry([], 101), 60_000);
    expect(store.get('huge')).toBeUndefined();
    expect(store.size).toBe(2);
  });

  it('expires an entry after its TTL', async () => {
    const store = new LruStore({ maxEntries: 10, maxBytes: 1_000 });
    store.set('short', entry([]), 20);
    store.set('long', entry([]), 60_000);
    expect(store.get('short')).toBeDefined();
    await sleep(60);
    expect(store.get('short')).toBeUndefined();
    expect(store.get('long')).toBeDefined();
  });

  it('deletes exactly the entries carrying one of the given tags', () => {
    const evicted: EvictionReason[] = [];
    const store = new LruStore({ maxEntries: 10, maxBytes: 1_000, onEvict: (r) => evicted.push(r) });
    store.set('p1', entry(['product:1', 'catalog']), 60_000);
    store.set('p2', entry(['product:2', 'catalog']), 60_000);
    store.set('any', entry(['any', 'catalog']), 60_000);
    expect(store.deleteTagged(['product:1', 'any'])).toBe(2);
    expect(store.get('p1')).toBeUndefined();
    expect(store.get('any')).toBeUndefined();
    expect(store.get('p2')).toBeDefined();
    expect(evicted).toEqual(['invalidate', 'invalidate']);
  });
});
