import type { ListingRecord, Unit } from '../catalog/feed/records.ts';
import { type ImportOptions, importFeed, type NumberedLine } from '../catalog/import/import-feed.ts';
import { ReferenceData } from '../catalog/import/reference-data.ts';
import type { Database } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError, ErrorCode } from '../shared/errors.ts';
import { type ChangeKind, PriceSimulator, type SimulatedListing } from './simulator.ts';

/** Rebuilds, from the database, the feed record each listing's current state corresponds to. */
export async function loadSimulatedListings(db: Database, limit = 20_000): Promise<SimulatedListing[]> {
  const { rows } = await db.query<{
    listing_id: number;
    platform: string;
    sku: string;
    title: string;
    brand: string | null;
    category_path: string;
    pack: string | null;
    quantity: number;
    unit: Unit;
    pack_count: number;
    ean: string | null;
    mrp: number;
    price: number;
    member_price: number | null;
    observed_at: Date;
  }>(
    `SELECT l.id AS listing_id, pl.slug AS platform, l.sku, l.title, b.name AS brand, c.path AS category_path,
            coalesce(l.pack_label, p.pack_label) AS pack, p.quantity, p.unit, p.pack_count, l.ean, cp.mrp, cp.price,
            cp.member_price, cp.observed_at
       FROM current_prices cp
       JOIN platform_listings l ON l.id = cp.listing_id
       JOIN platforms pl ON pl.id = l.platform_id
       JOIN products p ON p.id = l.product_id
       JOIN product_categories c ON c.id = p.category_id
       LEFT JOIN product_brands b ON b.id = p.brand_id
      ORDER BY l.id
      LIMIT $1`,
    [limit],
  );
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.listing_id);
  const cities = await db.query<{
    listing_id: number;
    city: string;
    pincode: string | null;
    in_stock: boolean;
    stock_qty: number | null;
    eta_minutes: number | null;
  }>(
    `SELECT a.listing_id, ci.name AS city, a.pincode, a.in_stock, i.stock_qty, e.eta_minutes
       FROM availability_status a
       JOIN cities ci ON ci.id = a.city_id
       LEFT JOIN inventory_levels i ON i.listing_id = a.listing_id AND i.city_id = a.city_id
       LEFT JOIN delivery_estimates e ON e.listing_id = a.listing_id AND e.city_id = a.city_id
      WHERE a.listing_id = ANY($1::bigint[])
      ORDER BY a.listing_id, ci.name`,
    [ids],
  );
  const offers = await db.query<{
    listing_id: number;
    kind: NonNullable<ListingRecord['offers']>[number]['kind'];
    title: string;
    percent_off: number | null;
    amount_off: number | null;
    ends_at: Date | null;
  }>(
    `SELECT listing_id, kind, title, percent_off, amount_off, ends_at FROM discounts
      WHERE listing_id = ANY($1::bigint[]) ORDER BY listing_id, id`,
    [ids],
  );
  const availability = groupBy(cities.rows, (r) => r.listing_id);
  const offersOf = groupBy(offers.rows, (r) => r.listing_id);
  return rows.map((r) => {
    const observedAt = new Date(r.observed_at);
    // Offers that ended before the listing was last seen are history, not part of its current state.
    const current = (offersOf.get(r.listing_id) ?? []).filter((o) => !o.ends_at || o.ends_at > observedAt);
    const record: ListingRecord = {
      type: 'listing',
      platform: r.platform,
      sku: r.sku,
      name: r.title,
      brand: r.brand,
      category: r.category_path.split(' > '),
      ...(r.pack ? { pack: r.pack } : {}),
      quantity: r.quantity,
      unit: r.unit,
      pack_count: r.pack_count,
      ...(r.ean ? { ean: r.ean } : {}),
      mrp: r.mrp,
      price: r.price,
      ...(r.member_price !== null ? { member_price: r.member_price } : {}),
      observed_at: observedAt.toISOString(),
      availability: (availability.get(r.listing_id) ?? []).map((a) => ({
        city: a.city,
        ...(a.pincode ? { pincode: a.pincode } : {}),
        in_stock: a.in_stock,
        ...(a.stock_qty !== null ? { stock_qty: a.stock_qty } : {}),
        ...(a.eta_minutes !== null ? { eta_minutes: a.eta_minutes } : {}),
      })),
      offers: current.map((o) => ({
        kind: o.kind,
        title: o.title,
        ...(o.percent_off !== null ? { percent_off: o.percent_off } : {}),
        ...(o.amount_off !== null ? { amount_off: o.amount_off } : {}),
        ...(o.ends_at ? { ends_at: o.ends_at.toISOString() } : {}),
      })),
    };
    const flash = current.find((o) => o.kind === 'flash_sale' && o.ends_at);
    return {
      record,
      flash: flash
        ? {
            regularPrice: Math.min(
              r.mrp,
              Math.round((r.price / (1 - (flash.percent_off ?? 0) / 100)) * 100) / 100,
            ),
            endsAt: flash.ends_at!.getTime(),
          }
        : null,
    };
  });
}

