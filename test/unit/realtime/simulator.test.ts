import { describe, expect, it } from 'vitest';
import { ListingRecord } from '../../../src/catalog/feed/records.ts';
import { PriceSimulator, type SimulatedListing } from '../../../src/realtime/simulator.ts';
import { listing } from '../../support/feed.ts';

function start(): SimulatedListing[] {
  return Array.from({ length: 40 }, (_, i) => ({
    record: ListingRecord.parse(
      listing({
        sku: `S${i}`,
        price: 20 + (i % 10),
        mrp: 40,
        member_price: 18 + (i % 10),
        availability: [
          { city: 'Pune', pincode: '411001', in_stock: true, stock_qty: 5, eta_minutes: 12 },
          { city: 'Mumbai', in_stock: i % 3 !== 0, eta_minutes: 20 },
        ],
      }),
    ),
    flash: null,
  }));
}

const NOW = new Date('2026-11-20T12:00:00+05:30');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

describe('price simulator', () => {
  it('is deterministic for a seed', () => {
    const a = new PriceSimulator(start(), 7);
    const b = new PriceSimulator(start(), 7);
    const c = new PriceSimulator(start(), 8);
    const run = (s: PriceSimulator) => [1, 2, 3].map((t) => s.tick(minutes(t), 10).records);
    const first = run(a);
    expect(run(b)).toEqual(first);
    expect(run(c)).not.toEqual(first);
  });

  it('emits valid feed records, newer each tick, with every kind of change', () => {
    const sim = new PriceSimulator(start(), 1);
    const totals = { walk: 0, flash_sale: 0, stock: 0, eta: 0 };
    let last = 0;
    for (let t = 1; t <= 60; t += 1) {
      const { records, changes } = sim.tick(minutes(t), 15);
      for (const r of records) {
        const parsed = ListingRecord.safeParse(r);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
        expect(Date.parse(r.observed_at)).toBeGreaterThan(last);
      }
      if (records.length > 0) last = Date.parse(records[0]!.observed_at);
      expect(new Set(records.map((r) => r.sku)).size).toBe(records.length);
      for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += changes[k];
    }
    expect(totals.walk).toBeGreaterThan(100);
    expect(totals.flash_sale).toBeGreaterThan(20);
    expect(totals.stock).toBeGreaterThan(20);
    expect(totals.eta).toBeGreaterThan(20);
  });

  it('starts a flash sale below the regular price and restores the price when it ends', () => {
    const listings = start();
    const sim = new PriceSimulator(listings, 3);
    let sale: { sku: string; regular: number; endsAt: string } | undefined;
    for (let t = 1; t <= 50 && !sale; t += 1) {
      const before = new Map(listings.map((l) => [l.record.sku, l.record.price]));
      for (const r of sim.tick(minutes(t), 5).records) {
        const offer = r.offers?.find((o) => o.kind === 'flash_sale');
        if (offer?.ends_at && r.price < before.get(r.sku)!) {
          sale = { sku: r.sku, regular: before.get(r.sku)!, endsAt: offer.ends_at };
          expect(r.price).toBeCloseTo(before.get(r.sku)! * (1 - offer.percent_off! / 100), 1);
        }
      }
    }
    expect(sale).toBeDefined();
    // Well after the sale's end, with no random changes, the listing comes back at its regular price.
    const after = sim
      .tick(new Date(Date.parse(sale!.endsAt) + 60_000), 0)
      .records.find((r) => r.sku === sale!.sku);
    const current = listings.find((l) => l.record.sku === sale!.sku)!.record;
    expect(current.offers?.some((o) => o.kind === 'flash_sale') ?? false).toBe(false);
    // (Absent when a random toggle already ended it earlier, which also restored the regular price.)
    if (after) expect(after.price).toBe(sale!.regular);
  });

  it('moves time forward under a fixed clock so every tick is a new observation', () => {
    const sim = new PriceSimulator(start(), 5);
    const a = sim.tick(NOW, 5).records[0]!;
    const b = sim.tick(NOW, 5).records[0]!;
    expect(Date.parse(b.observed_at)).toBeGreaterThan(Date.parse(a.observed_at));
  });
});
