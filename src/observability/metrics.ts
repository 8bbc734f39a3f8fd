import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/database.ts';

/**
 * One Prometheus registry per app instance (not prom-client's global one), so several instances in one
 * process (tests, the benchmark) keep separate counts.
 */
export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'route' | 'method' | 'status_code'>;
  nlqStageDuration: Histogram<'stage'>;
  nlqAnswers: Counter<'cached'>;
  errors: Counter<'code'>;
  logWritesDropped: Counter<'kind'>;
  /** Cache lookups by kind of answer and outcome (l1, l2, shared = joined a running computation, miss, bypass). */
  cacheLookups: Counter<'kind' | 'result'>;
  cacheEvictions: Counter<'reason'>;
  cacheInvalidations: Counter<'origin'>;
  cacheErrors: Counter<'operation'>;
  /** 1 while REDIS_URL is set but Redis is unreachable (answers come from the in-process cache only). */
  cacheDegraded: Gauge;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(db: Pick<Database, 'poolStats'>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'qcd_' });
  const nlqAnswers = new Counter({
    name: 'qcd_nlq_answers_total',
    help: 'Natural-language answers, by whether they came from a cache.',
    labelNames: ['cached'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'qcd_cache_hit_ratio',
    help: "Share of NL answers served from the cache (derived from the answers' cached flag).",
    registers: [registry],
    async collect() {
      const counts = (await nlqAnswers.get()).values;
      const hits = counts.find((v) => v.labels.cached === 'true')?.value ?? 0;
      const total = counts.reduce((sum, v) => sum + v.value, 0);
      this.set(total === 0 ? 0 : hits / total);
    },
  });
  new Gauge({
    name: 'qcd_db_pool_connections',
    help: 'Database pool connections by state (total, idle, waiting requests).',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      for (const [state, value] of Object.entries(db.poolStats())) this.set({ state }, value);
    },
  });
  return {
    registry,
    nlqAnswers,
    httpDuration: new Histogram({
      name: 'qcd_http_request_duration_seconds',
      help: 'HTTP request latency by route template, method and status.',
      labelNames: ['route', 'method', 'status_code'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    nlqStageDuration: new Histogram({
      name: 'qcd_nlq_stage_duration_seconds',
      help: 'Time spent in each stage of answering a natural-language question, when the engine reports stages.',
      labelNames: ['stage'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    errors: new Counter({
      name: 'qcd_errors_total',
      help: 'Error responses by error code.',
      labelNames: ['code'] as const,
      registers: [registry],
    }),
    cacheLookups: new Counter({
      name: 'qcd_cache_lookups_total',
      help: 'Cache lookups by kind (query, compare, deals, search) and result (l1, l2, shared, miss, bypass).',
      labelNames: ['kind', 'result'] as const,
      registers: [registry],
    }),
    cacheEvictions: new Counter({
      name: 'qcd_cache_evictions_total',
      help: 'In-process cache entries removed, by reason (evict = over size or count, expire, invalidate).',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    cacheInvalidations: new Counter({
      name: 'qcd_cache_invalidations_total',
      help: 'Catalog changes applied to the cache, from this instance (local) or another (remote).',
      labelNames: ['origin'] as const,
      registers: [registry],
    }),
    cacheErrors: new Counter({
      name: 'qcd_cache_errors_total',
      help: 'Failed Redis cache operations, by operation.',
      labelNames: ['operation'] as const,
      registers: [registry],
    }),
    cacheDegraded: new Gauge({
      name: 'qcd_cache_degraded',
      help: '1 while Redis is configured but unreachable and the cache runs in-process only.',
      registers: [registry],
    }),
    logWritesDropped: new Counter({
      name: 'qcd_log_writes_dropped_total',
      help: 'Query-log and usage records dropped because writing them failed or the buffer was full.',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
  };
}
