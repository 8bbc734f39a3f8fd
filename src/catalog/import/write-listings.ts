import type { Queryable } from '../../db/database.ts';
import type { ListingRecord } from '../feed/records.ts';
import { lockImportWrites } from './import-lock.ts';
import {
  type FreshListing,
  type ListingState,
  observedState,
  readListingStates,
  storedMoney,
} from './listing-state.ts';
import { matchProducts } from './match-products.ts';
import type { ReferenceData } from './reference-data.ts';
import { writeCurrentState } from './write-current-state.ts';

/** A committed change to a listing's current price, for cache invalidation and the live stream. */
export interface PriceChangeEvent {
  listingId: number;
  productId: number;
  platformId: number;
  oldPrice: number | null;
  newPrice: number;
  observedAt: string;
}

export interface ListingWriteResult {
  productsCreated: number;
  listingsCreated: number;
  pricePointsAdded: number;
  productIds: Set<number>;
  platformIds: Set<number>;
  cityNames: Set<string>;
  priceEvents: PriceChangeEvent[];
  /** The listings whose current state this batch replaced, with the observation that replaced it. */
  fresh: FreshListing[];
  /** The stored state of the batch's stored listings before it, and the state its fresh listings are in now. */
  before: Map<number, ListingState>;
  after: Map<number, ListingState>;
}

/** A listing line of the batch, with what is derived from it once. */
interface Line {
  record: ListingRecord;
  platformId: number;
  key: string;
  /** observed_at in milliseconds since the epoch. */
  at: number;
}

interface Observation extends Line {
  listingId: number;
  productId: number;
  /** The listing was created by this batch. */
  created: boolean;
}

const listingKey = (platformId: number, sku: string) => `${platformId}\u0000${sku}`;

/**
 * Writes a batch of listing observations set-wise: every observation becomes a price-history point; the
 * newest observation of a listing replaces its current price, member price, stock, ETA and offers only when
 * it is newer than what is stored, so late or repeated lines change history only (or nothing).
 */
