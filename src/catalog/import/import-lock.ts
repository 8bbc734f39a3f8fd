import type { Queryable } from '../../db/database.ts';

/** Held until commit by a batch that creates shared rows (see writeListings and writeBatch). */
const IMPORT_WRITE_LOCK_KEY = 4_242_008;

/**
 * Makes batches that create platforms, fees, coupons, products, listings or reference rows run one at a time,
 * so two imports never create the same product or listing twice. Batches that only observe known listings
 * skip it and run side by side: their listings' rows are locked in id order instead (readListingStates).
 */
export async function lockImportWrites(db: Queryable): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_WRITE_LOCK_KEY]);
}
