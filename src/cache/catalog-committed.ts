import type { BatchEffects } from '../catalog/import/write-batch.ts';
import type { Queryable } from '../db/database.ts';
import type { Logger } from '../shared/logger.ts';
import type { CacheManager } from './cache-manager.ts';
import { ANY_TAG, CATALOG_TAG, changeTags, ProductScopes } from './tags.ts';

export interface CatalogCommittedDeps {
  db: Queryable;
  cache: CacheManager;
  /** Reloads the NL entity index (vocabulary) after new products, brands or platforms. */
  refreshIndex: () => Promise<void>;
  logger: Logger;
}

/**
 * The importer's onBatchCommitted hook: invalidates exactly what the batch changed (in every instance) and
 * refreshes the entity index when the catalog changed, before the import call goes on. Never throws: if the
 * changed scopes cannot be looked up, everything is invalidated instead.
 */
export function onCatalogCommitted(deps: CatalogCommittedDeps): (effects: BatchEffects) => Promise<void> {
  const scopes = new ProductScopes();
  return async (effects) => {
    try {
      if (effects.catalogChanged) await deps.refreshIndex();
    } catch (error) {
      deps.logger.error({ err: error }, 'entity index refresh after import failed');
    }
    let tags: string[];
    try {
      tags = await changeTags(deps.db, effects, scopes);
    } catch (error) {
      deps.logger.error({ err: error }, 'could not resolve changed scopes; invalidating every cache entry');
      tags = [CATALOG_TAG, ANY_TAG];
    }
    await deps.cache.invalidate(tags, effects.catalogChanged).catch((error: unknown) => {
      deps.logger.error({ err: error }, 'cache invalidation failed');
    });
  };
}

/**
 * Runs `task` now, or once more after the running call when called during one: every caller's changes are
 * covered by a run that started after its call, and a burst of calls costs at most two runs.
 */
export function coalesced(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const start = (): Promise<void> => {
    running = task().finally(() => {
      running = null;
    });
    return running;
  };
  return () => {
    if (!running) return start();
    queued ??= running
      .catch(() => {})
      .then(() => {
        queued = null;
        return start();
      });
    return queued;
  };
}
