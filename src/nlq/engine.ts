import type { Database, Queryable } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError, ErrorCode } from '../shared/errors.ts';
import { formatAnswer } from './answer.ts';
import { basketRows, priceBasketQuestion } from './basket.ts';
import { compileQuery } from './compile/index.ts';
import type { CompiledQuery } from './compile/output.ts';
import { type AskContext, type Interpretation, interpretQuestion } from './intent-parser.ts';
import { type IR, MAX_RESULTS_CAP } from './ir.ts';
import { type Plan, type PlannerContext, planQuery } from './planner.ts';
import { refusalError } from './refusal.ts';
import type { QueryResponse, ResultRow } from './response.ts';
import { toResultRows } from './rows.ts';
import { introspectSchema } from './schema/introspect.ts';
import { buildJoinGraph } from './schema/join-graph.ts';
import { buildTableIndex } from './schema/table-index.ts';
import { DENIED_TABLES, sqlPolicy } from './sql-policy.ts';
import { loadSqlValidator, type SqlPolicy, type ValidatedSql, validateSqlSync } from './validate-sql.ts';
import { type Vocabulary, VocabularyStore } from './vocabulary.ts';

/**
 * The offline natural-language → SQL engine: question → (refusal check, normalisation, entity linking,
 * intent) IR → plan → parameterised SQL → validation → one read-only query → answer. Everything but the one
 * query is in memory (vocabulary, schema model, table index, join graph), built at start and on refresh().
 */

export type { AskContext } from './intent-parser.ts';

export interface NlqEngineDeps {
  db: Database;
  clock: Clock;
  /** Statement timeout for the one read-only query (PostgreSQL enforces it). */
  queryTimeoutMs?: number;
  /** Complex queries whose EXPLAIN total cost exceeds this are refused. */
  maxQueryCost?: number;
  /** The SQL validator; defaults to validateSqlSync (libpg-query). Throws AppError UNSAFE_SQL. */
  validate?: (sql: string, policy: SqlPolicy) => ValidatedSql | Promise<ValidatedSql>;
}

export interface StageTimings {
  interpret: number;
  plan: number;
  compile: number;
  validate: number;
  explain: number;
  execute: number;
  format: number;
  total: number;
}

export interface NlqEngine {
  ask(question: string, context?: AskContext): Promise<QueryResponse>;
  /** Question → IR without touching the database (for caching by normalised IR). */
  interpret(question: string, context?: AskContext): IR;
  /** Question → IR, plan and SQL (null for a basket, priced by the basket module), without executing anything. */
  compile(question: string, context?: AskContext): { ir: IR; plan: Plan; sql: CompiledQuery | null };
  /** Reloads the vocabulary (and schema model) after the catalog changed. */
  refresh(): Promise<void>;
  readonly vocabulary: Vocabulary;
}

export const DEFAULT_QUERY_TIMEOUT_MS = 5_000;
const PLANNER_SETTINGS = 'SET LOCAL join_collapse_limit = 1; SET LOCAL from_collapse_limit = 1';
export const DEFAULT_MAX_QUERY_COST = 5_000_000;

interface SchemaState {
  planner: PlannerContext;
  policy: SqlPolicy;
}

async function loadSchema(db: Queryable): Promise<SchemaState> {
  const model = await introspectSchema(db);
  return {
    planner: {
      model,
      graph: buildJoinGraph(model),
      tableIndex: buildTableIndex(model, { exclude: DENIED_TABLES }),
    },
    policy: sqlPolicy(model, MAX_RESULTS_CAP),
  };
}

export { irCacheKey } from './cache-key.ts';

/** Pure interpretation against a loaded vocabulary: no SQL, no I/O. */
export function interpret(
  question: string,
  context: AskContext,
  deps: { vocabulary: Vocabulary; clock: Clock },
): IR {
  return interpretQuestion({ vocab: deps.vocabulary, clock: deps.clock }, question, context).ir;
}

