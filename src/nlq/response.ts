import type { ErrorBody } from '../shared/errors.ts';

/**
 * The NL engine's answer, shared by the library (`ask`), the CLI (`qcd ask --json`) and `POST /api/v1/query`.
 * Field names are snake_case because they are the public JSON shape.
 */
export interface QueryResponse {
  query: string;
  results: ResultRow[];
  total_results: number;
  /** Milliseconds spent answering, planning and SQL together. */
  execution_time: number;
  relevant_tables: string[];
  cached: boolean;
  suggestions: string[];
  /**
   * The SQL that ran with its parameters. A basket answer runs several fixed statements: `text` holds them
   * in order, separated by `;`, and `params` one parameter list per statement.
   */
  sql: { text: string; params: unknown[] } | null;
  /** One sentence saying what was computed. */
  explanation: string;
  /** A short human answer ("Zepto has it cheapest at ₹271, ₹14 below Blinkit"). */
  answer: string;
  /** The interpreted query (intent, entities, filters), for the "show SQL" panel and query logs. */
  interpretation: unknown;
}

/**
 * Result rows use these column names wherever the value appears, so clients and the eval can rely on them:
 * product_id, product, brand, category, pack, platform (display name), platform_slug, city, pincode,
 * price, mrp, discount_percent, member_price, member_savings, membership, in_stock, stock_qty, eta_minutes,
 * unit_price, unit_price_per ('kg' | 'l' | 'pc'), date, recorded_at, lowest_price, highest_price,
 * average_price, old_price, new_price, change_amount, change_percent, changed_at, code, title, kind,
 * percent_off, amount_off, max_discount, min_cart_value, new_users_only, valid_until, ends_at,
 * delivery_fee, free_delivery_above, handling_fee, small_cart_fee, small_cart_below, items_total,
 * delivery_charge, handling_charge, small_cart_charge, coupon_code, coupon_discount, total, missing_items,
 * items_on_sale, item_count, average_discount_percent, quantity.
 * Money is a number of rupees with 2 decimals; percentages are numbers 0–100 with 2 decimals.
 */
export type ResultRow = Record<string, string | number | boolean | null>;

/** A refusal or failure, in the API's error shape. */
export type QueryRefusal = ErrorBody;
