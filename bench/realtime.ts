import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { buildApp } from '../src/api/app.ts';
import { createServices } from '../src/app/services.ts';
import { generateDemoFeed } from '../src/catalog/demo/generate.ts';
import { importFeed } from '../src/catalog/import/import-feed.ts';
import { type PriceEventRow, writeEvents } from '../src/catalog/import/write-events.ts';
import { numberRecords } from '../src/catalog/seed.ts';
import { parseEnv } from '../src/config/env.ts';
import { PriceSimulator } from '../src/realtime/simulator.ts';
import { loadSimulatedListings, TickImporter } from '../src/realtime/simulator-runner.ts';
import { createLogger } from '../src/shared/logger.ts';
import { borrowed } from '../test/support/api.ts';
import { createTestDatabase, isPostgresReachable } from '../test/support/databases.ts';
import { deleteKeys } from '../test/support/redis.ts';
import { machineSpec, median, percentile } from './machine.ts';

/**
 * Live-stream throughput on real PostgreSQL and Redis: simulated changes are imported back to back (importFeed,
 * which writes the change log and NOTIFYs on commit; each committed batch invalidates the cache through Redis)
 * while 100 SSE clients on real HTTP connections receive them. Reports committed updates/s that every client received, and latency from commit (and from submitting the
 * tick) to a client. The clients run in a worker thread so parsing does not share the server's event loop.
 * Writes bench/results/realtime.json.
 */
const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '20' },
    // Ticks of a few thousand changes: each tick pays a commit, an invalidation and a notification per half.
    changes: { type: 'string', default: '3000' },
    products: { type: 'string', default: '2000' },
  },
});
const clients = Number(values.clients);
const seconds = Number(values.seconds);
const changesPerTick = Number(values.changes);
/** Clients that record a receive time per event (all of them count events). */
const SAMPLED = 10;

if (!(await isPostgresReachable())) {
  console.error('bench:realtime needs PostgreSQL at 127.0.0.1:5432 (see test/support/databases.ts).');
  process.exit(1);
}

const now = () => performance.timeOrigin + performance.now();
const handle = await createTestDatabase('postgres');
const db = handle.db;
const seeded = await importFeed(
  db,
  numberRecords(
    generateDemoFeed({
      products: Number(values.products),
      days: 1,
      seed: 3,
      now: new Date(Date.now() - 3_600_000),
    }),
  ),
);
console.log(`seeded ${seeded.accepted.toLocaleString('en-IN')} feed lines`);

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const cachePrefix = `qcdbench:${randomUUID().slice(0, 8)}`;
const env = parseEnv({
  DATABASE_URL: handle.url,
  REDIS_URL: redisUrl,
  QCD_CACHE_PREFIX: cachePrefix,
  LOG_LEVEL: 'silent',
  QCD_DEMO_ON_START: 'false',
  QCD_RATE_LIMIT_ANON: '1000000/min',
  PORT: '0',
});
const services = await createServices(env, { db: borrowed(db), logger: createLogger('silent') });
const app = await buildApp(services);
const base = await app.listen({ port: 0, host: '127.0.0.1' });

const worker = new Worker(
  `
  const { parentPort, workerData } = require('node:worker_threads');
  const http = require('node:http');
  const { url, clients, sampled } = workerData;
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const received = new Array(clients).fill(0);
  const samples = [];
  let closed = 0;
  for (let c = 0; c < clients; c += 1) {
    const record = c < sampled ? [] : null;
    if (record) samples.push(record);
    http.get(url, { agent, headers: { accept: 'text/event-stream' } }, (res) => {
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk) => {
        const at = performance.timeOrigin + performance.now();
        buffer += chunk;
        let end = buffer.indexOf('\\n\\n');
        while (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (frame.startsWith('id: ')) {
            received[c] += 1;
            if (record) record.push(Number(frame.slice(4, frame.indexOf('\\n'))), at);
          }
          end = buffer.indexOf('\\n\\n');
        }
      });
      res.on('close', () => { closed += 1; });
    });
  }
  parentPort.on('message', (m) => {
    if (m === 'count') parentPort.postMessage({ type: 'count', received: received.slice(), closed });
    else if (m === 'report') {
      parentPort.postMessage({ type: 'report', received, samples: samples.map((s) => s.slice()), closed });
      for (const s of samples) s.length = 0;
    }
  });
  `,
  { eval: true, workerData: { url: `${base}/api/v1/stream/prices`, clients, sampled: SAMPLED } },
);
const ask = <T = unknown>(message: 'count' | 'report') =>
  new Promise<T>((resolve) => {
    worker.once('message', resolve);
    worker.postMessage(message);
  });

while (services.priceStream.subscriberCount() < clients) await new Promise((r) => setTimeout(r, 50));
console.log(`${clients} SSE clients connected`);

