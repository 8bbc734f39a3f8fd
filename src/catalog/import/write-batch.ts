import type { Queryable } from '../../db/database.ts';
import type { CouponRecord, FeedRecord, FeesRecord, ListingRecord, PlatformRecord } from '../feed/records.ts';
import { lockImportWrites } from './import-lock.ts';
import type { ReferenceData } from './reference-data.ts';
import { diffStates, writeEvents } from './write-events.ts';
import { type PriceChangeEvent, writeListings } from './write-listings.ts';

/** What a committed batch changed, so caches can invalidate exactly those entries. */
export interface BatchEffects {
  productIds: Set<number>;
  platformIds: Set<number>;
  cityNames: Set<string>;
  feesChanged: boolean;
  couponsChanged: boolean;
  catalogChanged: boolean;
  priceEvents: PriceChangeEvent[];
  /** Rows appended to the live stream's change log (price_events). */
  streamEvents: number;
  productsCreated: number;
  listingsCreated: number;
  pricePointsAdded: number;
}

export function emptyEffects(): BatchEffects {
  return {
    productIds: new Set(),
    platformIds: new Set(),
    cityNames: new Set(),
    feesChanged: false,
    couponsChanged: false,
    catalogChanged: false,
    priceEvents: [],
    streamEvents: 0,
    productsCreated: 0,
    listingsCreated: 0,
    pricePointsAdded: 0,
  };
}

export function mergeEffects(into: BatchEffects, from: BatchEffects): void {
  for (const id of from.productIds) into.productIds.add(id);
  for (const id of from.platformIds) into.platformIds.add(id);
  for (const c of from.cityNames) into.cityNames.add(c);
  into.feesChanged ||= from.feesChanged;
  into.couponsChanged ||= from.couponsChanged;
  into.catalogChanged ||= from.catalogChanged;
  into.priceEvents.push(...from.priceEvents);
  into.streamEvents += from.streamEvents;
  into.productsCreated += from.productsCreated;
  into.listingsCreated += from.listingsCreated;
  into.pricePointsAdded += from.pricePointsAdded;
}

/** Writes one batch of valid records inside the caller's transaction. */
export async function writeBatch(
  db: Queryable,
  refs: ReferenceData,
  records: FeedRecord[],
): Promise<BatchEffects> {
  const effects = emptyEffects();
  if (records.some((r) => r.type !== 'listing')) await lockImportWrites(db);
  const platforms = records.filter((r): r is PlatformRecord => r.type === 'platform');
  const fees = records.filter((r): r is FeesRecord => r.type === 'fees');
  const coupons = records.filter((r): r is CouponRecord => r.type === 'coupon');
  const listings = records.filter((r): r is ListingRecord => r.type === 'listing');

  if (platforms.length > 0) {
    await upsertPlatforms(db, refs, platforms);
    effects.catalogChanged = true;
    for (const p of platforms) effects.platformIds.add(refs.platformId(p.slug));
  }
  if (fees.length > 0) {
    effects.feesChanged = await upsertFees(db, refs, fees);
    for (const f of fees) {
      effects.platformIds.add(refs.platformId(f.platform));
      effects.cityNames.add(f.city);
    }
  }
  if (coupons.length > 0) {
    effects.couponsChanged = await upsertCoupons(db, refs, coupons);
    for (const c of coupons) effects.platformIds.add(refs.platformId(c.platform));
  }
  if (listings.length > 0) {
    const written = await writeListings(db, refs, listings);
    effects.streamEvents = await writeEvents(db, diffStates(written.before, written.after));
    mergeEffects(effects, { ...emptyEffects(), ...written, catalogChanged: written.productsCreated > 0 });
  }
  return effects;
}

async function upsertPlatforms(
  db: Queryable,
  refs: ReferenceData,
  platforms: PlatformRecord[],
): Promise<void> {
  const last = [...new Map(platforms.map((p) => [p.slug, p])).values()];
  const { rows } = await db.query<{ id: number; slug: string; membership_name: string | null }>(
    `INSERT INTO platforms AS p (slug, name, membership_name)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT (slug) DO UPDATE SET name = excluded.name, membership_name = excluded.membership_name
      WHERE (p.name, p.membership_name) IS DISTINCT FROM (excluded.name, excluded.membership_name)
     RETURNING id, slug, membership_name`,
    [last.map((p) => p.slug), last.map((p) => p.name), last.map((p) => p.membership_name ?? null)],
  );
  for (const r of rows) refs.platforms.set(r.slug, { id: r.id, membershipName: r.membership_name });
  // Unchanged platforms are not returned by the guarded upsert; they are already known from loadPlatforms.
  const unknown = last.filter((p) => !refs.platforms.has(p.slug));
  if (unknown.length > 0) await refs.loadPlatforms(db);
  const members = last.filter((p) => p.membership_name);
  if (members.length > 0) {
    await db.query(
      `INSERT INTO loyalty_programs AS lp (platform_id, name)
       SELECT * FROM unnest($1::int[], $2::text[])
       ON CONFLICT (platform_id) DO UPDATE SET name = excluded.name WHERE lp.name <> excluded.name`,
      [members.map((p) => refs.platformId(p.slug)), members.map((p) => p.membership_name)],
    );
  }
}

