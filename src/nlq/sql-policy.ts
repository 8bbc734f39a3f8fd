import type { SchemaModel } from './schema/introspect.ts';
import type { SqlPolicy } from './validate-sql.ts';

export type { SqlPolicy } from './validate-sql.ts';

/**
 * What compiled SQL may touch: catalog tables only (never users' or internal tables) and a fixed list of
 * functions. validateSql checks every statement against it with the real PostgreSQL parser.
 */

/** Tables holding personal or internal data: never indexed, never joined, never allowed in SQL. */
export const DENIED_TABLES: ReadonlySet<string> = new Set([
  'users',
  'user_preferences',
  'search_history',
  'shopping_lists',
  'shopping_list_items',
  'comparison_history',
  'user_behavior',
  'user_analytics',
  'api_keys',
  'query_logs',
  'error_logs',
  'api_usage_stats',
  'feed_imports',
  'feed_rejections',
  'price_events',
  'schema_migrations',
  'conversion_tracking',
  'ab_test_results',
  'performance_metrics',
  'price_alerts',
  'stock_alerts',
]);

/** The catalog tables the engine reads. */
export const CATALOG_TABLES: readonly string[] = [
  'products',
  'product_brands',
  'product_categories',
  'product_variants',
  'product_attributes',
  'product_keywords',
  'product_synonyms',
  'platforms',
  'platform_listings',
  'current_prices',
  'price_history',
  'price_changes',
  'membership_prices',
  'bulk_pricing',
  'regional_pricing',
  'availability_status',
  'inventory_levels',
  'delivery_estimates',
  'service_areas',
  'platform_fees',
  'coupon_codes',
  'discounts',
  'flash_sales',
  'loyalty_programs',
  'cities',
  'pincodes',
];

export const ALLOWED_FUNCTIONS: readonly string[] = [
  'round',
  'coalesce',
  'min',
  'max',
  'avg',
  'sum',
  'count',
  'greatest',
  'least',
  'abs',
  'ceil',
  'floor',
  'date_trunc',
  'now',
  'lower',
  'upper',
  'row_number',
  'rank',
  'dense_rank',
  'lag',
  'lead',
  'first_value',
  'last_value',
  'string_agg',
  'array_agg',
  'bool_or',
  'bool_and',
  'nullif',
  'to_char',
  'extract',
  'date_part',
  'unnest',
  'timezone',
];

/** The policy for a live schema: catalog tables that exist there, minus anything denied. */
export function sqlPolicy(model: SchemaModel, maxLimit: number): SqlPolicy {
  const existing = new Set(model.tables.map((t) => t.name));
  return {
    allowedTables: new Set(CATALOG_TABLES.filter((t) => existing.has(t) && !DENIED_TABLES.has(t))),
    allowedFunctions: new Set(ALLOWED_FUNCTIONS),
    maxLimit,
  };
}
