import { AppError, ErrorCode } from '../../shared/errors.ts';
import {
  findProduct,
  iso,
  type ProductSummary,
  type ReadDeps,
  resolveCity,
  toPaise,
  toRupees,
} from './lookup.ts';
import { searchProducts } from './search-products.ts';

export interface CompareInput {
  product_id?: number;
  q?: string;
  city?: string;
}

export interface PlatformFees {
  delivery_fee: number;
  free_delivery_above: number;
  handling_fee: number;
  small_cart_fee: number;
  small_cart_below: number;
}

export interface PlatformOffer {
  platform: string;
  platform_slug: string;
  price: number;
  mrp: number;
  discount_percent: number;
  member_price: number | null;
  membership: string | null;
  /** Null when no city was given; false when the platform does not stock it there. */
  in_stock: boolean | null;
  eta_minutes: number | null;
  fees: PlatformFees | null;
  last_updated: string;
}

export interface Comparison {
  product: ProductSummary;
  city: string | null;
  platforms: PlatformOffer[];
  best_deal: { platform: string; platform_slug: string; price: number } | null;
  savings_potential: number;
  last_updated: string | null;
}

// A city price (regional_pricing) replaces the national one where a platform has one. The per-city facts are
// scalar subqueries rather than joins: a 7-way join costs more to plan (~2 ms) than to run.
const OFFERS_SQL = `
  SELECT pf.name AS platform, pf.slug AS platform_slug, o.price, cp.mrp,
         round((cp.mrp - o.price) / cp.mrp * 100, 2) AS discount_percent,
         cp.member_price, pf.membership_name AS membership,
         CASE WHEN $2::integer IS NULL THEN NULL ELSE coalesce(o.in_stock, false) END AS in_stock,
         o.eta_minutes, cp.observed_at AS last_updated,
         f.delivery_fee, f.free_delivery_above, f.handling_fee, f.small_cart_fee, f.small_cart_below
    FROM platform_listings l
    JOIN platforms pf ON pf.id = l.platform_id
    JOIN current_prices cp ON cp.listing_id = l.id
    LEFT JOIN platform_fees f ON f.platform_id = l.platform_id AND f.city_id = $2
   CROSS JOIN LATERAL (SELECT
         coalesce((SELECT r.price FROM regional_pricing r WHERE r.listing_id = l.id AND r.city_id = $2), cp.price)
           AS price,
         (SELECT a.in_stock FROM availability_status a WHERE a.listing_id = l.id AND a.city_id = $2) AS in_stock,
         (SELECT d.eta_minutes FROM delivery_estimates d WHERE d.listing_id = l.id AND d.city_id = $2) AS eta_minutes
       ) o
   WHERE l.product_id = $1
   ORDER BY o.price, pf.slug`;

type OfferRow = Omit<PlatformOffer, 'fees' | 'last_updated'> & {
  [K in keyof PlatformFees]: number | null;
} & { last_updated: Date };

/** One product on every platform that lists it, cheapest first, with the city's stock, ETA and fees. */
export async function compareProduct(deps: ReadDeps, input: CompareInput): Promise<Comparison> {
  const productId = input.product_id ?? (await bestMatch(deps, input.q));
  const [product, city] = await Promise.all([
    findProduct(deps.db, productId),
    input.city ? resolveCity(deps.db, input.city) : null,
  ]);
  const { rows } = await deps.db.query<OfferRow>(OFFERS_SQL, [productId, city?.id ?? null]);
  const platforms = rows.map(toOffer);
  // The best deal is the cheapest platform a shopper in the city can actually order from.
  const orderable = platforms.filter((p) => p.in_stock !== false);
  const best = orderable[0];
  const prices = platforms.map((p) => toPaise(p.price));
  return {
    product,
    city: city?.name ?? null,
    platforms,
    best_deal: best
      ? { platform: best.platform, platform_slug: best.platform_slug, price: best.price }
      : null,
    savings_potential: prices.length ? toRupees(Math.max(...prices) - Math.min(...prices)) : 0,
    last_updated: platforms.length
      ? platforms
          .map((p) => p.last_updated)
          .sort()
          .at(-1)!
      : null,
  };
}

async function bestMatch(deps: ReadDeps, q: string | undefined): Promise<number> {
  if (q === undefined) {
    throw new AppError(ErrorCode.BadRequest, 'Give product_id or q', {
      hint: 'product_id=42 compares that product; q=amul butter compares the best match.',
    });
  }
  const { items } = await searchProducts(deps, { q, limit: 1 });
  if (items[0]) return items[0].product_id;
  throw new AppError(ErrorCode.NotFound, `No product matches "${q}"`, {
    details: { q },
    hint: 'Try fewer or different words, or search with GET /api/v1/products/search.',
  });
}

function toOffer(row: OfferRow): PlatformOffer {
  const { delivery_fee, free_delivery_above, handling_fee, small_cart_fee, small_cart_below, ...offer } = row;
  const fees =
    delivery_fee === null
      ? null
      : {
          delivery_fee,
          free_delivery_above: free_delivery_above!,
          handling_fee: handling_fee!,
          small_cart_fee: small_cart_fee!,
          small_cart_below: small_cart_below!,
        };
  return { ...offer, fees, last_updated: iso(row.last_updated) };
}