async function upsertFees(db: Queryable, refs: ReferenceData, fees: FeesRecord[]): Promise<boolean> {
  await refs.ensureCities(
    db,
    fees.map((f) => f.city),
  );
  // The newest observation per platform and city wins, within the batch and against what is stored.
  const newest = new Map<string, FeesRecord>();
  for (const f of fees) {
    const key = `${f.platform}:${refs.cityId(f.city)}`;
    const prev = newest.get(key);
    if (!prev || Date.parse(f.observed_at) >= Date.parse(prev.observed_at)) newest.set(key, f);
  }
  const rows = [...newest.values()];
  const result = await db.query(
    `INSERT INTO platform_fees AS f (platform_id, city_id, delivery_fee, free_delivery_above, handling_fee,
                                     small_cart_fee, small_cart_below, observed_at)
     SELECT * FROM unnest($1::int[], $2::int[], $3::numeric[], $4::numeric[], $5::numeric[], $6::numeric[],
                          $7::numeric[], $8::timestamptz[])
     ON CONFLICT (platform_id, city_id) DO UPDATE
        SET delivery_fee = excluded.delivery_fee, free_delivery_above = excluded.free_delivery_above,
            handling_fee = excluded.handling_fee, small_cart_fee = excluded.small_cart_fee,
            small_cart_below = excluded.small_cart_below, observed_at = excluded.observed_at
      WHERE f.observed_at < excluded.observed_at`,
    [
      rows.map((f) => refs.platformId(f.platform)),
      rows.map((f) => refs.cityId(f.city)),
      rows.map((f) => f.delivery_fee),
      rows.map((f) => f.free_delivery_above),
      rows.map((f) => f.handling_fee),
      rows.map((f) => f.small_cart_fee),
      rows.map((f) => f.small_cart_below),
      rows.map((f) => f.observed_at),
    ],
  );
  return result.rowCount > 0;
}

async function upsertCoupons(db: Queryable, refs: ReferenceData, coupons: CouponRecord[]): Promise<boolean> {
  const rows = [...new Map(coupons.map((c) => [`${c.platform}:${c.code}`, c])).values()];
  const result = await db.query(
    `INSERT INTO coupon_codes AS c (platform_id, code, title, percent_off, amount_off, max_discount, min_cart_value,
                                    new_users_only, valid_from, valid_until)
     SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::numeric[], $5::numeric[], $6::numeric[],
                          $7::numeric[], $8::bool[], $9::timestamptz[], $10::timestamptz[])
     ON CONFLICT (platform_id, code) DO UPDATE
        SET title = excluded.title, percent_off = excluded.percent_off, amount_off = excluded.amount_off,
            max_discount = excluded.max_discount, min_cart_value = excluded.min_cart_value,
            new_users_only = excluded.new_users_only, valid_from = excluded.valid_from,
            valid_until = excluded.valid_until
      WHERE (c.title, c.percent_off, c.amount_off, c.max_discount, c.min_cart_value, c.new_users_only,
             c.valid_from, c.valid_until)
            IS DISTINCT FROM
            (excluded.title, excluded.percent_off, excluded.amount_off, excluded.max_discount,
             excluded.min_cart_value, excluded.new_users_only, excluded.valid_from, excluded.valid_until)`,
    [
      rows.map((c) => refs.platformId(c.platform)),
      rows.map((c) => c.code),
      rows.map((c) => c.title),
      rows.map((c) => c.percent_off ?? null),
      rows.map((c) => c.amount_off ?? null),
      rows.map((c) => c.max_discount ?? null),
      rows.map((c) => c.min_cart_value ?? 0),
      rows.map((c) => c.new_users_only ?? false),
      rows.map((c) => c.valid_from ?? null),
      rows.map((c) => c.valid_until ?? null),
    ],
  );
  return result.rowCount > 0;
}
