import type { Queryable } from '../../db/database.ts';
import type { ReferenceData } from './reference-data.ts';
import { type FreshListing, storedMoney } from './write-current-state.ts';

/** The channel every instance LISTENs on; the payload is the newest event id of the committed transaction. */
export const PRICE_EVENTS_CHANNEL = 'qcd_price_events';
/**
 * Held from the event insert to commit, so event ids become visible in id order: a reader that sees id n has
 * already been able to see every id below n, and resuming "after id n" never skips a late commit.
 */
const EVENT_ORDER_LOCK_KEY = 4_242_007;

export type PriceEventKind = 'price' | 'stock' | 'eta' | 'flash_sale';

/** What a listing showed at one moment: the part of its state the live stream reports changes of. */
export interface ListingState {
  productId: number;
  platformId: number;
  price: number;
  mrp: number;
  flashSale: boolean;
  /** When this state was observed (ISO-8601). */
  observedAt: string;
  /** city id → stock and delivery estimate there. */
  cities: Map<number, { inStock: boolean; etaMinutes: number | null }>;
}

export interface PriceEventRow {
  kind: PriceEventKind;
  listingId: number;
  productId: number;
  platformId: number;
  cityId: number | null;
  oldPrice: number | null;
  newPrice: number | null;
  mrp: number | null;
  oldInStock: boolean | null;
  newInStock: boolean | null;
  oldEtaMinutes: number | null;
  newEtaMinutes: number | null;
  changedAt: string;
}

/**
 * The state a fresh observation leaves a listing in (what write-current-state.ts stores for it): its price,
 * MRP, offers and, when it lists availability, its cities; without availability the stored cities stay.
 */
export function observedState(
  listing: FreshListing,
  stored: ListingState | undefined,
  refs: ReferenceData,
): ListingState {
  const { record } = listing;
  const observedAt = Date.parse(record.observed_at);
  let cities = stored?.cities ?? new Map<number, { inStock: boolean; etaMinutes: number | null }>();
  if (record.availability) {
    cities = new Map();
    for (const a of record.availability) {
      cities.set(refs.cityId(a.city), { inStock: a.in_stock, etaMinutes: a.eta_minutes ?? null });
    }
  }
  return {
    productId: listing.productId,
    platformId: listing.platformId,
    price: storedMoney(record.price),
    mrp: storedMoney(record.mrp),
    flashSale: (record.offers ?? []).some(
      (o) => o.kind === 'flash_sale' && (!o.ends_at || Date.parse(o.ends_at) > observedAt),
    ),
    observedAt: record.observed_at,
    cities,
  };
}

/** Current price, flash sale, stock and ETA of the given listings. */
export async function listingStates(db: Queryable, listingIds: number[]): Promise<Map<number, ListingState>> {
  const states = new Map<number, ListingState>();
  if (listingIds.length === 0) return states;
  const listings = await db.query<{
    listing_id: number;
    product_id: number;
    platform_id: number;
    price: number;
    mrp: number;
    observed_at: Date;
    flash_sale: boolean;
  }>(
    `SELECT c.listing_id, c.product_id, c.platform_id, c.price, c.mrp, c.observed_at,
            EXISTS (SELECT 1 FROM discounts d
                     WHERE d.listing_id = c.listing_id AND d.kind = 'flash_sale'
                       AND (d.ends_at IS NULL OR d.ends_at > c.observed_at)) AS flash_sale
       FROM current_prices c WHERE c.listing_id = ANY($1::bigint[])`,
    [listingIds],
  );
  for (const r of listings.rows) {
    states.set(r.listing_id, {
      productId: r.product_id,
      platformId: r.platform_id,
      price: r.price,
      mrp: r.mrp,
      flashSale: r.flash_sale,
      observedAt: new Date(r.observed_at).toISOString(),
      cities: new Map(),
    });
  }
  const cities = await db.query<{
    listing_id: number;
    city_id: number;
    in_stock: boolean;
    eta_minutes: number | null;
  }>(
    // A per-row lookup: as a join, the planner hashes all of delivery_estimates for a few hundred listings.
    `SELECT a.listing_id, a.city_id, a.in_stock,
            (SELECT e.eta_minutes FROM delivery_estimates e
              WHERE e.listing_id = a.listing_id AND e.city_id = a.city_id) AS eta_minutes
       FROM availability_status a
      WHERE a.listing_id = ANY($1::bigint[])`,
    [listingIds],
  );
  for (const r of cities.rows) {
    states.get(r.listing_id)?.cities.set(r.city_id, { inStock: r.in_stock, etaMinutes: r.eta_minutes });
  }
  return states;
}

