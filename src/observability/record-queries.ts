import type { AskContext, NlqEngine } from '../nlq/engine.ts';
import type { QueryResponse } from '../nlq/response.ts';
import { AppError, ErrorCode } from '../shared/errors.ts';
import type { LogWriter } from './log-writer.ts';
import type { Metrics } from './metrics.ts';

/** The NL engine as the app uses it: every question is recorded in query_logs and metrics, whatever the outcome. */
export interface RecordedNlq {
  ask(question: string, options: AskContext, caller: { apiKeyId: number | null }): Promise<QueryResponse>;
  refresh(): Promise<void>;
}

export function recordQueries(
  engine: NlqEngine,
  deps: { telemetry: LogWriter; metrics: Pick<Metrics, 'nlqAnswers' | 'nlqStageDuration'> },
): RecordedNlq {
  return {
    refresh: () => engine.refresh(),
    async ask(question, options, caller) {
      const started = performance.now();
      try {
        const response = await engine.ask(question, options);
        // A cached answer carries the stage times of the run that computed it; they are not this request's.
        const stages = response.cached ? null : stageTimings(response);
        deps.metrics.nlqAnswers.inc({ cached: String(response.cached) });
        for (const [stage, ms] of Object.entries(stages ?? {})) {
          if (stage !== 'total') deps.metrics.nlqStageDuration.observe({ stage }, ms / 1000);
        }
        deps.telemetry.recordQuery({
          ...interpretationFields(response.interpretation),
          question,
          ir: response.interpretation ?? null,
          sql: response.sql?.text ?? null,
          relevant_tables: response.relevant_tables,
          outcome: 'answered',
          error_code: null,
          row_count: response.total_results,
          cached: response.cached,
          total_ms: response.execution_time,
          stage_ms: stages,
          api_key_id: caller.apiKeyId,
        });
        return response;
      } catch (error) {
        const code = error instanceof AppError ? error.code : ErrorCode.Internal;
        const refused =
          code === ErrorCode.QueryRefused || code === ErrorCode.InvalidQuery || code === ErrorCode.UnsafeSql;
        deps.telemetry.recordQuery({
          question,
          normalized_question: null,
          intent: null,
          ir: error instanceof AppError ? error.details : null,
          sql: null,
          relevant_tables: [],
          outcome: refused ? 'refused' : 'error',
          error_code: code,
          row_count: null,
          cached: false,
          total_ms: Math.round((performance.now() - started) * 1000) / 1000,
          stage_ms: null,
          api_key_id: caller.apiKeyId,
        });
        throw error;
      }
    },
  };
}

/** QueryResponse types the interpretation as unknown; the engine's carries intent and normalized_question. */
function interpretationFields(interpretation: unknown): {
  intent: string | null;
  normalized_question: string | null;
} {
  const i = (interpretation ?? {}) as { intent?: unknown; normalized_question?: unknown };
  return {
    intent: typeof i.intent === 'string' ? i.intent : null,
    normalized_question: typeof i.normalized_question === 'string' ? i.normalized_question : null,
  };
}

/** Stage timings in ms, as the engine reports them in `interpretation.stage_ms`. */
function stageTimings(response: QueryResponse): Record<string, number> | null {
  const timings = (response.interpretation as { stage_ms?: unknown } | null)?.stage_ms;
  if (!timings || typeof timings !== 'object') return null;
  return Object.fromEntries(
    Object.entries(timings).filter((e): e is [string, number] => typeof e[1] === 'number'),
  );
}
