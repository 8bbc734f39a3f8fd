import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateDemoFeed } from '../src/catalog/demo/generate.ts';
import { readFeed } from '../src/catalog/feed/read-feed.ts';
import { importFeed } from '../src/catalog/import/import-feed.ts';
import { numberRecords } from '../src/catalog/seed.ts';
import type { Database } from '../src/db/database.ts';
import { createTestDatabase, isPostgresReachable } from '../test/support/databases.ts';
import { fixturePath } from '../test/support/fixtures.ts';
import { machineSpec, median } from './machine.ts';

/**
 * Import throughput: the shared fixture on PGlite and PostgreSQL (median of several fresh imports), and demo
 * generation + import at 100k products into PostgreSQL. Writes bench/results/import.json.
 */
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'demo-products': { type: 'string', default: '100000' },
    'demo-days': { type: 'string', default: '7' },
  },
});
const runs = Number(values.runs);
const results: Record<string, unknown> = { machine: machineSpec(), date: new Date().toISOString() };

async function fixtureRun(kind: Database['kind']): Promise<number> {
  const handle = await createTestDatabase(kind);
  try {
    const started = performance.now();
    const summary = await importFeed(handle.db, readFeed(fixturePath()));
    return summary.lines / ((performance.now() - started) / 1000);
  } finally {
    await handle.drop();
  }
}

const kinds: Database['kind'][] = (await isPostgresReachable()) ? ['pglite', 'postgres'] : ['pglite'];
for (const kind of kinds) {
  const rates: number[] = [];
  for (let i = 0; i < runs; i += 1) rates.push(await fixtureRun(kind));
  results[`fixture_${kind}_lines_per_s`] = Math.round(median(rates));
  results[`fixture_${kind}_runs`] = rates.map(Math.round);
  console.log(
    `fixture → ${kind}: median ${Math.round(median(rates)).toLocaleString('en-IN')} lines/s over ${runs} runs`,
  );
}

if (kinds.includes('postgres')) {
  const products = Number(values['demo-products']);
  const days = Number(values['demo-days']);
  const handle = await createTestDatabase('postgres');
  try {
    const started = performance.now();
    let lastLog = 0;
    const summary = await importFeed(
      handle.db,
      numberRecords(generateDemoFeed({ products, days, seed: 1, now: new Date('2026-11-20T06:30:00Z') })),
      {
        batchSize: 5000,
        onProgress: ({ lines }) => {
          if (performance.now() - lastLog > 10_000) {
            lastLog = performance.now();
            console.log(`  demo: ${lines.toLocaleString('en-IN')} lines…`);
          }
        },
      },
    );
    const seconds = (performance.now() - started) / 1000;
    const history = await handle.db.query<{ n: number }>('SELECT count(*)::int AS n FROM price_history');
    results.demo = {
      products,
      days,
      seconds: Math.round(seconds),
      lines: summary.lines,
      lines_per_s: Math.round(summary.lines / seconds),
      price_history_rows: history.rows[0]!.n,
      price_history_rows_per_s: Math.round(history.rows[0]!.n / seconds),
    };
    console.log('demo → postgres:', results.demo);
  } finally {
    await handle.drop();
  }
}

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/import.json', `${JSON.stringify(results, null, 2)}\n`);
console.log(`machine: ${results.machine}`);
