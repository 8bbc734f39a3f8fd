/**
 * One `price` event of GET /api/v1/stream/prices (the SSE stream is not described by the OpenAPI
 * document; test/unit/web/client-drift.test.ts checks this type against the server's StreamEvent).
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
