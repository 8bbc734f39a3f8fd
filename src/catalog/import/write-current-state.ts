import type { Queryable } from '../../db/database.ts';
import type { FreshListing, ListingState } from './listing-state.ts';

/**
 * Member price, stock, delivery estimates and offers of freshly observed listings replace the stored ones.
 * The stored state was read once for the batch (listing-state.ts), so the rows that really changed are
 * known here and only they are written: an observation usually repeats most of its listing's state, and
 * comparing in SQL meant sending and joining every row of every observation. Rows of created listings are
 * plainly inserted; a stored listing's changed rows are upserted (an update that keeps a row's keys skips
 * its foreign-key checks, most of an insert's cost) and the rows its observation no longer lists are deleted.
 * An unchanged row keeps its observed_at, which so says since when the state holds.
 */
export async function writeCurrentState(
  db: Queryable,
  fresh: FreshListing[],
  before: ReadonlyMap<number, ListingState>,
  after: ReadonlyMap<number, ListingState>,
): Promise<void> {
  const writes = new Map(TABLES.map((t) => [t, { inserted: [], upserted: [], deleted: [] } as Writes]));
  const on = (table: Table) => writes.get(table)!;
  for (const listing of fresh) {
    const { listingId: id, productId, platformId, record } = listing;
    const now = after.get(id)!;
    const was = listing.created ? undefined : before.get(id);
    const put = (table: Table, row: unknown[]) =>
      on(table)[listing.created ? 'inserted' : 'upserted'].push(row);
    const at = record.observed_at;

    const member = now.member;
    if (
      member &&
      (was?.member?.name !== member.name ||
        was.member.regularPrice !== member.regularPrice ||
        was.member.price !== member.price)
    ) {
      put(MEMBER_PRICES, [id, productId, platformId, member.name, member.regularPrice, member.price, at]);
    } else if (!member && was?.member) {
      on(MEMBER_PRICES).deleted.push([id]);
    }

    // Without a newer availability list the stored cities stay as they are (observedState keeps them).
    const listed = listing.availabilityFrom;
    if (listed) {
      const since = listed.observed_at;
      for (const [cityId, city] of now.cities) {
        const old = was?.cities.get(cityId);
        if (old?.pincode !== city.pincode || old.inStock !== city.inStock) {
          put(AVAILABILITY, [id, cityId, productId, platformId, city.pincode, city.inStock, since]);
        }
        if (city.stockQty !== null && old?.stockQty !== city.stockQty) {
          put(STOCK, [id, cityId, city.stockQty, since]);
        } else if (city.stockQty === null && old && old.stockQty !== null) {
          on(STOCK).deleted.push([id, cityId]);
        }
        if (city.etaMinutes !== null && old?.etaMinutes !== city.etaMinutes) {
          put(DELIVERY, [id, cityId, platformId, city.etaMinutes, since]);
        } else if (city.etaMinutes === null && old && old.etaMinutes !== null) {
          on(DELIVERY).deleted.push([id, cityId]);
        }
      }
      for (const [cityId, old] of was?.cities ?? []) {
        if (now.cities.has(cityId)) continue;
        on(AVAILABILITY).deleted.push([id, cityId]);
        if (old.stockQty !== null) on(STOCK).deleted.push([id, cityId]);
        if (old.etaMinutes !== null) on(DELIVERY).deleted.push([id, cityId]);
      }
    }

    for (const [key, offer] of now.offers) {
      const old = was?.offers.get(key);
      if (
        old?.percentOff !== offer.percentOff ||
        old.amountOff !== offer.amountOff ||
        old.endsAt !== offer.endsAt
      ) {
        const endsAt = offer.endsAt === null ? null : new Date(offer.endsAt).toISOString();
        put(OFFERS, [
          id,
          offer.kind,
          offer.title,
          productId,
          platformId,
          offer.percentOff,
          offer.amountOff,
          at,
          endsAt,
        ]);
      }
    }
    for (const [key, old] of was?.offers ?? []) {
      if (!now.offers.has(key)) on(OFFERS).deleted.push([id, old.kind, old.title]);
    }
  }
  for (const [table, w] of writes) await writeTable(db, table, w);
}

