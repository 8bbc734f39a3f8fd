import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateDemoFeed } from '../../../src/catalog/demo/generate.ts';
import { type FeedRecord, type ListingRecord, RECORD_SCHEMAS } from '../../../src/catalog/feed/records.ts';
import { basePackKey, productFamilyKey } from '../../../src/catalog/product-identity.ts';

const options = { products: 300, days: 10, seed: 7, now: new Date('2026-11-20T06:30:00Z') };
const all = (o = options) => [...generateDemoFeed(o)];
const hash = (records: FeedRecord[]) => createHash('sha256').update(JSON.stringify(records)).digest('hex');

describe('demo feed generator', () => {
  const records = all();
  const listings = records.filter((r): r is ListingRecord => r.type === 'listing');

  it('emits only records that pass the feed schemas', () => {
    const bad = records.filter((r) => !RECORD_SCHEMAS[r.type].safeParse(r).success);
    expect(bad).toEqual([]);
    expect(new Set(records.map((r) => r.type))).toEqual(new Set(['platform', 'fees', 'coupon', 'listing']));
  });

  it('is deterministic per seed and differs between seeds', () => {
    expect(hash(all())).toBe(hash(records));
    expect(hash(all({ ...options, seed: 8 }))).not.toBe(hash(records));
  });

  it('creates the requested number of distinct products, each on at least one platform', () => {
    const products = new Set(
      listings.map(
        (l) => `${productFamilyKey(l.brand, l.name)}|${basePackKey({ ...l, packCount: l.pack_count })}`,
      ),
    );
    expect(products.size).toBe(options.products);
  });

  it('gives each listing unique SKUs and a history in time order ending with a current observation', () => {
    const byListing = new Map<string, ListingRecord[]>();
    for (const l of listings)
      byListing.set(`${l.platform}/${l.sku}`, [...(byListing.get(`${l.platform}/${l.sku}`) ?? []), l]);
    for (const history of byListing.values()) {
      const times = history.map((l) => Date.parse(l.observed_at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(history.at(-1)!.availability?.length).toBe(5);
    }
  });

  it('shares one barcode across platforms and keeps several pack sizes of one line apart', () => {
    const eanPacks = new Map<string, Set<string>>();
    for (const l of listings.filter((x) => x.ean)) {
      eanPacks.set(
        l.ean!,
        (eanPacks.get(l.ean!) ?? new Set()).add(basePackKey({ ...l, packCount: l.pack_count })),
      );
    }
    expect([...eanPacks.values()].every((packs) => packs.size === 1)).toBe(true);
    const platformsPerEan = new Map<string, Set<string>>();
    for (const l of listings.filter((x) => x.ean))
      platformsPerEan.set(l.ean!, (platformsPerEan.get(l.ean!) ?? new Set()).add(l.platform));
    expect([...platformsPerEan.values()].some((p) => p.size >= 3)).toBe(true);
  });

  it('offers member prices only on platforms with a membership', () => {
    const membership = new Map(
      records.flatMap((r) => (r.type === 'platform' ? [[r.slug, r.membership_name ?? null] as const] : [])),
    );
    const withMember = listings.filter((l) => l.member_price !== undefined);
    expect(withMember.length).toBeGreaterThan(0);
    expect(withMember.every((l) => membership.get(l.platform))).toBe(true);
  });
});
