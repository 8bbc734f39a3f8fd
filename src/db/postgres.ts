import pg from 'pg';
import { withArrayLiterals } from './array-literals.ts';
import type { Database, Queryable, QueryResult } from './database.ts';
import { PG_TYPES, parseNumeric } from './database.ts';

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === PG_TYPES.numeric) return parseNumeric;
    if (oid === PG_TYPES.int8) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const result = await client.query(sql, withArrayLiterals(params));
      return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

/**
 * A transaction's one connection runs one statement at a time. Domain code may issue several reads at once
 * (Promise.all) whether it runs on the pool or inside a transaction; here they queue in order, as pg@9 will
 * no longer do for us.
 */
function serialised(queryable: Queryable): Queryable {
  let tail: Promise<unknown> = Promise.resolve();
  const next = <T>(run: () => Promise<T>): Promise<T> => {
    const result = tail.then(run, run);
    tail = result.catch(() => {});
    return result;
  };
  return {
    query: (sql, params) => next(() => queryable.query(sql, params)),
    exec: (sql) => next(() => queryable.exec(sql)),
  };
}

export function openPostgres(url: string, poolSize = 10): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types, connectionTimeoutMillis: 5000 });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => {});
  const root = wrap(pool);

  async function inTransaction<T>(begin: string, fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query(begin);
      const value = await fn(serialised(wrap(client)));
      await client.query('COMMIT');
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  return {
    kind: 'postgres',
    query: root.query,
    exec: root.exec,
    transaction: (fn) => inTransaction('BEGIN', fn),
    // One round trip opens the transaction and sets its time limit (simple protocol, no parameters).
    readOnly: (fn, timeoutMs) =>
      inTransaction(
        `BEGIN READ ONLY; SET LOCAL statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`,
        fn,
      ),
    async listen(channel, handler, onLost) {
      const client = await pool.connect();
      let released = false;
      const release = (error?: Error) => {
        if (released) return;
        released = true;
        client.off('notification', onNotification);
        client.off('error', onError);
        client.release(error);
      };
      const onNotification = (message: pg.Notification) => {
        if (message.channel === channel) handler(message.payload ?? '');
      };
      // A dead connection goes back to the pool as broken (destroyed), and the listener learns it must re-listen.
      const onError = (error: Error) => {
        release(error);
        onLost?.();
      };
      client.on('notification', onNotification);
      client.on('error', onError);
      try {
        await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      } catch (error) {
        release(error as Error);
        throw error;
      }
      return async () => {
        if (released) return;
        await client.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => {});
        release();
      };
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
}
