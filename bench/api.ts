import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { FIXTURE_NOW, loadFixture } from '../test/support/api.ts';
import { createTestDatabase } from '../test/support/databases.ts';
import { deleteKeys } from '../test/support/redis.ts';
import { type FixedRateRequest, runFixedRate } from './fixed-rate.ts';
import { machineSpec, percentile } from './machine.ts';

/**
 * HTTP throughput and latency against real PostgreSQL and Redis: the server runs in a child process
 * (bench/api-server.ts) over a fresh database loaded with the shared fixture, and autocannon drives each
 * scenario with 100 connections, either as fast as the server answers ("saturated": throughput; latency is
 * mostly queueing) or at a fixed request rate the server sustains ("at N req/s": the latency a client sees).
 * Latency percentiles come from every response's own time. Writes bench/results/api.json.
 */
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '100' },
    'hit-rate': { type: 'string', default: '1000' },
    'miss-rate': { type: 'string', default: '100' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const hitRate = Number(values['hit-rate']);
const missRate = Number(values['miss-rate']);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `qcdbench:${randomUUID().slice(0, 8)}`;

const database = await createTestDatabase('postgres');
await loadFixture(database.db);
const { rows: products } = await database.db.query<{ name: string }>('SELECT name FROM products ORDER BY id');
const server = await startServerProcess({
  DATABASE_URL: database.url!,
  REDIS_URL: redisUrl,
  QCD_CACHE_PREFIX: prefix,
  PORT: '0',
  LOG_LEVEL: 'silent',
  QCD_NOW: FIXTURE_NOW,
  QCD_DEMO_ON_START: 'false',
  DATABASE_POOL_SIZE: '20',
  QCD_API_KEY_CACHE_MS: '10000',
  QCD_RATE_LIMIT_ANON: '100000000/min',
});

/** Every miss question is new: its price ceiling (and so its IR) differs from all before it. */
const cities = ['Mumbai', 'Delhi', 'Bengaluru', 'Hyderabad', 'Pune'];
const missTemplates = [
  'cheapest {p} under ₹{n} in {c}',
  '{p} under ₹{n} in {c}',
  'compare {p} prices under ₹{n} in {c}',
  '{p} below rs {n} in {c}',
];
let missCount = 0;
function missQuestion(): string {
  const i = missCount++;
  const product = products[i % products.length]!.name.toLowerCase();
  return missTemplates[i % missTemplates.length]!.replace('{p}', product)
    .replace('{n}', String(100 + i))
    .replace('{c}', cities[i % cities.length]!);
}
const json = { 'content-type': 'application/json' };
const missRequest: FixedRateRequest = {
  method: 'POST',
  path: '/api/v1/query',
  headers: json,
  body: () => JSON.stringify({ query: missQuestion() }),
};
const hitBody = JSON.stringify({ query: 'cheapest amul butter in Mumbai' });
const hitRequest: FixedRateRequest = { method: 'POST', path: '/api/v1/query', headers: json, body: hitBody };

const scenarios: Record<string, { request: FixedRateRequest; rate?: number }> = {
  health: { request: { method: 'GET', path: '/api/v1/health' } },
  compare_cache_hit: {
    request: { method: 'GET', path: '/api/v1/products/compare?product_id=5&city=Mumbai' },
  },
  query_cache_hit: { request: hitRequest },
  [`query_cache_hit_at_${hitRate}_rps`]: { request: hitRequest, rate: hitRate },
  query_cache_miss: { request: missRequest },
  [`query_cache_miss_at_${missRate}_rps`]: { request: missRequest, rate: missRate },
};

const results: Record<string, unknown> = {
  machine: machineSpec(),
  date: new Date().toISOString(),
  database: 'postgres',
  cache: 'two-level (in-process LRU + Redis), versioned tags',
  connections,
  duration_s: duration,
  note:
    'Server in its own process. Saturated scenarios: autocannon, 100 connections, as fast as answered ' +
    '(throughput; latency is mostly queueing behind 100 connections). "_at_N_rps" scenarios: open-loop, N ' +
    'requests/s evenly spaced, latency from the scheduled send time (what a client sees at a sustainable ' +
    'load). Cache lookups are counted from the server metrics during each scenario.',
};
try {
  // One answer in the cache before the hit scenarios, as a real hot question would be.
  await fetch(`${server.url}/api/v1/query`, { method: 'POST', headers: json, body: hitBody });
  for (const [name, { request, rate }] of Object.entries(scenarios)) {
    const before = await cacheLookups(server.url);
    const run = rate
      ? await runFixedRate(server.url, request, rate, duration)
      : await saturate(server.url, request);
    const after = await cacheLookups(server.url);
    const summary = {
      mode: rate ? `open loop, ${rate} req/s` : `saturated, ${connections} connections`,
      requests_per_s: Math.round(run.times.length / duration),
      total: run.times.length,
      p50_ms: round(percentile(run.times, 50)),
      p95_ms: round(percentile(run.times, 95)),
      p99_ms: round(percentile(run.times, 99)),
      errors: run.errors + Object.entries(run.statuses).reduce((n, [s, c]) => n + (s === '200' ? 0 : c), 0),
      statuses: run.statuses,
      cache_lookups: Object.fromEntries(
        Object.entries(after)
          .map(([k, v]) => [k, v - (before[k] ?? 0)] as const)
          .filter(([, v]) => v > 0),
      ),
    };
    results[name] = summary;
    console.log(name.padEnd(28), JSON.stringify(summary));
  }
} finally {
  await server.close();
  await database.drop();
  await deleteKeys(redisUrl, prefix);
}

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/api.json', `${JSON.stringify(results, null, 2)}\n`);
console.log(`machine: ${results.machine}\nwrote bench/results/api.json`);

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** As fast as the server answers, with autocannon; every response's own time. */
async function saturate(url: string, spec: FixedRateRequest) {
  const { body, ...rest } = spec;
  const request =
    typeof body === 'function'
      ? { ...rest, setupRequest: (r: object) => ({ ...r, body: body() }) }
      : { ...rest, ...(body ? { body } : {}) };
  const times: number[] = [];
  const statuses: Record<number, number> = {};
  const run = autocannon({ url, connections, duration, requests: [request] });
  run.on('response', (_client, status, _bytes, ms) => {
    times.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const r = await run;
  return { times, statuses, errors: r.errors + r.timeouts };
}

/** qcd_cache_lookups_total by "kind:result", read from the server's /metrics. */
async function cacheLookups(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/api/v1/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const m of text.matchAll(/^qcd_cache_lookups_total\{kind="(\w+)",result="(\w+)"\} (\S+)$/gm)) {
    counts[`${m[1]}:${m[2]}`] = Number(m[3]);
  }
  return counts;
}

async function startServerProcess(
  env: Record<string, string>,
): Promise<{ url: string; close(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bench/api-server.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code} before listening`)));
  });
  const { url } = JSON.parse(firstLine) as { url: string };
  return {
    url,
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
