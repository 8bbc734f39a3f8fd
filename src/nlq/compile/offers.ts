import type { IR } from '../ir.ts';
import type { Plan } from '../planner.ts';
import type { Vocabulary } from '../vocabulary.ts';
import { names } from './availability.ts';
import { itemConditions } from './filters.ts';
import { type CompiledQuery, finish, requireAt } from './output.ts';
import { Params, renderFrom, whereClause } from './sql.ts';

/** Cart coupons valid at the reference time. */
export function compileCoupons(ir: IR, plan: Plan): CompiledQuery {
  const params = new Params();
  const at = params.add(requireAt(ir), 'timestamptz');
  const where = [
    `(cc.valid_from IS NULL OR cc.valid_from <= ${at})`,
    `(cc.valid_until IS NULL OR cc.valid_until > ${at})`,
  ];
  if (ir.platform_ids.length > 0) where.push(`cc.platform_id = ANY(${params.ids(ir.platform_ids)})`);
  if (ir.filters.max_price !== null)
    where.push(`cc.min_cart_value <= ${params.add(ir.filters.max_price, 'numeric')}`);
  // "coupons for new users": the ones only new users get (everyone's coupons are asked without it).
  if (ir.filters.new_users) where.push('cc.new_users_only');
  if (ir.filters.coupon_type === 'flat') where.push('cc.amount_off IS NOT NULL');
  if (ir.filters.coupon_type === 'percent') where.push('cc.percent_off IS NOT NULL');
  const columns = [
    'pf.name AS platform',
    'pf.slug AS platform_slug',
    'cc.code',
    'cc.title',
    'cc.percent_off',
    'cc.amount_off',
    'cc.max_discount',
    'cc.min_cart_value',
    'cc.new_users_only',
    'cc.valid_until',
  ];
  const text = `SELECT ${columns.join(',\n       ')},
       count(*) OVER () AS total_count
  ${renderFrom(plan.from, plan.joins)}${whereClause(where)}
  ORDER BY platform_slug, new_users_only, min_cart_value, code
  LIMIT ${params.add(ir.limit, 'int')}`;
  return finish(text, params, names(columns));
}

/** Flash sales live at the reference time, biggest first. */
export function compileFlashSales(ir: IR, plan: Plan, vocab: Vocabulary): CompiledQuery {
  const params = new Params();
  const at = params.add(requireAt(ir), 'timestamptz');
  const where = [`fs.starts_at <= ${at}`, `fs.ends_at > ${at}`];
  if (ir.filters.ends_by !== null)
    where.push(`fs.ends_at <= ${params.add(ir.filters.ends_by, 'timestamptz')}`);
  where.push(...itemConditions(ir, vocab, params, { product: 'fs.product_id', platform: 'fs.platform_id' }));
  const cityId = ir.city ? params.ids([ir.city.id]) : null;
  const columns = [
    'p.id AS product_id',
    'p.name AS product',
    'p.pack_label AS pack',
    'pf.name AS platform',
    'pf.slug AS platform_slug',
    'fs.title',
    'fs.percent_off',
    'cp.price',
    'cp.mrp',
    'cp.discount_percent',
    'fs.ends_at',
  ];
  if (ir.city && cityId)
    columns.push(`${params.add(ir.city.name, 'text')} AS city`, 'a.in_stock', 'd.eta_minutes');
  if (ir.filters.in_stock_only) {
    where.push(
      cityId
        ? 'a.in_stock'
        : 'EXISTS (SELECT 1 FROM availability_status a WHERE a.listing_id = fs.listing_id AND a.in_stock)',
    );
  }
  const extra: Record<string, string[]> = cityId
    ? {
        availability_status: [`a.city_id = ANY(${cityId})`],
        inventory_levels: [`i.city_id = ANY(${cityId})`],
        delivery_estimates: [`d.city_id = ANY(${cityId})`],
      }
    : {};
  const text = `SELECT ${columns.join(',\n       ')},
       count(*) OVER () AS total_count
  ${renderFrom(plan.from, plan.joins, extra)}${whereClause(where)}
  ORDER BY percent_off DESC NULLS LAST, ends_at, platform_slug, product, product_id
  LIMIT ${params.add(ir.limit, 'int')}`;
  return finish(text, params, names(columns));
}