export async function writeListings(
  db: Queryable,
  refs: ReferenceData,
  records: ListingRecord[],
): Promise<ListingWriteResult> {
  const batch: Line[] = records.map((record) => {
    const platformId = refs.platformId(record.platform);
    return {
      record,
      platformId,
      key: listingKey(platformId, record.sku),
      at: Date.parse(record.observed_at),
    };
  });
  const pincodes = batch.flatMap((o) =>
    (o.record.availability ?? []).flatMap((a) =>
      a.pincode ? [{ platformId: o.platformId, city: a.city, pincode: a.pincode }] : [],
    ),
  );
  const newestByKey = lastSeenPerKey(batch);
  const keys = [...newestByKey.keys()];
  let existing = await findListings(db, keys);
  // Creating shared rows (listings, products, brands, categories, cities, pincodes) that another import may
  // be creating too is done by one importer at a time; a batch of known listings runs beside others.
  if (existing.size < keys.length || !refs.knowsAll(records, pincodes)) {
    await lockImportWrites(db);
    if (existing.size < keys.length) existing = await findListings(db, keys);
  }
  // Distinct values first: a batch repeats the same few brands and categories thousands of times.
  await refs.ensureBrands(db, new Set(records.map((r) => r.brand)));
  await refs.ensureCategories(
    db,
    new Map(records.map((r) => [r.category.join('\u0000'), r.category])).values(),
  );
  await refs.ensureCities(db, new Set(records.flatMap((r) => (r.availability ?? []).map((a) => a.city))));
  const listingIds = await createListings(db, refs, batch, newestByKey, existing);
  // Literal objects of one shape: the writers below read these fields in tight loops.
  const observations: Observation[] = batch.map(({ record, platformId, key, at }) => {
    const { listingId, productId, created } = listingIds.get(key)!;
    return { record, platformId, key, at, listingId, productId, created };
  });
  await refs.ensurePincodes(
    db,
    pincodes.map((p) => ({ platformId: p.platformId, cityId: refs.cityId(p.city), pincode: p.pincode })),
  );

  const stored = [...listingIds.values()].filter((l) => !l.created).map((l) => l.listingId);
  // Locks the stored listings' rows first, in id order, then marks them seen.
  const states = await readListingStates(db, stored);
  await touchListings(db, newestByKey, existing);
  const lastPoints = await lastStoredPoints(db, stored);
  const clashFree = listingsWithoutClashes(observations, lastPoints);
  const added = await insertPriceHistory(db, observations, clashFree);
  await writePriceChanges(db, observations, lastPoints, added);
  const newest = newestPerListing(observations);
  const listed = newerAvailability(observations, states);
  const fresh = await upsertCurrentPrices(db, newest, listed, states);
  const replaced = await replacedListings(db, newest, fresh, listed);
  const freshObservations = replaced.filter((o) => o.priceFresh);
  const after = new Map(replaced.map((o) => [o.listingId, observedState(o, states.get(o.listingId), refs)]));
  await writeCurrentState(db, replaced, states, after);
  await insertFlashSales(db, observations, states, clashFree);
  await insertInventoryHistory(db, refs, observations, states, clashFree);
  await insertDiscountHistory(db, observations);

  const created = [...listingIds.values()].filter((l) => l.created);
  return {
    productsCreated: new Set(created.filter((l) => l.productCreated).map((l) => l.productId)).size,
    listingsCreated: created.length,
    pricePointsAdded: added.points,
    productIds: new Set(replaced.map((o) => o.productId)),
    platformIds: new Set(replaced.map((o) => o.platformId)),
    cityNames: new Set(replaced.flatMap((o) => (o.availabilityFrom?.availability ?? []).map((a) => a.city))),
    fresh: replaced,
    before: states,
    after,
    priceEvents: freshObservations.map((o) => {
      const before = fresh.get(o.listingId)!;
      return {
        listingId: o.listingId,
        productId: o.productId,
        platformId: o.platformId,
        oldPrice: before.oldPrice,
        newPrice: o.record.price,
        observedAt: o.record.observed_at,
      };
    }),
  };
}

interface ResolvedListing {
  listingId: number;
  productId: number;
  created: boolean;
  productCreated: boolean;
}

/** The stored listings among the batch's keys (a read: nothing is locked). */
async function findListings(db: Queryable, keys: string[]): Promise<Map<string, ResolvedListing>> {
  const { rows } = await db.query<{ id: number; platform_id: number; sku: string; product_id: number }>(
    `SELECT l.id, l.platform_id, l.sku, l.product_id
       FROM platform_listings l JOIN unnest($1::int[], $2::text[]) AS k(platform_id, sku)
         ON l.platform_id = k.platform_id AND l.sku = k.sku`,
    [keys.map((k) => Number(k.split('\u0000')[0])), keys.map((k) => k.split('\u0000')[1]!)],
  );
  return new Map(
    rows.map((r) => [
      listingKey(r.platform_id, r.sku),
      { listingId: r.id, productId: r.product_id, created: false, productCreated: false },
    ]),
  );
}

/** The newest line of each listing key in the batch (keys in order of first appearance). */
function lastSeenPerKey(batch: Line[]): Map<string, Line> {
  const newest = new Map<string, Line>();
  for (const line of batch) {
    const prev = newest.get(line.key);
    if (!prev || line.at > prev.at) newest.set(line.key, line);
  }
  return newest;
}

async function touchListings(
  db: Queryable,
  newest: Map<string, Line>,
  existing: Map<string, ResolvedListing>,
) {
  if (existing.size === 0) return;
  const keys = [...existing.keys()];
  await db.query(
    `UPDATE platform_listings l SET last_seen_at = u.seen
       FROM unnest($1::bigint[], $2::timestamptz[]) AS u(id, seen)
      WHERE l.id = u.id AND l.last_seen_at < u.seen`,
    [keys.map((k) => existing.get(k)!.listingId), keys.map((k) => newest.get(k)!.record.observed_at)],
  );
}

