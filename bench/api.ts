import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startServer } from '../src/server.ts';
import { createLogger } from '../src/shared/logger.ts';
import { loadFixture, testEnv } from '../test/support/api.ts';
import { createTestDatabase } from '../test/support/databases.ts';
import { machineSpec, percentile } from './machine.ts';

/**
 * HTTP throughput and latency against real PostgreSQL and Redis: the server runs in this process on a random
 * port over a fresh database loaded with the shared fixture, and autocannon drives each scenario with 100
 * connections. Latency percentiles come from every response's own time. Writes bench/results/api.json.
 *
 * There is no answer cache yet, so "cache hit" (one question repeated) measures the same work as a miss; the
 * scenario is here so the cache issue can show its effect against this baseline.
 */
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '100' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);

const database = await createTestDatabase('postgres');
await loadFixture(database.db);
const server = await startServer(
  testEnv({
    DATABASE_URL: database.url!,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    PORT: '0',
    DATABASE_POOL_SIZE: '20',
    QCD_API_KEY_CACHE_MS: '10000',
    QCD_RATE_LIMIT_ANON: '100000000/min',
  }),
  { logger: createLogger('silent') },
);

const { rows: products } = await database.db.query<{ name: string }>('SELECT name FROM products ORDER BY id');
const cities = ['Mumbai', 'Delhi', 'Bengaluru', 'Hyderabad', 'Pune'];
const templates = [
  'cheapest {p} in {c}',
  'compare {p} prices in {c}',
  'price of {p} on zepto in {c}',
  'where is {p} in stock in {c}',
  'fastest delivery for {p} in {c}',
  '{p} price on blinkit vs instamart in {c}',
  'lowest price of {p} in the last 7 days in {c}',
  'how much is {p} in {c}',
];
const questions = templates.flatMap((t) =>
  products.flatMap((p) => cities.map((c) => t.replace('{p}', p.name.toLowerCase()).replace('{c}', c))),
);
let next = 0;
const json = { 'content-type': 'application/json' };

const scenarios = {
  health: { method: 'GET', path: '/api/v1/health' },
  compare: { method: 'GET', path: '/api/v1/products/compare?product_id=5&city=Mumbai' },
  query_cache_miss: {
    method: 'POST',
    path: '/api/v1/query',
    headers: json,
    setupRequest: (request: object) => ({
      ...request,
      body: JSON.stringify({ query: questions[next++ % questions.length] }),
    }),
  },
  query_cache_hit: {
    method: 'POST',
    path: '/api/v1/query',
    headers: json,
    body: JSON.stringify({ query: 'cheapest amul butter in Mumbai' }),
  },
};

const results: Record<string, unknown> = {
  machine: machineSpec(),
  date: new Date().toISOString(),
  database: 'postgres',
  connections,
  duration_s: duration,
  distinct_questions: questions.length,
  note: 'No answer cache exists yet: the cache-hit scenario repeats one question and does the full work.',
};
try {
  for (const [name, request] of Object.entries(scenarios)) {
    const times: number[] = [];
    const statuses: Record<number, number> = {};
    const run = autocannon({ url: server.url, connections, duration, requests: [request] });
    run.on('response', (_client, status, _bytes, ms) => {
      times.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
    const r = await run;
    const summary = {
      requests_per_s: Math.round(r.requests.average),
      total: r.requests.total,
      p50_ms: round(percentile(times, 50)),
      p95_ms: round(percentile(times, 95)),
      p99_ms: round(percentile(times, 99)),
      errors: r.errors + r.timeouts + r.non2xx,
      statuses,
    };
    results[name] = summary;
    console.log(name.padEnd(18), JSON.stringify(summary));
  }
} finally {
  await server.close();
  await database.drop();
}

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/api.json', `${JSON.stringify(results, null, 2)}\n`);
console.log(`machine: ${results.machine}\nwrote bench/results/api.json`);

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
