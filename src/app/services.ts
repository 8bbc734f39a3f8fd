import { Redis } from 'ioredis';
import { type Authenticate, createAuthenticator } from '../auth/authenticate.ts';
import { CacheManager } from '../cache/cache-manager.ts';
import { type CachedReads, cachedEngine, cachedReads } from '../cache/cached-answers.ts';
import { coalesced, onCatalogCommitted } from '../cache/catalog-committed.ts';
import type { BatchEffects } from '../catalog/import/write-batch.ts';
import type { Env } from '../config/env.ts';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { createNlqEngine } from '../nlq/engine.ts';
import { createLogWriter, type LogWriter } from '../observability/log-writer.ts';
import { createMetrics, type Metrics } from '../observability/metrics.ts';
import { type RecordedNlq, recordQueries } from '../observability/record-queries.ts';
import { createPriceStream, type PriceStream } from '../realtime/price-stream.ts';
import { type Clock, fixedClock, systemClock } from '../shared/clock.ts';
import { createLogger, type Logger } from '../shared/logger.ts';

/**
 * Every side effect the app needs, built in one place from the parsed config. Tests pass overrides
 * (an in-memory database, a fixed clock, a silent logger) instead of patching modules.
 */
export interface Services {
  env: Env;
  db: Database;
  clock: Clock;
  logger: Logger;
  /** Shared rate-limit counters and the cache's shared level when REDIS_URL is set; null otherwise. */
  redis: Redis | null;
  cache: CacheManager;
  /** NL answers, cached by interpreted question and recorded. */
  nlq: RecordedNlq;
  /** Compare, deals and search, cached. */
  reads: CachedReads;
  /**
   * The importer's onBatchCommitted hook for every import in this process: invalidates the cache entries the
   * batch affected in every instance and refreshes the entity index when the catalog changed. Never throws.
   */
  onCatalogCommitted(effects: BatchEffects): Promise<void>;
  metrics: Metrics;
  telemetry: LogWriter;
  authenticate: Authenticate;
  /** Live price changes fanned out to SSE clients (one LISTEN per process, opened on the first client). */
  priceStream: PriceStream;
  close(): Promise<void>;
}

export interface ServiceOverrides {
  db?: Database;
  clock?: Clock;
  logger?: Logger;
  /**
   * False for one-shot commands that write the catalog but answer no questions (qcd import, qcd demo): their
   * imports still invalidate caches everywhere, but do not reload this process's entity index after every
   * batch that adds products, a reload that reads the whole catalog and made a 100k-product demo quadratic.
   */
  answersQuestions?: boolean;
}

export async function createServices(env: Env, overrides: ServiceOverrides = {}): Promise<Services> {
  const logger = overrides.logger ?? createLogger(env.LOG_LEVEL);
  const clock = overrides.clock ?? (env.QCD_NOW ? fixedClock(env.QCD_NOW) : systemClock);
  const db = overrides.db ?? (await openDatabase(env));
  await migrate(db);
  const metrics = createMetrics(db);
  const telemetry = createLogWriter({ db, logger, metrics });
  const engine = await createNlqEngine({ db, clock, queryTimeoutMs: env.QCD_QUERY_TIMEOUT_MS });
  const redis = env.REDIS_URL ? await openRedis(env.REDIS_URL, logger) : null;
  const priceStream = createPriceStream({
    db,
    logger,
    heartbeatMs: env.QCD_STREAM_HEARTBEAT_MS,
    retentionMs: env.QCD_STREAM_RETENTION_HOURS * 3_600_000,
  });
  const cache = new CacheManager({
    redis,
    prefix: env.QCD_CACHE_PREFIX,
    ttlMs: {
      query: env.QCD_CACHE_TTL_QUERY_MS,
      compare: env.QCD_CACHE_TTL_COMPARE_MS,
      deals: env.QCD_CACHE_TTL_DEALS_MS,
      search: env.QCD_CACHE_TTL_SEARCH_MS,
    },
    degradedTtlMs: env.QCD_CACHE_DEGRADED_TTL_MS,
    maxEntries: env.QCD_CACHE_L1_MAX_ENTRIES,
    maxBytes: env.QCD_CACHE_L1_MAX_BYTES,
    metrics,
    logger,
  });
  const refreshIndex =
    overrides.answersQuestions === false ? async () => {} : coalesced(() => engine.refresh());
  cache.onRemoteCatalogChange(() => {
    refreshIndex().catch((error: unknown) => logger.error({ err: error }, 'entity index refresh failed'));
  });
  return {
    env,
    db,
    clock,
    logger,
    redis,
    cache,
    nlq: recordQueries(cachedEngine(engine, cache, clock), { telemetry, metrics }),
    reads: cachedReads({ db, clock }, cache),
    onCatalogCommitted: onCatalogCommitted({ db, cache, refreshIndex, logger }),
    metrics,
    telemetry,
    authenticate: createAuthenticator(db, env.QCD_API_KEY_CACHE_MS),
    priceStream,
    async close() {
      await priceStream.close();
      // Telemetry last written before the pool it writes through closes.
      await telemetry.close();
      await cache.close();
      await redis?.quit().catch(() => redis.disconnect());
      await db.close();
    },
  };
}

/** Redis is optional infrastructure: while it is down, commands fail fast instead of queueing, and it reconnects. */
async function openRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2000,
  });
  let reported = false;
  redis.on('error', (error) => {
    if (!reported)
      logger.warn(
        { err: error },
        'redis unavailable; rate limits allow requests and the cache serves from memory',
      );
    reported = true;
  });
  redis.on('ready', () => {
    reported = false;
  });
  // Connected before the app serves, so the first requests already count; an outage here is not fatal.
  await redis.connect().catch(() => {});
  return redis;
}