/** Matches the batch's new listings to products (creating those that are new) and inserts them. */
async function createListings(
  db: Queryable,
  refs: ReferenceData,
  batch: Line[],
  newest: Map<string, Line>,
  existing: Map<string, ResolvedListing>,
): Promise<Map<string, ResolvedListing>> {
  const resolved = new Map(existing);
  const firstSeen = new Map<string, ListingRecord>();
  for (const line of batch) {
    if (!existing.has(line.key) && !firstSeen.has(line.key)) firstSeen.set(line.key, line.record);
  }
  if (firstSeen.size === 0) return resolved;
  const newKeys = [...firstSeen.keys()];
  const newRecords = [...firstSeen.values()];
  const matches = await matchProducts(db, refs, newRecords);
  const inserted = await db.query<{ id: number; platform_id: number; sku: string; product_id: number }>(
    `INSERT INTO platform_listings (platform_id, sku, product_id, title, pack_label, ean, match_method,
                                   match_confidence, first_seen_at, last_seen_at)
     SELECT * FROM unnest($1::int[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[],
                          $8::numeric[], $9::timestamptz[], $10::timestamptz[])
     RETURNING id, platform_id, sku, product_id`,
    [
      newRecords.map((r) => refs.platformId(r.platform)),
      newRecords.map((r) => r.sku),
      matches.map((m) => m.productId),
      newRecords.map((r) => r.name),
      newRecords.map((r) => r.pack ?? null),
      newRecords.map((r) => r.ean ?? null),
      matches.map((m) => m.method),
      matches.map((m) => m.confidence),
      newRecords.map((r) => r.observed_at),
      newKeys.map((k) => newest.get(k)!.record.observed_at),
    ],
  );
  const createdProducts = new Set(matches.filter((m) => m.method === 'new').map((m) => m.productId));
  for (const r of inserted.rows) {
    resolved.set(listingKey(r.platform_id, r.sku), {
      listingId: r.id,
      productId: r.product_id,
      created: true,
      productCreated: createdProducts.has(r.product_id),
    });
  }
  return resolved;
}

/** A stored price-history point, or one this batch inserted. */
interface PricePoint {
  /** Orders the points of one listing: microseconds since the epoch (milliseconds × 1000 for points known
   * without a database round trip, whose milliseconds are distinct per listing). */
  at: number;
  price: number;
  /** The exact time as PostgreSQL reads it back, for price_changes.changed_at. */
  time: string;
}

const AT_MICROS = '(extract(epoch FROM recorded_at) * 1000000)::bigint AS at';

function isoFromMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  return `${new Date(ms).toISOString().slice(0, 23)}${String(micros - ms * 1000).padStart(3, '0')}Z`;
}

/** The newest stored price-history point of each listing, read before the batch adds its points. */
async function lastStoredPoints(db: Queryable, listingIds: number[]): Promise<Map<number, PricePoint>> {
  if (listingIds.length === 0) return new Map();
  const { rows } = await db.query<{ listing_id: number; at: number; price: number }>(
    `SELECT k.listing_id, h.at, h.price
       FROM unnest($1::bigint[]) AS k(listing_id)
       CROSS JOIN LATERAL (SELECT ${AT_MICROS}, price FROM price_history p WHERE p.listing_id = k.listing_id
                            ORDER BY recorded_at DESC LIMIT 1) h`,
    [listingIds],
  );
  return new Map(rows.map((r) => [r.listing_id, { at: r.at, price: r.price, time: isoFromMicros(r.at) }]));
}

