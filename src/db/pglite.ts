import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Database, Queryable, QueryResult } from './database.ts';
import { PG_TYPES, parseNumeric } from './database.ts';

const parsers = {
  [PG_TYPES.numeric]: parseNumeric,
  [PG_TYPES.int8]: (v: string) => Number(v),
};

/** Embedded PostgreSQL (WASM). `dataDir` undefined keeps everything in memory. */
export async function openPglite(dataDir?: string): Promise<Database> {
  const options = { extensions: { pg_trgm }, parsers };
  // PGlite creates its own folder but not missing parents (./data on a fresh clone).
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const pg = dataDir ? await PGlite.create(dataDir, options) : await PGlite.create(options);

  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const result = await q.query<T>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const root = wrap(pg);

  return {
    kind: 'pglite',
    query: root.query,
    exec: root.exec,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    readOnly: (fn) =>
      pg.transaction(async (tx) => {
        await tx.query('SET TRANSACTION READ ONLY');
        return fn(wrap(tx));
      }),
    async listen(channel, handler) {
      const unsubscribe = await pg.listen(channel, handler);
      return async () => unsubscribe();
    },
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    close: () => pg.close(),
  };
}
