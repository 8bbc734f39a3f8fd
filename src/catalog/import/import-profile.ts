import type { Queryable, QueryResult } from '../../db/database.ts';

interface StatementTiming {
  calls: number;
  ms: number;
}

/**
 * Opt-in timing of an import (ImportOptions.profile), for the import benchmark: wall time of every SQL
 * statement (round trip, including the driver's encoding and decoding), of each batch, of BEGIN/COMMIT, and
 * how long the reader waited for the previous batch to finish. Node-side work in the writer is the batch time
 * not spent in statements.
 */
export class ImportProfile {
  readonly statements = new Map<string, StatementTiming>();
  batches = 0;
  /** Inside writeBatch, from its first statement to its return. */
  writeMs = 0;
  /** Whole batch transactions: BEGIN, writeBatch, COMMIT. */
  transactionMs = 0;
  /** Time the reader spent waiting for the previous batch's write before it could hand over the next one. */
  waitMs = 0;
  wallMs = 0;
  private perBatch = new Map<string, number>();

  /** A Queryable that times each statement under a label taken from the SQL (verb + table). */
  wrap(db: Queryable): Queryable {
    return {
      query: async <T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> => {
        const started = performance.now();
        try {
          return await db.query<T>(sql, params);
        } finally {
          this.add(this.label(sql), performance.now() - started);
        }
      },
      exec: (sql: string) => db.exec(sql),
    };
  }

  startBatch(): void {
    this.batches += 1;
    this.perBatch.clear();
  }

  /** Statements with the same label in one batch are told apart by their order (#2, #3). */
  private label(sql: string): string {
    const text = sql.replace(/\s+/g, ' ');
    const write = /\b(INSERT INTO|UPDATE|DELETE FROM)\s+(\w+)/i.exec(text);
    const read = /\bFROM\s+(?!unnest\b)(\w+)/i.exec(text);
    const base = write
      ? `${write[1]!.toUpperCase()} ${write[2]}`
      : read
        ? `SELECT ${read[1]}`
        : text.slice(0, 40);
    const seen = (this.perBatch.get(base) ?? 0) + 1;
    this.perBatch.set(base, seen);
    return seen === 1 ? base : `${base} #${seen}`;
  }

  private add(label: string, ms: number): void {
    const t = this.statements.get(label) ?? { calls: 0, ms: 0 };
    t.calls += 1;
    t.ms += ms;
    this.statements.set(label, t);
  }

  /** Per-batch milliseconds, slowest statements first. */
  report(): {
    batches: number;
    wall_ms: number;
    transaction_ms: number;
    write_ms: number;
    statements_ms: number;
    node_in_writer_ms: number;
    begin_commit_ms: number;
    reader_wait_ms: number;
    statements: { label: string; calls: number; ms: number; ms_per_batch: number; share: number }[];
  } {
    const statementsMs = [...this.statements.values()].reduce((sum, t) => sum + t.ms, 0);
    const per = (ms: number) => Math.round((ms / Math.max(1, this.batches)) * 100) / 100;
    return {
      batches: this.batches,
      wall_ms: Math.round(this.wallMs),
      transaction_ms: Math.round(this.transactionMs),
      write_ms: Math.round(this.writeMs),
      statements_ms: Math.round(statementsMs),
      node_in_writer_ms: Math.round(this.writeMs - statementsMs),
      begin_commit_ms: Math.round(this.transactionMs - this.writeMs),
      reader_wait_ms: Math.round(this.waitMs),
      statements: [...this.statements]
        .map(([label, t]) => ({
          label,
          calls: t.calls,
          ms: Math.round(t.ms),
          ms_per_batch: per(t.ms),
          share: Math.round((t.ms / Math.max(1, this.writeMs)) * 1000) / 1000,
        }))
        .sort((a, b) => b.ms - a.ms),
    };
  }
}