/** The points this batch really added (repeats of stored points are skipped), per listing. */
async function insertPriceHistory(
  db: Queryable,
  observations: Observation[],
  clashFree: ReadonlySet<number>,
): Promise<{ points: number; byListing: Map<number, PricePoint[]> }> {
  const known = observations.filter((o) => clashFree.has(o.listingId));
  await insertPoints(db, known, false);
  const returned = await insertPoints(
    db,
    observations.filter((o) => !clashFree.has(o.listingId)),
    true,
  );
  const byListing = new Map<number, PricePoint[]>();
  const add = (listingId: number, point: PricePoint) => {
    const points = byListing.get(listingId);
    if (points) points.push(point);
    else byListing.set(listingId, [point]);
  };
  for (const o of known) {
    add(o.listingId, { at: o.at * 1000, price: storedMoney(o.record.price), time: o.record.observed_at });
  }
  for (const r of returned) add(r.listing_id, { at: r.at, price: r.price, time: isoFromMicros(r.at) });
  return { points: known.length + returned.length, byListing };
}

/**
 * Listings whose points in this batch can clash neither with each other nor with stored history: their
 * points fall on distinct milliseconds (so surely distinct instants), and the listing is new or all its
 * points are on a later millisecond than its newest stored point. They skip the per-row conflict check,
 * which costs about a fifth of the insert, and need not read their rows back: every point is added.
 */
function listingsWithoutClashes(observations: Observation[], before: Map<number, PricePoint>): Set<number> {
  const times = new Map<number, Set<number>>();
  const clashing = new Set<number>();
  for (const o of observations) {
    if (clashing.has(o.listingId)) continue;
    const { at } = o;
    const last = before.get(o.listingId);
    const seen = times.get(o.listingId) ?? new Set();
    if (seen.has(at) || (!o.created && (!last || at * 1000 <= last.at))) clashing.add(o.listingId);
    seen.add(at);
    times.set(o.listingId, seen);
  }
  return new Set([...times.keys()].filter((id) => !clashing.has(id)));
}

async function insertPoints(
  db: Queryable,
  observations: Observation[],
  mayClash: boolean,
): Promise<{ listing_id: number; at: number; price: number }[]> {
  if (observations.length === 0) return [];
  const { rows } = await db.query<{ listing_id: number; at: number; price: number }>(
    `INSERT INTO price_history (listing_id, product_id, platform_id, price, mrp, member_price, recorded_at)
     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::numeric[], $5::numeric[], $6::numeric[],
                          $7::timestamptz[])
     ${mayClash ? `ON CONFLICT (listing_id, recorded_at) DO NOTHING RETURNING listing_id, ${AT_MICROS}, price` : ''}`,
    [
      observations.map((o) => o.listingId),
      observations.map((o) => o.productId),
      observations.map((o) => o.platformId),
      observations.map((o) => o.record.price),
      observations.map((o) => o.record.mrp),
      observations.map((o) => o.record.member_price ?? null),
      observations.map((o) => o.record.observed_at),
    ],
  );
  return rows;
}

/**
 * Price changes are derived from history. When a listing's new points all come after its stored history
 * (the usual case), its changes follow from the batch and the one stored point before it, so they are
 * computed here and only inserted. A late point in the middle of history re-derives that stretch in SQL.
 */
async function writePriceChanges(
  db: Queryable,
  observations: Observation[],
  before: Map<number, PricePoint>,
  added: { byListing: Map<number, PricePoint[]> },
): Promise<void> {
  const listingOf = new Map(observations.map((o) => [o.listingId, o]));
  const changes: { o: Observation; oldPrice: number; newPrice: number; time: string }[] = [];
  const late = new Map<number, string>();
  for (const [listingId, points] of added.byListing) {
    points.sort((a, b) => a.at - b.at);
    const last = before.get(listingId);
    const first = points[0]!;
    if (last && first.at <= last.at) {
      late.set(listingId, first.time);
      continue;
    }
    let previous = last;
    for (const point of points) {
      if (previous && previous.price !== point.price) {
        changes.push({
          o: listingOf.get(listingId)!,
          oldPrice: previous.price,
          newPrice: point.price,
          time: point.time,
        });
      }
      previous = point;
    }
  }
  if (changes.length > 0) {
    await db.query(
      `INSERT INTO price_changes (listing_id, product_id, platform_id, old_price, new_price, changed_at)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::numeric[], $5::numeric[], $6::timestamptz[])`,
      [
        changes.map((c) => c.o.listingId),
        changes.map((c) => c.o.productId),
        changes.map((c) => c.o.platformId),
        changes.map((c) => c.oldPrice),
        changes.map((c) => c.newPrice),
        changes.map((c) => c.time),
      ],
    );
  }
  await rebuildPriceChanges(db, late);
}

