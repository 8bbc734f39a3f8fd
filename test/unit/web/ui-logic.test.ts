import { describe, expect, it } from 'vitest';
import type { PriceEvent } from '../../../web/src/api/price-event.ts';
import { columnLabel, countdown, formatCell, inr, istDateTime } from '../../../web/src/format.ts';
import { bestDeal, resultColumns } from '../../../web/src/pages/ask/best-deal.ts';
import { chartRows, lowestEver, type PriceHistory } from '../../../web/src/pages/product/history.ts';
import {
  applyEvent,
  cheapestOffer,
  LiveOffers,
  type Offer,
} from '../../../web/src/pages/product/live-offers.ts';
import { histogramQuantile, parsePrometheus, sum } from '../../../web/src/pages/status/prometheus.ts';

describe('formatting', () => {
  it('writes rupees the Indian way and times in IST whatever the machine zone', () => {
    expect(inr(1299)).toBe('₹1,299.00');
    expect(inr(123456.5)).toBe('₹1,23,456.50');
    expect(istDateTime('2026-11-20T06:30:00Z')).toMatch(/^20 Nov 2026, 12:00 pm IST$/);
    expect(formatCell('price', 48)).toBe('₹48.00');
    expect(formatCell('discount_percent', 22.58)).toBe('22.58%');
    expect(formatCell('in_stock', false)).toBe('Out of stock');
    expect(formatCell('eta_minutes', 9)).toBe('9 min');
    expect(formatCell('brand', null)).toBe('—');
    expect(columnLabel('free_delivery_above')).toBe('Free delivery above');
    expect(countdown(3_725_000)).toBe('1h 02m 05s');
    expect(countdown(59_000)).toBe('0m 59s');
    expect(countdown(0)).toBe('ended');
  });
});

describe('best deal of an answer', () => {
  const row = (platform: string, price: number, extra: Record<string, unknown> = {}) => ({
    product_id: 1,
    platform,
    platform_slug: platform.toLowerCase(),
    price,
    mrp: 100,
    ...extra,
  });

  it('is the cheapest in-stock row, saving against the dearest listing of that product', () => {
    const rows = [row('A', 40, { in_stock: false }), row('B', 50), row('C', 80)];
    expect(bestDeal(rows)).toEqual({ row: rows[1], saving: 30, savingPercent: 37.5, against: 'dearest' });
  });

  it('saves against MRP when the product has one listing, and is null without prices', () => {
    expect(bestDeal([row('A', 75)])).toMatchObject({ saving: 25, savingPercent: 25, against: 'mrp' });
    expect(bestDeal([{ product: 'x', code: 'SAVE10' }])).toBeNull();
  });

  it('shows every column any row has, without ids', () => {
    expect(resultColumns([row('A', 1), { ...row('B', 2), city: 'Pune', total_count: 2 }])).toEqual([
      'platform',
      'price',
      'mrp',
      'city',
    ]);
  });
});

describe('price history chart data', () => {
  const history = {
    series: [
      {
        platform: 'Alpha',
        platform_slug: 'alpha',
        points: [
          {
            date: '2026-11-02T18:30:00.000Z',
            price: 50,
            lowest_price: 45,
            highest_price: 52,
            average_price: 49,
          },
          {
            date: '2026-11-01T18:30:00.000Z',
            price: 52,
            lowest_price: 52,
            highest_price: 52,
            average_price: 52,
          },
        ],
      },
      {
        platform: 'Beta',
        platform_slug: 'beta',
        points: [
          {
            date: '2026-11-02T18:30:00.000Z',
            price: 47,
            lowest_price: 47,
            highest_price: 47,
            average_price: 47,
          },
        ],
      },
    ],
  } as PriceHistory;

  it('merges the series into one row per bucket, in time order, one key per platform', () => {
    expect(chartRows(history)).toEqual([
      { date: '2026-11-01T18:30:00.000Z', alpha: 52 },
      { date: '2026-11-02T18:30:00.000Z', alpha: 50, beta: 47 },
    ]);
  });

  it('finds the lowest price any bucket saw', () => {
    expect(lowestEver(history)).toEqual({ price: 45, platform: 'Alpha', date: '2026-11-02T18:30:00.000Z' });
  });
});

