import type { Queryable } from '../../db/database.ts';
import type { ListingRecord } from '../feed/records.ts';
import type { ReferenceData } from './reference-data.ts';

/** A listing whose newest observation in the batch replaced its current price. */
export interface FreshListing {
  record: ListingRecord;
  listingId: number;
  productId: number;
  platformId: number;
  /** The listing was created by this batch, so it has no stored state to replace. */
  created: boolean;
}

/** Money as numeric(10, 2) stores it (the validator allows at most 2 decimals, within float error). */
export const storedMoney = (value: number) => Math.round(value * 100) / 100;

/**
 * Member price, stock, delivery estimates and offers of freshly observed listings replace the stored ones.
 * Rows are upserted and only rows the new observation no longer has are deleted: an update that keeps a
 * row's keys skips its 2–4 foreign-key checks, which delete + insert paid again for every row of every
 * observation (the checks are most of an insert's cost here).
 */
export async function replaceCurrentState(
  db: Queryable,
  refs: ReferenceData,
  fresh: FreshListing[],
): Promise<void> {
  await replaceMemberPrices(db, refs, fresh);
  await replaceAvailability(db, refs, fresh);
  await replaceOffers(db, fresh);
}

interface Replacement {
  table: string;
  /** The table's unique key; starts with listing_id. */
  key: readonly string[];
  columns: readonly { name: string; type: string; values: unknown[] }[];
  /** Per row: its listing was created by this batch (so nothing of it is stored yet). */
  created: boolean[];
  /** Listings whose stored rows are replaced (created listings have none). */
  listingIds: number[];
}

/** Columns saying when a state was first seen: kept, not compared, when the state is observed again. */
const SINCE_COLUMNS = new Set(['observed_at', 'starts_at']);

/**
 * Rows of created listings are plainly inserted (an ON CONFLICT insert costs more per row); for stored
 * listings one statement deletes their rows whose key is not in the input and upserts the input. A stored
 * row whose values are unchanged is left alone, so its observed_at says since when the state holds; most
 * observations repeat most of a listing's state, and skipping those writes keeps a stream of small changes
 * cheap.
 */
async function replaceRows(db: Queryable, r: Replacement): Promise<void> {
  const names = r.columns.map((c) => c.name);
  const pick = (created: boolean) =>
    r.columns.map((c) => c.values.filter((_, i) => r.created[i] === created));
  const input = () =>
    `WITH input AS (SELECT * FROM unnest(${r.columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')})
                          AS i(${names.join(', ')}))`;
  const fresh = pick(true);
  if (fresh[0]!.length > 0) {
    await db.query(`${input()} INSERT INTO ${r.table} (${names.join(', ')}) SELECT * FROM input`, fresh);
  }
  const stored = pick(false);
  if (stored[0]!.length === 0 && r.listingIds.length === 0) return;
  const sameKey = r.key.map((k) => `i.${k} = t.${k}`).join(' AND ');
  const values = names.filter((n) => !r.key.includes(n));
  const compared = values.filter((n) => !SINCE_COLUMNS.has(n));
  // Unchanged rows are filtered out before the upsert: ON CONFLICT would lock (and so write) them even when
  // its WHERE then skips the update. Stored rows are read through the listings' ids (an index scan), never
  // the whole table.
  await db.query(
    `${input()},
     gone AS (
       DELETE FROM ${r.table} t
        WHERE t.listing_id = ANY($${names.length + 1}::bigint[])
          AND NOT EXISTS (SELECT 1 FROM input i WHERE ${sameKey})
     ),
     changed AS (
       SELECT i.* FROM input i
         LEFT JOIN ${r.table} t ON ${sameKey} AND t.listing_id = ANY($${names.length + 1}::bigint[])
        WHERE t.${r.key[0]} IS NULL
           OR (${compared.map((n) => `t.${n}`).join(', ')}) IS DISTINCT FROM (${compared.map((n) => `i.${n}`).join(', ')})
     )
     INSERT INTO ${r.table} (${names.join(', ')}) SELECT * FROM changed
     ON CONFLICT (${r.key.join(', ')}) DO UPDATE SET ${values.map((n) => `${n} = excluded.${n}`).join(', ')}`,
    [...stored, r.listingIds],
  );
}

const storedIds = (listings: FreshListing[]) => listings.filter((l) => !l.created).map((l) => l.listingId);

