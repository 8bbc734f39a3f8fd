import type { Queryable } from '../db/database.ts';
import type { Logger } from '../shared/logger.ts';
import type { Metrics } from './metrics.ts';

/** One answered, refused or failed NL question, as query_logs stores it. */
export interface QueryLogEntry {
  question: string;
  normalized_question: string | null;
  intent: string | null;
  ir: unknown;
  sql: string | null;
  relevant_tables: string[];
  outcome: 'answered' | 'refused' | 'error';
  error_code: string | null;
  row_count: number | null;
  cached: boolean;
  total_ms: number;
  stage_ms: Record<string, number> | null;
  api_key_id: number | null;
}

export interface UsageEntry {
  keyLabel: string;
  keyId: number | null;
  route: string;
  method: string;
  status: number;
  ms: number;
}

export interface ErrorLogEntry {
  error_code: string;
  message: string;
  route: string | null;
  request_id: string;
}

/**
 * Telemetry written off the request path: calls only append to memory; a timer flushes batches (and close()
 * flushes the rest). A failed write is logged and dropped, never surfaced to a request. Times are wall-clock
 * (when the request happened), not the injectable catalog clock.
 */
export interface LogWriter {
  recordQuery(entry: QueryLogEntry): void;
  recordUsage(entry: UsageEntry): void;
  recordError(entry: ErrorLogEntry): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

const INSERT_QUERY_LOGS = `
  INSERT INTO query_logs (question, normalized_question, intent, ir, sql, relevant_tables, outcome, error_code,
                          row_count, cached, total_ms, stage_ms, api_key_id, created_at)
  SELECT question, normalized_question, intent, ir, sql, coalesce(relevant_tables, '{}'), outcome, error_code,
         row_count, cached, total_ms, stage_ms, api_key_id, created_at
    FROM jsonb_to_recordset($1::jsonb) AS x(question text, normalized_question text, intent text, ir jsonb,
         sql text, relevant_tables text[], outcome text, error_code text, row_count integer, cached boolean,
         total_ms numeric, stage_ms jsonb, api_key_id bigint, created_at timestamptz)`;

// Rows are pre-aggregated per (key, route, method, status, minute), so one batch never hits a row twice.
const UPSERT_USAGE = `
  INSERT INTO api_usage_stats AS u (key_label, route, method, status_code, bucket_start, request_count, total_ms)
  SELECT key_label, route, method, status_code, bucket_start, request_count, total_ms
    FROM jsonb_to_recordset($1::jsonb) AS x(key_label text, route text, method text, status_code smallint,
         bucket_start timestamptz, request_count integer, total_ms double precision)
  ON CONFLICT (key_label, route, method, status_code, bucket_start) DO UPDATE
     SET request_count = u.request_count + EXCLUDED.request_count, total_ms = u.total_ms + EXCLUDED.total_ms`;

const INSERT_ERROR_LOGS = `
  INSERT INTO error_logs (error_code, message, route, request_id, occurred_at)
  SELECT error_code, message, route, request_id, occurred_at
    FROM jsonb_to_recordset($1::jsonb) AS x(error_code text, message text, route text, request_id text,
         occurred_at timestamptz)`;

const TOUCH_KEYS = `
  UPDATE api_keys AS k SET last_used_at = x.at
    FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, at timestamptz)
   WHERE k.id = x.id AND (k.last_used_at IS NULL OR k.last_used_at < x.at)`;

interface UsageRow {
  key_label: string;
  route: string;
  method: string;
  status_code: number;
  bucket_start: string;
  request_count: number;
  total_ms: number;
}

export interface LogWriterOptions {
  db: Queryable;
  logger: Logger;
  metrics: Pick<Metrics, 'logWritesDropped'>;
  intervalMs?: number;
  /** Entries held in memory at most; beyond it new entries are dropped (and counted) until a flush. */
  maxPending?: number;
}

export function createLogWriter({
  db,
  logger,
  metrics,
  intervalMs = 1000,
  maxPending = 20_000,
}: LogWriterOptions) {
  let queries: (QueryLogEntry & { created_at: string })[] = [];
  let errors: (ErrorLogEntry & { occurred_at: string })[] = [];
  let usage = new Map<string, UsageRow>();
  let keysUsed = new Map<number, string>();
  let flushing: Promise<void> | null = null;

  const full = (kind: string) => {
    if (queries.length + errors.length + usage.size < maxPending) return false;
    metrics.logWritesDropped.inc({ kind });
    return true;
  };

  async function write(kind: string, sql: string, rows: unknown[]): Promise<void> {
    if (rows.length === 0) return;
    try {
      await db.query(sql, [toJsonParam(rows)]);
    } catch (error) {
      logger.warn({ err: error, kind, dropped: rows.length }, 'telemetry write failed; records dropped');
      metrics.logWritesDropped.inc({ kind }, rows.length);
    }
  }

  async function flushOnce(): Promise<void> {
    const batch = { queries, errors, usage: [...usage.values()], keys: [...keysUsed] };
    queries = [];
    errors = [];
    usage = new Map();
    keysUsed = new Map();
    await write('query', INSERT_QUERY_LOGS, batch.queries);
    await write('usage', UPSERT_USAGE, batch.usage);
    await write('error', INSERT_ERROR_LOGS, batch.errors);
    await write(
      'key_use',
      TOUCH_KEYS,
      batch.keys.map(([id, at]) => ({ id, at })),
    );
  }

  function flush(): Promise<void> {
    // One flush at a time; a flush requested meanwhile runs right after, so close() writes everything.
    const next = (flushing ?? Promise.resolve()).then(flushOnce);
    flushing = next.finally(() => {
      if (flushing === next) flushing = null;
    });
    return next;
  }

  const timer = setInterval(() => {
    if (!flushing) void flush();
  }, intervalMs);
  timer.unref();

  const writer: LogWriter = {
    recordQuery(entry) {
      if (!full('query')) queries.push({ ...entry, created_at: new Date().toISOString() });
    },
    recordError(entry) {
      if (!full('error')) errors.push({ ...entry, occurred_at: new Date().toISOString() });
    },
    recordUsage(entry) {
      const now = new Date();
      if (entry.keyId !== null) keysUsed.set(entry.keyId, now.toISOString());
      const bucket = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
      const id = `${entry.keyLabel}\u0001${entry.route}\u0001${entry.method}\u0001${entry.status}\u0001${bucket}`;
      const row = usage.get(id);
      if (row) {
        row.request_count += 1;
        row.total_ms += entry.ms;
      } else if (!full('usage')) {
        usage.set(id, {
          key_label: entry.keyLabel,
          route: entry.route,
          method: entry.method,
          status_code: entry.status,
          bucket_start: bucket,
          request_count: 1,
          total_ms: entry.ms,
        });
      }
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
  return writer;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** PostgreSQL text and jsonb reject NUL and unpaired surrogates; hostile questions carry both. */
function toJsonParam(rows: unknown[]): string {
  return JSON.stringify(rows, (_key, value) =>
    typeof value === 'string'
      ? value.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD')
      : value,
  );
}
