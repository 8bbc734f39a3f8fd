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
    help: "Share of NL answers served from a cache (0 until a cache exists: it is derived from the answers' cached flag).",
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
    logWritesDropped: new Counter({
      name: 'qcd_log_writes_dropped_total',
      help: 'Query-log and usage records dropped because writing them failed or the buffer was full.',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
  };
}
