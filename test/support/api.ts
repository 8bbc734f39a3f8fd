import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.ts';
import { createServices, type Services } from '../../src/app/services.ts';
import { createApiKey, type Scope } from '../../src/auth/api-keys.ts';
import { readFeed } from '../../src/catalog/feed/read-feed.ts';
import { importFeed } from '../../src/catalog/import/import-feed.ts';
import { type Env, parseEnv } from '../../src/config/env.ts';
import type { Database } from '../../src/db/database.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { fixturePath } from './fixtures.ts';

/** The fixture's reference time: "now" for every API test. */
export const FIXTURE_NOW = '2026-11-20T12:00:00+05:30';

/** Config for an API under test: fixed clock, no demo seeding, silent logs, keys re-checked on every request. */
export function testEnv(overrides: Record<string, string> = {}): Env {
  return parseEnv({
    DATABASE_URL: 'memory://',
    LOG_LEVEL: 'silent',
    QCD_NOW: FIXTURE_NOW,
    QCD_DEMO_ON_START: 'false',
    QCD_API_KEY_CACHE_MS: '0',
    QCD_RATE_LIMIT_ANON: '100000/min',
    QCD_RATE_LIMIT_KEY: '100000/min',
    ...overrides,
  });
}

export async function loadFixture(db: Database): Promise<void> {
  const summary = await importFeed(db, readFeed(fixturePath()));
  if (summary.rejected > 0) throw new Error(`fixture rejected lines: ${JSON.stringify(summary.rejections)}`);
}

/** A database the suite owns: services may close their handle without closing the suite's database. */
export function borrowed(db: Database): Database {
  return { ...db, close: async () => {} };
}

export interface TestApi {
  app: FastifyInstance;
  services: Services;
  keys: Record<Scope, string>;
  close(): Promise<void>;
}

/**
 * The real app over `db` (migrated, fixture loaded by the caller), with one read and one admin key. With
 * `ownDatabase` the services open their own connection from env DATABASE_URL, as a second process would.
 */
export async function buildTestApi(
  db: Database,
  env: Record<string, string> = {},
  options: { ownDatabase?: boolean } = {},
): Promise<TestApi> {
  const services = await createServices(testEnv(env), {
    db: options.ownDatabase ? undefined : borrowed(db),
    logger: createLogger('silent'),
  });
  const app = await buildApp(services);
  const keys = {
    read: (await createApiKey(db, { scope: 'read', name: 'test read' })).key,
    admin: (await createApiKey(db, { scope: 'admin', name: 'test admin' })).key,
  };
  return {
    app,
    services,
    keys,
    async close() {
      await app.close();
      await services.close();
    },
  };
}
