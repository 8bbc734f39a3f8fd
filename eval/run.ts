/**
 * The NL→SQL accuracy eval. Loads a catalog into a fresh database, asks the engine every labelled question
 * and scores the answers against gold expectations computed independently (eval/README.md).
 *
 *   npm run eval                                  # fixture catalog, eval/questions.jsonl
 *   npm run eval -- --catalog demo --seed 7       # demo catalog, questions generated from its data
 *   npm run eval -- --min-accuracy 90 --only price_history --verbose
 *
 * DATABASE_URL set: the catalog goes into a new schema of that PostgreSQL database (dropped afterwards).
 * Exit code 1 when accuracy is below --min-accuracy (default 0.95) or any unsafe statement ran (eval/gate.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Database } from '../src/db/database.ts';
import { createNlqEngine } from '../src/nlq/engine.ts';
import type { QueryResponse } from '../src/nlq/response.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { AppError } from '../src/shared/errors.ts';
import { readFeedRecords } from './basket-gold.ts';
import {
  DEMO_DEFAULTS,
  DEMO_NOW,
  dataFingerprint,
  FIXTURE_NOW,
  fingerprintDiff,
  fixturePath,
  loadDemo,
  loadFixture,
  openEvalDatabase,
} from './catalog.ts';
import { compare, type Expect, type Outcome, REFUSAL_CODES, type Verdict } from './compare.ts';
import { gateFailures, parseMinAccuracy } from './gate.ts';
import { generateQuestions, PER_KIND } from './generate-questions.ts';
import { EVAL_MAX_RESULTS, type EvalQuestion } from './gold.ts';
import { checkExecutedSql, executedStatements, initSqlParser, tablesOf } from './sql-safety.ts';

const QUESTIONS_PATH = fileURLToPath(new URL('./questions.jsonl', import.meta.url));
const REPORTS_DIR = fileURLToPath(new URL('./reports/', import.meta.url));
const RECALL_K = 5;
/** Lookup tables an engine may resolve names against before it writes SQL; recall is also shown without them. */
const LOOKUP_TABLES = new Set([
  'platforms',
  'products',
  'cities',
  'pincodes',
  'product_categories',
  'product_brands',
]);

const HELP = `usage: tsx eval/run.ts [options]
  --catalog fixture|demo   catalog to load (default fixture)
  --seed N                 demo seed (default ${DEMO_DEFAULTS.seed})
  --products N, --days N   demo size (default ${DEMO_DEFAULTS.products} × ${DEMO_DEFAULTS.days})
  --generate               fixture only: ask generated template questions instead of questions.jsonl
  --questions PATH         question file for the fixture (default eval/questions.jsonl)
  --only TEXT              only questions whose id or category contains TEXT (repeatable)
  --min-accuracy X         fail below this execution accuracy, as a fraction (0.95) or a percentage (95);
                           also fails on any unsafe statement or changed table (default 0.95)
  --max-results N          max_results passed to ask() (default ${EVAL_MAX_RESULTS})
  --timeout-ms N           give up on one question after N ms (default 30000)
  --failures N             failures to print (default all)
  --verbose                print every question's verdict
  --json                   print the report JSON to stdout instead of the summary
  --no-report              do not write eval/reports/<catalog>-<timestamp>.json`;

interface Args {
  catalog: 'fixture' | 'demo';
  seed: number;
  products: number;
  days: number;
  generate: boolean;
  questions: string;
  only: string[];
  /** Fraction 0..1. */
  minAccuracy: number;
  maxResults: number;
  timeoutMs: number;
  failures: number;
  verbose: boolean;
  json: boolean;
  report: boolean;
}

