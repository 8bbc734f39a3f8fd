import { LRUCache } from 'lru-cache';
import type { Queryable } from '../db/database.ts';
import { findActiveKey, hashKey, type Principal } from './api-keys.ts';

export type Authenticate = (key: string) => Promise<Principal | null>;

/**
 * Checks presented keys, remembering answers (including "unknown") for `cacheMs` so a busy client or a
 * flood of bad keys costs one index lookup per key per period; a revocation takes effect within that period.
 */
export function createAuthenticator(db: Queryable, cacheMs: number): Authenticate {
  if (cacheMs === 0) return (key) => findActiveKey(db, key);
  const cache = new LRUCache<string, { principal: Principal | null }>({ max: 10_000, ttl: cacheMs });
  return async (key) => {
    const hash = hashKey(key);
    const hit = cache.get(hash);
    if (hit) return hit.principal;
    const principal = await findActiveKey(db, key);
    cache.set(hash, { principal });
    return principal;
  };
}