export async function createNlqEngine(deps: NlqEngineDeps): Promise<NlqEngine> {
  const { db, clock } = deps;
  const timeoutMs = deps.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  const maxCost = deps.maxQueryCost ?? DEFAULT_MAX_QUERY_COST;
  // The parser's WASM loads once here, so each question validates synchronously.
  await loadSqlValidator();
  const validate = deps.validate ?? validateSqlSync;
  let schema = await loadSchema(db);
  const store = await VocabularyStore.load(db);

  const prepare = (question: string, context: AskContext) => {
    const vocab = store.current;
    const interpretation = interpretQuestion({ vocab, clock }, question, context);
    const plan = planQuery(interpretation.ir, schema.planner, interpretation.prepared.text);
    return { vocab, interpretation, plan };
  };

  return {
    get vocabulary() {
      return store.current;
    },

    interpret(question, context = {}) {
      return interpretQuestion({ vocab: store.current, clock }, question, context).ir;
    },

    compile(question, context = {}) {
      const { vocab, interpretation, plan } = prepare(question, context);
      return { ir: interpretation.ir, plan, sql: compileQuery(interpretation.ir, plan, vocab) };
    },

    async refresh() {
      schema = await loadSchema(db);
      await store.refresh();
    },

    async ask(question, context = {}) {
      const started = performance.now();
      const stage: StageTimings = {
        interpret: 0,
        plan: 0,
        compile: 0,
        validate: 0,
        explain: 0,
        execute: 0,
        format: 0,
        total: 0,
      };
      let t = performance.now();
      const lap = (name: keyof StageTimings) => {
        const now = performance.now();
        stage[name] = round2(now - t);
        t = now;
      };

      const vocab = store.current;
      const interpretation = interpretQuestion({ vocab, clock }, question, context);
      lap('interpret');
      const { ir } = interpretation;
      const plan = planQuery(ir, schema.planner, interpretation.prepared.text);
      lap('plan');
      const compiled = compileQuery(ir, plan, vocab);
      lap('compile');
      /** The answer around the rows that ran: formatted, timed, with the SQL and how it was understood. */
      const respond = (
        rows: ResultRow[],
        total: number,
        sql: NonNullable<QueryResponse['sql']>,
        estimatedCost: number | null = null,
      ): QueryResponse => {
        const formatted = formatAnswer(interpretation, vocab, rows, total);
        lap('format');
        stage.total = round2(performance.now() - started);
        return {
          query: question,
          results: rows,
          total_results: total,
          execution_time: stage.total,
          relevant_tables: plan.relevant,
          cached: false,
          suggestions: formatted.suggestions,
          sql,
          explanation: formatted.explanation,
          answer: formatted.answer,
          interpretation: describeInterpretation(interpretation, plan, stage, estimatedCost),
        };
      };

      if (!compiled) {
        // A basket: the basket API's pricing, read-only and time-limited like any answer. Its statements are
        // fixed, parameterised code (not generated), reported as they ran.
        const ran: { text: string; params: unknown[] }[] = [];
        const comparison = await runReadOnly(db, timeoutMs, (tx) =>
          priceBasketQuestion(recordingStatements(tx, ran), ir),
        );
        lap('execute');
        const rows = basketRows(comparison);
        return respond(rows.slice(0, ir.limit), rows.length, {
          text: ran.map((statement) => `${statement.text.trim()};`).join('\n\n'),
          params: ran.map((statement) => statement.params),
        });
      }

      const validated = await validate(compiled.text, schema.policy);
      lap('validate');

      let estimatedCost: number | null = null;
      const raw = await runReadOnly(db, timeoutMs, async (tx) => {
        // Joins run in the order the planner wrote them: planning stays flat instead of searching every
        // order of ten lookups (which costs more than running the query).
        await tx.exec(PLANNER_SETTINGS);
        if (plan.complexity === 'complex') {
          estimatedCost = await explainCost(tx, validated.sql, compiled.params);
          lap('explain');
          if (estimatedCost > maxCost) {
            throw refusalError('too_expensive', vocab, {
              hint: `Estimated cost ${Math.round(estimatedCost)} exceeds ${maxCost}.`,
            });
          }
        }
        const result = await tx.query<Record<string, unknown>>(validated.sql, compiled.params);
        return result.rows;
      });
      lap('execute');

      const { rows, total } = toResultRows(raw);
      return respond(rows, total, { text: compiled.text, params: compiled.params }, estimatedCost);
    },
  };
}

