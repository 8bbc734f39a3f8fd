import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Metrics } from '../observability/metrics.ts';
import type { Logger } from '../shared/logger.ts';
import { InvalidationBus, type InvalidationMessage } from './invalidation-bus.ts';
import { LruStore } from './lru-store.ts';
import { payloadFor, RedisStore } from './redis-store.ts';
import { LocalTagVersions } from './tag-versions.ts';
import { CATALOG_TAG } from './tags.ts';

export const CACHE_KINDS = ['query', 'compare', 'deals', 'search'] as const;
export type CacheKind = (typeof CACHE_KINDS)[number];

export interface CacheManagerOptions {
  /** Shared level and invalidation channel; null → one process, in-memory only. */
  redis: Redis | null;
  prefix: string;
  /** Per kind; 0 turns caching of that kind off. */
  ttlMs: Record<CacheKind, number>;
  /** Cap on entry lifetime while Redis is configured but down. */
  degradedTtlMs: number;
  maxEntries: number;
  maxBytes: number;
  metrics: Pick<
    Metrics,
    'cacheLookups' | 'cacheEvictions' | 'cacheInvalidations' | 'cacheErrors' | 'cacheDegraded'
  >;
  logger: Logger;
}

export interface Cached<T> {
  value: T;
  /** True when no computation ran for this call (stored entry, or joined one already running). */
  cached: boolean;
}

export type CacheStatus = 'up' | 'degraded' | 'disabled';

type Lookup = { signature: string | null; payload: string | null; shared: boolean };

/**
 * Two levels: L1 in this process (LRU by entries and bytes) and L2 in Redis. Entries are valid while the
 * versions of their tags (read before computing) are unchanged; with Redis every lookup reads the current
 * versions there (one MGET, which also fetches the L2 entry on an L1 miss), so a change committed by any
 * instance is seen by every other as soon as the committing call returns. Concurrent misses of one key and
 * one set of versions run the computation once.
 */
export class CacheManager {
  readonly #options: CacheManagerOptions;
  readonly #l1: LruStore;
  readonly #local = new LocalTagVersions();
  readonly #remote: RedisStore | null;
  readonly #bus: InvalidationBus | null;
  readonly #inflight = new Map<string, Promise<unknown>>();
  readonly #catalogListeners: (() => void)[] = [];
  /** Bumped on every Redis state change, so entries made in one degraded period never match another. */
  #generation = 0;

