import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { createServices, type Services } from '../../src/app/services.ts';
import type { FeedRecord } from '../../src/catalog/feed/records.ts';
import { importFeed } from '../../src/catalog/import/import-feed.ts';
import { PRICE_EVENTS_CHANNEL } from '../../src/catalog/import/write-events.ts';
import type { Database } from '../../src/db/database.ts';
import { pruneEvents } from '../../src/realtime/event-log.ts';
import { runSimulation } from '../../src/realtime/simulator-runner.ts';
import { createSseSink } from '../../src/realtime/sse-sink.ts';
import { startServer } from '../../src/server.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { borrowed, loadFixture, testEnv } from '../support/api.ts';
import {
  createTestDatabase,
  describeEachDatabase,
  postgresRequired,
  type TestDatabase,
} from '../support/databases.ts';
import { lines, listing, platform } from '../support/feed.ts';
import { openSse } from '../support/sse.ts';

/** Items on two platforms; `at` minutes after 10:00 so each round is newer than the last. */
function round(
  at: number,
  items: number,
  change: (i: number) => Partial<Extract<FeedRecord, { type: 'listing' }>>,
) {
  const observed = new Date(Date.parse('2026-11-20T10:00:00+05:30') + at * 60_000).toISOString();
  return Array.from({ length: items }, (_, i) =>
    listing({
      platform: i % 2 === 0 ? 'alpha' : 'beta',
      sku: `S${i}`,
      name: `Brandy Item ${i} Toned Milk (500 ml)`,
      observed_at: observed,
      ...change(i),
    }),
  );
}

async function importRecords(db: Database, records: FeedRecord[], strict = false) {
  return importFeed(db, lines(records), { strict });
}

