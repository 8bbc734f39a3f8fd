import type { IR } from '../ir.ts';
import type { Plan } from '../planner.ts';
import type { Vocabulary } from '../vocabulary.ts';
import { names } from './availability.ts';
import { itemConditions } from './filters.ts';
import { type CompiledQuery, finish } from './output.ts';
import { Params, renderFrom, whereClause } from './sql.ts';

const LOCAL_DAY = `to_char(ph.recorded_at AT TIME ZONE 'Asia/Kolkata', 'YYYY-MM-DD')`;

/** Price history of listings in a time window: lowest/highest/average, the price on a date, or a daily series. */
export function compileHistory(ir: IR, plan: Plan, vocab: Vocabulary): CompiledQuery {
  const params = new Params();
  const where = itemConditions(ir, vocab, params, { product: 'ph.product_id', platform: 'l.platform_id' });
  const window = ir.time!;
  where.push(`ph.recorded_at >= ${params.add(window.from, 'timestamptz')}`);
  where.push(`ph.recorded_at < ${params.add(window.to, 'timestamptz')}`);
  const from = renderFrom(plan.from, plan.joins);
  const identity = [
    'p.id AS product_id',
    'p.name AS product',
    'p.pack_label AS pack',
    'pf.name AS platform',
    'pf.slug AS platform_slug',
  ];

  if (ir.aggregation === 'history_summary') {
    const columns = [
      ...identity,
      'min(ph.price) AS lowest_price',
      'max(ph.price) AS highest_price',
      'round(avg(ph.price), 2) AS average_price',
    ];
    const key =
      ir.sort.key === 'highest_price' || ir.sort.key === 'average_price' ? ir.sort.key : 'lowest_price';
    const text = `SELECT ${columns.join(',\n       ')},
       count(*) OVER () AS total_count
  ${from}${whereClause(where)}
  GROUP BY p.id, p.name, p.pack_label, pf.name, pf.slug
  ORDER BY ${key} ${ir.sort.direction.toUpperCase()}, platform_slug, product, product_id
  LIMIT ${params.add(ir.limit, 'int')}`;
    return finish(text, params, names(columns));
  }

  const columns = [...identity, `${LOCAL_DAY} AS date`, 'ph.price', 'ph.mrp', 'ph.recorded_at'];
  const outputs = names(columns);
  if (ir.aggregation === 'history_on_date') {
    // The last price seen on that day, per listing.
    const text = `WITH observed AS (
  SELECT ${columns.join(',\n         ')},
         row_number() OVER (PARTITION BY ph.listing_id ORDER BY ph.recorded_at DESC) AS latest
  ${from}${whereClause(where)}
)
SELECT ${outputs.join(', ')},
       count(*) OVER () AS total_count
FROM observed
WHERE latest = 1
ORDER BY price, platform_slug, product, product_id
LIMIT ${params.add(ir.limit, 'int')}`;
    return finish(text, params, outputs);
  }

  // Daily series: the last price of each day, per listing.
  const series = ['date', 'product_id', 'product', 'pack', 'platform', 'platform_slug', 'price', 'mrp'];
  const text = `WITH observed AS (
  SELECT ${columns.join(',\n         ')},
         row_number() OVER (PARTITION BY ph.listing_id, ${LOCAL_DAY} ORDER BY ph.recorded_at DESC) AS latest
  ${from}${whereClause(where)}
)
SELECT ${series.join(', ')},
       count(*) OVER () AS total_count
FROM observed
WHERE latest = 1
ORDER BY date, platform_slug, product, product_id
LIMIT ${params.add(ir.limit, 'int')}`;
  return finish(text, params, series);
}

/** The biggest price drops (or rises) per listing in a time window. */
export function compilePriceChanges(ir: IR, plan: Plan, vocab: Vocabulary): CompiledQuery {
  const params = new Params();
  const where = itemConditions(ir, vocab, params, { product: 'pc.product_id', platform: 'pc.platform_id' });
  const window = ir.time!;
  const down = ir.change_direction !== 'up';
  where.push(`pc.changed_at >= ${params.add(window.from, 'timestamptz')}`);
  where.push(`pc.changed_at < ${params.add(window.to, 'timestamptz')}`);
  where.push(down ? 'pc.change_amount < 0' : 'pc.change_amount > 0');
  const columns = [
    'p.id AS product_id',
    'p.name AS product',
    'p.pack_label AS pack',
    'pf.name AS platform',
    'pf.slug AS platform_slug',
    'pc.old_price',
    'pc.new_price',
    'pc.change_amount',
    'pc.change_percent',
    'pc.changed_at',
  ];
  const outputs = names(columns);
  const dir = down ? 'ASC' : 'DESC';
  const text = `WITH changes AS (
  SELECT ${columns.join(',\n         ')},
         row_number() OVER (PARTITION BY pc.listing_id ORDER BY pc.change_percent ${dir}, pc.changed_at DESC) AS pick
  ${renderFrom(plan.from, plan.joins)}${whereClause(where)}
)
SELECT ${outputs.join(', ')},
       count(*) OVER () AS total_count
FROM changes
WHERE pick = 1
ORDER BY change_percent ${dir}, change_amount ${dir}, platform_slug, product, product_id
LIMIT ${params.add(ir.limit, 'int')}`;
  return finish(text, params, outputs);
}
