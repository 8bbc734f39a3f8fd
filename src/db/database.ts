/** The one database interface the rest of the code sees; PGlite and PostgreSQL both implement it. */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Runs several statements separated by semicolons, without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export type DatabaseKind = 'pglite' | 'postgres';

export type NotificationHandler = (payload: string) => void;

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * A read-only transaction with a statement timeout. PostgreSQL enforces the timeout itself; PGlite runs
   * single-threaded WASM that cannot be interrupted, so callers also bound cost with EXPLAIN before running.
   */
  readOnly<T>(fn: (tx: Queryable) => Promise<T>, timeoutMs: number): Promise<T>;
  /**
   * LISTEN on a channel; returns an unsubscribe function. `onLost` is called once if the listening
   * connection dies (notifications may have been missed: listen again and catch up).
   */
  listen(channel: string, handler: NotificationHandler, onLost?: () => void): Promise<() => Promise<void>>;
  /** Pool usage for metrics; PGlite reports one connection. */
  poolStats(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

/** Type OIDs parsed the same way on both drivers so results compare equal. */
export const PG_TYPES = { int8: 20, numeric: 1700 } as const;

export function parseNumeric(value: string): number {
  return Number.parseFloat(value);
}
