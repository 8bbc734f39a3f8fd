import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { generateDemoFeed } from '../src/catalog/demo/generate.ts';
import { readFeed } from '../src/catalog/feed/read-feed.ts';
import { importFeed, type NumberedLine } from '../src/catalog/import/import-feed.ts';
import { numberRecords } from '../src/catalog/seed.ts';
import type { Database } from '../src/db/database.ts';
import { createTestDatabase, isPostgresReachable } from '../test/support/databases.ts';
import { fixturePath } from '../test/support/fixtures.ts';
import { machineSpec, median } from './machine.ts';

/**
 * Import throughput, written to bench/results/import.json:
 * - the shared fixture on PGlite and PostgreSQL (median of several fresh imports);
 * - steady state: a generated catalog into PostgreSQL (records come from the generator, no JSON parsing);
 * - the demo at 100k products: the generator alone, then generation + import into PostgreSQL.
 * The machine is shared, so each section also records the 1-minute load average it started under.
 */
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'batch-size': { type: 'string', default: '5000' },
    'steady-products': { type: 'string', default: '5000' },
    'steady-days': { type: 'string', default: '20' },
    'demo-products': { type: 'string', default: '100000' },
    'demo-days': { type: 'string', default: '7' },
  },
});
const runs = Number(values.runs);
const batchSize = Number(values['batch-size']);
const now = new Date('2026-11-20T06:30:00Z');
const load = () => Math.round(loadavg()[0]! * 10) / 10;
const results: Record<string, unknown> = {
  machine: machineSpec(),
  date: new Date().toISOString(),
  batch_size: batchSize,
};

async function timedImport(
  kind: Database['kind'],
  lines: AsyncIterable<NumberedLine> | Iterable<NumberedLine>,
  onLines?: (lines: number) => void,
) {
  const handle = await createTestDatabase(kind);
  try {
    const started = performance.now();
    const summary = await importFeed(handle.db, lines, {
      batchSize,
      onProgress: onLines && (({ lines }) => onLines(lines)),
    });
    const seconds = (performance.now() - started) / 1000;
    if (summary.rejected > 0) throw new Error(`${summary.rejected} lines were rejected`);
    const history = await handle.db.query<{ n: number }>('SELECT count(*)::int AS n FROM price_history');
    return { seconds, lines: summary.lines, historyRows: history.rows[0]!.n };
  } finally {
    await handle.drop();
  }
}

const demoFeed = (products: number, days: number) =>
  numberRecords(generateDemoFeed({ products, days, seed: 1, now }));

const kinds: Database['kind'][] = (await isPostgresReachable()) ? ['pglite', 'postgres'] : ['pglite'];
for (const kind of kinds) {
  const startLoad = load();
  const rates: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const run = await timedImport(kind, readFeed(fixturePath()));
    rates.push(run.lines / run.seconds);
  }
  results[`fixture_${kind}`] = {
    lines_per_s: Math.round(median(rates)),
    runs: rates.map(Math.round),
    load_average_at_start: startLoad,
  };
  console.log(
    `fixture → ${kind}: median ${Math.round(median(rates)).toLocaleString('en-IN')} lines/s`,
    rates,
  );
}

if (kinds.includes('postgres')) {
  const products = Number(values['steady-products']);
  const days = Number(values['steady-days']);
  const startLoad = load();
  const run = await timedImport('postgres', demoFeed(products, days));
  results.steady_state_postgres = {
    products,
    days,
    lines: run.lines,
    seconds: Math.round(run.seconds * 10) / 10,
    lines_per_s: Math.round(run.lines / run.seconds),
    load_average_at_start: startLoad,
  };
  console.log('steady state → postgres:', results.steady_state_postgres);
}

{
  const products = Number(values['demo-products']);
  const days = Number(values['demo-days']);
  const started = performance.now();
  let records = 0;
  for (const _ of generateDemoFeed({ products, days, seed: 1, now })) records += 1;
  const seconds = (performance.now() - started) / 1000;
  results.demo_generation = { products, days, records, records_per_s: Math.round(records / seconds) };
  console.log('demo generation alone:', results.demo_generation);
}

if (kinds.includes('postgres')) {
  const products = Number(values['demo-products']);
  const days = Number(values['demo-days']);
  const startLoad = load();
  let lastLog = performance.now();
  const run = await timedImport('postgres', demoFeed(products, days), (lines) => {
    if (performance.now() - lastLog < 10_000) return;
    lastLog = performance.now();
    console.log(`  demo: ${lines.toLocaleString('en-IN')} lines…`);
  });
  results.demo_postgres = {
    products,
    days,
    seconds: Math.round(run.seconds),
    lines: run.lines,
    lines_per_s: Math.round(run.lines / run.seconds),
    price_history_rows: run.historyRows,
    price_history_rows_per_s: Math.round(run.historyRows / run.seconds),
    load_average_at_start: startLoad,
  };
  console.log('demo → postgres:', results.demo_postgres);
}

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/import.json', `${JSON.stringify(results, null, 2)}\n`);
console.log(`machine: ${results.machine}`);