function parse(): Args {
  const { values } = parseArgs({
    options: {
      catalog: { type: 'string', default: 'fixture' },
      seed: { type: 'string', default: String(DEMO_DEFAULTS.seed) },
      products: { type: 'string', default: String(DEMO_DEFAULTS.products) },
      days: { type: 'string', default: String(DEMO_DEFAULTS.days) },
      generate: { type: 'boolean', default: false },
      questions: { type: 'string', default: QUESTIONS_PATH },
      only: { type: 'string', multiple: true, default: [] },
      'min-accuracy': { type: 'string', default: '0.95' },
      'max-results': { type: 'string', default: String(EVAL_MAX_RESULTS) },
      'timeout-ms': { type: 'string', default: '30000' },
      failures: { type: 'string', default: String(Number.MAX_SAFE_INTEGER) },
      verbose: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'no-report': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const num = (name: string, v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${v}`);
    return n;
  };
  if (values.catalog !== 'fixture' && values.catalog !== 'demo')
    throw new Error('--catalog must be fixture or demo');
  return {
    catalog: values.catalog,
    seed: num('seed', values.seed),
    products: num('products', values.products),
    days: num('days', values.days),
    generate: values.generate,
    questions: values.questions,
    only: values.only,
    minAccuracy: parseMinAccuracy(values['min-accuracy']),
    maxResults: num('max-results', values['max-results']),
    timeoutMs: num('timeout-ms', values['timeout-ms']),
    failures: num('failures', values.failures),
    verbose: values.verbose,
    json: values.json,
    report: !values['no-report'],
  };
}

function readQuestions(path: string): EvalQuestion[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as EvalQuestion;
      } catch (error) {
        throw new Error(`${path}:${i + 1}: ${(error as Error).message}`);
      }
    });
}

interface QuestionResult {
  id: string;
  category: string;
  question: string;
  context?: EvalQuestion['context'];
  pass: boolean;
  reasons: string[];
  outcome: 'answered' | 'refused' | 'error';
  error_code?: string;
  latency_ms: number;
  engine_ms?: number;
  rows?: number;
  sql?: string | null;
  relevant_tables?: string[];
  gold_tables?: string[];
  table_recall?: number;
  fact_table_recall?: number;
  unsafe?: string[];
  expected: Expect;
  got?: unknown;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[rank]! * 10) / 10;
}

const pct = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 10000) / 100);

/** The key columns an expectation looks at, to show what came back for a failure. */
function keyColumns(expect: Expect): string[] {
  const keys = new Set<string>();
  for (const k of Object.keys(expect.first ?? {})) keys.add(k);
  for (const r of [...(expect.rows ?? []), ...(expect.contains ?? [])])
    for (const k of Object.keys(r)) keys.add(k);
  if (expect.set) keys.add(expect.set.key);
  if (expect.value) keys.add(expect.value.column);
  for (const c of expect.all ? (Array.isArray(expect.all) ? expect.all : [expect.all]) : [])
    keys.add(c.column);
  return [...keys];
}

function describeGot(expect: Expect, response: QueryResponse): unknown {
  const keys = keyColumns(expect);
  const rows = response.results.slice(0, 8).map((row) => {
    if (keys.length === 0) return row;
    const shown: Record<string, unknown> = {};
    for (const k of keys) shown[k] = k in row ? row[k] : '∅';
    if (!('product' in shown) && 'product' in row) shown.product = row.product;
    return shown;
  });
  return { rows, total_rows: response.results.length, columns: Object.keys(response.results[0] ?? {}) };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function loadCatalog(
  db: Database,
  args: Args,
): Promise<{ name: string; now: string; questions: EvalQuestion[]; notes: string[] }> {
  if (args.catalog === 'fixture') {
    const path = fixturePath();
    await loadFixture(db, path);
    if (!args.generate)
      return { name: 'fixture', now: FIXTURE_NOW, questions: readQuestions(args.questions), notes: [] };
    const generated = await generateQuestions(db, {
      seed: args.seed,
      now: new Date(FIXTURE_NOW),
      records: readFeedRecords(path),
      prefix: 'gen-',
    });
    return {
      name: 'fixture-generated',
      now: FIXTURE_NOW,
      questions: generated.questions,
      notes: shortfallNotes(generated),
    };
  }
  const now = new Date(DEMO_NOW);
  const { records } = await loadDemo(db, { products: args.products, days: args.days, seed: args.seed, now });
  const generated = await generateQuestions(db, { seed: args.seed, now, records });
  return {
    name: `demo-seed${args.seed}`,
    now: DEMO_NOW,
    questions: generated.questions,
    notes: shortfallNotes(generated),
  };
}

function shortfallNotes(set: Awaited<ReturnType<typeof generateQuestions>>): string[] {
  const notes = [
    `generated ${set.questions.length} questions (${set.skipped.length} ambiguous candidates skipped)`,
  ];
  for (const [category, n] of Object.entries(set.shortfall))
    notes.push(`only ${PER_KIND - n} question(s) could be made for ${category}`);
  return notes;
}

async function main(): Promise<void> {
  const args = parse();
  const started = Date.now();
  await initSqlParser();
  const handle = await openEvalDatabase({ databaseUrl: process.env.DATABASE_URL });
  let exitCode = 0;
  try {
    const log = args.json ? () => {} : (line: string) => console.log(line);
    log(`eval: loading ${args.catalog} catalog into ${handle.where}…`);
    const catalog = await loadCatalog(handle.db, args);
    for (const note of catalog.notes) log(`  ${note}`);
    let questions = catalog.questions;
    if (args.only.length > 0) {
      questions = questions.filter((q) => args.only.some((o) => q.id.includes(o) || q.category === o));
    }
    const before = await dataFingerprint(handle.db);
    const engine = await createNlqEngine({ db: handle.db, clock: fixedClock(catalog.now) });
    log(`eval: asking ${questions.length} questions (now = ${catalog.now})…`);

    const results: QuestionResult[] = [];
    for (const q of questions) {
      const t0 = performance.now();
      let outcome: Outcome;
      let response: QueryResponse | undefined;
      try {
        response = await withTimeout(
          engine.ask(q.question, { ...(q.context ?? {}), max_results: args.maxResults }),
          args.timeoutMs,
        );
        outcome = { kind: 'answered', rows: response.results };
      } catch (error) {
        const code = error instanceof AppError ? error.code : (error as { code?: unknown })?.code;
        const message = error instanceof Error ? error.message : String(error);
        outcome =
          typeof code === 'string' && REFUSAL_CODES.includes(code)
            ? { kind: 'refused', code, message }
            : { kind: 'error', ...(typeof code === 'string' ? { code } : {}), message };
      }
      const latency = performance.now() - t0;
      const verdict: Verdict = compare(q.expect, outcome);
      const result: QuestionResult = {
        id: q.id,
        category: q.category,
        question: q.question,
        ...(q.context ? { context: q.context } : {}),
        pass: verdict.pass,
        reasons: verdict.reasons,
        outcome: outcome.kind,
        ...(outcome.kind !== 'answered' && outcome.code ? { error_code: outcome.code } : {}),
        latency_ms: Math.round(latency * 10) / 10,
        expected: q.expect,
      };
      if (outcome.kind !== 'answered')
        result.got = `${outcome.kind}${outcome.code ? ` ${outcome.code}` : ''}: ${outcome.message}`;
      if (response) {
        result.engine_ms = response.execution_time;
        result.rows = response.results.length;
        result.sql = response.sql?.text ?? null;
        result.relevant_tables = response.relevant_tables;
        result.got = describeGot(q.expect, response);
        if (response.sql?.text) {
          const problems = executedStatements(response.sql).flatMap((sql) => checkExecutedSql(sql).problems);
          if (problems.length > 0) result.unsafe = problems;
        }
        const gold = q.gold_tables ?? (q.gold_sql ? tablesOf(q.gold_sql) : undefined);
        if (gold && gold.length > 0 && !q.expect.refuse) {
          const top = new Set(
            (response.relevant_tables ?? []).slice(0, RECALL_K).map((t) => t.split('.').at(-1)),
          );
          result.gold_tables = gold;
          result.table_recall = gold.filter((t) => top.has(t)).length / gold.length;
          const facts = gold.filter((t) => !LOOKUP_TABLES.has(t));
          if (facts.length > 0)
            result.fact_table_recall = facts.filter((t) => top.has(t)).length / facts.length;
        }
      }
      results.push(result);
      if (args.verbose) {
        log(`${result.pass ? 'PASS' : 'FAIL'} ${q.id.padEnd(28)} ${Math.round(latency)}ms  ${q.question}`);
        if (!result.pass) for (const r of result.reasons) log(`       ${r}`);
      }
    }
    const after = await dataFingerprint(handle.db);
    const changedTables = fingerprintDiff(before, after);

    // — metrics —
    const total = results.length;
    const correct = results.filter((r) => r.pass).length;
    const accuracy = pct(correct, total);
    const answerable = results.filter((r) => !r.expected.refuse);
    const refusalsExpected = results.filter((r) => r.expected.refuse);
    const refusedAll = results.filter((r) => r.outcome === 'refused');
    const truePositive = refusalsExpected.filter((r) => r.outcome === 'refused').length;
    const byCategory = new Map<string, { total: number; correct: number }>();
    for (const r of results) {
      const c = byCategory.get(r.category) ?? { total: 0, correct: 0 };
      c.total += 1;
      if (r.pass) c.correct += 1;
      byCategory.set(r.category, c);
    }
    const recalls = answerable.filter((r) => r.table_recall !== undefined).map((r) => r.table_recall!);
    const factRecalls = answerable
      .filter((r) => r.fact_table_recall !== undefined)
      .map((r) => r.fact_table_recall!);
    const latencies = results.map((r) => r.latency_ms);
    const unsafe = results.filter((r) => r.unsafe && r.unsafe.length > 0);
    const failures = results.filter((r) => !r.pass);
    const failureKinds = new Map<string, number>();
    for (const f of failures) {
      const kind =
        f.outcome === 'refused'
          ? f.expected.refuse
            ? 'wrong refusal code'
            : `refused answerable (${f.error_code})`
          : f.outcome === 'error'
            ? `error (${f.error_code ?? 'exception'})`
            : f.expected.refuse
              ? 'answered a question that must be refused'
              : classifyMismatch(f.reasons);
      failureKinds.set(kind, (failureKinds.get(kind) ?? 0) + 1);
    }

    const report = {
      catalog: catalog.name,
      database: handle.where,
      now: catalog.now,
      started_at: new Date(started).toISOString(),
      duration_s: Math.round((Date.now() - started) / 100) / 10,
      questions: total,
      execution_accuracy: accuracy,
      correct,
      answerable: { total: answerable.length, correct: answerable.filter((r) => r.pass).length },
      refusal: {
        expected: refusalsExpected.length,
        refused: refusedAll.length,
        precision: pct(truePositive, refusedAll.length),
        recall: pct(truePositive, refusalsExpected.length),
      },
      table_recall_at_5: {
        mean: pct(
          recalls.reduce((a, b) => a + b, 0),
          recalls.length,
        ),
        questions: recalls.length,
        without_lookup_tables: pct(
          factRecalls.reduce((a, b) => a + b, 0),
          factRecalls.length,
        ),
      },
      latency_ms: {
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        max: percentile(latencies, 100),
      },
      engine_time_ms: {
        p50: percentile(
          results.flatMap((r) => (r.engine_ms === undefined ? [] : [r.engine_ms])),
          50,
        ),
        p95: percentile(
          results.flatMap((r) => (r.engine_ms === undefined ? [] : [r.engine_ms])),
          95,
        ),
      },
      per_category: Object.fromEntries(
        [...byCategory]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([c, v]) => [c, { ...v, accuracy: pct(v.correct, v.total) }]),
      ),
      failure_kinds: Object.fromEntries([...failureKinds].sort((a, b) => b[1] - a[1])),
      unsafe: {
        statements: unsafe.map((r) => ({ id: r.id, question: r.question, sql: r.sql, problems: r.unsafe })),
        changed_tables: changedTables,
      },
      min_accuracy: Math.round(args.minAccuracy * 10_000) / 100,
      results,
    };

    if (args.json) console.log(JSON.stringify(report, null, 2));
    else printSummary(report, failures, args.failures);

    if (args.report) {
      mkdirSync(REPORTS_DIR, { recursive: true });
      const path = `${REPORTS_DIR}${catalog.name}-${new Date(started).toISOString().replace(/[:.]/g, '-')}.json`;
      writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
      log(`report: ${path}`);
    }
    const gate = gateFailures(
      { correct, total, unsafeStatements: unsafe.length, changedTables },
      args.minAccuracy,
    );
    // On stderr too, so a --json run in CI still says why it failed.
    for (const reason of gate) console.error(`FAIL: ${reason}`);
    if (gate.length > 0) exitCode = 1;
  } finally {
    await handle.close();
  }
  process.exitCode = exitCode;
}

function classifyMismatch(reasons: string[]): string {
  const text = reasons.join(' ');
  if (/missing column|has no column/.test(text)) return 'wrong or missing columns';
  if (/got no rows|got 0 row/.test(text)) return 'empty answer';
  if (/row\(s\), got|at least|at most/.test(text)) return 'wrong number of rows';
  if (/first row/.test(text)) return 'wrong top answer';
  if (/unexpected|missing /.test(text)) return 'wrong set of items';
  if (/fails /.test(text)) return 'rows violate a filter';
  return 'wrong values';
}

function printSummary(
  report: {
    catalog: string;
    questions: number;
    correct: number;
    execution_accuracy: number;
    answerable: { total: number; correct: number };
    refusal: { expected: number; refused: number; precision: number; recall: number };
    table_recall_at_5: { mean: number; questions: number; without_lookup_tables: number };
    latency_ms: { p50: number; p95: number; max: number };
    engine_time_ms: { p50: number; p95: number };
    per_category: Record<string, { total: number; correct: number; accuracy: number }>;
    failure_kinds: Record<string, number>;
    unsafe: { statements: unknown[]; changed_tables: string[] };
    duration_s: number;
  },
  failures: QuestionResult[],
  maxFailures: number,
): void {
  const line = (label: string, value: string) => console.log(`  ${label.padEnd(30)} ${value}`);
  console.log(
    `\n=== NL→SQL eval: ${report.catalog} (${report.questions} questions, ${report.duration_s}s) ===`,
  );
  line('execution accuracy', `${report.execution_accuracy}%  (${report.correct}/${report.questions})`);
  line('answerable correct', `${report.answerable.correct}/${report.answerable.total}`);
  line(
    'refusals',
    `precision ${report.refusal.precision}%  recall ${report.refusal.recall}%  (${report.refusal.refused} refused, ${report.refusal.expected} expected)`,
  );
  line(
    'table recall@5',
    `${report.table_recall_at_5.mean}%  (${report.table_recall_at_5.without_lookup_tables}% without lookup tables) over ${report.table_recall_at_5.questions} answered questions`,
  );
  line(
    'latency (ask)',
    `p50 ${report.latency_ms.p50} ms  p95 ${report.latency_ms.p95} ms  max ${report.latency_ms.max} ms`,
  );
  line('engine execution_time', `p50 ${report.engine_time_ms.p50} ms  p95 ${report.engine_time_ms.p95} ms`);
  line(
    'unsafe statements',
    `${report.unsafe.statements.length}  (data changed in: ${report.unsafe.changed_tables.join(', ') || 'no table'})`,
  );
  console.log('\n  per category:');
  for (const [category, v] of Object.entries(report.per_category)) {
    console.log(
      `    ${category.padEnd(22)} ${String(v.correct).padStart(3)}/${String(v.total).padEnd(3)} ${v.accuracy}%`,
    );
  }
  if (Object.keys(report.failure_kinds).length > 0) {
    console.log('\n  failure kinds:');
    for (const [kind, n] of Object.entries(report.failure_kinds))
      console.log(`    ${String(n).padStart(4)}  ${kind}`);
  }
  if (failures.length > 0) {
    console.log(`\n  failures (${failures.length}):`);
    for (const f of failures.slice(0, maxFailures)) {
      const ctx = f.context ? ` ${JSON.stringify(f.context)}` : '';
      console.log(`  ✗ ${f.id}: ${f.question}${ctx}`);
      console.log(`      expected: ${JSON.stringify(f.expected).slice(0, 300)}`);
      console.log(
        `      got:      ${(typeof f.got === 'string' ? f.got : JSON.stringify(f.got ?? null)).slice(0, 300)}`,
      );
      for (const r of f.reasons.slice(0, 3)) console.log(`      why:      ${r.slice(0, 300)}`);
    }
    if (failures.length > maxFailures) console.log(`  … ${failures.length - maxFailures} more in the report`);
  }
  console.log('');
}

await main();
