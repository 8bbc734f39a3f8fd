import { afterAll, beforeAll, describe } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';

/**
 * Runs one suite against every database kind, the way Kysely runs each test per dialect: embedded PGlite
 * always, real PostgreSQL when reachable. Under CI=true (or QCD_REQUIRE_POSTGRES=1) an unreachable
 * PostgreSQL fails the suite instead of skipping it.
 */
export const POSTGRES_ADMIN_URL =
  process.env.QCD_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const postgresRequired = process.env.CI === 'true' || process.env.QCD_REQUIRE_POSTGRES === '1';

let postgresReachable: Promise<boolean> | undefined;
export function isPostgresReachable(): Promise<boolean> {
  postgresReachable ??= (async () => {
    const probe = openPostgres(POSTGRES_ADMIN_URL, 1);
    try {
      await probe.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await probe.close();
    }
  })();
  return postgresReachable;
}

export interface TestDatabase {
  db: Database;
  /** Connection URL of the scratch database (PostgreSQL only), for a second app instance. */
  url?: string;
  drop(): Promise<void>;
}

/** A fresh, migrated scratch database of the given kind. */
export async function createTestDatabase(kind: Database['kind']): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = await openPglite();
    await migrate(db);
    return { db, drop: () => db.close() };
  }
  if (!(await isPostgresReachable())) {
    throw new Error(
      `PostgreSQL is required but unreachable at ${POSTGRES_ADMIN_URL}. Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,
    );
  }
  const name = `qcd_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = openPostgres(POSTGRES_ADMIN_URL, 1);
  await admin.exec(`CREATE DATABASE ${name}`);
  const url = POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const db = openPostgres(url, 5);
  await migrate(db);
  return {
    db,
    url,
    async drop() {
      await db.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

export const DATABASE_KINDS: Database['kind'][] = ['pglite', 'postgres'];

/**
 * `describeEachDatabase('importer', (ctx) => { it(..., () => ctx.db ...) })` registers the suite once per
 * database kind; `ctx.db` is a fresh migrated database shared by the suite's tests. `runIf: false` skips it
 * (a suite that also needs a service the machine lacks).
 */
export function describeEachDatabase(
  name: string,
  body: (ctx: { db: Database; url?: string }) => void,
  options: { runIf?: boolean } = {},
): void {
  for (const kind of DATABASE_KINDS) {
    // global-setup.ts probes PostgreSQL once and sets QCD_SKIP_POSTGRES when it may be skipped.
    const runIt =
      (options.runIf ?? true) &&
      (kind === 'pglite' || postgresRequired || process.env.QCD_SKIP_POSTGRES !== '1');
    describe.runIf(runIt)(`${name} [${kind}]`, () => {
      const ctx = {} as { db: Database; url?: string };
      let handle: TestDatabase | undefined;
      beforeAll(async () => {
        handle = await createTestDatabase(kind);
        ctx.db = handle.db;
        ctx.url = handle.url;
      });
      afterAll(async () => {
        await handle?.drop();
      });
      body(ctx);
    });
  }
}
