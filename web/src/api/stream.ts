import { useEffect, useRef, useState } from 'react';

/**
 * One `price` event of GET /api/v1/stream/prices (the SSE stream is not described by the OpenAPI
 * document; test/unit/web-client.test.ts checks this type against the server's StreamEvent).
 */
export interface PriceEvent {
  event_id: number;
  kind: 'price' | 'stock' | 'eta' | 'flash_sale';
  product_id: number;
  product: string;
  platform: string;
  platform_name: string;
  city: string | null;
  old_price: number | null;
  new_price: number | null;
  mrp: number | null;
  old_in_stock: boolean | null;
  new_in_stock: boolean | null;
  old_eta_minutes: number | null;
  new_eta_minutes: number | null;
  changed_at: string;
}

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
