import type { IR } from '../ir.ts';
import type { Plan } from '../planner.ts';
import { type CompiledQuery, finish, requireAt } from './output.ts';
import { Params, renderJoins } from './sql.ts';

export const BASKET_COLUMNS = [
  'kind',
  'platform',
  'platform_slug',
  'item_count',
  'items_total',
  'delivery_charge',
  'handling_charge',
  'small_cart_charge',
  'coupon_code',
  'coupon_discount',
  'total',
  'missing_items',
];

/**
 * A whole basket priced on every platform (kind = 'platform', one row per platform) and split across
 * platforms with each item where it is cheapest (kind = 'split', one row per platform used):
 *   items_total  Σ price × packs of the chosen product per item (exact pack first, then lowest cost)
 *   delivery     0 at or above free_delivery_above, else delivery_fee
 *   handling     handling_fee once per order
 *   small cart   small_cart_fee when items_total is below small_cart_below
 *   coupon       the best coupon valid now whose min_cart_value is met (new-user coupons only when asked),
 *                percent coupons capped by max_discount
 * With a city only listings in stock there count and that city's fees apply; without one fees are unknown.
 */
export function compileBasket(ir: IR, plan: Plan): CompiledQuery {
  const params = new Params();
  const items = ir.basket ?? [];
  const options = items.flatMap((item, index) => item.options.map((o) => ({ item: index + 1, ...o })));
  const itemNo = params.add(
    options.map((o) => o.item),
    'int[]',
  );
  const productIds = params.add(
    options.map((o) => o.product_id),
    'bigint[]',
  );
  const packs = params.add(
    options.map((o) => o.packs),
    'int[]',
  );
  const fits = params.add(
    options.map((o) => o.fit),
    'int[]',
  );
  const labels = params.add(
    items.map((i) => (i.quantity > 1 || i.pieces !== null ? `${i.label} × ${i.quantity}` : i.label)),
    'text[]',
  );
  const cityId = ir.city ? params.ids([ir.city.id]) : null;
  const at = params.add(requireAt(ir), 'timestamptz');
  const newUsers = params.add(ir.filters.new_users, 'boolean');

  const offerWhere: string[] = [];
  if (cityId) offerWhere.push('a.in_stock');
  if (ir.platform_ids.length > 0) offerWhere.push(`cp.platform_id = ANY(${params.ids(ir.platform_ids)})`);
  // The wanted products drive: each finds its listings by product id.
  const from = [
    'FROM wanted w',
    'JOIN current_prices cp ON cp.product_id = w.product_id',
    ...renderJoins(plan.joins, cityId ? { availability_status: [`a.city_id = ANY(${cityId})`] } : {}),
  ].join('\n    ');

  const fees = cityId
    ? `CASE WHEN f.platform_id IS NULL THEN NULL WHEN c.items_total >= f.free_delivery_above THEN 0 ELSE f.delivery_fee END AS delivery_charge,
         f.handling_fee AS handling_charge,
         CASE WHEN f.platform_id IS NULL THEN NULL WHEN c.items_total < f.small_cart_below THEN f.small_cart_fee ELSE 0 END AS small_cart_charge,`
    : `NULL::numeric AS delivery_charge,
         NULL::numeric AS handling_charge,
         NULL::numeric AS small_cart_charge,`;
  const feeJoin = cityId
    ? `\n  LEFT JOIN platform_fees f ON f.platform_id = c.platform_id AND f.city_id = ANY(${cityId})`
    : '';

  const text = `WITH wanted AS (
  SELECT w.item_no, w.product_id, w.packs, w.fit
  FROM unnest(${itemNo}, ${productIds}, ${packs}, ${fits}) AS w(item_no, product_id, packs, fit)
),
items AS (
  SELECT i.label, i.item_no
  FROM unnest(${labels}) WITH ORDINALITY AS i(label, item_no)
),
offers AS (
  SELECT w.item_no, cp.platform_id, cp.price * w.packs AS line_total,
         row_number() OVER (PARTITION BY w.item_no, cp.platform_id ORDER BY w.fit, cp.price * w.packs, w.product_id) AS pick
    ${from}${offerWhere.length > 0 ? `\n    WHERE ${offerWhere.join(' AND ')}` : ''}
),
chosen AS (
  SELECT item_no, platform_id, line_total,
         row_number() OVER (PARTITION BY item_no ORDER BY line_total, platform_id) AS cheapest
  FROM offers
  WHERE pick = 1
),
carts AS (
  SELECT 'platform' AS kind, platform_id, sum(line_total) AS items_total, count(*) AS item_count,
         array_agg(item_no) AS item_nos
  FROM chosen
  GROUP BY platform_id
  UNION ALL
  SELECT 'split' AS kind, platform_id, sum(line_total), count(*), array_agg(item_no)
  FROM chosen
  WHERE cheapest = 1
  GROUP BY platform_id
),
priced AS (
  SELECT c.kind, c.platform_id, c.items_total, c.item_count, c.item_nos, pf.name AS platform, pf.slug AS platform_slug,
         ${fees}
         coalesce(coupon.discount, 0) AS coupon_discount,
         coupon.code AS coupon_code
  FROM carts c
  JOIN platforms pf ON pf.id = c.platform_id${feeJoin}
  LEFT JOIN LATERAL (
    SELECT cc.code,
           round(CASE WHEN cc.percent_off IS NOT NULL
                      THEN least(c.items_total * cc.percent_off / 100, coalesce(cc.max_discount, c.items_total))
                      ELSE least(cc.amount_off, c.items_total) END, 2) AS discount
    FROM coupon_codes cc
    WHERE cc.platform_id = c.platform_id
      AND cc.min_cart_value <= c.items_total
      AND (cc.valid_from IS NULL OR cc.valid_from <= ${at})
      AND (cc.valid_until IS NULL OR cc.valid_until > ${at})
      AND (NOT cc.new_users_only OR ${newUsers})
    ORDER BY discount DESC, cc.code
    LIMIT 1
  ) coupon ON true
)
SELECT kind, platform, platform_slug, item_count,
       round(items_total, 2) AS items_total,
       delivery_charge, handling_charge, small_cart_charge, coupon_code, coupon_discount,
       round(items_total + coalesce(delivery_charge, 0) + coalesce(handling_charge, 0)
             + coalesce(small_cart_charge, 0) - coupon_discount, 2) AS total,
       (SELECT string_agg(i.label, ', ' ORDER BY i.item_no)
          FROM items i
         WHERE NOT (i.item_no = ANY(CASE WHEN priced.kind = 'split'
                                          THEN ARRAY(SELECT item_no FROM chosen WHERE cheapest = 1)
                                          ELSE priced.item_nos END))) AS missing_items,
       count(*) OVER () AS total_count
FROM priced
ORDER BY kind, item_count DESC, total, platform_slug
LIMIT ${params.add(ir.limit, 'int')}`;
  return finish(text, params, BASKET_COLUMNS);
}