/** Re-derives the changes of each listing from `since` on, from its stored history. */
async function rebuildPriceChanges(db: Queryable, since: Map<number, string>): Promise<void> {
  if (since.size === 0) return;
  const params = [[...since.keys()], [...since.values()]];
  await db.query(
    `DELETE FROM price_changes c USING unnest($1::bigint[], $2::timestamptz[]) AS a(listing_id, since)
      WHERE c.listing_id = a.listing_id AND c.changed_at >= a.since`,
    params,
  );
  await db.query(
    `INSERT INTO price_changes (listing_id, product_id, platform_id, old_price, new_price, changed_at)
     SELECT listing_id, product_id, platform_id, prev_price, price, recorded_at
       FROM (
         SELECT h.listing_id, h.product_id, h.platform_id, h.price, h.recorded_at, a.since,
                lag(h.price) OVER (PARTITION BY h.listing_id ORDER BY h.recorded_at) AS prev_price
           FROM unnest($1::bigint[], $2::timestamptz[]) AS a(listing_id, since)
           JOIN price_history h ON h.listing_id = a.listing_id
            AND h.recorded_at >= coalesce(
                  (SELECT max(p.recorded_at) FROM price_history p
                    WHERE p.listing_id = a.listing_id AND p.recorded_at < a.since), a.since)
       ) s
      WHERE prev_price IS NOT NULL AND prev_price <> price AND recorded_at >= since`,
    params,
  );
}

/**
 * An observation without an availability list leaves a listing's cities as they were, so its cities come
 * from its newest observation that lists them, wherever batches split the feed: per listing, the batch's
 * newest such observation if it is newer than the one the stored cities came from (`stock_observed_at`; the
 * price's time for rows stored before that was kept). A late line can so replace stock without replacing
 * the price, and the stored cities are always those of the newest observation listing them, which stock
 * history relies on (insertInventoryHistory).
 */
function newerAvailability(
  observations: Observation[],
  stored: ReadonlyMap<number, ListingState>,
): Map<number, Observation> {
  const listed = new Map<number, Observation>();
  for (const o of observations) {
    if (!o.record.availability) continue;
    const prev = listed.get(o.listingId);
    if (!prev || o.at > prev.at) listed.set(o.listingId, o);
  }
  for (const [listingId, o] of listed) {
    const state = stored.get(listingId);
    const storedAt = state?.stockObservedAt ?? state?.observedAt;
    if (storedAt !== undefined && o.at <= Date.parse(storedAt)) listed.delete(listingId);
  }
  return listed;
}

/**
 * The listings whose current state this batch replaces: those whose price it replaced, with the cities of
 * their newest listing observation, and stored ones where only a late line's cities are newer (their
 * stock_observed_at is set here; the price upsert set it for the others).
 */
async function replacedListings(
  db: Queryable,
  newest: Observation[],
  fresh: ReadonlyMap<number, unknown>,
  listed: ReadonlyMap<number, Observation>,
): Promise<(Observation & FreshListing)[]> {
  const replaced = newest.map((o) => ({
    ...o,
    availabilityFrom: listed.get(o.listingId)?.record ?? null,
    priceFresh: fresh.has(o.listingId),
  }));
  const citiesOnly = replaced.filter((o) => !o.priceFresh && o.availabilityFrom);
  if (citiesOnly.length > 0) {
    await db.query(
      `UPDATE current_prices c SET stock_observed_at = u.at
         FROM unnest($1::bigint[], $2::timestamptz[]) AS u(listing_id, at) WHERE c.listing_id = u.listing_id`,
      [citiesOnly.map((o) => o.listingId), citiesOnly.map((o) => o.availabilityFrom!.observed_at)],
    );
  }
  return replaced.filter((o) => o.priceFresh || o.availabilityFrom);
}

