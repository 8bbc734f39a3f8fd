import { Random } from '../catalog/demo/random.ts';
import type { ListingRecord } from '../catalog/feed/records.ts';

/**
 * Price simulator, the pure part: from the current state of some listings it produces realistic changes as
 * feed records — small random walks of the price, flash sales that start and end, stock-outs and restocks, and
 * delivery-time swings. Deterministic for a seed and a starting state; the runner (simulator-runner.ts)
 * loads the state and imports the records through importFeed.
 */

type Availability = NonNullable<ListingRecord['availability']>[number];
type Offer = NonNullable<ListingRecord['offers']>[number];

/** A listing as the simulator tracks it: the full feed record it last emitted, plus a running flash sale. */
export interface SimulatedListing {
  record: ListingRecord;
  /** The price before the running flash sale, restored when it ends. */
  flash: { regularPrice: number; endsAt: number } | null;
}

export type ChangeKind = 'walk' | 'flash_sale' | 'stock' | 'eta';

export interface TickResult {
  records: ListingRecord[];
  /** How many changes of each kind this tick made (a flash sale ending on time counts as flash_sale). */
  changes: Record<ChangeKind, number>;
}

const round2 = (v: number) => Math.round(v * 100) / 100;
const MIN_ETA = 5;
const MAX_ETA = 120;

export class PriceSimulator {
  private readonly random: Random;
  private lastObserved = 0;

  constructor(
    private readonly listings: SimulatedListing[],
    seed: number,
  ) {
    this.random = new Random(seed);
    for (const l of listings)
      this.lastObserved = Math.max(this.lastObserved, Date.parse(l.record.observed_at));
  }

  get size(): number {
    return this.listings.length;
  }

  /**
   * `changes` random changes observed at `now` (moved forward if needed so every record is newer than the
   * last one: with a fixed demo clock the simulation still advances), plus the end of every flash sale due.
   */
  tick(now: Date, changes: number): TickResult {
    const at = Math.max(now.getTime(), this.lastObserved + 1000);
    this.lastObserved = at;
    const observedAt = new Date(at).toISOString();
    const result: TickResult = { records: [], changes: { walk: 0, flash_sale: 0, stock: 0, eta: 0 } };
    if (this.listings.length === 0) return result;
    const touched = new Set<SimulatedListing>();
    for (const listing of this.listings) {
      if (listing.flash && listing.flash.endsAt <= at) {
        this.endFlashSale(listing);
        touched.add(listing);
        result.changes.flash_sale += 1;
      }
    }
    for (let i = 0; i < changes; i += 1) {
      const listing = this.listings[this.random.int(0, this.listings.length - 1)]!;
      const kind = this.pickKind(listing);
      const changed =
        kind === 'walk'
          ? this.walk(listing)
          : kind === 'flash_sale'
            ? this.toggleFlashSale(listing, at)
            : kind === 'stock'
              ? this.toggleStock(listing)
              : this.swingEta(listing);
      if (!changed) continue;
      touched.add(listing);
      result.changes[kind] += 1;
    }
    for (const listing of touched) {
      listing.record = { ...listing.record, observed_at: observedAt };
      result.records.push(listing.record);
    }
    return result;
  }

  private pickKind(listing: SimulatedListing): ChangeKind {
    const roll = this.random.next();
    const hasCities = (listing.record.availability ?? []).length > 0;
    if (roll < 0.55 || (!hasCities && roll < 0.85)) return listing.flash ? 'flash_sale' : 'walk';
    if (roll < 0.7 || !hasCities) return 'flash_sale';
    return roll < 0.85 ? 'stock' : 'eta';
  }

  /** A small move (±4 %), staying between 40 % of MRP and MRP. */
  private walk(listing: SimulatedListing): boolean {
    const { price, mrp } = listing.record;
    const next = round2(Math.min(mrp, Math.max(mrp * 0.4, price * (1 + this.random.float(-0.04, 0.04)))));
    if (next === price || next <= 0) return false;
    this.setPrice(listing, next);
    return true;
  }

  private toggleFlashSale(listing: SimulatedListing, at: number): boolean {
    if (listing.flash) {
      this.endFlashSale(listing);
      return true;
    }
    const percent = this.random.int(10, 40);
    const regularPrice = listing.record.price;
    const salePrice = round2(regularPrice * (1 - percent / 100));
    if (salePrice <= 0 || salePrice === regularPrice) return false;
    const endsAt = at + this.random.int(10, 60) * 60_000;
    listing.flash = { regularPrice, endsAt };
    const offer: Offer = {
      kind: 'flash_sale',
      title: `Flash sale ${percent}% off`,
      percent_off: percent,
      ends_at: new Date(endsAt).toISOString(),
    };
    listing.record = { ...listing.record, offers: [...(listing.record.offers ?? []), offer] };
    this.setPrice(listing, salePrice);
    return true;
  }

  private endFlashSale(listing: SimulatedListing): void {
    const regular = listing.flash!.regularPrice;
    listing.flash = null;
    listing.record = {
      ...listing.record,
      offers: (listing.record.offers ?? []).filter((o) => o.kind !== 'flash_sale'),
    };
    this.setPrice(listing, Math.min(regular, listing.record.mrp));
  }

  /** Stock-out or restock in one city. */
  private toggleStock(listing: SimulatedListing): boolean {
    return this.changeCity(listing, (a) =>
      a.in_stock
        ? { ...a, in_stock: false, ...(a.stock_qty === undefined ? {} : { stock_qty: 0 }) }
        : {
            ...a,
            in_stock: true,
            ...(a.stock_qty === undefined ? {} : { stock_qty: this.random.int(5, 60) }),
          },
    );
  }

  /** Delivery time in one city swings by up to -8/+15 minutes (rush hours, rain). */
  private swingEta(listing: SimulatedListing): boolean {
    return this.changeCity(listing, (a) => {
      const current = a.eta_minutes ?? 15;
      const next = Math.min(MAX_ETA, Math.max(MIN_ETA, current + this.random.int(-8, 15)));
      return next === a.eta_minutes ? null : { ...a, eta_minutes: next };
    });
  }

  private changeCity(listing: SimulatedListing, change: (a: Availability) => Availability | null): boolean {
    const cities = listing.record.availability ?? [];
    if (cities.length === 0) return false;
    const index = this.random.int(0, cities.length - 1);
    const next = change(cities[index]!);
    if (!next) return false;
    listing.record = { ...listing.record, availability: cities.map((a, i) => (i === index ? next : a)) };
    return true;
  }

  /** Member prices keep their discount from the selling price and stay below it. */
  private setPrice(listing: SimulatedListing, price: number): void {
    const { member_price: member, price: old } = listing.record;
    const record: ListingRecord = { ...listing.record, price };
    if (member !== undefined) {
      const scaled = round2((member / old) * price);
      if (scaled > 0 && scaled < price) record.member_price = scaled;
      else delete record.member_price;
    }
    listing.record = record;
  }
}
