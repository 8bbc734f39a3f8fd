import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApi, FIXTURE_NOW, loadFixture, type TestApi } from '../support/api.ts';
import { describeEachDatabase } from '../support/databases.ts';

/** Every endpoint over the shared fixture, per database, through app.inject. */
describeEachDatabase('HTTP API', (ctx) => {
  let api: TestApi;
  beforeAll(async () => {
    await loadFixture(ctx.db);
    api = await buildTestApi(ctx.db);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    api.app.inject({ method: 'GET', url, headers });
  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    api.app.inject({ method: 'POST', url, payload: payload as object, headers });
  const sql = async <T>(text: string, params: unknown[] = []) => (await ctx.db.query<T>(text, params)).rows;
  const one = async <T>(text: string, params: unknown[] = []) => (await sql<T>(text, params))[0]!;

  function expectError(res: { statusCode: number; json(): unknown }, status: number, code: string) {
    expect(res.statusCode, JSON.stringify(res.json())).toBe(status);
    const body = res.json() as Record<string, unknown>;
    expect(body).toMatchObject({
      error_code: code,
      message: expect.any(String),
      suggestions: expect.any(Array),
    });
    expect(Object.keys(body).sort()).toEqual([
      'details',
      'error_code',
      'message',
      'suggestions',
      'timestamp',
    ]);
  }

  describe('health', () => {
    it('liveness answers 200 with the database status', async () => {
      const res = await get('/api/v1/health');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'ok',
        database: { status: 'up', kind: expect.any(String) },
      });
    });

    it('readiness reports the database up and no cache configured', async () => {
      const res = await get('/api/v1/health/ready');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'ready',
        database: { status: 'up', kind: ctx.db.kind },
        cache: { status: 'disabled' },
      });
    });

    it('echoes a sane X-Request-Id and replaces an unsafe one', async () => {
      expect((await get('/api/v1/health', { 'x-request-id': 'abc-123' })).headers['x-request-id']).toBe(
        'abc-123',
      );
      const replaced = (await get('/api/v1/health', { 'x-request-id': 'bad id\nforged log line' })).headers[
        'x-request-id'
      ];
      expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('GET /products/search', () => {
    it('finds a product despite a typo (trigram) and ranks exact words (full text) first', async () => {
      const res = await get('/api/v1/products/search?q=amul%20buter');
      expect(res.statusCode).toBe(200);
      const names = res.json().items.map((i: { product: string }) => i.product);
      expect(names[0]).toBe('Amul Pasteurised Butter');
      const exact = (await get('/api/v1/products/search?q=butter')).json().items;
      expect(exact.length).toBeGreaterThan(0);
      expect(exact.every((i: { product: string }) => /butter/i.test(i.product))).toBe(true);
      expect(exact[0].score).toBe(1);
    });

    it('pages through all matches with an opaque cursor, without repeats', async () => {
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await get(
          `/api/v1/products/search?category=Dairy&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.statusCode).toBe(200);
        const body = res.json();
        seen.push(...body.items.map((i: { product_id: number }) => i.product_id));
        cursor = body.next_cursor;
        pages += 1;
      } while (cursor && pages < 50);
      const { n } = await one<{ n: number }>(
        `SELECT count(*)::int AS n FROM products p JOIN product_categories c ON c.id = p.category_id
          WHERE c.path LIKE 'Dairy%'`,
      );
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(n);
      expect(pages).toBeGreaterThan(1);
    });

    it('filters by brand, platform and city stock', async () => {
      const amul = (await get('/api/v1/products/search?brand=amul&limit=100')).json().items;
      expect(amul.length).toBeGreaterThan(1);
      expect(amul.every((i: { brand: string }) => i.brand === 'Amul')).toBe(true);
      const zepto = (await get('/api/v1/products/search?platform=zepto&limit=100')).json().items;
      expect(zepto.every((i: { platforms: string[] }) => i.platforms.includes('zepto'))).toBe(true);
      const pune = (await get('/api/v1/products/search?city=pune&limit=100')).json().items;
      expect(pune.length).toBeGreaterThan(0);
    });

    it('rejects bad cursors, a cursor from other filters, bad limits and unsearchable text with 400', async () => {
      const first = (await get('/api/v1/products/search?q=milk&limit=1')).json();
      expect(first.next_cursor).toBeTruthy();
      expectError(
        await get(`/api/v1/products/search?q=butter&limit=1&cursor=${first.next_cursor}`),
        400,
        'BAD_REQUEST',
      );
      expectError(await get('/api/v1/products/search?cursor=bm90LWpzb24'), 400, 'BAD_REQUEST');
      expectError(await get('/api/v1/products/search?cursor=%7B%7D'), 400, 'BAD_REQUEST');
      expectError(await get('/api/v1/products/search?limit=0'), 400, 'BAD_REQUEST');
      expectError(await get('/api/v1/products/search?limit=101'), 400, 'BAD_REQUEST');
      expectError(await get('/api/v1/products/search?q=%21%21%21'), 400, 'BAD_REQUEST');
      expectError(await get('/api/v1/products/search?city=Atlantis'), 400, 'BAD_REQUEST');
    });
  });

  describe('GET /products/compare', () => {
    it('lists the product on every platform with city stock, ETA and fees; best deal and savings', async () => {
      const res = await get('/api/v1/products/compare?product_id=5&city=Mumbai');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      const expected = await sql<{ slug: string; price: number; in_stock: boolean | null }>(
        `SELECT pf.slug, cp.price, a.in_stock FROM current_prices cp JOIN platforms pf ON pf.id = cp.platform_id
           LEFT JOIN availability_status a ON a.listing_id = cp.listing_id
                AND a.city_id = (SELECT id FROM cities WHERE name = 'Mumbai')
          WHERE cp.product_id = 5 ORDER BY cp.price, pf.slug`,
      );
      expect(body.platforms.map((p: { platform_slug: string }) => p.platform_slug)).toEqual(
        expected.map((e) => e.slug),
      );
      expect(body.platforms[0]).toMatchObject({
        fees: { delivery_fee: expect.any(Number) },
        eta_minutes: expect.any(Number),
      });
      const prices = expected.map((e) => e.price);
      expect(body.savings_potential).toBeCloseTo(Math.max(...prices) - Math.min(...prices), 2);
      const best = expected.find((e) => e.in_stock);
      expect(body.best_deal).toMatchObject({ platform_slug: best!.slug, price: best!.price });
      expect(Date.parse(body.last_updated)).not.toBeNaN();
    });

    it('compares the best match of a text query', async () => {
      const body = (await get('/api/v1/products/compare?q=tata%20salt')).json();
      expect(body.product.product).toBe('Tata Salt');
      expect(body.city).toBeNull();
      expect(body.platforms.every((p: { in_stock: null }) => p.in_stock === null)).toBe(true);
    });

    it('404s an unknown product and 400s a missing selector', async () => {
      expectError(await get('/api/v1/products/compare?product_id=999999'), 404, 'NOT_FOUND');
      expectError(await get('/api/v1/products/compare?q=zzqqxx%20yyww'), 404, 'NOT_FOUND');
      expectError(await get('/api/v1/products/compare?city=Mumbai'), 400, 'BAD_REQUEST');
    });
  });

  describe('GET /products/{id}/prices', () => {
    it('returns a daily series per platform that matches price_history', async () => {
      const res = await get(
        '/api/v1/products/5/prices?platform=zepto&from=2026-11-01&to=2026-11-20T12:00:00%2B05:30',
      );
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.series).toHaveLength(1);
      const points = body.series[0].points;
      const { lo, hi } = await one<{ lo: number; hi: number }>(
        `SELECT min(price) AS lo, max(price) AS hi FROM price_history ph JOIN platforms pf ON pf.id = ph.platform_id
          WHERE product_id = 5 AND pf.slug = 'zepto' AND recorded_at >= '2026-11-01' AND recorded_at < $1`,
        ['2026-11-20T12:00:00+05:30'],
      );
      expect(Math.min(...points.map((p: { lowest_price: number }) => p.lowest_price))).toBe(lo);
      expect(Math.max(...points.map((p: { highest_price: number }) => p.highest_price))).toBe(hi);
    });

    it('takes the range as a number of days before the server clock', async () => {
      const week = (await get('/api/v1/products/5/prices?days=7')).json();
      expect(week.to).toBe(new Date(FIXTURE_NOW).toISOString());
      expect(Date.parse(week.to) - Date.parse(week.from)).toBe(7 * 86_400_000);
      for (const series of week.series) {
        for (const point of series.points)
          expect(Date.parse(point.date)).toBeGreaterThan(Date.parse(week.from) - 86_400_000);
      }
      expectError(await get('/api/v1/products/5/prices?days=7&from=2026-11-01'), 400, 'BAD_REQUEST');
      expectError(await get('/api/v1/products/5/prices?days=0'), 400, 'BAD_REQUEST');
    });

    it('buckets by hour and week', async () => {
      const hourly = (await get('/api/v1/products/5/prices?interval=hour&from=2026-11-19')).json();
      const weekly = (await get('/api/v1/products/5/prices?interval=week')).json();
      expect(hourly.interval).toBe('hour');
      expect(weekly.series[0].points.length).toBeLessThanOrEqual(6);
    });

    it('rejects bad ids, ranges and intervals', async () => {
      expectError(await get('/api/v1/products/999999/prices'), 404, 'NOT_FOUND');
      expectError(await get('/api/v1/products/abc/prices'), 400, 'BAD_REQUEST');
      expectError(await get('/api/v1/products/5/prices?interval=month'), 400, 'BAD_REQUEST');
      expectError(await get('/api/v1/products/5/prices?from=2026-11-20&to=2026-11-01'), 400, 'BAD_REQUEST');
      expectError(await get('/api/v1/products/5/prices?interval=hour&from=2020-01-01'), 400, 'BAD_REQUEST');
      expectError(await get('/api/v1/products/5/prices?from=yesterday'), 400, 'BAD_REQUEST');
    });
  });

  describe('GET /deals', () => {
    it('lists discounts, biggest first, and marks live flash sales only', async () => {
      const body = (await get('/api/v1/deals?limit=100')).json();
      const discounts = body.items.map((d: { discount_percent: number }) => d.discount_percent);
      expect(discounts).toEqual([...discounts].sort((a, b) => b - a));
      const now = Date.parse('2026-11-20T12:00:00+05:30');
      // The server's clock, so a client counts down to ends_at without trusting its own clock.
      expect(Date.parse(body.as_of)).toBe(now);
      for (const d of body.items.filter((i: { flash_sale: unknown }) => i.flash_sale)) {
        expect(Date.parse(d.flash_sale.ends_at)).toBeGreaterThan(now);
      }
      const { live } = await one<{ live: number }>(
        `SELECT count(*)::int AS live FROM flash_sales WHERE starts_at <= $1 AND ends_at > $1`,
        ['2026-11-20T12:00:00+05:30'],
      );
      const all = await collect('/api/v1/deals?limit=50');
      expect(all.filter((d) => d.flash_sale).length).toBe(live);
    });

    it('filters by platform, category, city and minimum discount; sorts by price', async () => {
      const zepto = await collect('/api/v1/deals?platform=zepto&min_discount=20&city=Delhi');
      expect(zepto.length).toBeGreaterThan(0);
      expect(zepto.every((d) => d.platform_slug === 'zepto' && d.discount_percent >= 20)).toBe(true);
      const cheap = (await get('/api/v1/deals?sort=price&limit=20'))
        .json()
        .items.map((d: { price: number }) => d.price);
      expect(cheap).toEqual([...cheap].sort((a, b) => a - b));
      const dairy = (await get('/api/v1/deals?category=dairy')).json().items;
      expect(dairy.every((d: { category: string }) => d.category.startsWith('Dairy'))).toBe(true);
    });

    it('rejects bad parameters', async () => {
      expectError(await get('/api/v1/deals?min_discount=101'), 400, 'BAD_REQUEST');
      expectError(await get('/api/v1/deals?sort=random'), 400, 'BAD_REQUEST');
      expectError(await get('/api/v1/deals?platform=ZEPTO;DROP'), 400, 'BAD_REQUEST');
    });

    async function collect(url: string) {
      const items: { platform_slug: string; discount_percent: number; flash_sale: unknown; price: number }[] =
        [];
      let cursor: string | null = null;
      do {
        const res = await get(`${url}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.statusCode).toBe(200);
        items.push(...res.json().items);
        cursor = res.json().next_cursor;
      } while (cursor);
      return items;
    }
  });

  describe('POST /basket/compare', () => {
    it('prices the basket per platform with fees and coupons, and splits it', async () => {
      const res = await post('/api/v1/basket/compare', {
        items: [
          { product_id: 5, quantity: 2 },
          { product_id: 2, quantity: 1 },
          { product_id: 11, quantity: 3 },
        ],
        city: 'Mumbai',
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.city).toBe('Mumbai');
      expect(body.platforms).toHaveLength(4);
      for (const p of body.platforms) {
        const expected =
          p.items_total + p.delivery_charge + p.handling_charge + p.small_cart_charge - p.coupon_discount;
        expect(p.total).toBeCloseTo(p.complete || p.item_count ? expected : 0, 2);
        expect(p.item_count + p.missing_items.length).toBe(3);
      }
      const split = body.split;
      expect(
        split.orders.reduce((n: number, o: { lines: unknown[] }) => n + o.lines.length, 0) +
          split.missing_items.length,
      ).toBe(3);
      expect(split.total).toBeCloseTo(
        split.orders.reduce((s: number, o: { total: number }) => s + o.total, 0),
        2,
      );
    });

    it('applies a coupon only above its minimum cart, and new-user coupons only when asked', async () => {
      // Zepto: ZEPTO100 needs ₹999; NEWZEP (50% up to ₹75, from ₹149) is for new users only.
      const items = [{ product_id: 5, quantity: 2 }];
      const plain = (await post('/api/v1/basket/compare', { items, city: 'Mumbai' })).json();
      const asNew = (
        await post('/api/v1/basket/compare', { items, city: 'Mumbai', include_new_user_coupons: true })
      ).json();
      const zepto = (b: { platforms: { platform_slug: string }[] }) =>
        b.platforms.find((p) => p.platform_slug === 'zepto') as unknown as Record<
          string,
          number | string | null
        >;
      expect(zepto(plain).coupon_code).toBeNull();
      expect(zepto(asNew)).toMatchObject({ coupon_code: 'NEWZEP', coupon_discount: 75 });
      const big = (
        await post('/api/v1/basket/compare', { items: [{ product_id: 5, quantity: 4 }], city: 'Mumbai' })
      ).json();
      expect(zepto(big)).toMatchObject({ coupon_code: 'ZEPTO100', coupon_discount: 100, delivery_charge: 0 });
    });

    it('reports what a platform that does not serve the city is missing', async () => {
      const body = (
        await post('/api/v1/basket/compare', { items: [{ product_id: 2, quantity: 1 }], city: 'Pune' })
      ).json();
      const absent = body.platforms.filter((p: { delivers_to_city: boolean }) => !p.delivers_to_city);
      expect(absent.length).toBeGreaterThan(0);
      expect(absent[0]).toMatchObject({
        complete: false,
        total: 0,
        missing_items: [{ reason: 'not_delivered' }],
      });
    });

    it('rejects unknown products and cities and malformed baskets', async () => {
      expectError(
        await post('/api/v1/basket/compare', {
          items: [{ product_id: 999999, quantity: 1 }],
          city: 'Mumbai',
        }),
        404,
        'NOT_FOUND',
      );
      expectError(
        await post('/api/v1/basket/compare', { items: [{ product_id: 5, quantity: 1 }], city: 'Gotham' }),
        400,
        'BAD_REQUEST',
      );
      expectError(await post('/api/v1/basket/compare', { items: [], city: 'Mumbai' }), 400, 'BAD_REQUEST');
      expectError(
        await post('/api/v1/basket/compare', { items: [{ product_id: 5, quantity: 0 }], city: 'Mumbai' }),
        400,
        'BAD_REQUEST',
      );
      expectError(
        await post('/api/v1/basket/compare', { items: { product_id: 5, quantity: 1 }, city: 'Mumbai' }),
        400,
        'BAD_REQUEST',
      );
    });
  });

  describe('GET /platforms', () => {
    it('lists platforms with membership, fees per city and coverage', async () => {
      const res = await get('/api/v1/platforms');
      expect(res.statusCode).toBe(200);
      const { platforms } = res.json();
      expect(platforms.map((p: { platform_slug: string }) => p.platform_slug)).toEqual([
        'bbnow',
        'blinkit',
        'instamart',
        'zepto',
      ]);
      const zepto = platforms.find((p: { platform_slug: string }) => p.platform_slug === 'zepto');
      expect(zepto.membership.name).toBe('Zepto Pass');
      expect(zepto.fees).toHaveLength(5);
      expect(zepto.coverage.listings).toBeGreaterThan(0);
      expect(platforms.reduce((n: number, p: { fees: unknown[] }) => n + p.fees.length, 0)).toBe(19);
    });
  });

  describe('POST /query', () => {
    it('answers a question and records it in query_logs and api_usage_stats', async () => {
      const res = await post(
        '/api/v1/query',
        { query: 'cheapest amul butter in Mumbai', max_results: 5 },
        {
          authorization: `Bearer ${api.keys.read}`,
        },
      );
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ query: 'cheapest amul butter in Mumbai', cached: false });
      expect(body.results.length).toBeGreaterThan(0);
      expect(body.results.length).toBeLessThanOrEqual(5);
      await api.services.telemetry.flush();
      const logs = await sql<{
        outcome: string;
        intent: string | null;
        sql: string;
        api_key_id: number | null;
      }>(`SELECT outcome, intent, sql, api_key_id FROM query_logs WHERE question = $1`, [
        'cheapest amul butter in Mumbai',
      ]);
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatchObject({
        outcome: 'answered',
        sql: expect.stringMatching(/select/i),
        api_key_id: expect.any(Number),
      });
      const usage = await sql<{ request_count: number }>(
        `SELECT request_count FROM api_usage_stats WHERE route = '/api/v1/query' AND method = 'POST' AND status_code = 200`,
      );
      expect(usage.reduce((n, u) => n + u.request_count, 0)).toBeGreaterThanOrEqual(1);
    });

    it('refuses writes and personal-data questions with 422 and logs the refusal', async () => {
      const res = await post('/api/v1/query', { query: 'delete all products from the catalog' });
      expectError(res, 422, 'QUERY_REFUSED');
      await api.services.telemetry.flush();
      const [log] = await sql<{ outcome: string; error_code: string }>(
        `SELECT outcome, error_code FROM query_logs WHERE question = 'delete all products from the catalog'`,
      );
      expect(log).toMatchObject({ outcome: 'refused', error_code: 'QUERY_REFUSED' });
    });

    it('validates the body: missing query, wrong types, extra fields', async () => {
      expectError(await post('/api/v1/query', {}), 400, 'BAD_REQUEST');
      expectError(await post('/api/v1/query', { query: 42 }), 400, 'BAD_REQUEST');
      expectError(await post('/api/v1/query', { query: 'milk', max_results: 1000 }), 400, 'BAD_REQUEST');
      expectError(
        await post('/api/v1/query', { query: 'milk', context: { pincode: '12' } }),
        400,
        'BAD_REQUEST',
      );
    });
  });

  describe('POST /feeds', () => {
    const feed = [
      '{"type":"platform","slug":"quickly","name":"Quickly","membership_name":null}',
      '{"type":"fees","platform":"quickly","city":"Mumbai","delivery_fee":20,"free_delivery_above":149,"handling_fee":4,"small_cart_fee":10,"small_cart_below":79,"observed_at":"2026-11-20T11:00:00+05:30"}',
      'not json at all',
      '{"type":"listing","platform":"nobody","sku":"X"}',
    ].join('\n');
    const admin = () => ({
      authorization: `Bearer ${api.keys.admin}`,
      'content-type': 'application/x-ndjson',
    });

    it('needs an admin key: 401 without a key, 403 with a read key', async () => {
      expectError(
        await post('/api/v1/feeds', feed, { 'content-type': 'application/x-ndjson' }),
        401,
        'UNAUTHORIZED',
      );
      expectError(
        await post('/api/v1/feeds', feed, {
          'x-api-key': api.keys.read,
          'content-type': 'application/x-ndjson',
        }),
        403,
        'FORBIDDEN',
      );
    });

    it('strict mode rejects the whole feed with line numbers (422) and imports nothing', async () => {
      const res = await post('/api/v1/feeds?strict=true', feed, admin());
      expectError(res, 422, 'FEED_REJECTED');
      expect(res.json().details.rejections[0].line).toBe(3);
      expect(await sql(`SELECT 1 FROM platforms WHERE slug = 'quickly'`)).toHaveLength(0);
    });

    it('lenient mode imports the good lines and reports the bad ones by line number', async () => {
      const res = await post('/api/v1/feeds', feed, { ...admin(), 'content-type': 'text/plain' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: 'completed', accepted: 2, rejected: 2 });
      expect(res.json().rejections.map((r: { line: number }) => r.line)).toEqual([3, 4]);
      expect(await sql(`SELECT 1 FROM platforms WHERE slug = 'quickly'`)).toHaveLength(1);
    });

    it('413s a body over the limit and 400s an empty or JSON body', async () => {
      const small = await buildTestApi(ctx.db, { QCD_FEED_MAX_BYTES: '2048' });
      try {
        const res = await small.app.inject({
          method: 'POST',
          url: '/api/v1/feeds',
          payload: `${feed}\n`.repeat(20),
          headers: { authorization: `Bearer ${small.keys.admin}`, 'content-type': 'application/x-ndjson' },
        });
        expectError(res, 413, 'PAYLOAD_TOO_LARGE');
      } finally {
        await small.close();
      }
      expectError(await post('/api/v1/feeds', '', admin()), 400, 'BAD_REQUEST');
      expectError(
        await post('/api/v1/feeds', { type: 'platform' }, { authorization: `Bearer ${api.keys.admin}` }),
        400,
        'BAD_REQUEST',
      );
    });
  });

  describe('GET /metrics', () => {
    it('exposes latency by route, pool usage, cache ratio, NL stages and errors by code', async () => {
      await get('/api/v1/products/search?q=milk');
      await get('/api/v1/nowhere');
      const res = await get('/api/v1/metrics');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/plain/);
      expect(res.body).toMatch(
        /qcd_http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/products\/search"/,
      );
      expect(res.body).toMatch(/qcd_db_pool_connections\{state="total"\} \d+/);
      expect(res.body).toMatch(/qcd_cache_hit_ratio 0/);
      expect(res.body).toMatch(/qcd_errors_total\{code="NOT_FOUND"\} \d+/);
      expect(res.body).toMatch(/qcd_nlq_stage_duration_seconds_count\{stage="execute"\} \d+/);
    });
  });
});
