import { useEffect } from 'react';
import { api } from '../../api/client.ts';
import { ErrorView, Loading } from '../../components/states.tsx';
import { istTime, number, percent } from '../../format.ts';
import { useApi } from '../../use-api.ts';
import { histogramQuantile, parsePrometheus, sum } from './prometheus.ts';

const REFRESH_MS = 10_000;
const QUERY_ROUTE = { route: '/api/v1/query' };

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

export function StatusPage() {
  const status = useApi(async (signal) => {
    const [health, metrics] = await Promise.all([
      api('GET /api/v1/health', { signal }),
      api('GET /api/v1/metrics', { signal }),
    ]);
    const ready = await api('GET /api/v1/health/ready', { signal }).catch(() => null);
    return { health, ready, samples: parsePrometheus(metrics), at: new Date() };
  }, []);
  const { reload } = status;
  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  const data = status.data;
  const samples = data?.samples ?? [];
  const hitRatio = samples.find((s) => s.name === 'qcd_cache_hit_ratio')?.value ?? null;
  const queries = sum(samples, 'qcd_http_request_duration_seconds_count', QUERY_ROUTE);
  const querySeconds = sum(samples, 'qcd_http_request_duration_seconds_sum', QUERY_ROUTE);
  const p95 = histogramQuantile(samples, 'qcd_http_request_duration_seconds', 0.95, QUERY_ROUTE);
  const requests = sum(samples, 'qcd_http_request_duration_seconds_count');
  const errors = sum(samples, 'qcd_errors_total');
  const ms = (seconds: number | null) =>
    seconds === null ? '—' : `${number(Math.round(seconds * 10_000) / 10)} ms`;

  return (
    <section aria-labelledby="status-title">
      <h1 id="status-title">Service status</h1>
      <p>
        <button type="button" onClick={reload} disabled={status.loading}>
          Refresh
        </button>{' '}
        {data && <span className="muted">Updated {istTime(data.at)}, every 10 s</span>}
      </p>
      <div aria-live="polite" aria-busy={status.loading}>
        {status.loading && !data && <Loading label="Reading health and metrics…" />}
        {status.error && <ErrorView error={status.error} onRetry={reload} />}
        {data && (
          <>
            <h2>Health</h2>
            <dl className="stats">
              <Stat
                label="API"
                value={data.health.status === 'ok' ? 'Up' : data.health.status}
                testId="api-status"
              />
              <Stat
                label={`Database (${data.health.database.kind ?? 'unknown'})`}
                value={`${data.health.database.status}${
                  data.health.database.latency_ms === undefined
                    ? ''
                    : ` · ${number(data.health.database.latency_ms)} ms`
                }`}
              />
              <Stat label="Shared cache (Redis)" value={data.ready ? data.ready.cache.status : 'not ready'} />
            </dl>
            <h2>Queries</h2>
            <dl className="stats">
              <Stat
                label="Cache hit ratio"
                value={hitRatio === null ? '—' : percent(Math.round(hitRatio * 1000) / 10)}
                testId="hit-ratio"
              />
              <Stat label="Questions answered" value={number(queries)} testId="query-count" />
              <Stat label="Average question latency" value={queries > 0 ? ms(querySeconds / queries) : '—'} />
              <Stat label="p95 question latency" value={ms(p95)} />
              <Stat label="All API requests" value={number(requests)} />
              <Stat label="Errors" value={number(errors)} />
            </dl>
          </>
        )}
      </div>
    </section>
  );
}