function newestPerListing(observations: Observation[]): Observation[] {
  const newest = new Map<number, Observation>();
  for (const o of observations) {
    const prev = newest.get(o.listingId);
    if (!prev || o.at > prev.at) newest.set(o.listingId, o);
  }
  return [...newest.values()];
}

/**
 * Returns the listings whose current price was replaced, with the price they had before. Their
 * stock_observed_at moves to the batch's newer availability list, if it has one. Listings without a current
 * price (created by this batch) get one inserted; stored ones are updated only by a newer observation (an
 * UPDATE: an upsert costs a third more per row).
 */
async function upsertCurrentPrices(
  db: Queryable,
  newest: Observation[],
  listed: ReadonlyMap<number, Observation>,
  stored: ReadonlyMap<number, ListingState>,
): Promise<Map<number, { oldPrice: number | null }>> {
  const params = (list: Observation[]) => [
    list.map((o) => o.listingId),
    list.map((o) => o.productId),
    list.map((o) => o.platformId),
    list.map((o) => o.record.price),
    list.map((o) => o.record.mrp),
    list.map((o) => o.record.member_price ?? null),
    list.map((o) => o.record.observed_at),
    list.map((o) => listed.get(o.listingId)?.record.observed_at ?? null),
  ];
  const input = `unnest($1::bigint[], $2::bigint[], $3::int[], $4::numeric[], $5::numeric[], $6::numeric[],
                        $7::timestamptz[], $8::timestamptz[])`;
  const replaced = new Map<number, { oldPrice: number | null }>();
  const added = newest.filter((o) => !stored.has(o.listingId));
  if (added.length > 0) {
    await db.query(
      `INSERT INTO current_prices (listing_id, product_id, platform_id, price, mrp, member_price, observed_at,
                                   stock_observed_at)
       SELECT * FROM ${input}`,
      params(added),
    );
    for (const o of added) replaced.set(o.listingId, { oldPrice: null });
  }
  const updated = newest.filter((o) => stored.has(o.listingId));
  if (updated.length > 0) {
    const { rows } = await db.query<{ listing_id: number }>(
      `UPDATE current_prices c
          SET price = u.price, mrp = u.mrp, member_price = u.member_price, observed_at = u.observed_at,
              updated_at = now(), stock_observed_at = coalesce(u.stock_observed_at, c.stock_observed_at)
         FROM ${input} AS u(listing_id, product_id, platform_id, price, mrp, member_price, observed_at, stock_observed_at)
        WHERE c.listing_id = u.listing_id AND c.observed_at < u.observed_at
        RETURNING c.listing_id`,
      params(updated),
    );
    for (const r of rows) replaced.set(r.listing_id, { oldPrice: stored.get(r.listing_id)!.price });
  }
  return replaced;
}

