import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { describeEachDatabase } from '../support/databases.ts';

describeEachDatabase('schema', (ctx) => {
  it('has at least 50 tables, every one commented', async () => {
    const { rows } = await ctx.db.query<{ table_name: string; comment: string | null }>(
      `SELECT t.table_name, obj_description(format('%I.%I', t.table_schema, t.table_name)::regclass, 'pg_class') AS comment
         FROM information_schema.tables t
        WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE'`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(50);
    expect(rows.filter((r) => !r.comment).map((r) => r.table_name)).toEqual([]);
  });

  it('covers the six product domains named in the spec', async () => {
    const { rows } = await ctx.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    const names = new Set(rows.map((r) => r.table_name));
    for (const table of [
      'products',
      'product_categories',
      'product_synonyms',
      'current_prices',
      'price_history',
      'price_changes',
      'regional_pricing',
      'discounts',
      'coupon_codes',
      'flash_sales',
      'loyalty_programs',
      'inventory_levels',
      'availability_status',
      'delivery_estimates',
      'users',
      'shopping_lists',
      'query_logs',
      'ab_test_results',
      'platform_listings',
      'platform_fees',
      'api_keys',
      'pincodes',
    ]) {
      expect(names, table).toContain(table);
    }
  });

  it('enforces money and price rules with CHECK constraints', async () => {
    await ctx.db.exec(`INSERT INTO platforms (slug, name) VALUES ('chk', 'Check')`);
    await expect(
      ctx.db.exec(`INSERT INTO platforms (slug, name) VALUES ('Bad Slug', 'x')`),
    ).rejects.toThrow();
    await expect(
      ctx.db.exec(`INSERT INTO coupon_codes (platform_id, code, title, percent_off)
                   SELECT id, 'X', 'x', 120 FROM platforms WHERE slug = 'chk'`),
    ).rejects.toThrow();
  });

  it('runs read-only work in a transaction that refuses writes', async () => {
    await expect(
      ctx.db.readOnly(
        (tx) => tx.query(`INSERT INTO platforms (slug, name) VALUES ('ro', 'Read only')`),
        1000,
      ),
    ).rejects.toThrow(/read-only/);
    const { rows } = await ctx.db.readOnly((tx) => tx.query<{ n: number }>('SELECT 1 AS n'), 1000);
    expect(rows).toEqual([{ n: 1 }]);
    expect((await ctx.db.query(`SELECT 1 FROM platforms WHERE slug = 'ro'`)).rows).toEqual([]);
  });

  it('runs reads issued together inside a transaction one at a time, in order', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      const results = await ctx.db.readOnly(
        (tx) => Promise.all([1, 2, 3].map((n) => tx.query<{ n: number }>('SELECT $1::int AS n', [n]))),
        1000,
      );
      expect(results.map((r) => r.rows[0]!.n)).toEqual([1, 2, 3]);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it('bounds read-only work by the statement timeout on PostgreSQL', async () => {
    if (ctx.db.kind !== 'postgres') return; // PGlite cannot interrupt a running statement.
    await expect(ctx.db.readOnly((tx) => tx.query('SELECT pg_sleep(2)'), 50)).rejects.toThrow(
      /statement timeout/,
    );
    // The limit was transaction-local: the pooled connection has none afterwards.
    const { rows } = await ctx.db.query<{ statement_timeout: string }>('SHOW statement_timeout');
    expect(rows[0]!.statement_timeout).toBe('0');
  });

  it('is idempotent: migrating again applies nothing', async () => {
    expect((await migrate(ctx.db)).applied).toEqual([]);
  });

  it('refuses to run an applied migration that was edited', async () => {
    await expect(
      migrate(ctx.db, [{ version: 1, name: '0001_core_catalog', sql: 'SELECT 1', checksum: 'changed' }]),
    ).rejects.toThrow(/edited/);
  });
});

describe('embedded database on disk', () => {
  it('creates missing parent folders of the data directory and keeps data across reopen', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'qcd-pglite-')), 'nested', 'pglite');
    const first = await openPglite(dir);
    await migrate(first);
    await first.exec(`INSERT INTO platforms (slug, name) VALUES ('kept', 'Kept')`);
    await first.close();
    const second = await openPglite(dir);
    const { rows } = await second.query<{ slug: string }>(`SELECT slug FROM platforms`);
    await second.close();
    expect(rows.map((r) => r.slug)).toEqual(['kept']);
  });
});
