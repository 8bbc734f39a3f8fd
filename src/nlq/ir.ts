/**
 * The typed intermediate representation (IR) of a shopper's question: what to compute, about which catalog
 * entities (by id), with which filters, over which time window, sorted and limited how. The intent parser
 * produces it, the planner and compiler consume it. It holds no question text and no spans, so two phrasings
 * of one question ("cheapest milk", "milk, cheapest?") produce equal IRs and share a cache entry.
 */

export const INTENTS = [
  /** Cheapest platform for a product (or the cheapest items of a brand/category), cheapest first. */
  'cheapest_platform',
  /** A product's price on every platform, with member price, stock and delivery time. */
  'price_comparison',
  /** Most expensive listings first. */
  'most_expensive',
  /** Listings with a discount of at least N percent off MRP. */
  'discounts',
  /** The biggest discounts (in a category, on a platform, in a city). */
  'best_deals',
  /** Items at or below a price. */
  'items_under',
  /** A product's MRP, selling price and discount on one or more platforms. */
  'product_mrp',
  /** A brand's cheapest items: one row per product at its cheapest platform. */
  'brand_cheapest',
  /** Price per kg / litre / piece, cheapest first. */
  'unit_price',
  /** Shortest delivery estimate for a product in a city. */
  'fastest_delivery',
  /** Where a product is in stock, per city. */
  'availability',
  /** Price over a time window: lowest/highest/average, price on a date, or a daily series. */
  'price_history',
  /** Biggest price drops (or rises) in a time window. */
  'price_changes',
  /** What a platform membership saves on items. */
  'membership_savings',
  /** Per-platform aggregates: average discount, items on sale, item count. */
  'platform_stats',
  /** Cart coupons valid now. */
  'coupons',
  /** Flash sales live now. */
  'flash_sales',
  /** Delivery, handling and small-cart fees per platform and city. */
  'fees',
  /** The cost of a whole basket on every platform, and the cheapest split across platforms. */
  'basket',
] as const;
export type Intent = (typeof INTENTS)[number];

export type BaseUnit = 'g' | 'ml' | 'pcs';
export type UnitPricePer = 'kg' | 'l' | 'pc';

export interface ProductSelection {
  /** Candidate products, ascending. More than one when the mention is generic or ambiguous. */
  ids: number[];
  /** The mention in catalog words (typos corrected), e.g. "amul butter". */
  label: string;
  /** More than one candidate product (several names or packs): the shopper may mean only one of them. */
  ambiguous: boolean;
  /** A requested pack size in base units, when the question gave one. */
  pack: { amount: number; base_unit: BaseUnit } | null;
  /** False when a requested pack exists in none of the candidates (all sizes were kept). */
  pack_matched: boolean;
}

export interface BasketOption {
  product_id: number;
  /** Packs of this product needed for the item. */
  packs: number;
  /** 0 exact pack, 1 several smaller packs, 2 one bigger pack: the lowest fit wins, then the lowest cost. */
  fit: number;
}

export interface BasketItem {
  label: string;
  /** How many the shopper asked for ("2 amul butter" → 2; "6 eggs" → 6 pieces). */
  quantity: number;
  /** Set when the quantity is pieces rather than packs. */
  pieces: number | null;
  options: BasketOption[];
}

export type SortKey =
  | 'price'
  | 'unit_price'
  | 'discount_percent'
  | 'eta_minutes'
  | 'change_percent'
  | 'member_savings'
  | 'average_discount_percent'
  | 'items_on_sale'
  | 'item_count'
  | 'total'
  | 'date'
  | 'lowest_price'
  | 'highest_price'
  | 'average_price'
  | 'percent_off'
  | 'ends_at'
  | 'platform'
  | 'in_stock'
  | 'delivery_fee'
  | 'handling_fee'
  | 'small_cart_fee'
  | 'free_delivery_above';

export interface TimeWindow {
  /** ISO-8601 instants with the +05:30 offset; `from` inclusive, `to` exclusive. */
  from: string;
  to: string;
  /** What the shopper said, canonicalised: "last 7 days", "today", "on 15 Nov 2026". */
  label: string;
  kind:
    | 'today'
    | 'yesterday'
    | 'this_week'
    | 'last_days'
    | 'last_month'
    | 'on_date'
    | 'since'
    | 'range'
    | 'default';
}

export type Aggregation =
  | 'history_summary'
  | 'history_on_date'
  | 'history_series'
  | 'platform_summary'
  | 'per_product_best';

export interface Filters {
  min_price: number | null;
  max_price: number | null;
  min_discount_percent: number | null;
  in_stock_only: boolean;
  /** Only listings out of stock ("where is it out of stock", "sold out on blinkit"). */
  out_of_stock_only: boolean;
  /** Use member prices (the shopper asked about members / a membership). */
  member_price: boolean;
  /** Include new-user-only coupons (the shopper said first order / new user). */
  new_users: boolean;
  /** Coupons: only flat (₹ off) or only percent coupons. */
  coupon_type: 'flat' | 'percent' | null;
  /** Flash sales: only those ending at or before this instant ("ending before 3 pm"). */
  ends_by: string | null;
}

export interface IR {
  intent: Intent;
  products: ProductSelection[];
  brand_ids: number[];
  /** Categories as named (the compiler expands them to their subtrees). */
  category_ids: number[];
  platform_ids: number[];
  city: { id: number; name: string } | null;
  pincode: string | null;
  filters: Filters;
  time: TimeWindow | null;
  /**
   * The reference instant for "now", floored to the minute, for intents that depend on it (valid coupons,
   * live flash sales, a basket's coupon); null otherwise, so cache keys of plain price questions do not
   * change every minute.
   */
  at: string | null;
  sort: { key: SortKey; direction: 'asc' | 'desc' };
  /** Rows per page: the question's "top N" or the caller's max_results. */
  limit: number;
  aggregation: Aggregation | null;
  /** Unit price basis. */
  unit: UnitPricePer | null;
  /** price_changes: drops or rises. */
  change_direction: 'down' | 'up' | null;
  basket: BasketItem[] | null;
}

export const DEFAULT_MAX_RESULTS = 100;
export const MAX_RESULTS_CAP = 1000;

export function emptyFilters(): Filters {
  return {
    min_price: null,
    max_price: null,
    min_discount_percent: null,
    in_stock_only: false,
    out_of_stock_only: false,
    member_price: false,
    new_users: false,
    coupon_type: null,
    ends_by: null,
  };
}