describeEachDatabase('price event log', (ctx) => {
  beforeAll(async () => {
    await importRecords(ctx.db, [platform('alpha'), platform('beta')]);
  });

  const events = async () =>
    (
      await ctx.db.query<Record<string, unknown>>(
        `SELECT e.kind, l.sku, c.name AS city, e.old_price, e.new_price, e.old_in_stock, e.new_in_stock,
                e.old_eta_minutes, e.new_eta_minutes
           FROM price_events e JOIN platform_listings l ON l.id = e.listing_id
           LEFT JOIN cities c ON c.id = e.city_id ORDER BY e.id`,
      )
    ).rows;

  it('writes one row per real change with old and new values, none for a repeat or stale line', async () => {
    await importRecords(
      ctx.db,
      round(0, 1, () => ({ sku: 'LOG1', name: 'Log Toned Milk (500 ml)' })),
    );
    const first = await events();
    expect(first).toEqual([
      expect.objectContaining({ kind: 'price', sku: 'LOG1', old_price: null, new_price: 28, city: null }),
    ]);
    const next = round(5, 1, () => ({
      sku: 'LOG1',
      name: 'Log Toned Milk (500 ml)',
      price: 26,
      availability: [{ city: 'Pune', pincode: '411001', in_stock: false, stock_qty: 0, eta_minutes: 20 }],
    }));
    await importRecords(ctx.db, next);
    expect((await events()).slice(1)).toEqual([
      expect.objectContaining({ kind: 'price', old_price: 28, new_price: 26 }),
      expect.objectContaining({ kind: 'stock', city: 'Pune', old_in_stock: true, new_in_stock: false }),
      expect.objectContaining({ kind: 'eta', city: 'Pune', old_eta_minutes: 12, new_eta_minutes: 20 }),
    ]);
    // The same line again, an older line, and a newer line with identical values change nothing live.
    await importRecords(ctx.db, next);
    await importRecords(
      ctx.db,
      round(1, 1, () => ({ sku: 'LOG1', name: 'Log Toned Milk (500 ml)', price: 20 })),
    );
    await importRecords(
      ctx.db,
      next.map((r) => ({ ...r, observed_at: '2026-11-20T10:09:00+05:30' })),
    );
    expect(await events()).toHaveLength(4);
  });

  it('reports a flash sale starting and ending with its price move', async () => {
    const flash = {
      kind: 'flash_sale' as const,
      title: 'Flash 20%',
      percent_off: 20,
      ends_at: '2026-11-20T18:00:00+05:30',
    };
    await importRecords(
      ctx.db,
      round(20, 1, () => ({ sku: 'LOG1', name: 'Log Toned Milk (500 ml)', price: 21, offers: [flash] })),
    );
    await importRecords(
      ctx.db,
      round(30, 1, () => ({ sku: 'LOG1', name: 'Log Toned Milk (500 ml)', price: 26 })),
    );
    const flashEvents = (await events()).filter((e) => e.kind === 'flash_sale');
    expect(flashEvents).toEqual([
      expect.objectContaining({ old_price: 26, new_price: 21 }),
      expect.objectContaining({ old_price: 21, new_price: 26 }),
    ]);
  });

  it('prunes events older than the retention', async () => {
    const count = async () =>
      (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM price_events')).rows[0]!.n;
    const before = await count();
    expect(before).toBeGreaterThan(0);
    expect(await pruneEvents(ctx.db, 3_600_000)).toBe(0);
    await ctx.db.query(
      "UPDATE price_events SET committed_at = now() - interval '2 hours' WHERE id = (SELECT min(id) FROM price_events)",
    );
    expect(await pruneEvents(ctx.db, 3_600_000)).toBe(1);
    expect(await count()).toBe(before - 1);
  });

  it('writes no event and sends no notification for a rolled-back strict import', async () => {
    const heard: string[] = [];
    const stop = await ctx.db.listen(PRICE_EVENTS_CHANNEL, (payload) => heard.push(payload));
    try {
      const before = (await events()).length;
      const summary = await importFeed(
        ctx.db,
        [...lines(round(40, 3, () => ({ price: 11 }))), { line: 4, error: 'price: must be > 0' }],
        { strict: true },
      );
      expect(summary.status).toBe('rejected');
      await importRecords(
        ctx.db,
        round(41, 1, () => ({ sku: 'LOG1', name: 'Log Toned Milk (500 ml)', price: 25 })),
      );
      await expect.poll(() => heard.length).toBe(1);
      const after = await events();
      expect(after.length).toBe(before + 1);
      const { rows } = await ctx.db.query<{ max: number }>('SELECT max(id) FROM price_events');
      expect(heard).toEqual([String(rows[0]!.max)]);
    } finally {
      await stop();
    }
  });
});

describeEachDatabase('live price stream over HTTP', (ctx) => {
  let services: Services;
  let app: FastifyInstance;
  let base: string;
  let minute = 100;
  const tick = (items: number, change: (i: number) => Partial<Extract<FeedRecord, { type: 'listing' }>>) => {
    minute += 1;
    return importRecords(ctx.db, round(minute, items, change));
  };
  const url = (query = '') => `${base}/api/v1/stream/prices${query}`;

  beforeAll(async () => {
    services = await createServices(
      testEnv({ QCD_STREAM_HEARTBEAT_MS: '200', QCD_STREAM_MAX_BUFFER_BYTES: '65536' }),
      { db: borrowed(ctx.db), logger: createLogger('silent') },
    );
    app = await buildApp(services);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    await importRecords(ctx.db, [platform('alpha'), platform('beta'), ...round(minute, 6, () => ({}))]);
  });
  afterAll(async () => {
    await app?.close();
    await services?.close();
  });

  it('sends every change for the client filter in order, with heartbeats and the usual headers', async () => {
    const all = await openSse(url(), { origin: 'http://localhost:5173' });
    const beta = await openSse(url('?platform=beta'));
    expect(all.status).toBe(200);
    expect(all.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(all.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(all.headers['x-content-type-options']).toBe('nosniff');
    await expect.poll(() => services.priceStream.subscriberCount()).toBe(2);

    await tick(6, (i) => ({ price: 20 + i }));
    await tick(6, (i) => ({ price: 10 + i }));
    await all.waitFor((e) => e.length >= 12);
    await beta.waitFor((e) => e.length >= 6);
    const ids = all.events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(all.events.map((e) => e.new_price)).toEqual([20, 21, 22, 23, 24, 25, 10, 11, 12, 13, 14, 15]);
    expect(all.events[6]).toMatchObject({
      kind: 'price',
      platform: 'alpha',
      platform_name: 'ALPHA',
      product: expect.stringContaining('Item 0'),
      city: null,
      old_price: 20,
      new_price: 10,
      mrp: 30,
      event_id: all.events[6]!.id,
    });
    expect(beta.events.every((e) => e.platform === 'beta')).toBe(true);
    expect(beta.events.map((e) => e.new_price)).toEqual([21, 23, 25, 11, 13, 15]);

    const productId = all.events[0]!.product_id;
    const one = await openSse(url(`?product_id=${productId}`));
    await expect.poll(() => services.priceStream.subscriberCount()).toBe(3);
    await tick(6, (i) => ({ price: 5 + i }));
    await one.waitFor((e) => e.length >= 1);
    await all.waitFor((e) => e.length >= 18);
    expect(one.events.map((e) => [e.product_id, e.new_price])).toEqual([[productId, 5]]);
    await all.waitFor(() => all.comments.includes('heartbeat'), 2000);
    for (const c of [all, beta, one]) c.close();
    await expect.poll(() => services.priceStream.subscriberCount()).toBe(0);
  });

  it('replays what a client missed after Last-Event-ID, then continues live, without duplicates', async () => {
    const witness = await openSse(url());
    const first = await openSse(url());
    await expect.poll(() => services.priceStream.subscriberCount()).toBe(2);
    await tick(6, (i) => ({ price: 25 - i }));
    await first.waitFor((e) => e.length >= 6);
    const lastSeen = first.events.at(-1)!.id;
    first.close();
    await tick(6, (i) => ({ price: 15 - i }));
    await tick(6, (i) => ({ availability: [{ city: 'Pune', in_stock: i % 2 === 0, eta_minutes: 30 + i }] }));
    const resumed = await openSse(url(), { 'last-event-id': String(lastSeen) });
    const byQuery = await openSse(url(`?last_event_id=${lastSeen}&platform=alpha`));
    await tick(6, (i) => ({ price: 19 - i }));
    await witness.waitFor((e) => e.length >= 6 + 6 + 9 + 6);
    await resumed.waitFor((e) => e.length >= witness.events.length - 6);
    const missedAndLive = witness.events.filter((e) => e.id > lastSeen);
    await resumed.waitFor((e) => e.length >= missedAndLive.length);
    expect(resumed.events.map((e) => e.id)).toEqual(missedAndLive.map((e) => e.id));
    expect(resumed.events.map((e) => e.kind)).toEqual(missedAndLive.map((e) => e.kind));
    const alpha = missedAndLive.filter((e) => e.platform === 'alpha');
    await byQuery.waitFor((e) => e.length >= alpha.length);
    expect(byQuery.events.map((e) => e.id)).toEqual(alpha.map((e) => e.id));
    for (const c of [witness, resumed, byQuery]) c.close();
  });

  it('rejects a malformed Last-Event-ID with a clear error', async () => {
    const response = await fetch(url(), { headers: { 'last-event-id': 'abc' } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error_code: string }).error_code).toBe('BAD_REQUEST');
  });

  it('drops a client that stops reading instead of buffering for it, while others keep up', async () => {
    // A response whose client never reads: every frame stays in its buffer (a real socket behaves the same
    // once the kernel buffers are full, which takes megabytes on loopback).
    const stuck = Object.assign(new EventEmitter(), {
      writableLength: 0,
      writableNeedDrain: false,
      destroyed: false,
      write(chunk: string) {
        stuck.writableLength += chunk.length;
        return false;
      },
      end() {},
      destroy() {
        stuck.destroyed = true;
      },
    });
    const fast = await openSse(url());
    await services.priceStream.subscribe({ filter: {}, sink: createSseSink(stuck, 65_536) });
    await expect.poll(() => services.priceStream.subscriberCount()).toBe(2);
    let rounds = 0;
    while (!stuck.destroyed && rounds < 100) {
      rounds += 1;
      await tick(30, (i) => ({ price: (rounds % 2) + 5 + (i % 20) }));
      await fast.waitFor((e) => e.length >= rounds * 30);
    }
    expect(stuck.destroyed).toBe(true);
    expect(stuck.writableLength).toBeLessThan(65_536 * 2);
    await expect.poll(() => services.priceStream.subscriberCount()).toBe(1);
    await tick(30, (i) => ({ price: 2 + (i % 20) }));
    await fast.waitFor((e) => e.length >= (rounds + 1) * 30);
    expect(fast.events).toHaveLength((rounds + 1) * 30);
    fast.close();
  });

  it('ends open streams when the server shuts down, so close() does not hang', async () => {
    const other = await createServices(testEnv(), { db: borrowed(ctx.db), logger: createLogger('silent') });
    const second = await buildApp(other);
    const address = await second.listen({ port: 0, host: '127.0.0.1' });
    const client = await openSse(`${address}/api/v1/stream/prices`);
    await expect.poll(() => other.priceStream.subscriberCount()).toBe(1);
    await second.close();
    await client.ended;
    await other.close();
  });
});

describeEachDatabase('price simulator into the live stream', (ctx) => {
  let services: Services;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    await loadFixture(ctx.db);
    services = await createServices(testEnv(), { db: borrowed(ctx.db), logger: createLogger('silent') });
    app = await buildApp(services);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await services?.close();
  });

  it('imports valid simulated changes whose events reach a stream client in order', async () => {
    const client = await openSse(`${base}/api/v1/stream/prices`);
    await expect.poll(() => services.priceStream.subscriberCount()).toBe(1);
    const committed: number[] = [];
    const ticks: { records: number; rejected: number }[] = [];
    const summary = await runSimulation({
      db: ctx.db,
      clock: services.clock,
      intervalMs: 0,
      changesPerTick: 40,
      ticks: 3,
      seed: 11,
      onBatchCommitted: (effects) => {
        committed.push(effects.streamEvents);
      },
      onTick: (t) => ticks.push(t),
    });
    expect(summary.ticks).toBe(3);
    expect(ticks.every((t) => t.rejected === 0 && t.records > 0)).toBe(true);
    const expected = committed.reduce((a, b) => a + b, 0);
    expect(expected).toBeGreaterThan(30);
    await client.waitFor((e) => e.length >= expected);
    expect(client.events).toHaveLength(expected);
    const ids = client.events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const kinds = new Set(client.events.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['eta', 'flash_sale', 'price', 'stock']);
    client.close();
  });

  it('runs inside the server when QCD_SIMULATE is on, and stops with it', async () => {
    const count = async () =>
      (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM price_events')).rows[0]!.n;
    const before = await count();
    const server = await startServer(
      testEnv({ PORT: '0', QCD_SIMULATE: 'true', QCD_SIMULATE_INTERVAL_S: '0.05' }),
      {
        db: borrowed(ctx.db),
        logger: createLogger('silent'),
      },
    );
    try {
      await expect.poll(count, { timeout: 10_000 }).toBeGreaterThan(before);
    } finally {
      await server.close();
    }
    const after = await count();
    await new Promise((r) => setTimeout(r, 300));
    expect(await count()).toBe(after);
  });
});

const runPostgres = postgresRequired || process.env.QCD_SKIP_POSTGRES !== '1';
describe.runIf(runPostgres)('live price stream after losing the LISTEN connection [postgres]', () => {
  let database: TestDatabase;
  let services: Services;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    await importRecords(database.db, [platform('alpha'), platform('beta'), ...round(0, 4, () => ({}))]);
    services = await createServices(testEnv(), { db: borrowed(database.db), logger: createLogger('silent') });
    app = await buildApp(services);
  });
  afterAll(async () => {
    await app?.close();
    await services?.close();
    await database?.drop();
  });

  it('listens again and delivers the changes committed while it was gone', async () => {
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const client = await openSse(`${base}/api/v1/stream/prices`);
    await expect.poll(() => services.priceStream.subscriberCount()).toBe(1);
    const killed = await database.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND query ILIKE 'LISTEN%'`,
    );
    expect(killed.rowCount).toBe(1);
    await importRecords(
      database.db,
      round(1, 4, (i) => ({ price: 10 + i })),
    );
    await client.waitFor((e) => e.length >= 4, 15_000);
    expect(client.events.map((e) => e.new_price)).toEqual([10, 11, 12, 13]);
    // A new LISTEN connection is open (the hub did not merely fall back to polling).
    await expect
      .poll(async () => {
        const { rows } = await database.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND query ILIKE 'LISTEN%'`,
        );
        return rows[0]!.n;
      })
      .toBe(1);
    await importRecords(
      database.db,
      round(2, 4, (i) => ({ price: 20 + i })),
    );
    await client.waitFor((e) => e.length >= 8, 15_000);
    expect(client.events.map((e) => e.new_price).slice(4)).toEqual([20, 21, 22, 23]);
    client.close();
  });
});
