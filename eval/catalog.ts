import { fileURLToPath } from 'node:url';
import { readFeed } from '../src/catalog/feed/read-feed.ts';
import type { FeedRecord } from '../src/catalog/feed/records.ts';
import { type ImportSummary, importFeed, type NumberedLine } from '../src/catalog/import/import-feed.ts';
import type { Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { openPglite } from '../src/db/pglite.ts';
import { openPostgres } from '../src/db/postgres.ts';

/** The fixture's reference moment: relative dates in its questions ("today", "last 7 days") mean this. */
export const FIXTURE_NOW = '2026-11-20T12:00:00+05:30';
/** The demo catalog is generated relative to the same moment so its questions read the same way. */
export const DEMO_NOW = FIXTURE_NOW;
export const DEMO_DEFAULTS = { products: 150, days: 14, seed: 7 } as const;

export function fixturePath(): string {
  return (
    process.env.QCD_FIXTURE ?? fileURLToPath(new URL('../../shared/fixtures/catalog.jsonl', import.meta.url))
  );
}

export interface EvalDatabase {
  db: Database;
  /** Where it lives, for the report: "pglite (memory)" or "postgres schema qcd_eval_…". */
  where: string;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database: in-memory PGlite, or — when a URL is given — a new schema in that PostgreSQL
 * database (search_path points at it), dropped again on close unless `keep`.
 */
export async function openEvalDatabase(
  options: { databaseUrl?: string; keep?: boolean } = {},
): Promise<EvalDatabase> {
  if (!options.databaseUrl) {
    const db = await openPglite();
    await migrate(db);
    return { db, where: 'pglite (memory)', close: () => db.close() };
  }
  const schema = `qcd_eval_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
  const admin = openPostgres(options.databaseUrl, 1);
  await admin.exec(`CREATE SCHEMA ${schema}`);
  const url = new URL(options.databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema},public`);
  const db = openPostgres(url.toString(), 4);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.close();
    throw error;
  }
  return {
    db,
    where: `postgres schema ${schema}`,
    async close() {
      await db.close();
      if (!options.keep) await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.close();
    },
  };
}

export async function loadFixture(db: Database, path = fixturePath()): Promise<ImportSummary> {
  const summary = await importFeed(db, readFeed(path), { source: `eval:${path}` });
  if (summary.rejected > 0) {
    throw new Error(
      `fixture import rejected ${summary.rejected} line(s): ${JSON.stringify(summary.rejections.slice(0, 3))}`,
    );
  }
  return summary;
}

export interface DemoOptions {
  products: number;
  days: number;
  seed: number;
  now: Date;
}

function* numbered(records: Iterable<FeedRecord>): Generator<NumberedLine> {
  let line = 0;
  for (const record of records) {
    line += 1;
    yield { line, record };
  }
}

/**
 * Generates the demo catalog (src/catalog/demo/generate.ts) and imports it through the one importer; the
 * records are returned too, for golds computed from the feed itself (baskets).
 */
export async function loadDemo(
  db: Database,
  options: DemoOptions,
): Promise<{ summary: ImportSummary; records: FeedRecord[] }> {
  const { generateDemoFeed } = await import('../src/catalog/demo/generate.ts');
  const records = [...generateDemoFeed(options)];
  const summary = await importFeed(db, numbered(records), {
    source: `eval:demo:seed=${options.seed},products=${options.products},days=${options.days}`,
    batchSize: 5000,
  });
  if (summary.accepted === 0) throw new Error('the demo generator produced no importable records');
  if (summary.rejected > 0)
    console.warn(
      `demo import rejected ${summary.rejected} line(s): ${JSON.stringify(summary.rejections.slice(0, 3))}`,
    );
  return { summary, records };
}

/** Tables whose contents answering questions must never change (operational logs are excluded). */
const MUTABLE_OK = new Set([
  'query_logs',
  'performance_metrics',
  'api_usage_stats',
  'error_logs',
  'feed_imports',
  'feed_rejections',
  'schema_migrations',
]);

/**
 * Row count of every data table and a checksum of the price tables: taken before and after the run, any
 * difference means a question changed data (an unsafe statement ran).
 */
export async function dataFingerprint(db: Database): Promise<Record<string, string>> {
  const { rows } = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const out: Record<string, string> = {};
  for (const { table_name } of rows) {
    if (MUTABLE_OK.has(table_name)) continue;
    const r = await db.query<{ n: number; h: string | null }>(
      `SELECT count(*)::int AS n, md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))) AS h FROM "${table_name}" t`,
    );
    out[table_name] = `${r.rows[0]!.n}:${r.rows[0]!.h ?? ''}`;
  }
  return out;
}

export function fingerprintDiff(before: Record<string, string>, after: Record<string, string>): string[] {
  const tables = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...tables].filter((t) => before[t] !== after[t]).sort();
}