async function runReadOnly<T>(
  db: Database,
  timeoutMs: number,
  fn: (tx: Queryable) => Promise<T>,
): Promise<T> {
  try {
    return await db.readOnly(fn, timeoutMs);
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string }).code;
    if (code === '57014') {
      throw new AppError(
        ErrorCode.QueryTimeout,
        `The query took longer than ${timeoutMs} ms and was cancelled.`,
        {
          cause: error,
          hint: 'Narrow the question to a product, category, platform or a shorter period.',
        },
      );
    }
    throw new AppError(ErrorCode.Internal, 'The query failed to run.', { cause: error });
  }
}

/** Planner's total cost estimate of the compiled statement (EXPLAIN only, nothing executed). */
/** Runs through `tx`, noting each statement and its parameters in `ran`, in order. */
function recordingStatements(tx: Queryable, ran: { text: string; params: unknown[] }[]): Queryable {
  return {
    query: (text, params = []) => {
      ran.push({ text, params: [...params] });
      return tx.query(text, params);
    },
    exec: (text) => {
      ran.push({ text, params: [] });
      return tx.exec(text);
    },
  };
}

async function explainCost(tx: Queryable, sql: string, params: readonly unknown[]): Promise<number> {
  const { rows } = await tx.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
  const planJson = rows[0]?.['QUERY PLAN'];
  const parsed = typeof planJson === 'string' ? JSON.parse(planJson) : planJson;
  const top = Array.isArray(parsed) ? parsed[0] : parsed;
  return Number(top?.Plan?.['Total Cost'] ?? 0);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function describeInterpretation(
  interpretation: Interpretation,
  plan: Plan,
  stage: StageTimings,
  estimatedCost: number | null,
) {
  const { ir, link } = interpretation;
  return {
    intent: ir.intent,
    normalized_question: interpretation.prepared.text,
    ir,
    entities: link.mentions.map((m) => {
      const base = { kind: m.kind, text: m.text, span: [m.start, m.end] as [number, number] };
      switch (m.kind) {
        case 'product':
          return {
            ...base,
            confidence: m.confidence,
            label: m.label,
            ambiguous: m.groups.length > 1,
            candidates: m.candidates.map((c) => ({ id: c.id, name: c.name, pack: c.pack, score: c.score })),
            pack: m.pack?.label ?? null,
            pack_matched: m.packMatched,
            count: m.count,
            pieces: m.pieces,
          };
        case 'brand':
          return { ...base, id: m.id, name: m.name, confidence: m.confidence };
        case 'category':
          return { ...base, ids: m.ids, names: m.names, confidence: m.confidence };
        case 'platform':
          return {
            ...base,
            id: m.id,
            slug: m.slug,
            name: m.name,
            membership: m.membership,
            confidence: m.confidence,
          };
        case 'city':
          return { ...base, id: m.id, name: m.name, confidence: m.confidence };
        case 'pincode':
          return { ...base, pincode: m.pincode, city_id: m.cityId, confidence: m.confidence };
        default:
          return base;
      }
    }),
    corrections: link.corrections,
    city_source: interpretation.city_source,
    warnings: interpretation.warnings,
    plan: {
      template: plan.template,
      root: plan.root,
      complexity: plan.complexity,
      complexity_reasons: plan.reasons,
      estimated_cost: estimatedCost,
      table_ranking: plan.ranked.map((r) => ({ table: r.table, score: Math.round(r.score * 1000) / 1000 })),
      table_recall: plan.recall,
    },
    stage_ms: stage,
  };
}
