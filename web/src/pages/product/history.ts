import type { ResponseOf } from '../../api/client.ts';

export type PriceHistory = ResponseOf<'GET /api/v1/products/{id}/prices'>;

/** One chart row per bucket: the bucket's time and each platform's last price in it (absent when unseen). */
export type ChartRow = Record<string, number | string> & { date: string };

export function chartRows(history: PriceHistory): ChartRow[] {
  const byDate = new Map<string, ChartRow>();
  for (const series of history.series) {
    for (const point of series.points) {
      const row: ChartRow = byDate.get(point.date) ?? { date: point.date };
      row[series.platform_slug] = point.price;
      byDate.set(point.date, row);
    }
  }
  return [...byDate.values()].sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
}

export interface LowestEver {
  price: number;
  platform: string;
  date: string;
}

/** The lowest price any bucket saw, on any platform (earliest such bucket). */
export function lowestEver(history: PriceHistory): LowestEver | null {
  let lowest: LowestEver | null = null;
  for (const series of history.series) {
    for (const point of series.points) {
      if (lowest === null || point.lowest_price < lowest.price)
        lowest = { price: point.lowest_price, platform: series.platform, date: point.date };
    }
  }
  return lowest;
}
