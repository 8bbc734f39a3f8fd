import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApi, loadFixture, type TestApi } from '../support/api.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { type OwnRedis, ownRedisRuns, startOwnRedis, uniquePrefix } from '../support/redis.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
}

async function lookups(api: TestApi, result: string): Promise<number> {
  const { values } = await api.services.metrics.cacheLookups.get();
  return values.filter((v) => v.labels.result === result).reduce((sum, v) => sum + v.value, 0);
}

/** A private redis-server is killed and restarted while requests keep coming: none may fail. */
describeEachDatabase(
  'cache while Redis dies and comes back',
  (ctx) => {
    let redis: OwnRedis;
    const apis: TestApi[] = [];
    let env: Record<string, string>;
    const api = async () => {
      const built = await buildTestApi(ctx.db, env);
      apis.push(built);
      await until('the cache uses Redis', () => built.services.cache.status() === 'up');
      return built;
    };

    beforeAll(async () => {
      await loadFixture(ctx.db);
      redis = await startOwnRedis();
      // A long degraded TTL so a slow machine cannot expire the in-memory entry this test looks for.
      env = {
        REDIS_URL: redis.url,
        QCD_CACHE_PREFIX: uniquePrefix('outage'),
        QCD_CACHE_DEGRADED_TTL_MS: '60000',
      };
    });
    afterAll(async () => {
      await Promise.all(apis.map((a) => a.close()));
      await redis?.kill();
    });

    it('serves every request from memory while Redis is down, says so, and resumes using Redis', async () => {
      const a = await api();
      const requests = [
        () =>
          a.app.inject({
            method: 'POST',
            url: '/api/v1/query',
            payload: { query: 'cheapest onion in Delhi' },
          }),
        () =>
          a.app.inject({
            method: 'POST',
            url: '/api/v1/query',
            payload: { query: 'compare tata salt prices' },
          }),
        () => a.app.inject({ url: '/api/v1/products/compare?product_id=3&city=Pune' }),
        () => a.app.inject({ url: '/api/v1/deals?limit=5' }),
        () => a.app.inject({ url: '/api/v1/products/search?q=amul' }),
      ];
      const failures: string[] = [];
      let sent = 0;
      let running = true;
      const worker = async (offset: number) => {
        for (let i = offset; running; i++) {
          const res = await requests[i % requests.length]!();
          sent += 1;
          if (res.statusCode !== 200) failures.push(`${res.statusCode} ${res.body.slice(0, 200)}`);
        }
      };
      const workers = [0, 1, 2, 3].map(worker);
      try {
        await sleep(300);
        await redis.kill();
        await until('the cache reports degraded', () => a.services.cache.status() === 'degraded');
        const ready = await a.app.inject({ url: '/api/v1/health/ready' });
        expect(ready.statusCode).toBe(200);
        expect(ready.json()).toMatchObject({ cache: { status: 'degraded', kind: 'redis' } });
        // Still cached in memory while degraded.
        const ask = () =>
          a.app.inject({
            method: 'POST',
            url: '/api/v1/query',
            payload: { query: 'cheapest banana in Mumbai' },
          });
        await ask();
        // Long enough for several reconnect attempts, none of which may empty the in-memory cache.
        await sleep(1000);
        expect((await ask()).json()).toMatchObject({ cached: true });

        await redis.start();
        await until('the cache uses Redis again', () => a.services.cache.status() === 'up');
        await sleep(300);
      } finally {
        running = false;
        await Promise.all(workers);
      }

      expect(failures).toEqual([]);
      expect(sent).toBeGreaterThan(20);
      const metrics = await a.services.metrics.registry.getSingleMetricAsString('qcd_cache_degraded');
      expect(metrics).toMatch(/qcd_cache_degraded 0/);

      // Shared again: an answer A computes after the restart is served to a fresh instance B from Redis.
      const question = { query: 'where is amul taaza toned milk in stock in Pune' };
      expect(
        (await a.app.inject({ method: 'POST', url: '/api/v1/query', payload: question })).json(),
      ).toMatchObject({ cached: false });
      const b = await api();
      const fromB = await b.app.inject({ method: 'POST', url: '/api/v1/query', payload: question });
      expect(fromB.json()).toMatchObject({ cached: true });
      expect(await lookups(b, 'l2')).toBe(1);
    }, 120_000);
  },
  { runIf: ownRedisRuns },
);
