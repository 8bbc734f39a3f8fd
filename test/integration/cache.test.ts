import { afterAll, beforeAll, expect, it } from 'vitest';
import { changeTags, ProductScopes } from '../../src/cache/tags.ts';
import { emptyEffects } from '../../src/catalog/import/write-batch.ts';
import type { Database } from '../../src/db/database.ts';
import { borrowed, buildTestApi, loadFixture, type TestApi } from '../support/api.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { fixtureListings, type ListingRecord } from '../support/feed.ts';
import { deleteKeys, sharedRedisRuns, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';

/** Counts what reaches the database: read-only transactions (one per NL answer) and statements. */
function countingDatabase(db: Database) {
  const counts = { readOnly: 0, statements: [] as string[] };
  const wrapped: Database = {
    ...borrowed(db),
    query: (sql, params) => {
      counts.statements.push(sql);
      return db.query(sql, params);
    },
    readOnly: (fn, timeoutMs) => {
      counts.readOnly += 1;
      return db.readOnly(fn, timeoutMs);
    },
  };
  return { db: wrapped, counts };
}

describeEachDatabase(
  'cache wiring',
  (ctx) => {
    const prefix = uniquePrefix('cache');
    const env = { REDIS_URL: TEST_REDIS_URL, QCD_CACHE_PREFIX: prefix };
    const apis: TestApi[] = [];
    const api = async (db: Database) => {
      const built = await buildTestApi(db, env);
      apis.push(built);
      return built;
    };

    beforeAll(async () => {
      await loadFixture(ctx.db);
    });
    afterAll(async () => {
      await Promise.all(apis.map((a) => a.close()));
      await deleteKeys(TEST_REDIS_URL, prefix);
    });

    it('100 concurrent identical NL misses run the SQL once; the other 99 answers say cached', async () => {
      const counting = countingDatabase(ctx.db);
      const { app } = await api(counting.db);
      const ask = () =>
        app.inject({
          method: 'POST',
          url: '/api/v1/query',
          payload: { query: 'cheapest tata salt in Pune' },
        });
      const responses = await Promise.all(Array.from({ length: 100 }, ask));
      expect(responses.map((r) => r.statusCode)).toEqual(Array(100).fill(200));
      expect(counting.counts.readOnly).toBe(1);
      const bodies = responses.map((r) => r.json() as { cached: boolean; results: unknown[] });
      expect(bodies.filter((b) => !b.cached)).toHaveLength(1);
      expect(new Set(bodies.map((b) => JSON.stringify(b.results))).size).toBe(1);
      // Another phrasing of the same question is the same entry.
      const rephrased = await app.inject({
        method: 'POST',
        url: '/api/v1/query',
        payload: { query: 'tata salt, cheapest in pune?' },
      });
      expect(rephrased.json()).toMatchObject({ cached: true, query: 'tata salt, cheapest in pune?' });
      expect(counting.counts.readOnly).toBe(1);
    });

    it('100 concurrent identical compare misses run the offers query once', async () => {
      const counting = countingDatabase(ctx.db);
      const { app } = await api(counting.db);
      const responses = await Promise.all(
        Array.from({ length: 100 }, () =>
          app.inject({ url: '/api/v1/products/compare?product_id=3&city=Pune' }),
        ),
      );
      expect(responses.map((r) => r.statusCode)).toEqual(Array(100).fill(200));
      expect(counting.counts.statements.filter((sql) => sql.includes('regional_pricing'))).toHaveLength(1);
    });

    it('POST /feeds invalidates what it changed; a new product reaches the other instance’s entity index', async () => {
      const a = await api(ctx.db);
      const b = await api(ctx.db);
      const { rows } = await ctx.db.query<{ slug: string; sku: string }>(
        `SELECT pf.slug, l.sku FROM platform_listings l JOIN platforms pf ON pf.id = l.platform_id
        WHERE l.product_id = 4 ORDER BY pf.slug LIMIT 1`,
      );
      const { slug, sku } = rows[0]!;
      const record = fixtureListings().get(`${slug}/${sku}`)!;
      const compare = async (t: TestApi) => {
        const body = (await t.app.inject({ url: '/api/v1/products/compare?product_id=4' })).json() as {
          platforms: { platform_slug: string; price: number }[];
        };
        return body.platforms.find((p) => p.platform_slug === slug)?.price;
      };
      const before = await compare(b);
      expect(await compare(b)).toBe(before);
      const price = (before ?? 0) > 2 ? before! - 1 : record.mrp;
      const newer = (r: ListingRecord, extra: Partial<ListingRecord>) =>
        JSON.stringify({ ...r, observed_at: '2026-11-20T11:59:00+05:30', member_price: undefined, ...extra });
      const feed = [
        newer(record, { price }),
        newer(record, {
          sku: 'ZORBLAX-1',
          name: 'Zorblax Quinoa Crunch 250 g',
          brand: 'Zorblax',
          ean: undefined,
          price: 99,
          mrp: 120,
        }),
      ].join('\n');
      const res = await a.app.inject({
        method: 'POST',
        url: '/api/v1/feeds',
        payload: feed,
        headers: { authorization: `Bearer ${a.keys.admin}`, 'content-type': 'application/x-ndjson' },
      });
      expect(res.json()).toMatchObject({ accepted: 2, rejected: 0 });
      expect(await compare(b)).toBe(price);
      // B hears of the new product over pub/sub and reloads its entity index.
      const ask = () =>
        b.app.inject({
          method: 'POST',
          url: '/api/v1/query',
          payload: { query: 'zorblax quinoa crunch price' },
        });
      let answer = await ask();
      for (let i = 0; i < 50 && answer.statusCode !== 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        answer = await ask();
      }
      expect(answer.statusCode).toBe(200);
      expect(JSON.stringify(answer.json().results)).toContain('Zorblax');
    });

    it('a product change invalidates its product, brand and category with every ancestor', async () => {
      const { rows } = await ctx.db.query<{ brand_id: number; category_id: number; parent_id: number }>(
        `SELECT p.brand_id, p.category_id, c.parent_id FROM products p
         JOIN product_categories c ON c.id = p.category_id WHERE p.id = 2`,
      );
      const { brand_id, category_id, parent_id } = rows[0]!;
      const effects = { ...emptyEffects(), productIds: new Set([2]), platformIds: new Set([1]) };
      expect((await changeTags(ctx.db, effects)).sort()).toEqual(
        [
          'any',
          'product:2',
          `brand:${brand_id}`,
          `category:${category_id}`,
          `category:${parent_id}`,
          'platform:1',
        ].sort(),
      );
      const fees = await changeTags(ctx.db, { ...emptyEffects(), feesChanged: true, catalogChanged: true });
      expect(fees.sort()).toEqual(['any', 'catalog', 'fees']);
    });

    it('remembers product scopes across batches until the catalog changes', async () => {
      let queries = 0;
      const counting = {
        ...ctx.db,
        query: ((sql, params) => {
          queries += 1;
          return ctx.db.query(sql, params);
        }) as typeof ctx.db.query,
      };
      const scopes = new ProductScopes();
      const batch = { ...emptyEffects(), productIds: new Set([2, 3]) };
      const first = await changeTags(counting, batch, scopes);
      expect(await changeTags(counting, batch, scopes)).toEqual(first);
      expect(queries).toBe(1);
      await changeTags(counting, { ...emptyEffects(), productIds: new Set([2, 4]) }, scopes);
      expect(queries).toBe(2);
      await changeTags(counting, { ...batch, catalogChanged: true }, scopes);
      expect(queries).toBe(3);
      expect(first.filter((t) => t.startsWith('brand:') || t.startsWith('category:')).length).toBeGreaterThan(
        1,
      );
    });

    it('readiness shows the shared cache up', async () => {
      const { app } = await api(ctx.db);
      expect((await app.inject({ url: '/api/v1/health/ready' })).json()).toMatchObject({
        cache: { status: 'up', kind: 'redis' },
      });
    });
  },
  { runIf: sharedRedisRuns },
);
