import { AppError, ErrorCode } from '../../shared/errors.ts';
import { findProduct, iso, type ProductSummary, type ReadDeps } from './lookup.ts';

export const INTERVALS = ['hour', 'day', 'week'] as const;
export type Interval = (typeof INTERVALS)[number];
const INTERVAL_MS: Record<Interval, number> = { hour: 3_600_000, day: 86_400_000, week: 604_800_000 };
const MAX_POINTS = 5000;
const DEFAULT_DAYS = 30;

export interface PriceHistoryInput {
  product_id: number;
  platform?: string;
  from?: string;
  to?: string;
  /** The range as a number of days before `to`, for clients that do not know the server's clock. */
  days?: number;
  interval?: Interval;
}

export interface PricePoint {
  date: string;
  price: number;
  lowest_price: number;
  highest_price: number;
  average_price: number;
}

export interface PriceHistory {
  product: ProductSummary;
  interval: Interval;
  from: string;
  to: string;
  series: { platform: string; platform_slug: string; points: PricePoint[] }[];
}

// Buckets follow Indian days and weeks (the platforms' own), not UTC ones.
const HISTORY_SQL = `
  SELECT pf.name AS platform, pf.slug AS platform_slug,
         date_trunc($3, ph.recorded_at, 'Asia/Kolkata') AS date,
         (array_agg(ph.price ORDER BY ph.recorded_at DESC))[1] AS price,
         min(ph.price) AS lowest_price, max(ph.price) AS highest_price, round(avg(ph.price), 2) AS average_price
    FROM price_history ph JOIN platforms pf ON pf.id = ph.platform_id
   WHERE ph.product_id = $1 AND ph.recorded_at >= $4 AND ph.recorded_at < $5
     AND ($2::text IS NULL OR pf.slug = $2)
   GROUP BY pf.name, pf.slug, 3
   ORDER BY pf.slug, 3`;

/** A product's price per platform over time: last, lowest, highest and average price per bucket. */
export async function priceHistory(deps: ReadDeps, input: PriceHistoryInput): Promise<PriceHistory> {
  const interval = input.interval ?? 'day';
  const to = input.to ? new Date(input.to) : deps.clock.now();
  if (input.from && input.days !== undefined) {
    throw new AppError(ErrorCode.BadRequest, 'Give `from` or `days`, not both', {
      details: { from: input.from, days: input.days },
    });
  }
  const days = input.days ?? DEFAULT_DAYS;
  const from = input.from ? new Date(input.from) : new Date(to.getTime() - days * INTERVAL_MS.day);
  if (!(from < to)) {
    throw new AppError(ErrorCode.BadRequest, '`from` must be before `to`', { details: { from, to } });
  }
  if ((to.getTime() - from.getTime()) / INTERVAL_MS[interval] > MAX_POINTS) {
    throw new AppError(ErrorCode.BadRequest, `The range has more than ${MAX_POINTS} ${interval}s`, {
      suggestions: ['Use a larger interval (day or week) or a shorter range.'],
    });
  }
  const product = await findProduct(deps.db, input.product_id);
  const { rows } = await deps.db.query<PricePoint & { platform: string; platform_slug: string; date: Date }>(
    HISTORY_SQL,
    [input.product_id, input.platform ?? null, interval, from, to],
  );
  const series = new Map<string, PriceHistory['series'][number]>();
  for (const { platform, platform_slug, date, ...point } of rows) {
    const entry = series.get(platform_slug) ?? { platform, platform_slug, points: [] };
    entry.points.push({ date: iso(date), ...point });
    series.set(platform_slug, entry);
  }
  return { product, interval, from: iso(from), to: iso(to), series: [...series.values()] };
}
