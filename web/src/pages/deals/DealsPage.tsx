import { useEffect, useId, useState } from 'react';
import { type ApiError, api, type QueryOf, type ResponseOf } from '../../api/client.ts';
import { Countdown } from '../../components/Countdown.tsx';
import { PlatformSelect } from '../../components/PlatformSelect.tsx';
import { Empty, ErrorView, Loading } from '../../components/states.tsx';
import { inr, percent } from '../../format.ts';
import { useShopperLocation } from '../../location.tsx';
import { Link } from '../../router.tsx';
import { asApiError } from '../../use-api.ts';

type DealsPage = ResponseOf<'GET /api/v1/deals'>;
type Deal = DealsPage['items'][number];
type Filters = Required<Pick<QueryOf<'GET /api/v1/deals'>, 'platform' | 'category' | 'city' | 'sort'>> & {
  min_discount: string;
};

const PAGE_SIZE = 24;

export function DealsPage() {
  const { location, platforms, cities } = useShopperLocation();
  const [filters, setFilters] = useState<Filters>({
    platform: '',
    category: '',
    city: location.city,
    sort: 'discount',
    min_discount: '',
  });
  const [applied, setApplied] = useState(filters);
  const [deals, setDeals] = useState<Deal[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [offsetMs, setOffsetMs] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [more, setMore] = useState(0);
  const ids = { platform: useId(), category: useId(), city: useId(), min: useId(), sort: useId() };

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter set restarts; `more` pages on.
  useEffect(() => {
    const controller = new AbortController();
    const next = more > 0 ? cursor : null;
    setLoading(true);
    setError(null);
    const minDiscount = Number(applied.min_discount);
    api('GET /api/v1/deals', {
      query: {
        platform: applied.platform || undefined,
        category: applied.category.trim() || undefined,
        city: applied.city || undefined,
        sort: applied.sort,
        min_discount: applied.min_discount && Number.isFinite(minDiscount) ? minDiscount : undefined,
        limit: PAGE_SIZE,
        cursor: next ?? undefined,
      },
      signal: controller.signal,
    }).then(
      (page) => {
        setOffsetMs(Date.parse(page.as_of) - Date.now());
        setDeals((current) => (next ? [...current, ...page.items] : page.items));
        setCursor(page.next_cursor);
        setLoading(false);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(asApiError(failure));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [applied, more]);

  const apply = () => {
    setMore(0);
    setApplied(filters);
  };
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const flash = deals.filter((d) => d.flash_sale);

  return (
    <section aria-labelledby="deals-title">
      <h1 id="deals-title">Deals</h1>
      <form
        className="filters card"
        onSubmit={(event) => {
          event.preventDefault();
          apply();
        }}
      >
        <div className="field">
          <label htmlFor={ids.platform}>Platform</label>
          <PlatformSelect
            id={ids.platform}
            value={filters.platform}
            onChange={(platform) => set({ platform })}
            platforms={platforms}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.category}>Category</label>
          <input
            id={ids.category}
            value={filters.category}
            placeholder="e.g. Dairy"
            onChange={(e) => set({ category: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.city}>City</label>
          <select id={ids.city} value={filters.city} onChange={(e) => set({ city: e.target.value })}>
            <option value="">Any city</option>
            {cities.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.min}>Minimum discount (%)</label>
          <input
            id={ids.min}
            type="number"
            min={0}
            max={100}
            step={1}
            value={filters.min_discount}
            onChange={(e) => set({ min_discount: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.sort}>Sort by</label>
          <select
            id={ids.sort}
            value={filters.sort}
            onChange={(e) => set({ sort: e.target.value as Filters['sort'] })}
          >
            <option value="discount">Biggest discount</option>
            <option value="savings">Biggest saving</option>
            <option value="price">Lowest price</option>
          </select>
        </div>
        <button type="submit" className="primary">
          Show deals
        </button>
      </form>

      <div aria-live="polite" aria-busy={loading}>
        {error && <ErrorView error={error} onRetry={apply} />}
        {!error && !loading && deals.length === 0 && (
          <Empty>No deals match these filters. Lower the minimum discount or pick another platform.</Empty>
        )}
        {flash.length > 0 && (
          <p className="muted" data-testid="flash-count">
            {flash.length} flash sale{flash.length === 1 ? '' : 's'} live among these deals.
          </p>
        )}
        <ul className="grid" aria-label="Deals">
          {deals.map((deal) => (
            <li key={`${deal.product_id}-${deal.platform_slug}`} className="card deal" data-testid="deal">
              <h3>
                <Link to={`/product/${deal.product_id}`}>{deal.product}</Link>
              </h3>
              <p className="muted">
                {deal.pack} · {deal.platform}
              </p>
              <p>
                <span className="price">{inr(deal.price)}</span>
                <span className="mrp">{inr(deal.mrp)}</span>
              </p>
              <p>
                <span className="badge cached">{percent(deal.discount_percent)} off</span>{' '}
                {deal.savings !== undefined && <span className="badge">save {inr(deal.savings)}</span>}
              </p>
              {deal.flash_sale && (
                <p className="badge flash">
                  ⚡ {deal.flash_sale.title} ·{' '}
                  <Countdown endsAt={deal.flash_sale.ends_at} serverOffsetMs={offsetMs} />
                </p>
              )}
            </li>
          ))}
        </ul>
        {loading && <Loading label="Loading deals…" />}
        {!loading && cursor && (
          <button type="button" onClick={() => setMore((n) => n + 1)}>
            Load more deals
          </button>
        )}
      </div>
    </section>
  );
}
