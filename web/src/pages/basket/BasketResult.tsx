import { type Column, SortableTable } from '../../components/SortableTable.tsx';
import { inr } from '../../format.ts';
import type { BasketComparison } from './BasketPage.tsx';

type PlatformTotal = BasketComparison['platforms'][number];
type Missing = NonNullable<PlatformTotal['missing_items']>[number];

const money = (value: number | undefined) => (value === undefined ? '—' : inr(value));
const REASONS: Record<string, string> = {
  not_listed: 'not sold',
  out_of_stock: 'out of stock',
  not_delivered: 'not delivered here',
};
const missingText = (missing: Missing[] | undefined) =>
  (missing ?? []).map((m) => `${m.product} (${REASONS[m.reason ?? ''] ?? m.reason})`).join(', ');

const COLUMNS: Column<PlatformTotal>[] = [
  { key: 'platform', label: 'Platform', sortValue: (p) => p.platform ?? null, render: (p) => p.platform },
  {
    key: 'items',
    label: 'Items',
    numeric: true,
    sortValue: (p) => p.items_total ?? null,
    render: (p) => money(p.items_total),
  },
  {
    key: 'delivery',
    label: 'Delivery',
    numeric: true,
    sortValue: (p) => p.delivery_charge ?? null,
    render: (p) => money(p.delivery_charge),
  },
  {
    key: 'handling',
    label: 'Handling',
    numeric: true,
    sortValue: (p) => p.handling_charge ?? null,
    render: (p) => money(p.handling_charge),
  },
  {
    key: 'small_cart',
    label: 'Small cart',
    numeric: true,
    sortValue: (p) => p.small_cart_charge ?? null,
    render: (p) => money(p.small_cart_charge),
  },
  {
    key: 'coupon',
    label: 'Best coupon',
    sortValue: (p) => p.coupon_discount ?? null,
    render: (p) => (p.coupon_code ? `${p.coupon_code} −${money(p.coupon_discount)}` : '—'),
  },
  {
    key: 'total',
    label: 'Total',
    numeric: true,
    sortValue: (p) => (p.complete ? (p.total ?? null) : null),
    render: (p) => <strong data-testid={`total-${p.platform_slug}`}>{money(p.total)}</strong>,
  },
  {
    key: 'status',
    label: 'Availability',
    render: (p) =>
      !p.delivers_to_city
        ? 'Does not deliver to this city'
        : p.complete
          ? 'All items'
          : `Missing: ${missingText(p.missing_items)}`,
  },
];

export function BasketResult({ result }: { result: BasketComparison }) {
  const cheapest = result.platforms.find((p) => p.platform_slug === result.cheapest_platform);
  const split = result.split;
  return (
    <article aria-labelledby="basket-result-title">
      <h2 id="basket-result-title">Your basket in {result.city}</h2>
      {cheapest ? (
        <p className="best-deal">
          Cheapest single platform: <strong>{cheapest.platform}</strong> at{' '}
          <strong>{money(cheapest.total)}</strong> including fees
          {cheapest.coupon_code ? ` and coupon ${cheapest.coupon_code}` : ''}.
        </p>
      ) : (
        <p className="state empty">No single platform has every item in {result.city}.</p>
      )}
      <SortableTable
        caption="Basket total per platform"
        columns={COLUMNS}
        rows={result.platforms}
        rowKey={(p) => p.platform_slug ?? p.platform ?? ''}
        highlight={(p) => p.platform_slug === result.cheapest_platform}
      />
      {split && (split.orders?.length ?? 0) > 0 && (
        <section className="card" aria-labelledby="split-title">
          <h2 id="split-title">Cheapest split across platforms</h2>
          <p>
            Total <strong data-testid="split-total">{money(split.total)}</strong>
            {split.savings_vs_cheapest_platform != null && split.savings_vs_cheapest_platform > 0
              ? `, ${inr(split.savings_vs_cheapest_platform)} less than the cheapest single platform`
              : ''}
            .
          </p>
          <ul>
            {split.orders?.map((order) => (
              <li key={order.platform_slug}>
                <strong>{order.platform}</strong> {money(order.total)}:{' '}
                {order.lines?.map((l) => `${l.quantity} × ${l.product}`).join(', ')}
                {(order.delivery_charge ?? 0) +
                  (order.handling_charge ?? 0) +
                  (order.small_cart_charge ?? 0) >
                  0 &&
                  ` (fees ${inr((order.delivery_charge ?? 0) + (order.handling_charge ?? 0) + (order.small_cart_charge ?? 0))})`}
                {order.coupon_code ? `, coupon ${order.coupon_code} −${money(order.coupon_discount)}` : ''}
              </li>
            ))}
          </ul>
          {(split.missing_items?.length ?? 0) > 0 && (
            <p className="muted">Not available anywhere: {missingText(split.missing_items)}</p>
          )}
        </section>
      )}
    </article>
  );
}