/**
 * The changes between two snapshots, one event per changed thing. A listing seen for the first time is one
 * price event (old price null); its cities are not reported as stock changes. A flash sale starting or ending
 * is reported as a flash_sale event carrying the price move, instead of a separate price event.
 */
export function diffStates(
  before: Map<number, ListingState>,
  after: Map<number, ListingState>,
): PriceEventRow[] {
  const events: PriceEventRow[] = [];
  for (const [listingId, now] of after) {
    const was = before.get(listingId);
    const base = {
      listingId,
      productId: now.productId,
      platformId: now.platformId,
      changedAt: now.observedAt,
      cityId: null,
      oldPrice: null,
      newPrice: null,
      mrp: null,
      oldInStock: null,
      newInStock: null,
      oldEtaMinutes: null,
      newEtaMinutes: null,
    };
    const priceMove = { oldPrice: was?.price ?? null, newPrice: now.price, mrp: now.mrp };
    if (!was) {
      events.push({ ...base, ...priceMove, kind: 'price' });
      continue;
    }
    if (was.flashSale !== now.flashSale) events.push({ ...base, ...priceMove, kind: 'flash_sale' });
    else if (was.price !== now.price) events.push({ ...base, ...priceMove, kind: 'price' });
    const cityIds = new Set([...was.cities.keys(), ...now.cities.keys()]);
    for (const cityId of [...cityIds].sort((a, b) => a - b)) {
      const old = was.cities.get(cityId);
      const cur = now.cities.get(cityId);
      if (old?.inStock !== cur?.inStock) {
        events.push({
          ...base,
          kind: 'stock',
          cityId,
          oldInStock: old?.inStock ?? null,
          newInStock: cur?.inStock ?? null,
        });
      }
      if ((old?.etaMinutes ?? null) !== (cur?.etaMinutes ?? null)) {
        events.push({
          ...base,
          kind: 'eta',
          cityId,
          oldEtaMinutes: old?.etaMinutes ?? null,
          newEtaMinutes: cur?.etaMinutes ?? null,
        });
      }
    }
  }
  return events;
}

/**
 * Appends the events to the log and notifies listeners, inside the caller's transaction: a rolled-back
 * import leaves no event and wakes nobody; PostgreSQL delivers the notification only on commit.
 */
export async function writeEvents(db: Queryable, events: PriceEventRow[]): Promise<number> {
  if (events.length === 0) return 0;
  await db.query('SELECT pg_advisory_xact_lock($1)', [EVENT_ORDER_LOCK_KEY]);
  const { rows } = await db.query<{ last: number }>(
    `WITH inserted AS (
       INSERT INTO price_events (kind, listing_id, product_id, platform_id, city_id, old_price, new_price, mrp,
                                 old_in_stock, new_in_stock, old_eta_minutes, new_eta_minutes, changed_at)
       SELECT kind, listing_id, product_id, platform_id, city_id, old_price, new_price, mrp, old_in_stock,
              new_in_stock, old_eta_minutes, new_eta_minutes, changed_at
         FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::int[], $5::int[], $6::numeric[],
                            $7::numeric[], $8::numeric[], $9::bool[], $10::bool[], $11::int[], $12::int[],
                            $13::timestamptz[]) WITH ORDINALITY
         AS e(kind, listing_id, product_id, platform_id, city_id, old_price, new_price, mrp, old_in_stock,
              new_in_stock, old_eta_minutes, new_eta_minutes, changed_at, n)
        ORDER BY n
       RETURNING id
     )
     SELECT max(id) AS last FROM inserted`,
    [
      events.map((e) => e.kind),
      events.map((e) => e.listingId),
      events.map((e) => e.productId),
      events.map((e) => e.platformId),
      events.map((e) => e.cityId),
      events.map((e) => e.oldPrice),
      events.map((e) => e.newPrice),
      events.map((e) => e.mrp),
      events.map((e) => e.oldInStock),
      events.map((e) => e.newInStock),
      events.map((e) => e.oldEtaMinutes),
      events.map((e) => e.newEtaMinutes),
      events.map((e) => e.changedAt),
    ],
  );
  await db.query('SELECT pg_notify($1, $2)', [PRICE_EVENTS_CHANNEL, String(rows[0]!.last)]);
  return events.length;
}
