import type { IR } from '../ir.ts';
import type { Plan } from '../planner.ts';
import type { Vocabulary } from '../vocabulary.ts';
import { itemConditions } from './filters.ts';
import { type CompiledQuery, finish } from './output.ts';
import { Params, renderFrom, whereClause } from './sql.ts';

/** Where a product is in stock: one row per listing and city, with stock, delivery time and price. */
export function compileAvailability(ir: IR, plan: Plan, vocab: Vocabulary): CompiledQuery {
  const params = new Params();
  const where = itemConditions(ir, vocab, params, { product: 'a.product_id', platform: 'a.platform_id' });
  if (ir.city) where.push(`a.city_id = ANY(${params.ids([ir.city.id])})`);
  if (ir.filters.out_of_stock_only) where.push('NOT a.in_stock');
  else if (ir.filters.in_stock_only) where.push('a.in_stock');
  const extra = {
    inventory_levels: ['i.city_id = a.city_id'],
    delivery_estimates: ['d.city_id = a.city_id'],
  };
  const columns = [
    'p.id AS product_id',
    'p.name AS product',
    'b.name AS brand',
    'p.pack_label AS pack',
    'pf.name AS platform',
    'pf.slug AS platform_slug',
    'ci.name AS city',
    'a.pincode',
    'a.in_stock',
    'i.stock_qty',
    'd.eta_minutes',
    'cp.price',
  ];
  const outputs = names(columns);
  const direction = ir.sort.direction === 'asc' ? 'ASC' : 'DESC';
  const text = `WITH stock AS (
  SELECT ${columns.join(',\n         ')}
  ${renderFrom(plan.from, plan.joins, extra)}${whereClause(where)}
)
SELECT ${outputs.join(', ')},
       count(*) OVER () AS total_count
FROM stock
ORDER BY in_stock ${direction}, city, price, platform_slug, product, product_id
LIMIT ${params.add(ir.limit, 'int')}`;
  return finish(text, params, outputs);
}

/** Delivery time of a product per platform (in the city, or in every city), fastest first. */
export function compileDelivery(ir: IR, plan: Plan, vocab: Vocabulary): CompiledQuery {
  const params = new Params();
  const where = itemConditions(ir, vocab, params, { product: 'l.product_id', platform: 'd.platform_id' });
  if (ir.city) where.push(`d.city_id = ANY(${params.ids([ir.city.id])})`);
  if (ir.filters.in_stock_only) where.push('a.in_stock');
  const columns = [
    'p.id AS product_id',
    'p.name AS product',
    'p.pack_label AS pack',
    'pf.name AS platform',
    'pf.slug AS platform_slug',
    'ci.name AS city',
    'd.eta_minutes',
    'a.in_stock',
    'cp.price',
  ];
  const outputs = names(columns);
  const text = `WITH delivery AS (
  SELECT ${columns.join(',\n         ')}
  ${renderFrom(plan.from, plan.joins, { availability_status: ['a.city_id = d.city_id'] })}${whereClause(where)}
)
SELECT ${outputs.join(', ')},
       count(*) OVER () AS total_count
FROM delivery
ORDER BY coalesce(in_stock, false) DESC, eta_minutes, price, platform_slug, city, product, product_id
LIMIT ${params.add(ir.limit, 'int')}`;
  return finish(text, params, outputs);
}

/** Typical delivery time per platform (and city) over the listings in stock, fastest first. */
export function compileDeliveryByPlatform(ir: IR, plan: Plan): CompiledQuery {
  const params = new Params();
  const where = ['a.in_stock'];
  if (ir.city) where.push(`d.city_id = ANY(${params.ids([ir.city.id])})`);
  if (ir.platform_ids.length > 0) where.push(`d.platform_id = ANY(${params.ids(ir.platform_ids)})`);
  const text = `SELECT pf.name AS platform,
       pf.slug AS platform_slug,
       ci.name AS city,
       round(avg(d.eta_minutes), 0) AS eta_minutes,
       count(*) AS item_count,
       count(*) OVER () AS total_count
  ${renderFrom(plan.from, plan.joins, { availability_status: ['a.city_id = d.city_id'] })}${whereClause(where)}
  GROUP BY pf.name, pf.slug, ci.name
  ORDER BY avg(d.eta_minutes), platform_slug, city
  LIMIT ${params.add(ir.limit, 'int')}`;
  return finish(text, params, ['platform', 'platform_slug', 'city', 'eta_minutes', 'item_count']);
}

export function names(columns: readonly string[]): string[] {
  return columns.map((c) =>
    c
      .split(' AS ')
      .at(-1)!
      .replace(/^\w+\./, ''),
  );
}
