import { expect, it } from 'vitest';
import { Random } from '../../src/catalog/demo/random.ts';
import type { ListingRecord } from '../../src/catalog/feed/records.ts';
import { importFeed } from '../../src/catalog/import/import-feed.ts';
import { ReferenceData } from '../../src/catalog/import/reference-data.ts';
import type { Database } from '../../src/db/database.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { lines, listing, platform } from '../support/feed.ts';

/**
 * The importer writes only the current-state rows that changed, comparing each batch with the state it read
 * at the batch's start. A random walk of observations (prices, member prices, cities appearing and vanishing,
 * stock and ETA coming and going, offers), imported in random batches, must leave exactly what a plain model
 * says: the newest observation's state, each row's observed_at = since when its value holds (judged per
 * batch, whose newest observation of a listing is the one that counts), stock history = the changes, and a
 * change log that replays to the current prices and stock.
 */

const CITIES = ['Pune', 'Mumbai', 'Delhi'];
const SKUS = ['W1', 'W2', 'W3', 'W4', 'W5'];
const OFFER_TITLES = ['Flash deal', 'Bank 10%', 'Cashback'] as const;
type Availability = NonNullable<ListingRecord['availability']>[number];

function nextObservation(random: Random, previous: ListingRecord | undefined, sku: string, at: string) {
  const mrp = 100;
  const price = random.chance(0.5) || !previous ? random.int(60, 100) : previous.price;
  const availability: Availability[] | undefined = random.chance(0.15)
    ? undefined
    : CITIES.filter(() => random.chance(0.75)).map((city) => ({
        city,
        ...(random.chance(0.8) ? { pincode: city === 'Pune' ? '411001' : '400001' } : {}),
        in_stock: random.chance(0.7),
        ...(random.chance(0.7) ? { stock_qty: random.int(0, 3) } : {}),
        ...(random.chance(0.7) ? { eta_minutes: random.pick([10, 15, 20]) } : {}),
      }));
  const offers = OFFER_TITLES.filter(() => random.chance(0.4)).map((title) => ({
    kind: title === 'Flash deal' ? ('flash_sale' as const) : ('bank' as const),
    title,
    percent_off: random.pick([5, 10]),
    ...(random.chance(0.6)
      ? { ends_at: random.pick(['2026-11-21T00:00:00.000Z', '2026-11-22T00:00:00.000Z']) }
      : {}),
  }));
  return listing({
    platform: 'beta',
    sku,
    name: `Walk Item ${sku} 500 ml`,
    mrp,
    price,
    ...(random.chance(0.5) ? { member_price: price - random.int(1, 2) } : {}),
    observed_at: at,
    availability,
    offers,
  }) as ListingRecord;
}

interface Held<T> {
  value: T;
  since: string;
}

/** The model: per listing, what each current-state row holds and since when, batch by batch. */
class Model {
  member = new Map<string, Held<string>>();
  cities = new Map<
    string,
    Map<string, { availability: Held<string>; stock?: Held<number>; eta?: Held<number> }>
  >();
  offers = new Map<string, Map<string, Held<string>>>();
  price = new Map<string, number>();

