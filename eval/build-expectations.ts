/**
 * Builds eval/questions.jsonl from the hand-written question set (eval/fixture-questions.ts): loads the
 * fixture into an in-memory PGlite through the importer, runs every question's gold SQL (and its
 * alternative readings), computes basket golds from the raw feed records, and writes the expectations.
 * Run after changing questions or the fixture:  npm run eval:build   (tsx eval/build-expectations.ts)
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { materialize } from './bank.ts';
import { readFeedRecords } from './basket-gold.ts';
import { FIXTURE_NOW, fixturePath, loadFixture, openEvalDatabase } from './catalog.ts';
import { fixtureBank } from './fixture-questions.ts';
import { SqlKit } from './kinds.ts';

export const QUESTIONS_PATH = fileURLToPath(new URL('./questions.jsonl', import.meta.url));

async function main(): Promise<void> {
  const path = fixturePath();
  const handle = await openEvalDatabase();
  try {
    const summary = await loadFixture(handle.db, path);
    console.log(
      `fixture: ${summary.accepted} lines, ${summary.productsCreated} products, ${summary.listingsCreated} listings`,
    );
    const entries = fixtureBank(new SqlKit(FIXTURE_NOW));
    const { questions, problems } = await materialize(
      handle.db,
      entries,
      readFeedRecords(path),
      new Date(FIXTURE_NOW),
    );
    if (problems.length > 0) {
      console.error(`\n${problems.length} question(s) have no unambiguous gold answer:`);
      for (const p of problems) console.error(`  ${p.id}  ${p.question}\n      ${p.reason}`);
      process.exitCode = 1;
      return;
    }
    const ids = new Set<string>();
    for (const q of questions) {
      if (ids.has(q.id)) throw new Error(`duplicate id ${q.id}`);
      ids.add(q.id);
    }
    writeFileSync(QUESTIONS_PATH, `${questions.map((q) => JSON.stringify(q)).join('\n')}\n`);
    const byCategory = new Map<string, number>();
    for (const q of questions) byCategory.set(q.category, (byCategory.get(q.category) ?? 0) + 1);
    console.log(`wrote ${questions.length} questions to ${QUESTIONS_PATH}`);
    for (const [category, n] of [...byCategory].sort()) console.log(`  ${category.padEnd(22)} ${n}`);
  } finally {
    await handle.close();
  }
}

await main();