describe('live changes on the product page', () => {
  const offer = (slug: string, price: number): Offer => ({
    platform: slug.toUpperCase(),
    platform_slug: slug,
    price,
    mrp: 100,
    discount_percent: 100 - price,
    in_stock: true,
    eta_minutes: 10,
    fees: null,
    last_updated: '2026-11-20T06:00:00.000Z',
  });
  const event = (patch: Partial<PriceEvent>): PriceEvent => ({
    event_id: 1,
    kind: 'price',
    product_id: 1,
    product: 'P',
    platform: 'beta',
    platform_name: 'BETA',
    city: null,
    old_price: 90,
    new_price: 60,
    mrp: 100,
    old_in_stock: null,
    new_in_stock: null,
    old_eta_minutes: null,
    new_eta_minutes: null,
    changed_at: '2026-11-20T06:29:00.000Z',
    ...patch,
  });

  it("updates the changed platform's price and discount and moves the best deal", () => {
    const offers = [offer('alpha', 70), offer('beta', 90)];
    const next = applyEvent(offers, 'Pune', event({}));
    expect(next[1]).toMatchObject({
      price: 60,
      discount_percent: 40,
      last_updated: '2026-11-20T06:29:00.000Z',
    });
    expect(next[0]).toBe(offers[0]);
    expect(cheapestOffer(next)?.platform_slug).toBe('beta');
  });

  it('applies stock and delivery changes only for the city on screen', () => {
    const offers = [offer('beta', 90)];
    const stock = event({ kind: 'stock', new_price: null, city: 'Pune', new_in_stock: false });
    expect(applyEvent(offers, 'Pune', stock)[0]!.in_stock).toBe(false);
    expect(applyEvent(offers, 'Delhi', stock)[0]!.in_stock).toBe(true);
    const eta = event({ kind: 'eta', new_price: null, city: 'pune', new_eta_minutes: 25 });
    expect(applyEvent(offers, 'Pune', eta)[0]!.eta_minutes).toBe(25);
    expect(cheapestOffer(applyEvent(offers, 'Pune', stock))?.platform_slug).toBe('beta');
  });

  it('never takes a price back to an event older than the one shown', () => {
    const shown = [{ ...offer('beta', 75), last_updated: '2026-11-20T06:30:00.000Z' }];
    const next = applyEvent(shown, 'Pune', event({}));
    expect(next[0]).toMatchObject({ price: 75, last_updated: '2026-11-20T06:30:00.000Z' });
  });

  it('replays a change that arrived while the comparison loaded onto a comparison read before it', () => {
    const live = new LiveOffers(1);
    live.compared([], null);
    expect(live.received(event({}))).toEqual([]);
    const shown = live.compared([offer('alpha', 70), offer('beta', 90)], 'Pune');
    expect(shown.map((o) => o.price)).toEqual([70, 60]);
    // The buffer was spent: a later comparison that already has a newer price keeps it.
    const fresher = { ...offer('beta', 80), last_updated: '2026-11-20T06:40:00.000Z' };
    expect(live.compared([fresher], 'Pune')[0]!.price).toBe(80);
  });

  it("keeps a comparison read after the change, and ignores another product's events", () => {
    const live = new LiveOffers(1);
    live.received(event({}));
    live.received(event({ product_id: 2, new_price: 10, changed_at: '2026-11-20T06:50:00.000Z' }));
    const read = { ...offer('beta', 65), last_updated: '2026-11-20T06:35:00.000Z' };
    expect(live.compared([read], 'Pune')[0]!.price).toBe(65);
    expect(live.received(event({ product_id: 2, new_price: 10 }))[0]!.price).toBe(65);
  });
});

describe('Prometheus text on the status page', () => {
  const text = [
    '# HELP qcd_cache_hit_ratio ratio',
    'qcd_cache_hit_ratio 0.75',
    'qcd_http_request_duration_seconds_bucket{le="0.1",route="/api/v1/query",method="POST",status_code="200"} 8',
    'qcd_http_request_duration_seconds_bucket{le="0.5",route="/api/v1/query",method="POST",status_code="200"} 10',
    'qcd_http_request_duration_seconds_bucket{le="+Inf",route="/api/v1/query",method="POST",status_code="200"} 10',
    'qcd_http_request_duration_seconds_count{route="/api/v1/query",method="POST",status_code="200"} 10',
    'qcd_http_request_duration_seconds_count{route="/api/v1/query",method="POST",status_code="422"} 2',
    'qcd_http_request_duration_seconds_count{route="/api/v1/deals",method="GET",status_code="200"} 5',
    'qcd_errors_total{code="QUERY_REFUSED",note="a \\"quoted\\" label"} 2',
  ].join('\n');
  const samples = parsePrometheus(text);

  it('reads samples with labels, escaped quotes included', () => {
    expect(samples.find((s) => s.name === 'qcd_cache_hit_ratio')?.value).toBe(0.75);
    expect(samples.find((s) => s.name === 'qcd_errors_total')?.labels.note).toBe('a "quoted" label');
  });

  it('sums counters over the other labels and interpolates a quantile from the buckets', () => {
    expect(sum(samples, 'qcd_http_request_duration_seconds_count', { route: '/api/v1/query' })).toBe(12);
    expect(sum(samples, 'qcd_http_request_duration_seconds_count')).toBe(17);
    // 95 % of 10 = rank 9.5: in the (0.1, 0.5] bucket holding ranks 9–10, three quarters of the way.
    expect(histogramQuantile(samples, 'qcd_http_request_duration_seconds', 0.95)).toBeCloseTo(0.4);
    expect(histogramQuantile(samples, 'qcd_http_request_duration_seconds', 0.5)).toBeCloseTo(0.0625);
    expect(histogramQuantile(samples, 'missing', 0.5)).toBeNull();
  });
});
