import { compileErrors, validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeApiKey } from '../../src/auth/api-keys.ts';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { buildTestApi, type TestApi } from '../support/api.ts';

/** Auth, rate limits, error shapes, headers and the OpenAPI document: behaviour, not data (PGlite only). */
describe('API security and behaviour', () => {
  let db: Database;
  let api: TestApi;
  beforeAll(async () => {
    db = await openPglite();
    await migrate(db);
    api = await buildTestApi(db, { QCD_CORS_ORIGINS: 'https://deals.example' });
  });
  afterAll(async () => {
    await api?.close();
    await db?.close();
  });

  const errorOf = (res: { statusCode: number; json(): { error_code: string } }) => [
    res.statusCode,
    res.json().error_code,
  ];

  describe('API keys', () => {
    it('accepts a key as Bearer token or X-API-Key, and rejects unknown keys and other schemes with 401', async () => {
      const bearer = await api.app.inject({
        url: '/api/v1/platforms',
        headers: { authorization: `Bearer ${api.keys.read}` },
      });
      const header = await api.app.inject({
        url: '/api/v1/platforms',
        headers: { 'x-api-key': api.keys.read },
      });
      expect([bearer.statusCode, header.statusCode]).toEqual([200, 200]);
      const unknown = await api.app.inject({
        url: '/api/v1/platforms',
        headers: { authorization: 'Bearer qcd_nope' },
      });
      expect(errorOf(unknown)).toEqual([401, 'UNAUTHORIZED']);
      const basic = await api.app.inject({
        url: '/api/v1/platforms',
        headers: { authorization: 'Basic dXNlcjpwYXNz' },
      });
      expect(errorOf(basic)).toEqual([401, 'UNAUTHORIZED']);
    });

    it('stops accepting a revoked key', async () => {
      const own = await buildTestApi(db);
      try {
        const prefix = own.keys.read.slice(0, 12);
        expect(
          (await own.app.inject({ url: '/api/v1/platforms', headers: { 'x-api-key': own.keys.read } }))
            .statusCode,
        ).toBe(200);
        await revokeApiKey(db, prefix);
        const res = await own.app.inject({
          url: '/api/v1/platforms',
          headers: { 'x-api-key': own.keys.read },
        });
        expect(errorOf(res)).toEqual([401, 'UNAUTHORIZED']);
      } finally {
        await own.close();
      }
    });

    it('stores only hashes', async () => {
      const { rows } = await db.query<{ key_hash: string; key_prefix: string }>(
        'SELECT key_hash, key_prefix FROM api_keys',
      );
      for (const row of rows) {
        expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
        expect(row.key_prefix).toHaveLength(12);
      }
      expect(JSON.stringify(rows)).not.toContain(api.keys.admin);
    });

    it('requires a key for reads when anonymous read is off', async () => {
      const closed = await buildTestApi(db, { QCD_ANONYMOUS_READ: 'false' });
      try {
        expect(errorOf(await closed.app.inject({ url: '/api/v1/platforms' }))).toEqual([401, 'UNAUTHORIZED']);
        expect(
          (await closed.app.inject({ url: '/api/v1/platforms', headers: { 'x-api-key': closed.keys.read } }))
            .statusCode,
        ).toBe(200);
        expect((await closed.app.inject({ url: '/api/v1/health' })).statusCode).toBe(200);
      } finally {
        await closed.close();
      }
    });
  });

  describe('rate limits', () => {
    it('limits anonymous clients per IP and keys per key, with 429, Retry-After and the error body', async () => {
      const tight = await buildTestApi(db, { QCD_RATE_LIMIT_ANON: '2/min', QCD_RATE_LIMIT_KEY: '3/min' });
      try {
        const anon = () => tight.app.inject({ url: '/api/v1/platforms', remoteAddress: '10.0.0.1' });
        expect([(await anon()).statusCode, (await anon()).statusCode]).toEqual([200, 200]);
        const limited = await anon();
        expect(errorOf(limited)).toEqual([429, 'RATE_LIMITED']);
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
        // Another IP and a key have their own budgets; the key's is larger.
        expect(
          (await tight.app.inject({ url: '/api/v1/platforms', remoteAddress: '10.0.0.2' })).statusCode,
        ).toBe(200);
        const keyed = () =>
          tight.app.inject({
            url: '/api/v1/platforms',
            remoteAddress: '10.0.0.1',
            headers: { 'x-api-key': tight.keys.read },
          });
        const statuses = [];
        for (let i = 0; i < 4; i += 1) statuses.push((await keyed()).statusCode);
        expect(statuses).toEqual([200, 200, 200, 429]);
        // Probes are never limited.
        for (let i = 0; i < 3; i += 1)
          expect(
            (await tight.app.inject({ url: '/api/v1/health', remoteAddress: '10.0.0.1' })).statusCode,
          ).toBe(200);
      } finally {
        await tight.close();
      }
    });
  });

  describe('errors', () => {
    it('turns malformed JSON into a 400 and unknown routes into JSON 404s', async () => {
      const bad = await api.app.inject({
        method: 'POST',
        url: '/api/v1/query',
        payload: '{"query": ',
        headers: { 'content-type': 'application/json' },
      });
      expect(errorOf(bad)).toEqual([400, 'BAD_REQUEST']);
      const missing = await api.app.inject({ url: '/api/v2/anything' });
      expect(errorOf(missing)).toEqual([404, 'NOT_FOUND']);
      expect(missing.headers['content-type']).toMatch(/application\/json/);
    });

    it('hides the message and stack of an unexpected error (500)', async () => {
      const app = (await buildTestApi(db)).app;
      app.get('/api/v1/test-boom', () => {
        throw new Error('secret connection string postgres://user:pw@host');
      });
      const res = await app.inject({ url: '/api/v1/test-boom' });
      expect(errorOf(res)).toEqual([500, 'INTERNAL_ERROR']);
      expect(res.body).not.toContain('secret');
      expect(res.body).not.toMatch(/at .*\.ts:\d+/);
      await app.close();
    });
  });

  describe('headers', () => {
    it('sets security headers, and CORS only for allowed origins', async () => {
      const allowed = await api.app.inject({
        url: '/api/v1/health',
        headers: { origin: 'https://deals.example' },
      });
      expect(allowed.headers['access-control-allow-origin']).toBe('https://deals.example');
      expect(allowed.headers['x-content-type-options']).toBe('nosniff');
      expect(allowed.headers['content-security-policy']).toBeDefined();
      const other = await api.app.inject({
        url: '/api/v1/health',
        headers: { origin: 'https://evil.example' },
      });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('OpenAPI', () => {
    it('publishes a valid OpenAPI 3 document listing every route, and serves Swagger UI', async () => {
      const res = await api.app.inject({ url: '/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json();
      const result = await validate(structuredClone(doc));
      expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
      const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
      );
      expect(documented.sort()).toEqual(
        [
          'GET /api/v1/deals',
          'GET /api/v1/health',
          'GET /api/v1/health/ready',
          'GET /api/v1/metrics',
          'GET /api/v1/platforms',
          'GET /api/v1/products/compare',
          'GET /api/v1/products/search',
          'GET /api/v1/products/{id}/prices',
          'POST /api/v1/basket/compare',
          'POST /api/v1/feeds',
          'POST /api/v1/query',
          'GET /api/v1/stream/prices',
        ].sort(),
      );
      const ui = await api.app.inject({ url: '/docs/' });
      expect(ui.statusCode).toBe(200);
      expect(ui.headers['content-type']).toMatch(/text\/html/);
    });
  });
});