async function replaceMemberPrices(db: Queryable, refs: ReferenceData, fresh: FreshListing[]): Promise<void> {
  const members = fresh.filter((l) => l.record.member_price !== undefined);
  await replaceRows(db, {
    table: 'membership_prices',
    key: ['listing_id'],
    listingIds: storedIds(fresh),
    created: members.map((l) => l.created),
    columns: [
      { name: 'listing_id', type: 'bigint', values: members.map((l) => l.listingId) },
      { name: 'product_id', type: 'bigint', values: members.map((l) => l.productId) },
      { name: 'platform_id', type: 'int', values: members.map((l) => l.platformId) },
      {
        name: 'membership_name',
        type: 'text',
        values: members.map((l) => refs.platforms.get(l.record.platform)?.membershipName ?? 'Membership'),
      },
      { name: 'regular_price', type: 'numeric', values: members.map((l) => l.record.price) },
      { name: 'member_price', type: 'numeric', values: members.map((l) => l.record.member_price) },
      { name: 'observed_at', type: 'timestamptz', values: members.map((l) => l.record.observed_at) },
    ],
  });
}

/** Observations without an availability list leave stock and delivery estimates as they were. */
async function replaceAvailability(db: Queryable, refs: ReferenceData, fresh: FreshListing[]): Promise<void> {
  const withAvailability = fresh.filter((l) => l.record.availability !== undefined);
  if (withAvailability.length === 0) return;
  const listingIds = storedIds(withAvailability);
  const rows = withAvailability.flatMap((l) =>
    (l.record.availability ?? []).map((a) => ({ l, a, cityId: refs.cityId(a.city) })),
  );
  // One row per listing and city: a city listed twice in one observation is written once.
  const unique = [...new Map(rows.map((r) => [`${r.l.listingId}:${r.cityId}`, r])).values()];
  const key = ['listing_id', 'city_id'];
  const listingCity = (list: typeof unique) => [
    { name: 'listing_id', type: 'bigint', values: list.map((r) => r.l.listingId) },
    { name: 'city_id', type: 'int', values: list.map((r) => r.cityId) },
  ];
  await replaceRows(db, {
    table: 'availability_status',
    key,
    listingIds,
    created: unique.map((r) => r.l.created),
    columns: [
      ...listingCity(unique),
      { name: 'product_id', type: 'bigint', values: unique.map((r) => r.l.productId) },
      { name: 'platform_id', type: 'int', values: unique.map((r) => r.l.platformId) },
      { name: 'pincode', type: 'text', values: unique.map((r) => r.a.pincode ?? null) },
      { name: 'in_stock', type: 'bool', values: unique.map((r) => r.a.in_stock) },
      { name: 'observed_at', type: 'timestamptz', values: unique.map((r) => r.l.record.observed_at) },
    ],
  });
  const stock = unique.filter((r) => r.a.stock_qty !== undefined);
  await replaceRows(db, {
    table: 'inventory_levels',
    key,
    listingIds,
    created: stock.map((r) => r.l.created),
    columns: [
      ...listingCity(stock),
      { name: 'stock_qty', type: 'int', values: stock.map((r) => r.a.stock_qty) },
      { name: 'observed_at', type: 'timestamptz', values: stock.map((r) => r.l.record.observed_at) },
    ],
  });
  const eta = unique.filter((r) => r.a.eta_minutes !== undefined);
  await replaceRows(db, {
    table: 'delivery_estimates',
    key,
    listingIds,
    created: eta.map((r) => r.l.created),
    columns: [
      ...listingCity(eta),
      { name: 'platform_id', type: 'int', values: eta.map((r) => r.l.platformId) },
      { name: 'eta_minutes', type: 'int', values: eta.map((r) => r.a.eta_minutes) },
      { name: 'observed_at', type: 'timestamptz', values: eta.map((r) => r.l.record.observed_at) },
    ],
  });
}

/** An observation without offers means the listing has none now. */
async function replaceOffers(db: Queryable, fresh: FreshListing[]): Promise<void> {
  const offers = fresh.flatMap((l) => (l.record.offers ?? []).map((offer) => ({ l, offer })));
  const unique = [
    ...new Map(offers.map((x) => [`${x.l.listingId}:${x.offer.kind}:${x.offer.title}`, x])).values(),
  ];
  await replaceRows(db, {
    table: 'discounts',
    key: ['listing_id', 'kind', 'title'],
    listingIds: storedIds(fresh),
    created: unique.map((x) => x.l.created),
    columns: [
      { name: 'listing_id', type: 'bigint', values: unique.map((x) => x.l.listingId) },
      { name: 'product_id', type: 'bigint', values: unique.map((x) => x.l.productId) },
      { name: 'platform_id', type: 'int', values: unique.map((x) => x.l.platformId) },
      { name: 'kind', type: 'text', values: unique.map((x) => x.offer.kind) },
      { name: 'title', type: 'text', values: unique.map((x) => x.offer.title) },
      { name: 'percent_off', type: 'numeric', values: unique.map((x) => x.offer.percent_off ?? null) },
      { name: 'amount_off', type: 'numeric', values: unique.map((x) => x.offer.amount_off ?? null) },
      { name: 'starts_at', type: 'timestamptz', values: unique.map((x) => x.l.record.observed_at) },
      { name: 'ends_at', type: 'timestamptz', values: unique.map((x) => x.offer.ends_at ?? null) },
    ],
  });
}
