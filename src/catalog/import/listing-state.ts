import type { Queryable } from '../../db/database.ts';
import type { ListingRecord } from '../feed/records.ts';
import type { ReferenceData } from './reference-data.ts';

/** Money and percentages as numeric(·, 2) stores them (the validator allows at most 2 decimals for money). */
export const storedMoney = (value: number) => Math.round(value * 100) / 100;

/** A listing whose newest observation in the batch replaced its current price. */
export interface FreshListing {
  record: ListingRecord;
  listingId: number;
  productId: number;
  platformId: number;
  /** The listing was created by this batch, so it has no stored state to replace. */
  created: boolean;
  /** The observation whose availability list the listing now has; null keeps the stored cities. */
  availabilityFrom: ListingRecord | null;
  /**
   * `record` is the listing's newest observation and replaced its price, member price and offers. False when
   * only a late line's availability list (newer than the stored one) replaced its cities.
   */
  priceFresh: boolean;
}

export interface CityState {
  pincode: string | null;
  inStock: boolean;
  stockQty: number | null;
  etaMinutes: number | null;
}

export interface OfferState {
  kind: string;
  title: string;
  percentOff: number | null;
  amountOff: number | null;
  /** Milliseconds since the epoch, or null for an offer without an end. */
  endsAt: number | null;
}

/**
 * Everything the current-state tables hold for one listing (current price, member price, stock and delivery
 * per city, offers). The importer reads it once per batch for the listings it observes, and derives from it
 * both the rows that really changed and the live stream's change events.
 */
export interface ListingState {
  productId: number;
  platformId: number;
  price: number;
  mrp: number;
  member: { name: string; regularPrice: number; price: number } | null;
  flashSale: boolean;
  /** When this state was observed (ISO-8601). */
  observedAt: string;
  /** When its cities were observed (ISO-8601); null if never, or unknown for rows stored before it was kept. */
  stockObservedAt: string | null;
  cities: Map<number, CityState>;
  /** Keyed by `offerKey`. */
  offers: Map<string, OfferState>;
}

export const offerKey = (offer: { kind: string; title: string }) => `${offer.kind}\u0000${offer.title}`;

const hasRunningFlashSale = (offers: Iterable<OfferState>, observedAt: number) =>
  [...offers].some((o) => o.kind === 'flash_sale' && (o.endsAt === null || o.endsAt > observedAt));

/**
 * The state a fresh observation leaves a listing in (what write-current-state.ts stores for it): its price,
 * MRP, member price and offers, and the cities of its newest observation that lists availability.
 */
export function observedState(
  listing: FreshListing,
  stored: ListingState | undefined,
  refs: ReferenceData,
): ListingState {
  const { record, availabilityFrom } = listing;
  let cities = stored?.cities ?? new Map<number, CityState>();
  if (availabilityFrom?.availability) {
    cities = new Map();
    for (const a of availabilityFrom.availability) {
      cities.set(refs.cityId(a.city), {
        pincode: a.pincode ?? null,
        inStock: a.in_stock,
        stockQty: a.stock_qty ?? null,
        etaMinutes: a.eta_minutes ?? null,
      });
    }
  }
  const stockObservedAt = availabilityFrom?.observed_at ?? stored?.stockObservedAt ?? null;
  if (!listing.priceFresh && stored) {
    return {
      ...stored,
      observedAt: availabilityFrom?.observed_at ?? stored.observedAt,
      cities,
      stockObservedAt,
    };
  }
  const offers = new Map<string, OfferState>();
  for (const o of record.offers ?? []) {
    offers.set(offerKey(o), {
      kind: o.kind,
      title: o.title,
      percentOff: o.percent_off === undefined ? null : storedMoney(o.percent_off),
      amountOff: o.amount_off === undefined ? null : storedMoney(o.amount_off),
      endsAt: o.ends_at === undefined ? null : Date.parse(o.ends_at),
    });
  }
  const price = storedMoney(record.price);
  return {
    productId: listing.productId,
    platformId: listing.platformId,
    price,
    mrp: storedMoney(record.mrp),
    member:
      record.member_price === undefined
        ? null
        : {
            name: refs.platforms.get(record.platform)?.membershipName ?? 'Membership',
            regularPrice: price,
            price: storedMoney(record.member_price),
          },
    flashSale: hasRunningFlashSale(offers.values(), Date.parse(record.observed_at)),
    observedAt: record.observed_at,
    stockObservedAt,
    cities,
    offers,
  };
}

