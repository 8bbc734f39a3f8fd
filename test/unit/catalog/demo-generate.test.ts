import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type DemoFeedOptions,
  estimateDemoRecords,
  generateDemoFeed,
} from '../../../src/catalog/demo/generate.ts';
import type { FeedRecord, ListingRecord } from '../../../src/catalog/feed/records.ts';
import { RECORD_SCHEMAS } from '../../../src/catalog/feed/records.ts';
import {
  basePackKey,
  canonicalName,
  FUZZY_MATCH_THRESHOLD,
  nameSimilarity,
  normalizeBrand,
  packLabel,
  productMatchKey,
} from '../../../src/catalog/product-identity.ts';

const NOW = new Date('2026-11-20T06:30:00Z'); // 12:00 IST, the fixture's reference time
const BASE: DemoFeedOptions = { products: 300, days: 10, seed: 42, now: NOW };

const collect = (options: DemoFeedOptions) => [...generateDemoFeed(options)];
const listingsOf = (records: FeedRecord[]) => records.filter((r): r is ListingRecord => r.type === 'listing');
const isCurrent = (l: ListingRecord) => l.availability !== undefined;
const pack = (l: ListingRecord) => ({ quantity: l.quantity, unit: l.unit, packCount: l.pack_count });
/** What the importer treats as one product when barcodes are missing. */
const productKey = (l: ListingRecord) => productMatchKey(l.brand, l.name, pack(l));

function hashOf(records: Iterable<FeedRecord>, limit: number): string {
  const hash = createHash('sha256');
  let n = 0;
  for (const r of records) {
    hash.update(JSON.stringify(r));
    n += 1;
    if (n === limit) break;
  }
  return hash.digest('hex');
}

