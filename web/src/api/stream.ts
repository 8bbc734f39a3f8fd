import { useEffect, useRef, useState } from 'react';
import type { PriceEvent } from './price-event.ts';

export type { PriceEvent };

export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

/**
 * Subscribes to the live price stream while mounted. EventSource reconnects by itself and sends
 * Last-Event-ID, so the server replays what was missed.
 */
export function usePriceStream(
  filter: { product_id?: number; platform?: string },
  onEvent: (event: PriceEvent) => void,
): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const { product_id, platform } = filter;
  useEffect(() => {
    const query = new URLSearchParams();
    if (product_id !== undefined) query.set('product_id', String(product_id));
    if (platform) query.set('platform', platform);
    const qs = query.toString();
    const source = new EventSource(`/api/v1/stream/prices${qs ? `?${qs}` : ''}`);
    setStatus('connecting');
    source.onopen = () => setStatus('live');
    source.onerror = () =>
      setStatus(source.readyState === EventSource.CLOSED ? 'reconnecting' : 'connecting');
    source.addEventListener('price', (message) => {
      handler.current(JSON.parse((message as MessageEvent<string>).data) as PriceEvent);
    });
    return () => source.close();
  }, [product_id, platform]);
  return status;
}
