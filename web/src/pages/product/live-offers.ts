import type { ResponseOf } from '../../api/client.ts';
import type { PriceEvent } from '../../api/price-event.ts';

export type Comparison = ResponseOf<'GET /api/v1/products/compare'>;
export type Offer = Comparison['platforms'][number];

/**
 * Applies a live change to the offers on screen: a price change to its platform's row; a stock or delivery
 * time change only when it is for the city shown (the comparison is per city).
 */
export function applyEvent(offers: Offer[], city: string | null, event: PriceEvent): Offer[] {
  return offers.map((offer) => {
    if (offer.platform_slug !== event.platform) return offer;
    const forCity = event.city !== null && city !== null && event.city.toLowerCase() === city.toLowerCase();
    const next = { ...offer, last_updated: event.changed_at };
    if (event.new_price !== null && (event.kind === 'price' || event.kind === 'flash_sale')) {
      next.price = event.new_price;
      const mrp = event.mrp ?? offer.mrp;
      next.mrp = mrp;
      next.discount_percent = mrp > 0 ? Math.round(((mrp - event.new_price) / mrp) * 10_000) / 100 : 0;
    }
    if (event.kind === 'stock' && forCity) next.in_stock = event.new_in_stock;
    if (event.kind === 'eta' && forCity) next.eta_minutes = event.new_eta_minutes;
    return next;
  });
}

/** The cheapest offer that is not known to be out of stock. */
export function cheapestOffer(offers: Offer[]): Offer | null {
  const available = offers.filter((o) => o.in_stock !== false);
  const pool = available.length > 0 ? available : offers;
  return pool.reduce<Offer | null>((best, o) => (best === null || o.price < best.price ? o : best), null);
}
