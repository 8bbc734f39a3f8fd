import { LRUCache } from 'lru-cache';

/** One cached answer: valid only while `signature` (the tag versions read before computing) is current. */
export interface L1Entry {
  signature: string;
  tags: readonly string[];
  value: unknown;
  /** Serialised size, what the byte bound counts. */
  bytes: number;
}

export type EvictionReason = 'evict' | 'expire' | 'invalidate';

export interface LruStoreOptions {
  maxEntries: number;
  maxBytes: number;
  onEvict?: (reason: EvictionReason) => void;
}

/** The in-process level: bounded by entry count and serialised bytes, per-entry TTL, removal by tag. */
export class LruStore {
  readonly #cache: LRUCache<string, L1Entry>;
  readonly #onEvict: (reason: EvictionReason) => void;

  constructor(options: LruStoreOptions) {
    this.#onEvict = options.onEvict ?? (() => {});
    this.#cache = new LRUCache<string, L1Entry>({
      max: options.maxEntries,
      maxSize: options.maxBytes,
      sizeCalculation: (entry) => Math.max(1, entry.bytes),
      dispose: (_entry, _key, reason) => {
        if (reason === 'evict' || reason === 'expire') this.#onEvict(reason);
      },
    });
  }

  get(key: string): L1Entry | undefined {
    return this.#cache.get(key);
  }

  /** `ttlMs` > 0; an entry larger than the whole byte bound is not kept. */
  set(key: string, entry: L1Entry, ttlMs: number): void {
    if (entry.bytes > this.#cache.maxSize) return;
    this.#cache.set(key, entry, { ttl: ttlMs });
  }

  /** Removes every entry carrying one of `tags`; returns how many. */
  deleteTagged(tags: Iterable<string>): number {
    const wanted = new Set(tags);
    const doomed: string[] = [];
    for (const [key, entry] of this.#cache.entries()) {
      if (entry.tags.some((t) => wanted.has(t))) doomed.push(key);
    }
    for (const key of doomed) this.#cache.delete(key);
    for (let i = 0; i < doomed.length; i++) this.#onEvict('invalidate');
    return doomed.length;
  }

  clear(): void {
    this.#cache.clear();
  }

  get size(): number {
    return this.#cache.size;
  }

  get bytes(): number {
    return this.#cache.calculatedSize;
  }
}