  applyBatch(batch: ListingRecord[]) {
    const newest = new Map<string, ListingRecord>();
    const listed = new Map<string, ListingRecord>();
    for (const r of batch) {
      newest.set(r.sku, r);
      if (r.availability) listed.set(r.sku, r);
    }
    for (const [sku, r] of newest) {
      const at = r.observed_at;
      const hold = <T>(old: Held<T> | undefined, value: T): Held<T> =>
        old && old.value === value ? old : { value, since: at };
      this.price.set(sku, r.price);
      if (r.member_price === undefined) this.member.delete(sku);
      else this.member.set(sku, hold(this.member.get(sku), `${r.price}/${r.member_price}`));
      // Cities come from the newest observation that lists them, wherever the batches split the feed.
      const withCities = listed.get(sku);
      if (withCities?.availability) {
        const since = withCities.observed_at;
        const hold = <T>(old: Held<T> | undefined, value: T): Held<T> =>
          old && old.value === value ? old : { value, since };
        const was = this.cities.get(sku) ?? new Map();
        const now = new Map();
        for (const a of withCities.availability) {
          const old = was.get(a.city);
          now.set(a.city, {
            availability: hold(old?.availability, `${a.pincode ?? '-'}/${a.in_stock}`),
            ...(a.stock_qty === undefined ? {} : { stock: hold(old?.stock, a.stock_qty) }),
            ...(a.eta_minutes === undefined ? {} : { eta: hold(old?.eta, a.eta_minutes) }),
          });
        }
        this.cities.set(sku, now);
      }
      const was = this.offers.get(sku) ?? new Map();
      const now = new Map<string, Held<string>>();
      for (const o of r.offers ?? []) {
        now.set(
          `${o.kind}/${o.title}`,
          hold(was.get(`${o.kind}/${o.title}`), `${o.percent_off}/${o.ends_at ?? '-'}`),
        );
      }
      this.offers.set(sku, now);
    }
  }
}

/** Stock history as the changes of (in stock, quantity, ETA) per listing and city over all observations. */
function expectedStockHistory(observations: ListingRecord[]): string[] {
  const last = new Map<string, string>();
  const rows: string[] = [];
  for (const r of observations) {
    for (const a of r.availability ?? []) {
      const key = `${r.sku}/${a.city}`;
      const state = `${a.in_stock}/${a.stock_qty ?? '-'}/${a.eta_minutes ?? '-'}`;
      if (last.get(key) === state) continue;
      last.set(key, state);
      rows.push(`${key}@${Date.parse(r.observed_at)}:${state}`);
    }
  }
  return rows.sort();
}

const ms = (v: Date | string) => new Date(v).getTime();

/** Stock history rows of these listings as `sku/city@ms:in_stock/qty/eta`, sorted. */
async function stockHistoryRows(db: Database, skus: string[]): Promise<string[]> {
  const { rows } = await db.query<{
    sku: string;
    city: string;
    recorded_at: Date;
    in_stock: boolean;
    stock_qty: number | null;
    eta_minutes: number | null;
  }>(
    `SELECT l.sku, c.name AS city, h.recorded_at, h.in_stock, h.stock_qty, h.eta_minutes
       FROM inventory_history h JOIN platform_listings l ON l.id = h.listing_id
       JOIN cities c ON c.id = h.city_id
      WHERE l.sku = ANY($1::text[])`,
    [skus],
  );
  return rows
    .map(
      (r) =>
        `${r.sku}/${r.city}@${ms(r.recorded_at)}:${r.in_stock}/${r.stock_qty ?? '-'}/${r.eta_minutes ?? '-'}`,
    )
    .sort();
}