/** One measured phase: `step` commits one batch and returns how many events it committed and when. */
async function measure(name: string, step: () => Promise<{ events: number; committed: number }>) {
  const before =
    (await db.query<{ id: number | null }>('SELECT max(id) AS id FROM price_events')).rows[0]!.id ?? 0;
  const startCounts = (await ask<{ received: number[] }>('count')).received;
  await ask('report'); // clears the samples of earlier phases
  /** Per batch: the last event id it committed (relative to `before`) and when it was submitted and committed. */
  const batches: { lastId: number; submitted: number; committed: number; events: number }[] = [];
  let events = 0;
  const started = now();
  while (now() - started < seconds * 1000) {
    const submitted = now();
    const done = await step();
    events += done.events;
    batches.push({ lastId: events, submitted, committed: done.committed, events: done.events });
  }
  const committedSeconds = (now() - started) / 1000;
  // Wait until every client has every event (or give up after 60 s and report what arrived).
  const deadline = now() + 60_000;
  let received: number[] = [];
  for (;;) {
    received = (await ask<{ received: number[] }>('count')).received.map((n, i) => n - startCounts[i]!);
    if (Math.min(...received) >= events || now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const deliveredSeconds = (now() - started) / 1000;
  const report = await ask<{ samples: number[][]; closed: number }>('report');
  const fromCommit: number[] = [];
  const fromSubmit: number[] = [];
  for (const sample of report.samples) {
    for (let i = 0; i < sample.length; i += 2) {
      const position = sample[i]! - before;
      if (position <= 0) continue;
      let lo = 0;
      let hi = batches.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (batches[mid]!.lastId >= position) hi = mid;
        else lo = mid + 1;
      }
      fromCommit.push(sample[i + 1]! - batches[lo]!.committed);
      fromSubmit.push(sample[i + 1]! - batches[lo]!.submitted);
    }
  }
  const result = {
    seconds: round1(committedSeconds),
    batches: batches.length,
    events_per_batch_median: median(batches.map((b) => b.events)),
    events,
    updates_per_s_committed: Math.round(events / committedSeconds),
    updates_per_s_delivered_to_all: Math.round(events / deliveredSeconds),
    every_client_got_every_event: received.every((n) => n === events),
    clients_dropped: report.closed,
    latency_commit_to_client_ms: {
      p50: round1(percentile(fromCommit, 50)),
      p99: round1(percentile(fromCommit, 99)),
      max: round1(fromCommit.reduce((a, b) => Math.max(a, b), 0)),
    },
    latency_submit_to_client_ms: {
      p50: round1(percentile(fromSubmit, 50)),
      p99: round1(percentile(fromSubmit, 99)),
    },
    latency_samples: fromCommit.length,
  };
  console.log(name, result);
  return result;
}
const round1 = (v: number) => Math.round(v * 10) / 10;

// 1. The whole path: simulated changes → importFeed (listings, history, change log, NOTIFY) → hub → clients.
const simulator = new PriceSimulator(await loadSimulatedListings(db), 1);
let committed = 0;
let tickEvents = 0;
// As the simulator runner imports ticks.
const importer = new TickImporter(db, {
  source: 'bench',
  onBatchCommitted: (effects) => {
    committed = now();
    tickEvents += effects.streamEvents;
    // Invalidation is part of the path: the cache drops what the batch touched, here and through Redis.
    return services.onCatalogCommitted(effects);
  },
});
const endToEnd = await measure('import + stream', async () => {
  const { records } = simulator.tick(new Date(), changesPerTick);
  tickEvents = 0;
  await importer.import(records);
  return { events: tickEvents, committed };
});

// 2. The stream alone: change-log batches written as the importer writes them (lock, insert, NOTIFY, commit),
// without the listing writes, to show what the stream side sustains.
const template = (
  await db.query<{
    kind: PriceEventRow['kind'];
    listing_id: number;
    product_id: number;
    platform_id: number;
    city_id: number | null;
    old_price: number | null;
    new_price: number | null;
    mrp: number | null;
    old_in_stock: boolean | null;
    new_in_stock: boolean | null;
    old_eta_minutes: number | null;
    new_eta_minutes: number | null;
  }>('SELECT * FROM price_events ORDER BY id DESC LIMIT $1', [changesPerTick])
).rows.map(
  (r): PriceEventRow => ({
    kind: r.kind,
    listingId: r.listing_id,
    productId: r.product_id,
    platformId: r.platform_id,
    cityId: r.city_id,
    oldPrice: r.old_price,
    newPrice: r.new_price,
    mrp: r.mrp,
    oldInStock: r.old_in_stock,
    newInStock: r.new_in_stock,
    oldEtaMinutes: r.old_eta_minutes,
    newEtaMinutes: r.new_eta_minutes,
    changedAt: new Date().toISOString(),
  }),
);
const streamOnly = await measure('stream only', async () => {
  const events = await db.transaction((tx) => writeEvents(tx, template));
  return { events, committed: now() };
});

const results = {
  machine: machineSpec(),
  date: new Date().toISOString(),
  database: 'postgres',
  clients,
  changes_per_batch: changesPerTick,
  seeded_products: Number(values.products),
  import_and_stream: endToEnd,
  cache_invalidations_during_import: (await services.metrics.cacheInvalidations.get()).values.reduce(
    (n, v) => n + v.value,
    0,
  ),
  stream_only: streamOnly,
};
console.log(results);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/realtime.json', `${JSON.stringify(results, null, 2)}\n`);

await worker.terminate();
await app.close();
await services.close();
await handle.drop();
await deleteKeys(redisUrl, cachePrefix);