function validEan13(ean: string): boolean {
  if (!/^\d{13}$/.test(ean)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(ean[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === Number(ean[12]);
}

/** Listings grouped by (platform, sku), in feed order. */
function byListing(listings: ListingRecord[]): Map<string, ListingRecord[]> {
  const out = new Map<string, ListingRecord[]>();
  for (const l of listings) {
    const key = `${l.platform}|${l.sku}`;
    const list = out.get(key);
    if (list) list.push(l);
    else out.set(key, [l]);
  }
  return out;
}

describe('generateDemoFeed', () => {
  const records = collect(BASE);
  const listings = listingsOf(records);
  const current = listings.filter(isCurrent);

  it('yields only records that pass the feed schemas, platforms, fees and coupons first', () => {
    for (const record of records) RECORD_SCHEMAS[record.type].parse(record);
    const order = ['platform', 'fees', 'coupon', 'listing'];
    const ranks = records.map((r) => order.indexOf(r.type));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(records.filter((r) => r.type === 'platform').map((r) => r.type === 'platform' && r.slug)).toEqual([
      'blinkit',
      'zepto',
      'instamart',
      'bbnow',
    ]);
    const coupons = records.filter((r) => r.type === 'coupon');
    expect(coupons.some((c) => c.type === 'coupon' && c.new_users_only)).toBe(true);
    expect(coupons.some((c) => c.type === 'coupon' && c.percent_off !== undefined)).toBe(true);
    expect(coupons.some((c) => c.type === 'coupon' && c.amount_off !== undefined)).toBe(true);
    for (const c of coupons) {
      if (c.type !== 'coupon') continue;
      expect(Date.parse(c.valid_from!)).toBeLessThanOrEqual(NOW.getTime());
      expect(Date.parse(c.valid_until!)).toBeGreaterThan(NOW.getTime());
    }
  });

  it('is deterministic per seed and differs between seeds', () => {
    const big = { ...BASE, products: 2000, days: 30 };
    const first = hashOf(generateDemoFeed(big), 50_000);
    expect(hashOf(generateDemoFeed(big), 50_000)).toBe(first);
    expect(hashOf(generateDemoFeed({ ...big, seed: 43 }), 50_000)).not.toBe(first);
    const titles = (seed: number) =>
      new Set(listingsOf(collect({ ...BASE, seed, days: 0 })).map((l) => `${productKey(l)}`));
    expect(titles(42)).not.toEqual(titles(7));
  });

  it('estimates exactly how many records it yields', () => {
    expect(estimateDemoRecords(BASE)).toBe(records.length);
    const wide = { ...BASE, products: 500, days: 3, platforms: 7, cities: ['Chennai', 'Kolkata', 'Surat'] };
    expect(estimateDemoRecords(wide)).toBe(collect(wide).length);
  });

  it('gives every listing days + 1 points in time order, the current one last and shortly before now', () => {
    const groups = byListing(listings);
    for (const points of groups.values()) {
      expect(points).toHaveLength(BASE.days + 1);
      const times = points.map((p) => Date.parse(p.observed_at));
      for (let i = 1; i < times.length; i += 1) expect(times[i]).toBeGreaterThan(times[i - 1]!);
      expect(points.slice(0, -1).every((p) => !isCurrent(p) && p.member_price === undefined)).toBe(true);
      const last = points.at(-1)!;
      expect(isCurrent(last)).toBe(true);
      expect(NOW.getTime() - Date.parse(last.observed_at)).toBeGreaterThan(0);
      expect(NOW.getTime() - Date.parse(last.observed_at)).toBeLessThanOrEqual(2 * 3_600_000);
      // Everything that defines the listing stays the same across its history.
      const same = (l: ListingRecord) =>
        JSON.stringify([l.name, l.brand, l.category, l.pack, l.ean, pack(l)]);
      expect(new Set(points.map(same)).size).toBe(1);
    }
    // Daily crawls land at one time of day per platform, which differs between platforms.
    const crawlTimes = new Map<string, Set<string>>();
    for (const l of listings.filter((p) => !isCurrent(p))) {
      const set = crawlTimes.get(l.platform) ?? new Set();
      set.add(l.observed_at.slice(11));
      crawlTimes.set(l.platform, set);
    }
    for (const set of crawlTimes.values()) expect(set.size).toBe(1);
    expect(new Set([...crawlTimes.values()].map((s) => [...s][0])).size).toBe(crawlTimes.size);
  });

  it('keeps (platform, sku) unique and gives each platform its own SKU format', () => {
    expect(new Set(current.map((l) => `${l.platform}|${l.sku}`)).size).toBe(current.length);
    const prefixes = {
      blinkit: /^BL[0-9A-F]{8}$/,
      zepto: /^ZP[0-9A-F]{8}$/,
      instamart: /^IM[0-9A-F]{8}$/,
      bbnow: /^BB[0-9A-F]{8}$/,
    };
    for (const l of current) expect(l.sku).toMatch(prefixes[l.platform as keyof typeof prefixes]);
  });

  it('makes the requested number of distinct products, each sold at most once per platform', () => {
    const products = new Map<string, ListingRecord[]>();
    for (const l of current) {
      const key = [normalizeBrand(l.brand), canonicalName(l.name), l.quantity, l.unit, l.pack_count].join(
        '|',
      );
      products.set(key, [...(products.get(key) ?? []), l]);
    }
    expect(products.size).toBe(BASE.products);
    for (const sold of products.values()) {
      expect(new Set(sold.map((l) => l.platform)).size).toBe(sold.length);
      // Titles differ between platforms but reduce to the same product for the importer.
      expect(new Set(sold.map(productKey)).size).toBe(1);
    }
    const perProduct = [...products.values()].map((sold) => sold.length);
    expect(perProduct.filter((n) => n >= 3).length / perProduct.length).toBeGreaterThan(0.6);
    const titles = new Set(current.map((l) => `${l.platform}:${l.name}`));
    expect([...titles].some((t) => /^zepto:.+\(\d[^)]*\)$/.test(t))).toBe(true);
    expect([...titles].some((t) => /^bbnow:.+ \d+(\.\d+)? (Gm|Kg|Ml|Ltr|Pcs)$/.test(t))).toBe(true);
  });

  it('shares one valid EAN-13 per product across platforms, on about 70% of listings', () => {
    const eanOf = new Map<string, Set<string>>();
    const productsOfEan = new Map<string, Set<string>>();
    for (const l of current) {
      if (!l.ean) continue;
      expect(validEan13(l.ean)).toBe(true);
      eanOf.set(productKey(l), (eanOf.get(productKey(l)) ?? new Set()).add(l.ean));
      productsOfEan.set(l.ean, (productsOfEan.get(l.ean) ?? new Set()).add(productKey(l)));
    }
    for (const eans of eanOf.values()) expect(eans.size).toBe(1);
    for (const keys of productsOfEan.values()) expect(keys.size).toBe(1);
    const shared = [...productsOfEan.keys()].filter(
      (ean) => new Set(current.filter((l) => l.ean === ean).map((l) => l.platform)).size >= 2,
    );
    expect(shared.length).toBeGreaterThan(100);
    const share = current.filter((l) => l.ean).length / current.length;
    expect(share).toBeGreaterThan(0.6);
    expect(share).toBeLessThan(0.8);
  });

  it('sells some products in several pack sizes, each a plausible size with a realistic MRP', () => {
    const sizes = new Map<string, Set<string>>();
    for (const l of current) {
      const family = `${l.brand}|${canonicalName(l.name)}`;
      sizes.set(family, (sizes.get(family) ?? new Set()).add(basePackKey(pack(l))));
    }
    expect([...sizes.values()].filter((s) => s.size >= 2).length).toBeGreaterThan(20);
    for (const l of current) {
      expect(l.pack).toBe(packLabel(pack(l)));
      if (l.unit === 'g' || l.unit === 'ml') expect(l.quantity).toBeLessThan(1000);
      if (l.unit === 'kg' || l.unit === 'l') expect(l.quantity).toBeLessThanOrEqual(10);
      expect(Number.isInteger(l.mrp)).toBe(true);
      expect(l.mrp).toBeGreaterThanOrEqual(5);
      expect(l.mrp).toBeLessThan(5000);
    }
    const branded = new Map<string, Set<number>>();
    for (const l of current.filter((c) => c.brand !== null))
      branded.set(productKey(l), (branded.get(productKey(l)) ?? new Set()).add(l.mrp));
    for (const mrps of branded.values()) expect(mrps.size).toBe(1);
    expect(current.some((l) => l.brand === null && l.category[0] === 'Fruits & Vegetables')).toBe(true);
  });

  it('prices in whole or half rupees, at or below MRP, moving on some days only', () => {
    for (const l of listings) {
      expect((l.price * 2) % 1).toBe(0);
      expect(l.price).toBeLessThanOrEqual(l.mrp);
    }
    let moves = 0;
    let steps = 0;
    for (const points of byListing(listings).values()) {
      for (let i = 1; i < points.length; i += 1) {
        steps += 1;
        if (points[i]!.price !== points[i - 1]!.price) moves += 1;
      }
    }
    expect(moves / steps).toBeGreaterThan(0.05);
    expect(moves / steps).toBeLessThan(0.5);
    expect(current.filter((l) => l.price < l.mrp).length / current.length).toBeGreaterThan(0.4);
  });

  it('shows member prices only on platforms with a membership, and a few item offers', () => {
    const memberships = new Map(
      records.flatMap((r) => (r.type === 'platform' ? [[r.slug, r.membership_name ?? null] as const] : [])),
    );
    const withMember = current.filter((l) => l.member_price !== undefined);
    expect(withMember.length).toBeGreaterThan(0);
    for (const l of withMember) expect(memberships.get(l.platform)).not.toBeNull();
    const memberPlatforms = current.filter((l) => memberships.get(l.platform) !== null);
    const memberShare = withMember.length / memberPlatforms.length;
    expect(memberShare).toBeGreaterThan(0.08);
    expect(memberShare).toBeLessThan(0.25);
    const offers = current.flatMap((l) => l.offers ?? []);
    expect(offers.length).toBeGreaterThan(0);
    expect(offers.length / current.length).toBeLessThan(0.1);
    for (const o of offers.filter((x) => x.kind === 'flash_sale')) {
      expect(Date.parse(o.ends_at!)).toBeGreaterThan(NOW.getTime());
      expect(Date.parse(o.ends_at!) - NOW.getTime()).toBeLessThanOrEqual(7 * 3_600_000);
    }
  });

  it('reports availability per served city with pincodes of that city and quick-commerce ETAs', () => {
    const prefix: Record<string, string> = {
      Bengaluru: '560',
      Mumbai: '400',
      Delhi: '110',
      Hyderabad: '500',
      Pune: '411',
    };
    let inStock = 0;
    let total = 0;
    for (const l of current) {
      for (const a of l.availability!) {
        total += 1;
        if (a.in_stock) inStock += 1;
        expect(a.pincode?.startsWith(prefix[a.city]!)).toBe(true);
        expect(a.eta_minutes).toBeGreaterThanOrEqual(6);
        expect(a.eta_minutes).toBeLessThanOrEqual(30);
        expect(a.in_stock ? a.stock_qty! > 0 : a.stock_qty === 0).toBe(true);
      }
    }
    expect(inStock / total).toBeGreaterThan(0.8);
    expect(inStock / total).toBeLessThan(1);
    // A platform covers the same cities for every product and has fees for exactly those.
    const fees = new Set(records.flatMap((r) => (r.type === 'fees' ? [`${r.platform}|${r.city}`] : [])));
    for (const l of current)
      for (const a of l.availability!) expect(fees.has(`${l.platform}|${a.city}`)).toBe(true);
  });

  it('adds plausible platforms beyond the four majors and serves the cities asked for', () => {
    const cities = ['Chennai', 'Kolkata', 'Surat'];
    const wide = collect({ ...BASE, products: 200, days: 1, platforms: 8, cities });
    const slugs = wide.flatMap((r) => (r.type === 'platform' ? [r.slug] : []));
    expect(slugs).toHaveLength(8);
    expect(slugs).toEqual(expect.arrayContaining(['flipkart_minutes', 'jiomart']));
    expect(new Set(slugs).size).toBe(8);
    for (const r of wide) RECORD_SCHEMAS[r.type].parse(r);
    for (const l of listingsOf(wide).filter(isCurrent)) {
      for (const a of l.availability!) {
        expect(cities).toContain(a.city);
        if (a.city === 'Surat') expect(a.pincode).toBeUndefined();
      }
    }
    expect(collect({ ...BASE, products: 5, platforms: 1 }).filter((r) => r.type === 'platform')).toHaveLength(
      1,
    );
  });

  it('stays distinct for the importer when the catalog grows far past the curated lines', () => {
    const big = listingsOf(collect({ ...BASE, products: 20_000, days: 0 }));
    expect(new Set(big.map(productKey)).size).toBe(20_000);
    const buckets = new Map<string, Set<string>>();
    for (const l of big) {
      const bucket = `${normalizeBrand(l.brand)}|${basePackKey(pack(l))}`;
      buckets.set(bucket, (buckets.get(bucket) ?? new Set()).add(canonicalName(l.name)));
    }
    // No two products with the same brand and pack are similar enough for the importer's fuzzy match.
    const twins: string[] = [];
    for (const names of buckets.values()) {
      const list = [...names];
      for (let i = 0; i < list.length; i += 1)
        for (let j = i + 1; j < list.length; j += 1)
          if (nameSimilarity(list[i]!, list[j]!) >= FUZZY_MATCH_THRESHOLD)
            twins.push(`${list[i]} ~ ${list[j]}`);
    }
    expect(twins).toEqual([]);
    const implausible = big.filter(
      (l) => ((l.unit === 'g' || l.unit === 'ml') && l.quantity >= 1000) || l.pack_count > 12,
    );
    expect(implausible).toEqual([]);
  });

  it('rejects options it cannot honour', () => {
    const bad: Partial<DemoFeedOptions>[] = [
      { products: -1 },
      { products: 1.5 },
      { days: -1 },
      { platforms: 0 },
      { platforms: 1000 },
      { cities: [] },
      { cities: ['Pune', 'Pune'] },
      { now: new Date('nope') },
    ];
    for (const override of bad) {
      expect(() => estimateDemoRecords({ ...BASE, ...override })).toThrow(RangeError);
      expect(() => generateDemoFeed({ ...BASE, ...override }).next()).toThrow(RangeError);
    }
  });
});