describeEachDatabase('importer current state (random walk)', (ctx) => {
  it('writes exactly the changed rows: state, since-times, stock history and change log match the model', async () => {
    await importFeed(ctx.db, lines([platform('beta', 'Beta Pass')]));
    const random = new Random(20261202);
    const model = new Model();
    const observations: ListingRecord[] = [];
    const previous = new Map<string, ListingRecord>();
    const start = Date.parse('2026-11-20T04:00:00.000Z');
    /** The current-state tables against the model, after every import (a wrong row is often overwritten later). */
    const expectModelState = async (step: number) => {
      const { rows: members } = await ctx.db.query<{
        sku: string;
        regular_price: number;
        member_price: number;
        observed_at: Date;
      }>(
        `SELECT l.sku, m.regular_price, m.member_price, m.observed_at
           FROM membership_prices m JOIN platform_listings l ON l.id = m.listing_id`,
      );
      expect(
        Object.fromEntries(
          members.map((r) => [r.sku, [`${r.regular_price}/${r.member_price}`, ms(r.observed_at)]]),
        ),
      ).toEqual(Object.fromEntries([...model.member].map(([sku, h]) => [sku, [h.value, ms(h.since)]])));

      const { rows: cities } = await ctx.db.query<{
        sku: string;
        city: string;
        pincode: string | null;
        in_stock: boolean;
        seen: Date;
        stock_qty: number | null;
        stock_seen: Date | null;
        eta_minutes: number | null;
        eta_seen: Date | null;
      }>(
        `SELECT l.sku, c.name AS city, a.pincode, a.in_stock, a.observed_at AS seen,
                i.stock_qty, i.observed_at AS stock_seen, d.eta_minutes, d.observed_at AS eta_seen
           FROM availability_status a
           JOIN platform_listings l ON l.id = a.listing_id JOIN cities c ON c.id = a.city_id
           LEFT JOIN inventory_levels i ON i.listing_id = a.listing_id AND i.city_id = a.city_id
           LEFT JOIN delivery_estimates d ON d.listing_id = a.listing_id AND d.city_id = a.city_id`,
      );
      const stored = Object.fromEntries(
        cities.map((r) => [
          `${r.sku}/${r.city}`,
          [
            `${r.pincode ?? '-'}/${r.in_stock}`,
            ms(r.seen),
            r.stock_qty,
            r.stock_seen && ms(r.stock_seen),
            r.eta_minutes,
            r.eta_seen && ms(r.eta_seen),
          ],
        ]),
      );
      const expected = Object.fromEntries(
        [...model.cities].flatMap(([sku, byCity]) =>
          [...byCity].map(([city, c]) => [
            `${sku}/${city}`,
            [
              c.availability.value,
              ms(c.availability.since),
              c.stock?.value ?? null,
              c.stock ? ms(c.stock.since) : null,
              c.eta?.value ?? null,
              c.eta ? ms(c.eta.since) : null,
            ],
          ]),
        ),
      );
      expect(stored, `cities after import ${step}`).toEqual(expected);
      const orphans = await ctx.db.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM inventory_levels i WHERE NOT EXISTS (SELECT 1 FROM availability_status a
                   WHERE a.listing_id = i.listing_id AND a.city_id = i.city_id))
              + (SELECT count(*) FROM delivery_estimates d WHERE NOT EXISTS (SELECT 1 FROM availability_status a
                   WHERE a.listing_id = d.listing_id AND a.city_id = d.city_id)) AS n`,
      );
      expect(Number(orphans.rows[0]!.n)).toBe(0);

      const { rows: offers } = await ctx.db.query<{
        sku: string;
        kind: string;
        title: string;
        percent_off: number;
        ends_at: Date | null;
        starts_at: Date;
      }>(
        `SELECT l.sku, d.kind, d.title, d.percent_off, d.ends_at, d.starts_at
           FROM discounts d JOIN platform_listings l ON l.id = d.listing_id`,
      );
      expect(
        Object.fromEntries(
          offers.map((r) => [
            `${r.sku}/${r.kind}/${r.title}`,
            [`${r.percent_off}/${r.ends_at ? new Date(r.ends_at).toISOString() : '-'}`, ms(r.starts_at)],
          ]),
        ),
      ).toEqual(
        Object.fromEntries(
          [...model.offers].flatMap(([sku, byKey]) =>
            [...byKey].map(([key, h]) => [`${sku}/${key}`, [h.value, ms(h.since)]]),
          ),
        ),
      );
    };
    for (let step = 0; step < 30; step += 1) {
      // One import of a few time steps, split into random batches.
      const feed: ListingRecord[] = [];
      for (let t = 0; t < random.int(1, 3); t += 1) {
        const at = new Date(start + (step * 10 + t) * 60_000).toISOString();
        for (const sku of SKUS.filter(() => random.chance(0.6))) {
          const record = nextObservation(random, previous.get(sku), sku, at);
          previous.set(sku, record);
          feed.push(record);
        }
      }
      const batchSize = random.int(1, 8);
      for (let i = 0; i < feed.length; i += batchSize) model.applyBatch(feed.slice(i, i + batchSize));
      observations.push(...feed);
      const summary = await importFeed(ctx.db, lines(feed), { batchSize });
      expect(summary.rejected).toBe(0);
      await expectModelState(step);
    }

    expect(await stockHistoryRows(ctx.db, SKUS)).toEqual(expectedStockHistory(observations));

    // Every flash sale with an end, from the first observation that showed it.
    const { rows: sales } = await ctx.db.query<{ sku: string; starts_at: Date; ends_at: Date }>(
      `SELECT l.sku, f.starts_at, f.ends_at FROM flash_sales f JOIN platform_listings l ON l.id = f.listing_id`,
    );
    const firstShown = new Map<string, number>();
    for (const r of observations) {
      for (const o of r.offers ?? []) {
        const key = `${r.sku}@${o.ends_at && ms(o.ends_at)}`;
        if (o.kind === 'flash_sale' && o.ends_at && !firstShown.has(key))
          firstShown.set(key, ms(r.observed_at));
      }
    }
    expect(Object.fromEntries(sales.map((r) => [`${r.sku}@${ms(r.ends_at)}`, ms(r.starts_at)]))).toEqual(
      Object.fromEntries(firstShown),
    );

    // A client applying the change log in order ends at the current price and stock of every listing.
    const { rows: events } = await ctx.db.query<{
      sku: string;
      kind: string;
      city: string | null;
      new_price: number | null;
      new_in_stock: boolean | null;
    }>(
      `SELECT l.sku, e.kind, c.name AS city, e.new_price, e.new_in_stock
         FROM price_events e JOIN platform_listings l ON l.id = e.listing_id LEFT JOIN cities c ON c.id = e.city_id
        ORDER BY e.id`,
    );
    const replayedPrice = new Map<string, number>();
    const replayedStock = new Map<string, boolean | null>();
    for (const e of events) {
      if (e.kind === 'price' || e.kind === 'flash_sale') replayedPrice.set(e.sku, e.new_price!);
      if (e.kind === 'stock') replayedStock.set(`${e.sku}/${e.city}`, e.new_in_stock);
    }
    expect(Object.fromEntries(replayedPrice)).toEqual(Object.fromEntries(model.price));
    for (const [key, inStock] of replayedStock) {
      const [sku, city] = key.split('/') as [string, string];
      const current = model.cities.get(sku)?.get(city)?.availability.value.endsWith('/true') ?? null;
      expect(inStock, key).toBe(current);
    }
    expect(replayedStock.size).toBeGreaterThan(0);
  });
});

describeEachDatabase('importer availability from late lines', (ctx) => {
  it('takes cities from the newest line that lists them, even a late one, and records only stock changes', async () => {
    await importFeed(ctx.db, lines([platform('beta', 'Beta Pass')]));
    const line = (hour: string, price: number, pune?: { in_stock: boolean; stock_qty: number }) =>
      listing({
        platform: 'beta',
        sku: 'LATE1',
        name: 'Late Item 500 ml',
        price,
        observed_at: `2026-11-21T${hour}:00:00+05:30`,
        availability: pune && [{ city: 'Pune', ...pune }],
      });
    const state = async () => {
      const { rows } = await ctx.db.query<{
        price: number;
        in_stock: boolean;
        stock_qty: number;
        history: string;
      }>(
        `SELECT c.price, a.in_stock, i.stock_qty,
                (SELECT string_agg(to_char(h.recorded_at AT TIME ZONE 'Asia/Kolkata', 'HH24') || ':' || h.in_stock
                                   || '/' || h.stock_qty, ' ' ORDER BY h.recorded_at)
                   FROM inventory_history h WHERE h.listing_id = l.id) AS history
           FROM platform_listings l JOIN current_prices c ON c.listing_id = l.id
           JOIN availability_status a ON a.listing_id = l.id JOIN inventory_levels i ON i.listing_id = l.id
          WHERE l.sku = 'LATE1'`,
      );
      return rows[0];
    };
    const events = async () =>
      (
        await ctx.db.query<{ kind: string }>(
          `SELECT e.kind FROM price_events e JOIN platform_listings l ON l.id = e.listing_id
            WHERE l.sku = 'LATE1' ORDER BY e.id`,
        )
      ).rows.map((r) => r.kind);

    await importFeed(ctx.db, lines([line('05', 28, { in_stock: true, stock_qty: 5 }), line('10', 27)]));
    expect(await state()).toEqual({ price: 27, in_stock: true, stock_qty: 5, history: '05:true/5' });
    const seen = (await events()).length;

    // A late line with newer stock than the stored stock: stock changes, the price stays the 10:00 one.
    await importFeed(ctx.db, lines([line('08', 26, { in_stock: false, stock_qty: 0 })]));
    expect(await state()).toEqual({
      price: 27,
      in_stock: false,
      stock_qty: 0,
      history: '05:true/5 08:false/0',
    });
    expect((await events()).slice(seen)).toEqual(['stock']);

    // Repeating the newest stock adds no history; changing it does.
    await importFeed(ctx.db, lines([line('12', 27, { in_stock: false, stock_qty: 0 })]));
    expect((await state())?.history).toBe('05:true/5 08:false/0');
    await importFeed(ctx.db, lines([line('14', 27, { in_stock: true, stock_qty: 5 })]));
    expect((await state())?.history).toBe('05:true/5 08:false/0 14:true/5');

    // A late line older than the stored stock changes history only.
    await importFeed(ctx.db, lines([line('13', 25, { in_stock: false, stock_qty: 1 })]));
    expect(await state()).toMatchObject({ price: 27, in_stock: true, stock_qty: 5 });
  });
});

describeEachDatabase('stock history from overlapping and late feeds', (ctx) => {
  it('is the list of stock and price changes when feeds re-send stretches already stored, whatever the batches', async () => {
    await importFeed(ctx.db, lines([platform('beta', 'Beta Pass')]));
    const random = new Random(20261203);
    const start = Date.parse('2026-11-20T04:00:00.000Z');
    const observations = Array.from(
      { length: 150 },
      (_, i) =>
        listing({
          platform: 'beta',
          sku: SKUS[i % 2]!,
          name: `Walk Item ${SKUS[i % 2]} 500 ml`,
          mrp: 100,
          price: random.pick([70, 80]),
          observed_at: new Date(start + i * 60_000).toISOString(),
          availability: ['Pune', 'Mumbai']
            .filter(() => random.chance(0.8))
            .map((city) => ({
              city,
              in_stock: random.chance(0.6),
              ...(random.chance(0.5) ? { stock_qty: random.int(0, 1) } : {}),
              eta_minutes: random.pick([10, 20]),
            })),
        }) as ListingRecord,
    );
    // Each feed is in time order and starts anywhere up to just after what is stored: it re-sends a stretch
    // (a retried upload, an overlapping export) and goes on with new lines, so a batch mixes both.
    let stored = 0;
    for (let round = 0; stored < observations.length; round += 1) {
      const from = random.int(0, stored);
      const to = Math.min(observations.length, Math.max(from + 1, stored + random.int(0, 25)));
      const summary = await importFeed(ctx.db, lines(observations.slice(from, to)), {
        batchSize: random.int(1, 12),
      });
      expect(summary.rejections).toEqual([]);
      stored = Math.max(stored, to);
      expect(await stockHistoryRows(ctx.db, SKUS), `after round ${round}`).toEqual(
        expectedStockHistory(observations.slice(0, stored)),
      );
    }
    const { rows: changes } = await ctx.db.query<{
      sku: string;
      old_price: number;
      new_price: number;
      at: Date;
    }>(
      `SELECT l.sku, c.old_price, c.new_price, c.changed_at AS at
         FROM price_changes c JOIN platform_listings l ON l.id = c.listing_id WHERE l.sku = ANY($1::text[])`,
      [SKUS],
    );
    const lastPrice = new Map<string, number>();
    const expected: string[] = [];
    for (const r of observations) {
      const was = lastPrice.get(r.sku);
      if (was !== undefined && was !== r.price)
        expected.push(`${r.sku}@${ms(r.observed_at)}:${was}>${r.price}`);
      lastPrice.set(r.sku, r.price);
    }
    expect(changes.map((c) => `${c.sku}@${ms(c.at)}:${c.old_price}>${c.new_price}`).sort()).toEqual(
      expected.sort(),
    );
  });

  it('inserts late lines that fill a gap, each compared with the state at its time', async () => {
    await importFeed(ctx.db, lines([platform('beta', 'Beta Pass')]));
    const at = (hour: number, inStock: boolean) =>
      listing({
        platform: 'beta',
        sku: 'GAP1',
        name: 'Gap Item 500 ml',
        observed_at: `2026-11-21T${String(hour).padStart(2, '0')}:00:00.000Z`,
        availability: [{ city: 'Pune', in_stock: inStock }],
      });
    const row = (hour: number, inStock: boolean) =>
      `GAP1/Pune@${Date.parse(`2026-11-21T${String(hour).padStart(2, '0')}:00:00.000Z`)}:${inStock}/-/-`;
    await importFeed(ctx.db, lines([at(1, true), at(10, false)]));
    // One batch of late lines: out at 3, back in at 5, and a repeat at 6 of the state at its time.
    await importFeed(ctx.db, lines([at(3, false), at(5, true), at(6, true)]));
    expect(await stockHistoryRows(ctx.db, ['GAP1'])).toEqual(
      [row(1, true), row(10, false), row(3, false), row(5, true)].sort(),
    );
  });
});

describeEachDatabase('concurrent imports', (ctx) => {
  it('side-by-side imports of the same listings neither fail nor lose the newest state', async () => {
    const failures: unknown[] = [];
    // Every transaction the importer opens; a deadlock or duplicate-key error would land here even though the
    // importer then retries the batch line by line.
    const db: Database = {
      ...ctx.db,
      transaction: (fn) =>
        ctx.db.transaction(fn).catch((error: unknown) => {
          failures.push(error);
          throw error;
        }),
    };
    await importFeed(db, lines([platform('beta', 'Beta Pass')]));
    const skus = Array.from({ length: 30 }, (_, i) => `CC${i}`);
    const line = (sku: string, hour: number, price: number) =>
      listing({
        platform: 'beta',
        sku,
        name: `Concurrent Item ${sku} 1 kg`,
        mrp: 100,
        price,
        observed_at: `2026-11-22T${String(hour).padStart(2, '0')}:00:00+05:30`,
        availability: [{ city: 'Pune', in_stock: price % 2 === 0, stock_qty: price }],
      });
    // The older import changes everything; the newer one puts back the state of the round before, so a
    // batch that compared with a state read before the other committed would skip rows it must write.
    // Each keeps its reference ids, as the simulator does, so once the listings exist neither takes the
    // import-wide lock and the two run side by side.
    const [refsA, refsB] = [new ReferenceData(), new ReferenceData()];
    const pair = (hour: number, price: number) =>
      Promise.all([
        importFeed(db, lines(skus.map((sku) => line(sku, hour, price))), { references: refsA }),
        importFeed(db, lines([...skus].reverse().map((sku) => line(sku, hour + 1, 30))), {
          references: refsB,
        }),
      ]);

    // Both imports create the same new listings at once: one listing and one product each.
    await pair(1, 21);
    for (let round = 0; round < 8; round += 1) await pair(3 + round * 2, 41 + round * 2);

    expect(failures).toEqual([]);
    const { rows } = await ctx.db.query<{
      listings: number;
      products: number;
      prices: string;
      stock: string;
      points: string;
    }>(
      `SELECT count(*)::int AS listings, count(DISTINCT l.product_id)::int AS products,
              string_agg(DISTINCT c.price::text, ',') AS prices,
              string_agg(DISTINCT a.in_stock::text || '/' || i.stock_qty, ',') AS stock,
              string_agg(DISTINCT (SELECT count(*) FROM price_history h WHERE h.listing_id = l.id)::text, ',') AS points
         FROM platform_listings l JOIN current_prices c ON c.listing_id = l.id
         JOIN availability_status a ON a.listing_id = l.id JOIN inventory_levels i ON i.listing_id = l.id
        WHERE l.sku LIKE 'CC%'`,
    );
    expect(rows[0]).toEqual({ listings: 30, products: 30, prices: '30.00', stock: 'true/30', points: '18' });
  });
});