function groupBy<T>(rows: T[], key: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

/** Database backends a tick is imported on at once (the machines here have two cores). */
const TICK_PARTITIONS = 2;

/**
 * Imports simulator ticks through the one importer, each tick split by listing into halves imported side
 * by side: the halves observe different known listings, so their transactions lock different rows and run on
 * two database backends at once (a tick creates nothing, so no import-wide lock is taken). Reference ids are
 * kept across ticks, one cache per half.
 */
export class TickImporter {
  readonly #references = Array.from({ length: TICK_PARTITIONS }, () => new ReferenceData());

  constructor(
    private readonly db: Database,
    private readonly options: Pick<ImportOptions, 'source' | 'onBatchCommitted'>,
  ) {}

  /** Returns how many lines the importer rejected. */
  async import(records: ListingRecord[]): Promise<number> {
    const parts = this.#references.map(() => [] as NumberedLine[]);
    records.forEach((record, i) => {
      parts[partitionOf(`${record.platform}\u0000${record.sku}`)]!.push({ line: i + 1, record });
    });
    const summaries = await Promise.all(
      parts.map((lines, i) =>
        lines.length === 0
          ? null
          : importFeed(this.db, lines, { ...this.options, references: this.#references[i] }),
      ),
    );
    return summaries.reduce((n, s) => n + (s?.rejected ?? 0), 0);
  }
}

/** FNV-1a: a listing always lands in the same half, so its changes stay in order across ticks. */
function partitionOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % TICK_PARTITIONS;
}

export interface SimulationOptions {
  db: Database;
  clock: Clock;
  intervalMs: number;
  /** Random changes per tick. */
  changesPerTick: number;
  /** Stop after this many ticks; runs until `signal` aborts when absent. */
  ticks?: number;
  seed?: number;
  signal?: AbortSignal;
  onBatchCommitted?: ImportOptions['onBatchCommitted'];
  onTick?: (tick: {
    tick: number;
    records: number;
    changes: Record<ChangeKind, number>;
    rejected: number;
  }) => void;
}

export interface SimulationSummary {
  ticks: number;
  records: number;
  changes: Record<ChangeKind, number>;
}

/** Runs the simulator: every tick's records go through the one importer; stops cleanly on abort. */
export async function runSimulation(options: SimulationOptions): Promise<SimulationSummary> {
  const listings = await loadSimulatedListings(options.db);
  if (listings.length === 0) {
    throw new AppError(ErrorCode.BadRequest, 'There are no listings to simulate price changes for.', {
      hint: 'Load data first: qcd demo (or qcd import <feed>), then run qcd simulate again.',
    });
  }
  const simulator = new PriceSimulator(listings, options.seed ?? Date.now());
  const importer = new TickImporter(options.db, {
    source: 'simulator',
    onBatchCommitted: options.onBatchCommitted,
  });
  const summary: SimulationSummary = {
    ticks: 0,
    records: 0,
    changes: { walk: 0, flash_sale: 0, stock: 0, eta: 0 },
  };
  while (!options.signal?.aborted && (options.ticks === undefined || summary.ticks < options.ticks)) {
    const started = Date.now();
    const { records, changes } = simulator.tick(options.clock.now(), options.changesPerTick);
    const rejected = await importer.import(records);
    summary.ticks += 1;
    summary.records += records.length;
    for (const kind of Object.keys(changes) as ChangeKind[]) summary.changes[kind] += changes[kind];
    options.onTick?.({ tick: summary.ticks, records: records.length, changes, rejected });
    if (options.ticks !== undefined && summary.ticks >= options.ticks) break;
    await sleep(Math.max(0, options.intervalMs - (Date.now() - started)), options.signal);
  }
  return summary;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