/** Every flash sale ever seen is kept (first sighting = start), not only those on the newest observation. */
async function insertFlashSales(
  db: Queryable,
  observations: Observation[],
  stored: ReadonlyMap<number, ListingState>,
  clashFree: ReadonlySet<number>,
): Promise<void> {
  // A sale the listing already showed is stored with an earlier start than any point after its history.
  const known = (o: Observation, endsAt: string) =>
    clashFree.has(o.listingId) &&
    [...(stored.get(o.listingId)?.offers.values() ?? [])].some(
      (s) => s.kind === 'flash_sale' && s.endsAt === Date.parse(endsAt),
    );
  const flash = observations.flatMap((o) =>
    (o.record.offers ?? [])
      .filter((x) => x.kind === 'flash_sale' && x.ends_at && !known(o, x.ends_at))
      .map((offer) => ({ o, offer })),
  );
  if (flash.length === 0) return;
  await db.query(
    `INSERT INTO flash_sales (listing_id, product_id, platform_id, title, percent_off, starts_at, ends_at)
     SELECT DISTINCT ON (listing_id, ends_at) * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::text[],
                          $5::numeric[], $6::timestamptz[], $7::timestamptz[])
            AS f(listing_id, product_id, platform_id, title, percent_off, starts_at, ends_at)
      ORDER BY listing_id, ends_at, starts_at
     ON CONFLICT (listing_id, ends_at) DO UPDATE SET starts_at = least(flash_sales.starts_at, excluded.starts_at)
      WHERE flash_sales.starts_at > excluded.starts_at`,
    [
      flash.map((x) => x.o.listingId),
      flash.map((x) => x.o.productId),
      flash.map((x) => x.o.platformId),
      flash.map((x) => x.offer.title),
      flash.map((x) => x.offer.percent_off ?? null),
      flash.map((x) => x.o.record.observed_at),
      flash.map((x) => x.offer.ends_at),
    ],
  );
}

/**
 * Stock history records changes: an observation repeating the previous state of its listing and city adds no
 * row. Feeds repeat every city's stock with every price observation, and those repeats were most of the rows
 * written. When a listing's points all come after its stored history (see listingsWithoutClashes), a row
 * follows the batch's previous row for its city, or for the first one the stored city, which is the newest
 * stored observation listing that city (newerAvailability keeps it so), so the comparison is made here and
 * the row plainly inserted or skipped. Other rows (late points, a city the listing did not list, listings
 * stored before stock_observed_at was kept) go to insertCheckedStockHistory.
 */
async function insertInventoryHistory(
  db: Queryable,
  refs: ReferenceData,
  observations: Observation[],
  stored: ReadonlyMap<number, ListingState>,
  clashFree: ReadonlySet<number>,
) {
  const rows = observations
    .flatMap((o) => (o.record.availability ?? []).map((a) => ({ o, a, cityId: refs.cityId(a.city) })))
    .sort((x, y) => x.o.listingId - y.o.listingId || x.cityId - y.cityId || x.o.at - y.o.at);
  const storedState = (listingId: number, cityId: number) => {
    const listing = stored.get(listingId);
    const city = listing?.stockObservedAt ? listing.cities.get(cityId) : undefined;
    return city && stockState(city.inStock, city.stockQty, city.etaMinutes);
  };
  const plain: StockRow[] = [];
  const checked: CheckedStockRow[] = [];
  rows.forEach((r, i) => {
    const previous = rows[i - 1];
    const before =
      previous?.o.listingId === r.o.listingId && previous.cityId === r.cityId ? previous : undefined;
    if (!clashFree.has(r.o.listingId)) checked.push({ ...r, before });
    else if (before) {
      if (rowState(before) !== rowState(r)) plain.push(r);
    } else if (r.o.created) plain.push(r);
    else {
      const was = storedState(r.o.listingId, r.cityId);
      if (was === undefined) checked.push(r);
      else if (was !== rowState(r)) plain.push(r);
    }
  });
  if (plain.length > 0) {
    await db.query(
      `${INSERT_STOCK_HISTORY}
       SELECT * FROM unnest($1::bigint[], $2::int[], $3::bool[], $4::int[], $5::int[], $6::timestamptz[])`,
      stockParams(plain),
    );
  }
  if (checked.length > 0) await insertCheckedStockHistory(db, checked);
}

type StockRow = { o: Observation; a: NonNullable<ListingRecord['availability']>[number]; cityId: number };
/** A row whose predecessor may be stored: `before` is the batch's previous row for its listing and city. */
type CheckedStockRow = StockRow & { before?: StockRow };

const stockState = (inStock: boolean, qty: number | null | undefined, eta: number | null | undefined) =>
  `${inStock}|${qty ?? ''}|${eta ?? ''}`;
const rowState = (r: StockRow) => stockState(r.a.in_stock, r.a.stock_qty, r.a.eta_minutes);

