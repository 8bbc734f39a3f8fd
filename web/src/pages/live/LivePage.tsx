import { useId, useMemo, useState } from 'react';
import { type PriceEvent, usePriceStream } from '../../api/stream.ts';
import { PlatformSelect } from '../../components/PlatformSelect.tsx';
import { Empty } from '../../components/states.tsx';
import { inr, istTime, minutes, percent } from '../../format.ts';
import { useShopperLocation } from '../../location.tsx';
import { Link } from '../../router.tsx';

/** How many changes the ticker keeps on screen. */
const KEEP = 200;
const KINDS: { value: PriceEvent['kind'] | ''; label: string }[] = [
  { value: '', label: 'All changes' },
  { value: 'price', label: 'Price' },
  { value: 'flash_sale', label: 'Flash sales' },
  { value: 'stock', label: 'Stock' },
  { value: 'eta', label: 'Delivery time' },
];

export function describeChange(event: PriceEvent) {
  switch (event.kind) {
    case 'price':
    case 'flash_sale': {
      if (event.new_price === null) return <>price withdrawn</>;
      if (event.old_price === null) return <>listed at {inr(event.new_price)}</>;
      const change = ((event.new_price - event.old_price) / event.old_price) * 100;
      return (
        <>
          {inr(event.old_price)} → <strong>{inr(event.new_price)}</strong>{' '}
          <span className={change < 0 ? 'down' : 'up'}>
            {change < 0 ? '▼' : '▲'} {percent(Math.abs(Math.round(change * 100) / 100))}
          </span>
          {event.kind === 'flash_sale' && <span className="badge flash">⚡ flash sale</span>}
        </>
      );
    }
    case 'stock':
      return <>{event.new_in_stock ? 'back in stock' : 'out of stock'}</>;
    case 'eta':
      return (
        <>
          delivery {event.old_eta_minutes === null ? '' : `${minutes(event.old_eta_minutes)} → `}
          {event.new_eta_minutes === null ? 'unknown' : minutes(event.new_eta_minutes)}
        </>
      );
  }
}

export function LivePage() {
  const { platforms } = useShopperLocation();
  const [events, setEvents] = useState<PriceEvent[]>([]);
  const [platform, setPlatform] = useState('');
  const [kind, setKind] = useState<PriceEvent['kind'] | ''>('');
  const [text, setText] = useState('');
  const ids = { platform: useId(), kind: useId(), text: useId() };
  const status = usePriceStream({}, (event) => setEvents((current) => [event, ...current].slice(0, KEEP)));

  const shown = useMemo(() => {
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    return events.filter(
      (e) =>
        (!platform || e.platform === platform) &&
        (!kind || e.kind === kind) &&
        words.every((w) => e.product.toLowerCase().includes(w) || (e.city ?? '').toLowerCase().includes(w)),
    );
  }, [events, platform, kind, text]);

  return (
    <section aria-labelledby="live-title">
      <h1 id="live-title">Live price changes</h1>
      <p className="badges">
        <span className={`badge ${status === 'live' ? 'live' : ''}`} data-testid="stream-status">
          {status === 'live' ? '● connected' : status === 'connecting' ? 'connecting…' : 'reconnecting…'}
        </span>
        <span className="badge" aria-live="polite">
          {events.length} change{events.length === 1 ? '' : 's'} received
        </span>
      </p>
      <div className="filters card">
        <div className="field">
          <label htmlFor={ids.platform}>Platform</label>
          <PlatformSelect id={ids.platform} value={platform} onChange={setPlatform} platforms={platforms} />
        </div>
        <div className="field">
          <label htmlFor={ids.kind}>Kind</label>
          <select
            id={ids.kind}
            value={kind}
            onChange={(e) => setKind(e.target.value as PriceEvent['kind'] | '')}
          >
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.text}>Product or city</label>
          <input id={ids.text} type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
      </div>
      {shown.length === 0 ? (
        <Empty>
          {events.length === 0
            ? 'Waiting for price changes… They appear here as soon as a platform changes a price.'
            : 'No change matches these filters yet.'}
        </Empty>
      ) : (
        <ol className="ticker" aria-label="Price changes, newest first">
          {shown.map((event, index) => (
            <li key={event.event_id} className={index === 0 ? 'new' : undefined} data-testid="tick">
              <time dateTime={event.changed_at} className="muted">
                {istTime(event.changed_at)}
              </time>
              <Link to={`/product/${event.product_id}`}>{event.product}</Link>
              <span>{event.platform_name}</span>
              {event.city && <span className="muted">{event.city}</span>}
              <span>{describeChange(event)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