/**
 * The stored state of the given listings. It locks their current-price rows until the batch commits: an
 * import observing the same listings waits here, before it writes anything of theirs, so the state stays true
 * while this batch compares with it; locking in id order keeps two such imports from deadlocking. Each table
 * is read on its own through the listings' ids (one bitmap index scan each, ~2 ms for 4,000 rows): joined,
 * the planner hashes whole tables for a few hundred listings, and per-row subqueries cost 7 times as much.
 */
export async function readListingStates(
  db: Queryable,
  listingIds: number[],
): Promise<Map<number, ListingState>> {
  const states = new Map<number, ListingState>();
  if (listingIds.length === 0) return states;
  const prices = await db.query<{
    listing_id: number;
    product_id: number;
    platform_id: number;
    price: number;
    mrp: number;
    observed_at: Date;
    stock_observed_at: Date | null;
  }>(
    `SELECT listing_id, product_id, platform_id, price, mrp, observed_at, stock_observed_at
       FROM current_prices WHERE listing_id = ANY($1::bigint[])
      ORDER BY listing_id FOR UPDATE`,
    [listingIds],
  );
  for (const r of prices.rows) {
    states.set(r.listing_id, {
      productId: r.product_id,
      platformId: r.platform_id,
      price: r.price,
      mrp: r.mrp,
      member: null,
      flashSale: false,
      observedAt: new Date(r.observed_at).toISOString(),
      stockObservedAt: r.stock_observed_at === null ? null : new Date(r.stock_observed_at).toISOString(),
      cities: new Map(),
      offers: new Map(),
    });
  }
  const members = await db.query<{
    listing_id: number;
    membership_name: string;
    regular_price: number;
    member_price: number;
  }>(
    `SELECT listing_id, membership_name, regular_price, member_price
       FROM membership_prices WHERE listing_id = ANY($1::bigint[])`,
    [listingIds],
  );
  for (const r of members.rows) {
    const state = states.get(r.listing_id);
    if (state)
      state.member = { name: r.membership_name, regularPrice: r.regular_price, price: r.member_price };
  }
  const offers = await db.query<{
    listing_id: number;
    kind: string;
    title: string;
    percent_off: number | null;
    amount_off: number | null;
    ends_at: Date | null;
  }>(
    `SELECT listing_id, kind, title, percent_off, amount_off, ends_at
       FROM discounts WHERE listing_id = ANY($1::bigint[])`,
    [listingIds],
  );
  for (const r of offers.rows) {
    states.get(r.listing_id)?.offers.set(offerKey(r), {
      kind: r.kind,
      title: r.title,
      percentOff: r.percent_off,
      amountOff: r.amount_off,
      endsAt: r.ends_at === null ? null : new Date(r.ends_at).getTime(),
    });
  }
  for (const state of states.values()) {
    state.flashSale = hasRunningFlashSale(state.offers.values(), Date.parse(state.observedAt));
  }
  const cities = await db.query<{
    listing_id: number;
    city_id: number;
    pincode: string | null;
    in_stock: boolean;
  }>(
    `SELECT listing_id, city_id, pincode, in_stock FROM availability_status WHERE listing_id = ANY($1::bigint[])`,
    [listingIds],
  );
  for (const r of cities.rows) {
    states.get(r.listing_id)?.cities.set(r.city_id, {
      pincode: r.pincode,
      inStock: r.in_stock,
      stockQty: null,
      etaMinutes: null,
    });
  }
  // Stock and delivery rows come from the same availability entry as the city's availability row.
  const perCity = [
    ['inventory_levels', 'stock_qty', 'stockQty'],
    ['delivery_estimates', 'eta_minutes', 'etaMinutes'],
  ] as const;
  for (const [table, column, field] of perCity) {
    const { rows } = await db.query<{ listing_id: number; city_id: number; value: number }>(
      `SELECT listing_id, city_id, ${column} AS value FROM ${table} WHERE listing_id = ANY($1::bigint[])`,
      [listingIds],
    );
    for (const r of rows) {
      const city = states.get(r.listing_id)?.cities.get(r.city_id);
      if (city) city[field] = r.value;
    }
  }
  return states;
}