  constructor(options: CacheManagerOptions) {
    this.#options = options;
    const { metrics, logger } = options;
    this.#l1 = new LruStore({
      maxEntries: options.maxEntries,
      maxBytes: options.maxBytes,
      onEvict: (reason) => metrics.cacheEvictions.inc({ reason }),
    });
    this.#remote = options.redis ? new RedisStore(options.redis, options.prefix) : null;
    this.#bus =
      options.redis && this.#remote
        ? InvalidationBus.start(options.redis, this.#remote.channel, {
            onMessage: (message) => this.#applyRemote(message),
            // While Redis is down the state change already emptied L1 and the entries since then never
            // depended on messages; only a subscription lost while Redis still answers drops L1 again.
            onLost: () => {
              if (this.#remote?.up) this.#l1.clear();
            },
          })
        : null;
    this.#remote?.onStateChange((up) => {
      this.#generation += 1;
      this.#l1.clear();
      metrics.cacheDegraded.set(up ? 0 : 1);
      if (up) logger.info('cache: Redis is back; shared cache in use again');
      else logger.warn('cache: Redis unreachable; serving from the in-process cache only');
    });
    if (this.#remote && !this.#remote.up) metrics.cacheDegraded.set(1);
  }

  status(): CacheStatus {
    if (!this.#remote) return 'disabled';
    return this.#remote.up ? 'up' : 'degraded';
  }

  /** Round trip to Redis for the readiness probe; rejects when it is unreachable. */
  async ping(): Promise<void> {
    await this.#remote?.redis.ping();
  }

  /** Called when another instance reports a catalog change (new products, brands, platforms). */
  onRemoteCatalogChange(listener: () => void): void {
    this.#catalogListeners.push(listener);
  }

  async getOrCompute<T>(
    kind: CacheKind,
    key: string,
    tags: readonly string[],
    compute: () => Promise<T>,
  ): Promise<Cached<T>> {
    const { metrics } = this.#options;
    const ttl = this.#options.ttlMs[kind];
    if (ttl <= 0) return this.#bypass(kind, compute);
    const id = `${kind}:${createHash('sha1').update(key).digest('base64url')}`;
    const sortedTags = [...new Set([CATALOG_TAG, ...tags])].sort();
    const withPayload = this.#l1.get(id) === undefined;
    const lookup = await this.#lookup(sortedTags, withPayload ? id : null);
    const { signature } = lookup;
    if (signature === null) return this.#bypass(kind, compute);
    // Read after the lookup: a computation that finished meanwhile has stored its entry here.
    const inMemory = this.#l1.get(id);
    if (inMemory?.signature === signature) {
      metrics.cacheLookups.inc({ kind, result: 'l1' });
      return { value: inMemory.value as T, cached: true };
    }
    // A stale L1 entry was checked without fetching L2; another instance may have stored a current one.
    const payload = !withPayload && lookup.shared ? await this.#fetchPayload(id) : lookup.payload;
    const json = payloadFor(payload, signature);
    if (json !== null) {
      const value = JSON.parse(json) as T;
      this.#l1.set(id, { signature, tags: sortedTags, value, bytes: json.length }, this.#l1Ttl(ttl, true));
      metrics.cacheLookups.inc({ kind, result: 'l2' });
      return { value, cached: true };
    }
    const flightKey = `${id}|${signature}`;
    const running = this.#inflight.get(flightKey);
    if (running !== undefined) {
      metrics.cacheLookups.inc({ kind, result: 'shared' });
      return { value: (await running) as T, cached: true };
    }
    metrics.cacheLookups.inc({ kind, result: 'miss' });
    const computing = this.#computeAndStore(id, signature, sortedTags, ttl, lookup.shared, compute);
    this.#inflight.set(flightKey, computing);
    try {
      return { value: await computing, cached: false };
    } finally {
      this.#inflight.delete(flightKey);
    }
  }

  /**
   * Invalidates every entry carrying one of `tags`, here and (through Redis) in every instance, before it
   * returns. If Redis cannot take the change, this instance reconnects, which renews the epoch and so
   * invalidates every shared entry.
   */
  async invalidate(tags: readonly string[], catalogChanged: boolean): Promise<void> {
    this.#local.bump(tags);
    this.#l1.deleteTagged(tags);
    this.#options.metrics.cacheInvalidations.inc({ origin: 'local' });
    if (!this.#remote || !this.#bus) return;
    if (!this.#remote.up) {
      // Down: the reconnect renews the epoch, which invalidates every shared entry.
      this.#remote.missedInvalidation();
      return;
    }
    try {
      await this.#remote.bumpAndPublish(tags, this.#bus.encode([...tags], catalogChanged));
    } catch (error) {
      this.#options.metrics.cacheErrors.inc({ operation: 'invalidate' });
      this.#options.logger.warn({ err: error }, 'cache: invalidation not delivered to Redis; reconnecting');
      this.#remote.missedInvalidation();
      this.#remote.redis.disconnect(true);
    }
  }

  async close(): Promise<void> {
    await this.#bus?.close();
    this.#l1.clear();
  }

  async #lookup(tags: readonly string[], entryId: string | null): Promise<Lookup> {
    const remote = this.#remote;
    if (remote?.up) {
      try {
        return { ...(await remote.read(tags, entryId)), shared: true };
      } catch {
        this.#options.metrics.cacheErrors.inc({ operation: 'read' });
        return { signature: null, payload: null, shared: false };
      }
    }
    return {
      signature: `L${this.#generation}|${this.#local.signature(tags)}`,
      payload: null,
      shared: false,
    };
  }

  async #fetchPayload(id: string): Promise<string | null> {
    try {
      return await this.#remote!.redis.get(this.#remote!.entryKey(id));
    } catch {
      this.#options.metrics.cacheErrors.inc({ operation: 'read' });
      return null;
    }
  }

  async #computeAndStore<T>(
    id: string,
    signature: string,
    tags: string[],
    ttl: number,
    shared: boolean,
    compute: () => Promise<T>,
  ): Promise<T> {
    const value = await compute();
    const json = JSON.stringify(value);
    const l1Ttl = this.#l1Ttl(ttl, shared);
    if (l1Ttl > 0) this.#l1.set(id, { signature, tags, value, bytes: json.length }, l1Ttl);
    if (shared) {
      this.#remote!.write(id, signature, json, ttl).catch(() => {
        this.#options.metrics.cacheErrors.inc({ operation: 'write' });
      });
    }
    return value;
  }

  /** Without Redis there is one process and nothing to miss; with Redis down, other instances' changes are. */
  #l1Ttl(ttl: number, shared: boolean): number {
    return shared || !this.#remote ? ttl : Math.min(ttl, this.#options.degradedTtlMs);
  }

  async #bypass<T>(kind: CacheKind, compute: () => Promise<T>): Promise<Cached<T>> {
    this.#options.metrics.cacheLookups.inc({ kind, result: 'bypass' });
    return { value: await compute(), cached: false };
  }

  #applyRemote(message: InvalidationMessage): void {
    this.#local.bump(message.tags);
    this.#l1.deleteTagged(message.tags);
    this.#options.metrics.cacheInvalidations.inc({ origin: 'remote' });
    if (message.catalogChanged) for (const listener of this.#catalogListeners) listener();
  }
}
