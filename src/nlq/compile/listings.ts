import type { IR } from '../ir.ts';
import type { Plan } from '../planner.ts';
import type { Vocabulary } from '../vocabulary.ts';
import { allProductIds, itemConditions } from './filters.ts';
import { type CompiledQuery, finish } from './output.ts';
import { Params, renderFrom, whereClause } from './sql.ts';

/**
 * Current prices of listings: cheapest platform, prices on every platform, most expensive, discounts, best
 * deals, items under a price, MRP and discount, a brand's cheapest items and unit prices. One row per listing
 * (per product for a brand's cheapest items), with stock and delivery time in the city when there is one.
 */
export function compileListings(ir: IR, plan: Plan, vocab: Vocabulary): CompiledQuery {
  const params = new Params();
  const member = ir.filters.member_price;
  const price = member ? 'coalesce(cp.member_price, cp.price)' : 'cp.price';
  const cityId = ir.city ? params.ids([ir.city.id]) : null;

  const columns = [
    'p.id AS product_id',
    'p.name AS product',
    'b.name AS brand',
    'c.name AS category',
    'p.pack_label AS pack',
    'pf.name AS platform',
    'pf.slug AS platform_slug',
    'cp.price',
    'cp.mrp',
    'cp.discount_percent',
    'cp.member_price',
    'pf.membership_name AS membership',
  ];
  if (ir.city && cityId) {
    columns.push(`${params.add(ir.city.name, 'text')} AS city`, 'a.in_stock', 'i.stock_qty', 'd.eta_minutes');
  }
  if (ir.intent === 'unit_price') {
    columns.push(
      `round(cp.price / p.base_amount * CASE p.base_unit WHEN 'pcs' THEN 1 ELSE 1000 END, 2) AS unit_price`,
      `CASE p.base_unit WHEN 'g' THEN 'kg' WHEN 'ml' THEN 'l' ELSE 'pc' END AS unit_price_per`,
    );
  }
  const perProduct = ir.aggregation === 'per_product_best';
  if (perProduct) {
    columns.push(`row_number() OVER (PARTITION BY p.id ORDER BY ${price}, pf.slug) AS rank_in_product`);
  }

  const where = itemConditions(ir, vocab, params, { product: 'cp.product_id', platform: 'cp.platform_id' });
  if (ir.filters.max_price !== null) where.push(`${price} <= ${params.add(ir.filters.max_price, 'numeric')}`);
  if (ir.filters.min_price !== null) where.push(`${price} >= ${params.add(ir.filters.min_price, 'numeric')}`);
  if (ir.filters.min_discount_percent !== null) {
    where.push(`cp.discount_percent >= ${params.add(ir.filters.min_discount_percent, 'numeric')}`);
  } else if (ir.intent === 'discounts' || ir.intent === 'best_deals') {
    where.push('cp.discount_percent > 0');
  }
  if (ir.intent === 'unit_price' && ir.unit) {
    where.push(
      `p.base_unit = ${params.add(ir.unit === 'kg' ? 'g' : ir.unit === 'l' ? 'ml' : 'pcs', 'text')}`,
    );
  }
  if (ir.filters.in_stock_only) {
    where.push(
      cityId
        ? 'a.in_stock'
        : 'EXISTS (SELECT 1 FROM availability_status a WHERE a.listing_id = cp.listing_id AND a.in_stock)',
    );
  } else if (cityId && allProductIds(ir).length === 0) {
    // Searching a city: only listings the platform reports for that city.
    where.push('a.listing_id IS NOT NULL');
  }

  const extra: Record<string, string[]> = cityId
    ? {
        availability_status: [`a.city_id = ANY(${cityId})`],
        inventory_levels: [`i.city_id = ANY(${cityId})`],
        delivery_estimates: [`d.city_id = ANY(${cityId})`],
      }
    : {};

  const outputs = columns
    .map((c) =>
      c
        .split(' AS ')
        .at(-1)!
        .replace(/^\w+\./, ''),
    )
    .filter((c) => c !== 'rank_in_product');
  const orderPrice = member ? 'coalesce(member_price, price)' : 'price';
  const order = orderBy(ir, orderPrice);
  const text = `WITH listing AS (
  SELECT ${columns.join(',\n         ')}
  ${renderFrom(plan.from, plan.joins, extra)}${whereClause(where)}
)
SELECT ${outputs.join(', ')},
       count(*) OVER () AS total_count
FROM listing${perProduct ? '\nWHERE rank_in_product = 1' : ''}
ORDER BY ${order}
LIMIT ${params.add(ir.limit, 'int')}`;
  return finish(text, params, outputs);
}

function orderBy(ir: IR, price: string): string {
  const tail = 'platform_slug, product, product_id';
  switch (ir.sort.key) {
    case 'discount_percent':
      return `discount_percent ${ir.sort.direction.toUpperCase()}, ${price}, ${tail}`;
    case 'unit_price':
      return `unit_price_per, unit_price ${ir.sort.direction.toUpperCase()}, ${price}, ${tail}`;
    case 'price':
      return `${price} ${ir.sort.direction.toUpperCase()}, ${tail}`;
    default:
      return `${price}, ${tail}`;
  }
}
