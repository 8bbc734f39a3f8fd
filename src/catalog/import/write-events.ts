import type { Queryable } from '../../db/database.ts';
import type { ListingState } from './listing-state.ts';

/** The channel every instance LISTENs on; the payload is the newest event id of the committed transaction. */
export const PRICE_EVENTS_CHANNEL = 'qcd_price_events';
/**
 * Held from the event insert to commit, so event ids become visible in id order: a reader that sees id n has
 * already been able to see every id below n, and resuming "after id n" never skips a late commit.
 */
const EVENT_ORDER_LOCK_KEY = 4_242_007;

export type PriceEventKind = 'price' | 'stock' | 'eta' | 'flash_sale';

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