const INSERT_STOCK_HISTORY =
  'INSERT INTO inventory_history (listing_id, city_id, in_stock, stock_qty, eta_minutes, recorded_at)';

const stockParams = (list: StockRow[]) => [
  list.map((r) => r.o.listingId),
  list.map((r) => r.cityId),
  list.map((r) => r.a.in_stock),
  list.map((r) => r.a.stock_qty ?? null),
  list.map((r) => r.a.eta_minutes ?? null),
  list.map((r) => r.o.record.observed_at),
];

/**
 * Rows that may fall anywhere in stored history. A row's predecessor is the later of the newest stored row
 * before it and the batch's previous row (one statement cannot see its own inserts, so that one is passed
 * in; if it is itself skipped, it repeats its own predecessor, so comparing with it still compares with the
 * state that holds). A late row filling a gap in history leaves the stored row after it in place, even when
 * that row now repeats it: history keeps changes only, so that row may be the one observation known there.
 */
async function insertCheckedStockHistory(db: Queryable, rows: CheckedStockRow[]) {
  await db.query(
    `${INSERT_STOCK_HISTORY}
     SELECT i.listing_id, i.city_id, i.in_stock, i.stock_qty, i.eta_minutes, i.recorded_at
       FROM unnest($1::bigint[], $2::int[], $3::bool[], $4::int[], $5::int[], $6::timestamptz[],
                   $7::timestamptz[], $8::bool[], $9::int[], $10::int[])
            AS i(listing_id, city_id, in_stock, stock_qty, eta_minutes, recorded_at,
                 before_at, before_in_stock, before_stock_qty, before_eta_minutes)
      WHERE NOT EXISTS (
              SELECT 1 FROM (
                SELECT p.in_stock, p.stock_qty, p.eta_minutes FROM (
                  (SELECT h.in_stock, h.stock_qty, h.eta_minutes, h.recorded_at, 0 AS batch
                     FROM inventory_history h
                    WHERE h.listing_id = i.listing_id AND h.city_id = i.city_id AND h.recorded_at < i.recorded_at
                    ORDER BY h.recorded_at DESC LIMIT 1)
                  UNION ALL
                  SELECT i.before_in_stock, i.before_stock_qty, i.before_eta_minutes, i.before_at, 1
                   WHERE i.before_at < i.recorded_at
                ) p ORDER BY p.recorded_at DESC, p.batch LIMIT 1) previous
               WHERE (previous.in_stock, previous.stock_qty, previous.eta_minutes)
                     IS NOT DISTINCT FROM (i.in_stock, i.stock_qty, i.eta_minutes))
     ON CONFLICT DO NOTHING`,
    [
      ...stockParams(rows),
      rows.map((r) => r.before?.o.record.observed_at ?? null),
      rows.map((r) => r.before?.a.in_stock ?? null),
      rows.map((r) => r.before?.a.stock_qty ?? null),
      rows.map((r) => r.before?.a.eta_minutes ?? null),
    ],
  );
}

async function insertDiscountHistory(db: Queryable, observations: Observation[]) {
  const rows = observations.flatMap((o) => (o.record.offers ?? []).map((offer) => ({ o, offer })));
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO discount_history (listing_id, product_id, platform_id, kind, title, percent_off, amount_off,
                                   observed_at, ends_at)
     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::text[], $5::text[], $6::numeric[],
                          $7::numeric[], $8::timestamptz[], $9::timestamptz[])
     ON CONFLICT DO NOTHING`,
    [
      rows.map((x) => x.o.listingId),
      rows.map((x) => x.o.productId),
      rows.map((x) => x.o.platformId),
      rows.map((x) => x.offer.kind),
      rows.map((x) => x.offer.title),
      rows.map((x) => x.offer.percent_off ?? null),
      rows.map((x) => x.offer.amount_off ?? null),
      rows.map((x) => x.o.record.observed_at),
      rows.map((x) => x.offer.ends_at ?? null),
    ],
  );
}