/** Member prices and what a member saves per item, biggest saving first. */
export function compileMembership(ir: IR, plan: Plan, vocab: Vocabulary): CompiledQuery {
  const params = new Params();
  const where = itemConditions(ir, vocab, params, { product: 'mp.product_id', platform: 'mp.platform_id' });
  const columns = [
    'p.id AS product_id',
    'p.name AS product',
    'p.pack_label AS pack',
    'pf.name AS platform',
    'pf.slug AS platform_slug',
    'mp.membership_name AS membership',
    'mp.regular_price AS price',
    'mp.member_price',
    'mp.member_savings',
  ];
  const text = `SELECT ${columns.join(',\n       ')},
       count(*) OVER () AS total_count
  ${renderFrom(plan.from, plan.joins)}${whereClause(where)}
  ORDER BY member_savings DESC, member_price, platform_slug, product, product_id
  LIMIT ${params.add(ir.limit, 'int')}`;
  return finish(text, params, names(columns));
}

/** ORDER BY of the per-platform aggregates by the asked-for figure, the others breaking ties. */
const STATS_ORDER: Partial<Record<IR['sort']['key'], string>> = {
  items_on_sale: 'items_on_sale DESC, average_discount_percent DESC',
  item_count: 'item_count DESC, items_on_sale DESC',
  average_discount_percent: 'average_discount_percent DESC, items_on_sale DESC',
};

/** Per-platform aggregates over current listings: item count, items on sale, average discount. */
export function compilePlatformStats(ir: IR, plan: Plan, vocab: Vocabulary): CompiledQuery {
  const params = new Params();
  const where = itemConditions(ir, vocab, params, { product: 'cp.product_id', platform: 'cp.platform_id' });
  const cityId = ir.city ? params.ids([ir.city.id]) : null;
  if (cityId && ir.filters.in_stock_only) where.push('a.in_stock');
  const columns = ['pf.name AS platform', 'pf.slug AS platform_slug'];
  if (ir.city) columns.push(`${params.add(ir.city.name, 'text')} AS city`);
  columns.push(
    'count(*) AS item_count',
    'count(*) FILTER (WHERE cp.discount_percent > 0) AS items_on_sale',
    'round(avg(cp.discount_percent), 2) AS average_discount_percent',
  );
  const key = STATS_ORDER[ir.sort.key] ?? STATS_ORDER.average_discount_percent!;
  const text = `SELECT ${columns.join(',\n       ')},
       count(*) OVER () AS total_count
  ${renderFrom(plan.from, plan.joins, cityId ? { availability_status: [`a.city_id = ANY(${cityId})`] } : {})}${whereClause(where)}
  GROUP BY pf.name, pf.slug
  ORDER BY ${key}, platform_slug
  LIMIT ${params.add(ir.limit, 'int')}`;
  return finish(text, params, names(columns));
}

/** Delivery, handling and small-cart fees per platform and city. */
export function compileFees(ir: IR, plan: Plan): CompiledQuery {
  const params = new Params();
  const where: string[] = [];
  if (ir.city) where.push(`f.city_id = ANY(${params.ids([ir.city.id])})`);
  if (ir.platform_ids.length > 0) where.push(`f.platform_id = ANY(${params.ids(ir.platform_ids)})`);
  const columns = [
    'pf.name AS platform',
    'pf.slug AS platform_slug',
    'ci.name AS city',
    'f.delivery_fee',
    'f.free_delivery_above',
    'f.handling_fee',
    'f.small_cart_fee',
    'f.small_cart_below',
  ];
  const text = `SELECT ${columns.join(',\n       ')},
       count(*) OVER () AS total_count
  ${renderFrom(plan.from, plan.joins)}${whereClause(where)}
  ORDER BY ${feeOrder(ir)}platform_slug, city
  LIMIT ${params.add(ir.limit, 'int')}`;
  return finish(text, params, names(columns));
}

const FEE_COLUMNS: ReadonlySet<IR['sort']['key']> = new Set([
  'delivery_fee',
  'handling_fee',
  'small_cart_fee',
  'free_delivery_above',
]);

/** The asked-for fee first ("lowest delivery fee"), the sort key coming from a closed set of column names. */
function feeOrder(ir: IR): string {
  if (!FEE_COLUMNS.has(ir.sort.key)) return '';
  return `${ir.sort.key} ${ir.sort.direction === 'asc' ? 'ASC' : 'DESC'}, `;
}
