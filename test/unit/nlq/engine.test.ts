import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../../src/db/database.ts';
import { irCacheKey } from '../../../src/nlq/cache-key.ts';
import { createNlqEngine, interpret, type NlqEngine } from '../../../src/nlq/engine.ts';
import { AppError, ErrorCode } from '../../../src/shared/errors.ts';
import { fixtureClock, fixtureDatabase } from './nlq-fixture.ts';

/** The engine end to end on PGlite: statements run, refresh, validation, cost checks, timings and latency. */
let db: Database;
const statements: string[] = [];
let engine: NlqEngine;

/** Records every statement the engine sends, inside and outside transactions. */
function recording(inner: Database): Database {
  const wrap = (q: Queryable): Queryable => ({
    query: (sql, params) => {
      statements.push(sql);
      return q.query(sql, params);
    },
    exec: (sql) => {
      statements.push(sql);
      return q.exec(sql);
    },
  });
  return {
    ...inner,
    kind: inner.kind,
    ...wrap(inner),
    transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
    readOnly: (fn, timeout) => inner.readOnly((tx) => fn(wrap(tx)), timeout),
    listen: (c, h) => inner.listen(c, h),
    poolStats: () => inner.poolStats(),
    close: () => inner.close(),
  };
}

beforeAll(async () => {
  db = await fixtureDatabase();
  engine = await createNlqEngine({ db: recording(db), clock: fixtureClock });
}, 120_000);
afterAll(async () => {
  await db?.close();
});

describe('NL engine', () => {
  it('answers every question with one read-only statement (plus EXPLAIN for complex ones)', async () => {
    for (const q of ['cheapest amul butter 500g', 'average discount by platform in snacks']) {
      statements.length = 0;
      const r = await engine.ask(q);
      const selects = statements.filter((s) => /^\s*(?:WITH|SELECT)/i.test(s));
      const explains = statements.filter((s) => /^EXPLAIN/.test(s));
      expect(selects, q).toHaveLength(1);
      expect(explains.length, q).toBe(
        (r.interpretation as { plan: { complexity: string } }).plan.complexity === 'complex' ? 1 : 0,
      );
    }
  });

  it('exposes a pure interpret() and a stable cache key', () => {
    statements.length = 0;
    const a = interpret('milk, cheapest?', {}, { vocabulary: engine.vocabulary, clock: fixtureClock });
    const b = engine.interpret('cheapest milk');
    expect(a).toEqual(b);
    expect(irCacheKey(a, { city: 'x' })).toBe(irCacheKey(b, { city: 'y' }));
    expect(statements).toHaveLength(0);
  });

  it('refreshes its vocabulary when the catalog changes', async () => {
    await expect(engine.ask('price of quinoa')).rejects.toMatchObject({ code: ErrorCode.InvalidQuery });
    const { rows } = await db.query<{ id: number }>(`SELECT id FROM product_categories WHERE name = 'Rice'`);
    await db.query(
      `INSERT INTO products (name, normalized_name, category_id, quantity, unit, pack_count, pack_label, match_key, brand_pack_key)
       VALUES ('Organic Quinoa', 'organic quinoa', $1, 500, 'g', 1, '500 g', 'x|organic quinoa|500gx1', 'x|500gx1')`,
      [rows[0]!.id],
    );
    await engine.refresh();
    const r = await engine.ask('price of quinoa');
    expect(r.results).toEqual([]);
    expect(r.answer).toMatch(/No listings of Organic Quinoa 500 g/);
    await db.query(`DELETE FROM products WHERE name = 'Organic Quinoa'`);
    await engine.refresh();
  });

  it('surfaces the validator’s UNSAFE_SQL and runs nothing', async () => {
    const strict = await createNlqEngine({
      db: recording(db),
      clock: fixtureClock,
      validate: () => {
        throw new AppError(ErrorCode.UnsafeSql, 'rejected');
      },
    });
    statements.length = 0;
    await expect(strict.ask('cheapest milk')).rejects.toMatchObject({ code: ErrorCode.UnsafeSql });
    expect(statements.some((s) => /^\s*(?:WITH|SELECT)/i.test(s))).toBe(false);
  });

  it('refuses complex queries whose estimated cost is too high', async () => {
    const tight = await createNlqEngine({
      db,
      clock: fixtureClock,
      maxQueryCost: 1,
    });
    await expect(tight.ask('average discount by platform in snacks')).rejects.toMatchObject({
      code: ErrorCode.QueryRefused,
      details: { reason: 'too_expensive' },
    });
    // Simple queries skip the EXPLAIN and run.
    await expect(tight.ask('cheapest amul butter 500g')).resolves.toMatchObject({ total_results: 4 });
  });
});
