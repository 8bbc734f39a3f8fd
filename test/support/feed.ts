import { readFileSync } from 'node:fs';
import type { FeedRecord } from '../../src/catalog/feed/records.ts';
import type { NumberedLine } from '../../src/catalog/import/import-feed.ts';
import { fixturePath } from './fixtures.ts';

/** Small hand-made feeds for tests: records become numbered lines as the reader would yield them. */
export function lines(records: FeedRecord[]): NumberedLine[] {
  return records.map((record, i) => ({ line: i + 1, record }));
}

export const platform = (slug: string, membership: string | null = null): FeedRecord => ({
  type: 'platform',
  slug,
  name: slug.toUpperCase(),
  membership_name: membership,
});

export function listing(overrides: Partial<Extract<FeedRecord, { type: 'listing' }>> = {}): FeedRecord {
  return {
    type: 'listing',
    platform: 'alpha',
    sku: 'A1',
    name: 'Brandy Toned Milk (500 ml)',
    brand: 'Brandy',
    category: ['Dairy', 'Milk'],
    pack: '500 ml',
    quantity: 500,
    unit: 'ml',
    pack_count: 1,
    mrp: 30,
    price: 28,
    observed_at: '2026-11-20T10:00:00+05:30',
    availability: [{ city: 'Pune', pincode: '411001', in_stock: true, stock_qty: 5, eta_minutes: 12 }],
    ...overrides,
  } as FeedRecord;
}

/** Row count and content hash of every data table, to prove an operation changed nothing. */
export const TABLE_FINGERPRINT_SQL = `
  SELECT table_name FROM information_schema.tables
   WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
     AND table_name NOT IN ('feed_imports', 'feed_rejections', 'schema_migrations')
   ORDER BY table_name`;

export type ListingRecord = Extract<FeedRecord, { type: 'listing' }>;

/** The shared fixture's newest listing record per `platform/sku`, to re-send with a new price or time. */
export function fixtureListings(): Map<string, ListingRecord> {
  const byKey = new Map<string, ListingRecord>();
  for (const line of readFileSync(fixturePath(), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const record = JSON.parse(line) as FeedRecord;
    if (record.type === 'listing') byKey.set(`${record.platform}/${record.sku}`, record);
  }
  return byKey;
}