/** A current-state table: its key columns come first in `columns`. */
interface Table {
  name: string;
  keyLength: number;
  columns: readonly (readonly [name: string, type: string])[];
}

interface Writes {
  inserted: unknown[][];
  upserted: unknown[][];
  /** Key values of rows to delete. */
  deleted: unknown[][];
}

const MEMBER_PRICES: Table = {
  name: 'membership_prices',
  keyLength: 1,
  columns: [
    ['listing_id', 'bigint'],
    ['product_id', 'bigint'],
    ['platform_id', 'int'],
    ['membership_name', 'text'],
    ['regular_price', 'numeric'],
    ['member_price', 'numeric'],
    ['observed_at', 'timestamptz'],
  ],
};
const AVAILABILITY: Table = {
  name: 'availability_status',
  keyLength: 2,
  columns: [
    ['listing_id', 'bigint'],
    ['city_id', 'int'],
    ['product_id', 'bigint'],
    ['platform_id', 'int'],
    ['pincode', 'text'],
    ['in_stock', 'bool'],
    ['observed_at', 'timestamptz'],
  ],
};
const STOCK: Table = {
  name: 'inventory_levels',
  keyLength: 2,
  columns: [
    ['listing_id', 'bigint'],
    ['city_id', 'int'],
    ['stock_qty', 'int'],
    ['observed_at', 'timestamptz'],
  ],
};
const DELIVERY: Table = {
  name: 'delivery_estimates',
  keyLength: 2,
  columns: [
    ['listing_id', 'bigint'],
    ['city_id', 'int'],
    ['platform_id', 'int'],
    ['eta_minutes', 'int'],
    ['observed_at', 'timestamptz'],
  ],
};
const OFFERS: Table = {
  name: 'discounts',
  keyLength: 3,
  columns: [
    ['listing_id', 'bigint'],
    ['kind', 'text'],
    ['title', 'text'],
    ['product_id', 'bigint'],
    ['platform_id', 'int'],
    ['percent_off', 'numeric'],
    ['amount_off', 'numeric'],
    ['starts_at', 'timestamptz'],
    ['ends_at', 'timestamptz'],
  ],
};
const TABLES = [MEMBER_PRICES, AVAILABILITY, STOCK, DELIVERY, OFFERS];

async function writeTable(db: Queryable, table: Table, writes: Writes): Promise<void> {
  const names = table.columns.map(([name]) => name);
  const keys = names.slice(0, table.keyLength);
  const columnsOf = (rows: unknown[][], count: number) =>
    Array.from({ length: count }, (_, i) => rows.map((row) => row[i]));
  const unnest = (count: number) =>
    `unnest(${table.columns
      .slice(0, count)
      .map(([, type], i) => `$${i + 1}::${type}[]`)
      .join(', ')})`;
  if (writes.deleted.length > 0) {
    await db.query(
      `DELETE FROM ${table.name} t USING ${unnest(keys.length)} AS d(${keys.join(', ')})
        WHERE ${keys.map((k) => `t.${k} = d.${k}`).join(' AND ')}`,
      columnsOf(writes.deleted, keys.length),
    );
  }
  const insert = `INSERT INTO ${table.name} (${names.join(', ')}) SELECT * FROM ${unnest(names.length)}`;
  if (writes.inserted.length > 0) await db.query(insert, columnsOf(writes.inserted, names.length));
  if (writes.upserted.length > 0) {
    await db.query(
      `${insert} ON CONFLICT (${keys.join(', ')}) DO UPDATE
          SET ${names
            .slice(table.keyLength)
            .map((n) => `${n} = excluded.${n}`)
            .join(', ')}`,
      columnsOf(writes.upserted, names.length),
    );
  }
}
