import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import { type PriceEvent, usePriceStream } from '../../api/stream.ts';
import { type Column, SortableTable } from '../../components/SortableTable.tsx';
import { Empty, ErrorView, Loading } from '../../components/states.tsx';
import { inr, istDateTime, istTime, minutes, percent } from '../../format.ts';
import { useShopperLocation } from '../../location.tsx';
import { useApi } from '../../use-api.ts';
import { lowestEver } from './history.ts';
import { cheapestOffer, LiveOffers, type Offer } from './live-offers.ts';

// The chart library is the largest dependency: loaded only when a product page opens.
const PriceChart = lazy(() => import('./PriceChart.tsx'));

const RANGES = [7, 30, 90] as const;
/** Enough days to cover all the history the service keeps, for the lowest-ever marker. */
const ALL_TIME_DAYS = 3650;

function feesText(offer: Offer): string {
  const f = offer.fees;
  if (!f) return '—';
  const parts = [
    f.delivery_fee > 0
      ? `delivery ${inr(f.delivery_fee)} (free above ${inr(f.free_delivery_above)})`
      : 'free delivery',
  ];
  if (f.handling_fee > 0) parts.push(`handling ${inr(f.handling_fee)}`);
  if (f.small_cart_fee > 0) parts.push(`${inr(f.small_cart_fee)} below ${inr(f.small_cart_below)}`);
  return parts.join(', ');
}

const COLUMNS: Column<Offer>[] = [
  { key: 'platform', label: 'Platform', sortValue: (o) => o.platform, render: (o) => o.platform },
  { key: 'price', label: 'Price', numeric: true, sortValue: (o) => o.price, render: (o) => inr(o.price) },
  { key: 'mrp', label: 'MRP', numeric: true, sortValue: (o) => o.mrp, render: (o) => inr(o.mrp) },
  {
    key: 'discount',
    label: 'Discount',
    numeric: true,
    sortValue: (o) => o.discount_percent,
    render: (o) => percent(o.discount_percent),
  },
  {
    key: 'member',
    label: 'Member price',
    numeric: true,
    sortValue: (o) => o.member_price ?? null,
    render: (o) => (o.member_price == null ? '—' : `${inr(o.member_price)} (${o.membership ?? 'members'})`),
  },
  {
    key: 'stock',
    label: 'Stock',
    sortValue: (o) => o.in_stock,
    render: (o) => (o.in_stock === null ? 'Pick a city' : o.in_stock ? 'In stock' : 'Out of stock'),
  },
  {
    key: 'eta',
    label: 'ETA',
    numeric: true,
    sortValue: (o) => o.eta_minutes ?? null,
    render: (o) => (o.eta_minutes == null ? '—' : minutes(o.eta_minutes)),
  },
  { key: 'fees', label: 'Fees', render: feesText },
  {
    key: 'updated',
    label: 'Updated',
    sortValue: (o) => o.last_updated,
    render: (o) => istDateTime(o.last_updated),
  },
];

export function ProductPage({ productId }: { productId: number }) {
  const { location } = useShopperLocation();
  const city = location.city || undefined;
  const [days, setDays] = useState<(typeof RANGES)[number]>(30);
  const comparison = useApi(
    (signal) => api('GET /api/v1/products/compare', { query: { product_id: productId, city }, signal }),
    [productId, city],
  );
  const history = useApi(
    (signal) =>
      api('GET /api/v1/products/{id}/prices', {
        path: { id: productId },
        query: { days, interval: 'day' },
        signal,
      }),
    [productId, days],
  );
  const allTime = useApi(
    (signal) =>
      api('GET /api/v1/products/{id}/prices', {
        path: { id: productId },
        query: { days: ALL_TIME_DAYS, interval: 'week' },
        signal,
      }),
    [productId],
  );

  // One per product: events that arrive while a comparison loads are replayed onto it.
  const live = useMemo(() => new LiveOffers(productId), [productId]);
  const [offers, setOffers] = useState<Offer[]>([]);
  const [latestEvent, setLatestEvent] = useState<PriceEvent | null>(null);
  const lastChange = latestEvent?.product_id === productId ? latestEvent : null;
  useEffect(() => {
    setOffers(live.compared(comparison.data?.platforms ?? [], comparison.data?.city ?? null));
  }, [live, comparison.data]);
  const status = usePriceStream({ product_id: productId }, (event) => {
    setOffers(live.received(event));
    setLatestEvent(event);
  });

  const best = useMemo(() => cheapestOffer(offers), [offers]);
  const lowest = allTime.data ? lowestEver(allTime.data) : null;
  const product = comparison.data?.product;

  return (
    <section aria-labelledby="product-title">
      <h1 id="product-title">{product ? `${product.product} (${product.pack})` : 'Product'}</h1>
      {product && (
        <p className="muted">
          {[product.brand, product.category].filter(Boolean).join(' · ')}
          {comparison.data?.city
            ? ` · prices in ${comparison.data.city}`
            : ' · pick a city for stock and fees'}
        </p>
      )}
      <p className="badges">
        <span className={`badge ${status === 'live' ? 'live' : ''}`} data-testid="stream-status">
          {status === 'live' ? '● live prices' : 'connecting to live prices…'}
        </span>
      </p>
      <p aria-live="polite" className="muted" data-testid="last-change">
        {lastChange &&
          `${lastChange.platform_name}: ${lastChange.kind} changed at ${istTime(lastChange.changed_at)}${
            lastChange.new_price !== null ? `, now ${inr(lastChange.new_price)}` : ''
          }`}
      </p>
      {comparison.loading && !comparison.data && <Loading label="Loading prices…" />}
      {comparison.error && <ErrorView error={comparison.error} onRetry={comparison.reload} />}
      {comparison.data &&
        (offers.length > 0 ? (
          <>
            {best && (
              <p className="best-deal">
                Cheapest on <strong>{best.platform}</strong> at <strong>{inr(best.price)}</strong>
                {comparison.data.savings_potential > 0 &&
                  ` — up to ${inr(comparison.data.savings_potential)} less than the dearest platform`}
                .
              </p>
            )}
            <SortableTable
              caption="Price on every platform"
              columns={COLUMNS}
              rows={offers}
              rowKey={(o) => o.platform_slug}
              highlight={(o) => o === best}
            />
          </>
        ) : (
          <Empty>No platform lists this product right now.</Empty>
        ))}

      <h2>Price history</h2>
      <fieldset className="range">
        <legend className="visually-hidden">History range</legend>
        {RANGES.map((range) => (
          <button
            key={range}
            type="button"
            className="chip"
            aria-pressed={days === range}
            onClick={() => setDays(range)}
          >
            {range} days
          </button>
        ))}
      </fieldset>
      {lowest && (
        <p className="muted" data-testid="lowest-ever">
          Lowest ever: <strong>{inr(lowest.price)}</strong> on {lowest.platform}, week of{' '}
          {istDateTime(lowest.date)}
        </p>
      )}
      {history.loading && <Loading label="Loading price history…" />}
      {history.error && <ErrorView error={history.error} onRetry={history.reload} />}
      {history.data &&
        !history.loading &&
        (history.data.series.length > 0 ? (
          <Suspense fallback={<Loading label="Drawing the chart…" />}>
            <PriceChart history={history.data} lowest={lowest} />
          </Suspense>
        ) : (
          <Empty>No price history in the last {days} days.</Empty>
        ))}
    </section>
  );
}
