import { mkdirSync, writeFileSync } from 'node:fs';
import { readFeed } from '../src/catalog/feed/read-feed.ts';
import { importFeed } from '../src/catalog/import/import-feed.ts';
import { migrate } from '../src/db/migrate.ts';
import { openPglite } from '../src/db/pglite.ts';
import { createNlqEngine } from '../src/nlq/engine.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { fixturePath } from '../test/support/fixtures.ts';
import { machineSpec, median, percentile } from './machine.ts';
import { QUESTIONS } from './nlq-questions.ts';

/**
 * NL engine latency on the shared fixture (PGlite): whole answer p50/p95 and planning overhead (everything
 * but SQL execution, from the engine's own stage timings). Writes bench/results/nlq.json.
 */
const db = await openPglite();
await migrate(db);
await importFeed(db, readFeed(fixturePath()));
const engine = await createNlqEngine({ db, clock: fixedClock('2026-11-20T12:00:00+05:30') });
for (const q of QUESTIONS) await engine.ask(q).catch(() => undefined);

const total: number[] = [];
const planning: number[] = [];
for (let round = 0; round < 5; round += 1) {
  for (const q of QUESTIONS) {
    const started = performance.now();
    const response = await engine.ask(q).catch(() => null);
    total.push(performance.now() - started);
    const stages = (response?.interpretation as { stage_ms?: Record<string, number> } | undefined)?.stage_ms;
    if (stages) planning.push((stages.total ?? 0) - (stages.execute ?? 0));
  }
}
const results = {
  machine: machineSpec(),
  date: new Date().toISOString(),
  questions: QUESTIONS.length,
  samples: total.length,
  p50_ms: Number(median(total).toFixed(2)),
  p95_ms: Number(percentile(total, 95).toFixed(2)),
  planning_median_ms: Number(median(planning).toFixed(2)),
  planning_p95_ms: Number(percentile(planning, 95).toFixed(2)),
};
console.log(results);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/nlq.json', `${JSON.stringify(results, null, 2)}\n`);
await db.close();
