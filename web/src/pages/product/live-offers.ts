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
    // The price shown is the newest observation's: an event older than it (replayed onto a fresher
    // comparison) must not take it back.
    const newer = Date.parse(event.changed_at) >= Date.parse(offer.last_updated);
    const next = { ...offer, last_updated: newer ? event.changed_at : offer.last_updated };
    if (newer && event.new_price !== null && (event.kind === 'price' || event.kind === 'flash_sale')) {
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

/** Events kept for replay onto the next comparison; beyond this the oldest are dropped. */
const REPLAY_LIMIT = 1_000;

/**
 * Live offers for one product: a comparison read from the API plus the stream's events. The comparison may
 * have been read before or after any event that arrived while it loaded, so every event since the last
 * comparison is replayed onto the next one, in order; replaying one the comparison already has is harmless.
 */
export class LiveOffers {
  private readonly sinceComparison: PriceEvent[] = [];
  private city: string | null = null;
  private offers: Offer[] = [];

  constructor(private readonly productId: number) {}

  /** A comparison arrived: it replaces the offers, with the events it may have missed applied on top. */
  compared(offers: Offer[], city: string | null): Offer[] {
    this.city = city;
    this.offers = this.sinceComparison.reduce((current, event) => applyEvent(current, city, event), offers);
    this.sinceComparison.length = 0;
    return this.offers;
  }

  /** A stream event arrived; one for another product (from a stream being closed) is ignored. */
  received(event: PriceEvent): Offer[] {
    if (event.product_id !== this.productId) return this.offers;
    this.sinceComparison.push(event);
    if (this.sinceComparison.length > REPLAY_LIMIT) this.sinceComparison.shift();
    this.offers = applyEvent(this.offers, this.city, event);
    return this.offers;
  }
}
