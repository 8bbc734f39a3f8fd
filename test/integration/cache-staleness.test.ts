import { afterAll, beforeAll, expect, it } from 'vitest';
import { importFeed } from '../../src/catalog/import/import-feed.ts';
import type { Metrics } from '../../src/observability/metrics.ts';
import { buildTestApi, loadFixture, type TestApi } from '../support/api.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { fixtureListings, type ListingRecord, lines } from '../support/feed.ts';
import { deleteKeys, sharedRedisRuns, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';

/**
 * Two API instances on one database and one Redis. Each round warms instance B's cache for one listing (so a
 * stale entry exists to be served), changes that listing's price through the importer on instance A, then
 * asks B by NL query, /products/compare and /deals. Every answer must show the new price.
 */
const ROUNDS = Number(process.env.QCD_STALENESS_ROUNDS ?? 1000);
const PRODUCTS = 12;
/** After the fixture's newest observation and before its "now"; each round observes 100 ms later. */
const FIRST_OBSERVATION = Date.parse('2026-11-20T11:56:00+05:30');

interface Target {
  productId: number;
  productName: string;
  category: string;
  platform: string;
  record: ListingRecord;
}

/** Deterministic randomness, so a failing round can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function hits(metrics: Metrics) {
  return metrics.cacheLookups.get().then(({ values }) => {
    const sum = (pick: (result: string) => boolean) =>
      values.filter((v) => pick(String(v.labels.result))).reduce((total, v) => total + v.value, 0);
    return { hits: sum((r) => r !== 'miss' && r !== 'bypass'), lookups: sum(() => true) };
  });
}

describeEachDatabase(
  'cache staleness across two instances',
  (ctx) => {
    const prefix = uniquePrefix('staleness');
    let a: TestApi;
    let b: TestApi;
    const targets: Target[] = [];

    beforeAll(async () => {
      await loadFixture(ctx.db);
      const env = { REDIS_URL: TEST_REDIS_URL, QCD_CACHE_PREFIX: prefix };
      a = await buildTestApi(ctx.db, env);
      // On PostgreSQL, B has its own pool on the same database, as a second process would.
      b = await buildTestApi(ctx.db, ctx.url ? { ...env, DATABASE_URL: ctx.url } : env, {
        ownDatabase: ctx.url !== undefined,
      });
      const listings = fixtureListings();
      const { rows } = await ctx.db.query<{
        product_id: number;
        product: string;
        category: string;
        platform: string;
        sku: string;
      }>(
        `SELECT p.id AS product_id, p.name AS product, c.name AS category, pf.slug AS platform, l.sku
         FROM products p JOIN product_categories c ON c.id = p.category_id
         JOIN platform_listings l ON l.product_id = p.id JOIN platforms pf ON pf.id = l.platform_id
        WHERE p.id <= $1 ORDER BY p.id, pf.slug`,
        [PRODUCTS],
      );
      for (const row of rows) {
        const record = listings.get(`${row.platform}/${row.sku}`);
        if (!record) continue;
        targets.push({
          productId: row.product_id,
          productName: row.product,
          category: row.category,
          platform: row.platform,
          record,
        });
      }
    });

    afterAll(async () => {
      await b?.close();
      await a?.close();
      await deleteKeys(TEST_REDIS_URL, prefix);
    });

    it(`serves no stale answer over ${ROUNDS} randomized change-then-read rounds`, async () => {
      expect(targets.length).toBeGreaterThan(PRODUCTS * 2);
      const next = random(20261120);
      const stale: string[] = [];
      let nlCached = 0;
      const byPhase: Record<string, { hits: number; lookups: number }> = {};

      /** B's three answers about one listing; each must show `price` (unchecked while it is not known yet). */
      const readThroughB = async (t: Target, price: number | undefined, round: number, phase: string) => {
        const asks = [
          async () => {
            const res = await b.app.inject({
              method: 'POST',
              url: '/api/v1/query',
              payload: { query: `compare ${t.productName.toLowerCase()} prices` },
            });
            const body = res.json() as { cached: boolean; results: Record<string, unknown>[] };
            if (body.cached) nlCached += 1;
            return body.results.find((r) => r.product_id === t.productId && r.platform_slug === t.platform)
              ?.price;
          },
          async () => {
            const res = await b.app.inject({ url: `/api/v1/products/compare?product_id=${t.productId}` });
            const body = res.json() as { platforms: { platform_slug: string; price: number }[] };
            return body.platforms.find((p) => p.platform_slug === t.platform)?.price;
          },
          async () => {
            const res = await b.app.inject({
              url: `/api/v1/deals?category=${encodeURIComponent(t.category)}&limit=100`,
            });
            const body = res.json() as {
              items: { product_id: number; platform_slug: string; price: number }[];
            };
            return body.items.find((d) => d.product_id === t.productId && d.platform_slug === t.platform)
              ?.price;
          },
        ];
        const before = await hits(b.services.metrics);
        // Random order, sometimes concurrent: the cache must be right however requests interleave.
        const order = asks.map((ask, i) => ({ ask, i, key: next() })).sort((x, y) => x.key - y.key);
        const seen =
          next() < 0.5
            ? await Promise.all(order.map((o) => o.ask()))
            : await order.reduce(
                async (acc, o) => [...(await acc), await o.ask()],
                Promise.resolve([] as unknown[]),
              );
        const after = await hits(b.services.metrics);
        const tally = byPhase[phase] ?? { hits: 0, lookups: 0 };
        tally.hits += after.hits - before.hits;
        tally.lookups += after.lookups - before.lookups;
        byPhase[phase] = tally;
        seen.forEach((value, k) => {
          if (price !== undefined && value !== price) {
            stale.push(
              `round ${round} ${phase} ask ${order[k]!.i}: ${t.platform}/${t.productId} ${value} ≠ ${price}`,
            );
          }
        });
      };

      const current = new Map<Target, number>();
      for (let round = 0; round < ROUNDS; round++) {
        const t = targets[Math.floor(next() * targets.length)]!;
        const mrp = t.record.mrp;
        await readThroughB(t, current.get(t), round, 'warm');
        let price = current.get(t);
        while (price === current.get(t)) price = Math.max(1, Math.floor(mrp * (0.5 + next() * 0.49)));
        const record: ListingRecord = {
          ...t.record,
          price: price!,
          observed_at: new Date(FIRST_OBSERVATION + round * 100).toISOString(),
          availability: undefined,
          member_price: undefined,
        };
        const summary = await importFeed(a.services.db, lines([record]), {
          onBatchCommitted: a.services.onCatalogCommitted,
        });
        expect(summary.rejections).toEqual([]);
        current.set(t, price!);
        await readThroughB(t, price!, round, 'after change');
      }

      const ratio = await hits(b.services.metrics);
      const percent = (n: number, of: number) => `${n}/${of} (${((n / of) * 100).toFixed(1)}%)`;
      console.log(
        `[${ctx.url ? 'postgres' : 'pglite'}] ${ROUNDS} rounds, ${stale.length} stale; instance B cache hits ` +
          `${percent(ratio.hits, ratio.lookups)}: before changes ${percent(byPhase.warm!.hits, byPhase.warm!.lookups)}, ` +
          `after changes ${percent(byPhase['after change']!.hits, byPhase['after change']!.lookups)}; NL answers cached ${nlCached}`,
      );
      expect(stale).toEqual([]);
      // The warm-up reads before each change were mostly served from the cache, so a stale entry existed.
      expect(byPhase.warm!.hits).toBeGreaterThan(ROUNDS);
    }, 600_000);
  },
  { runIf: sharedRedisRuns },
);
