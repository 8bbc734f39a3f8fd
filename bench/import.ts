import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDemoFeed } from '../src/catalog/demo/generate.ts';
import { readFeed } from '../src/catalog/feed/read-feed.ts';
import { DEFAULT_BATCH_SIZE, importFeed, type NumberedLine } from '../src/catalog/import/import-feed.ts';
import { ImportProfile } from '../src/catalog/import/import-profile.ts';
import { numberRecords } from '../src/catalog/seed.ts';
import type { Database } from '../src/db/database.ts';
import { createTestDatabase, isPostgresReachable } from '../test/support/databases.ts';
import { fixturePath } from '../test/support/fixtures.ts';
import { cpuMark, cpuSince } from './cpu.ts';
import { machineSpec, median } from './machine.ts';

/**
 * Import throughput, written to bench/results/import.json:
 * - the shared fixture on PGlite and PostgreSQL (median of several fresh imports);
 * - steady state: a generated catalog into PostgreSQL (records come from the generator, no JSON parsing);
 * - the demo at 100k products: the generator alone, then generation + import into PostgreSQL.
 * The machine is shared, so each section also records the 1-minute load average it started under, and the CPU
 * seconds spent by this process and the PostgreSQL backends (lines per CPU second varies far less with load).
 * `--profile` adds per-statement timings to each section; `--sections fixture,steady,generation,demo` runs some.
 */
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'batch-size': { type: 'string', default: String(DEFAULT_BATCH_SIZE) },
    'steady-products': { type: 'string', default: '5000' },
    'steady-days': { type: 'string', default: '20' },
    'demo-products': { type: 'string', default: '100000' },
    'demo-days': { type: 'string', default: '7' },
    profile: { type: 'boolean', default: false },
    sections: { type: 'string', default: 'fixture,steady,generation,demo' },
    out: { type: 'string', default: 'bench/results/import.json' },
  },
});
const runs = Number(values.runs);
const batchSize = Number(values['batch-size']);
const sections = new Set(values.sections.split(','));
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
    const profile = values.profile ? new ImportProfile() : undefined;
    const serverDb = kind === 'postgres' ? handle.db : null;
    const cpuStart = await cpuMark(serverDb);
    const started = performance.now();
    const summary = await importFeed(handle.db, lines, {
      batchSize,
      onProgress: onLines && (({ lines }) => onLines(lines)),
      profile,
    });
    const seconds = (performance.now() - started) / 1000;
    const cpu = await cpuSince(cpuStart, serverDb);
    if (summary.rejected > 0) throw new Error(`${summary.rejected} lines were rejected`);
    const history = await handle.db.query<{ n: number }>('SELECT count(*)::int AS n FROM price_history');
    const cpuSeconds = cpu.node_s + (cpu.database_s ?? 0);
    return {
      seconds,
      lines: summary.lines,
      historyRows: history.rows[0]!.n,
      cpu: { ...cpu, lines_per_cpu_s: Math.round(summary.lines / cpuSeconds) },
      profile: profile?.report(),
    };
  } finally {
    await handle.drop();
  }
}

const demoFeed = (products: number, days: number) =>
  numberRecords(generateDemoFeed({ products, days, seed: 1, now }));

const kinds: Database['kind'][] = (await isPostgresReachable()) ? ['pglite', 'postgres'] : ['pglite'];
/** Prints a profile's per-batch summary and its costliest statements. */
function showProfile(name: string, profile: ReturnType<ImportProfile['report']> | undefined) {
  if (!profile) return;
  const { statements, ...totals } = profile;
  console.log(`  profile ${name}:`, totals);
  console.table(statements.slice(0, 15));
}

for (const kind of sections.has('fixture') ? kinds : []) {
  const startLoad = load();
  const rates: number[] = [];
  const cpuRates: number[] = [];
  let profile: ReturnType<ImportProfile['report']> | undefined;
  for (let i = 0; i < runs; i += 1) {
    const run = await timedImport(kind, readFeed(fixturePath()));
    rates.push(run.lines / run.seconds);
    cpuRates.push(run.cpu.lines_per_cpu_s);
    profile = run.profile;
  }
  showProfile(`fixture → ${kind} (last run)`, profile);
  results[`fixture_${kind}`] = {
    lines_per_s: Math.round(median(rates)),
    runs: rates.map(Math.round),
    lines_per_cpu_s: Math.round(median(cpuRates)),
    load_average_at_start: startLoad,
    ...(profile ? { profile } : {}),
  };
  console.log(
    `fixture → ${kind}: median ${Math.round(median(rates)).toLocaleString('en-IN')} lines/s`,
    rates,
  );
}

if (kinds.includes('postgres') && sections.has('steady')) {
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
    cpu: run.cpu,
    load_average_at_start: startLoad,
  };
  console.log('steady state → postgres:', results.steady_state_postgres);
  showProfile('steady state', run.profile);
  if (run.profile) Object.assign(results.steady_state_postgres as object, { profile: run.profile });
}

if (sections.has('generation')) {
  const products = Number(values['demo-products']);
  const days = Number(values['demo-days']);
  const started = performance.now();
  let records = 0;
  for (const _ of generateDemoFeed({ products, days, seed: 1, now })) records += 1;
  const seconds = (performance.now() - started) / 1000;
  results.demo_generation = { products, days, records, records_per_s: Math.round(records / seconds) };
  console.log('demo generation alone:', results.demo_generation);
}

if (kinds.includes('postgres') && sections.has('demo')) {
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
    cpu: run.cpu,
    load_average_at_start: startLoad,
  };
  console.log('demo → postgres:', results.demo_postgres);
  showProfile('demo', run.profile);
  if (run.profile) Object.assign(results.demo_postgres as object, { profile: run.profile });
}

mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`machine: ${results.machine}`);
