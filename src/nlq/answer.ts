import type { Interpretation } from './intent-parser.ts';
import type { IR } from './ir.ts';
import type { ResultRow } from './response.ts';
import type { Vocabulary } from './vocabulary.ts';

/**
 * Rows → the words around them: `explanation` (one sentence saying what was computed), `answer` (a short
 * human answer with ₹ amounts in Indian format) and `suggestions` (the candidates of an ambiguous mention,
 * else follow-up questions).
 */

export interface FormattedAnswer {
  explanation: string;
  answer: string;
  suggestions: string[];
}

const rupeeFormat = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 2, minimumFractionDigits: 0 });
const rupeeFormat2 = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 2, minimumFractionDigits: 2 });

/** ₹271, ₹1,234.50, ₹12,34,567 */
export function formatRupees(value: unknown): string {
  const n = Number(value);
  if (!Number.isFinite(n)) return '₹–';
  return `₹${Number.isInteger(n) ? rupeeFormat.format(n) : rupeeFormat2.format(n)}`;
}

export function formatPercent(value: unknown): string {
  const n = Number(value);
  return `${Number.isInteger(n) ? n : n.toFixed(1).replace(/\.0$/, '')}%`;
}

const num = (v: unknown) => Number(v);
const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function productLabel(row: ResultRow): string {
  return row.pack ? `${row.product} ${row.pack}` : str(row.product);
}

/** "Amul Pasteurised Butter 500 g", "Milk", "Amul products", "“amul milk” (3 products)". */
export function describeItems(ir: IR, vocab: Vocabulary): string {
  if (ir.products.length > 0) {
    return listWords(
      ir.products.map((sel) => {
        const products = sel.ids.map((id) => vocab.products.get(id)!).filter(Boolean);
        const names = [...new Set(products.map((p) => p.name))];
        if (products.length === 1) return `${products[0]!.name} ${products[0]!.packLabel}`;
        if (names.length === 1) return `${names[0]} (${products.map((p) => p.packLabel).join(', ')})`;
        return `“${sel.label}” (${products.length} products)`;
      }),
    );
  }
  const brands = ir.brand_ids.map((id) => vocab.brands.get(id)?.name ?? '').filter(Boolean);
  const categories = ir.category_ids.map((id) => vocab.categories.get(id)?.name ?? '').filter(Boolean);
  if (brands.length > 0 && categories.length > 0) return `${listWords(brands)} ${listWords(categories)}`;
  if (brands.length > 0) return `${listWords(brands)} products`;
  if (categories.length > 0) return listWords(categories);
  return 'all items';
}

function wherePhrase(ir: IR, vocab: Vocabulary): string {
  const parts: string[] = [];
  if (ir.platform_ids.length > 0) {
    parts.push(`on ${listWords(ir.platform_ids.map((id) => vocab.platforms.get(id)?.name ?? String(id)))}`);
  }
  if (ir.city) parts.push(`in ${ir.city.name}`);
  return parts.length > 0 ? ` ${parts.join(' ')}` : '';
}

function filterPhrase(ir: IR): string {
  const f = ir.filters;
  const parts: string[] = [];
  if (f.max_price !== null) parts.push(`at most ${formatRupees(f.max_price)}`);
  if (f.min_price !== null) parts.push(`at least ${formatRupees(f.min_price)}`);
  if (f.min_discount_percent !== null)
    parts.push(`at least ${formatPercent(f.min_discount_percent)} off MRP`);
  if (f.in_stock_only) parts.push(ir.city ? `in stock in ${ir.city.name}` : 'in stock');
  return parts.length > 0 ? `, ${parts.join(', ')}` : '';
}

export function explain(ir: IR, vocab: Vocabulary): string {
  const items = describeItems(ir, vocab);
  const where = wherePhrase(ir, vocab);
  const filters = filterPhrase(ir);
  const priceWord = ir.filters.member_price
    ? 'member price (or selling price where there is none)'
    : 'current selling price';
  const platforms = ir.platform_ids.length > 0 ? '' : ' on every platform';
  switch (ir.intent) {
    case 'cheapest_platform':
      return `${cap(priceWord)} of ${items}${platforms}${where}${filters}, cheapest first.`;
    case 'price_comparison':
      return `${cap(priceWord)}, MRP, member price${ir.city ? ', stock and delivery time' : ''} of ${items}${platforms}${where}${filters}, cheapest first.`;
    case 'most_expensive':
      return `${cap(priceWord)} of ${items}${where}${filters}, most expensive first.`;
    case 'discounts':
      return `Listings of ${items}${where} with ${ir.filters.min_discount_percent !== null ? `at least ${formatPercent(ir.filters.min_discount_percent)}` : 'any'} discount off MRP (discount = (MRP − price) / MRP), biggest discount first.`;
    case 'best_deals':
      return `Listings of ${items}${where}${filters} ranked by discount off MRP ((MRP − price) / MRP), biggest first.`;
    case 'items_under':
      return `Listings of ${items}${where}${filters}, cheapest first.`;
    case 'product_mrp':
      return `MRP, selling price and discount off MRP of ${items}${where}.`;
    case 'brand_cheapest':
      return `Each ${items.replace(/ products$/, '')} product at its cheapest platform${where}${filters}, cheapest first.`;
    case 'unit_price':
      return `Price per ${ir.unit === 'kg' ? 'kg' : ir.unit === 'l' ? 'litre' : ir.unit === 'pc' ? 'piece' : 'kg, litre or piece'} (price ÷ pack size) of ${items}${where}${filters}, best value first.`;
    case 'fastest_delivery':
      return ir.products.length + ir.brand_ids.length + ir.category_ids.length > 0
        ? `Delivery time estimates for ${items}${where}, fastest first (in-stock listings before out-of-stock ones).`
        : `Average delivery time of in-stock listings per platform${where}, fastest first.`;
    case 'availability':
      return `Stock status, stock quantity and delivery time of ${items}${where || ' in every city'}, per platform.`;
    case 'price_history': {
      const window = overWindow(ir);
      if (ir.aggregation === 'history_on_date')
        return `Last recorded price of ${items}${platforms}${where} ${ir.time?.label ?? ''}.`;
      if (ir.aggregation === 'history_series')
        return `Daily price of ${items}${platforms}${where} over ${window}.`;
      return `Lowest, highest and average recorded price of ${items}${platforms} over ${window}.`;
    }
    case 'price_changes':
      return `Biggest price ${ir.change_direction === 'up' ? 'rise' : 'drop'} per listing of ${items}${where} ${ir.time?.label === 'today' ? 'today' : `over ${overWindow(ir)}`}, in percent of the old price.`;
    case 'membership_savings':
      return `Member prices and savings per item of ${items}${where}, biggest saving first.`;
    case 'platform_stats':
      return `Per platform: number of ${items === 'all items' ? 'listings' : `${items} listings`}${ir.city ? ` in ${ir.city.name}` : ''}, how many are discounted and the average discount off MRP.`;
    case 'coupons':
      return `${ir.filters.coupon_type === 'flat' ? 'Flat (₹ off) cart' : ir.filters.coupon_type === 'percent' ? 'Percent-off cart' : 'Cart'} coupons valid now${ir.filters.new_users ? ' for new users only' : ''}${where}.`;
    case 'flash_sales':
      return `Flash sales live now${items === 'all items' ? '' : ` on ${items}`}${where}${ir.filters.ends_by ? ` ending by ${timeOfDay(ir.filters.ends_by)}` : ''}, biggest first.`;
    case 'fees':
      return `Delivery fee, free-delivery threshold, handling fee and small-cart fee per platform${where}.`;
    case 'basket':
      return `Basket of ${ir.basket?.length ?? 0} items priced on every platform${where}${ir.city ? ' (in-stock listings only)' : ''}: items total plus delivery, handling and small-cart fees minus the best valid coupon, and the cheapest split across platforms.`;
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function priceOf(row: ResultRow, member: boolean): number {
  return member && row.member_price !== null && row.member_price !== undefined
    ? num(row.member_price)
    : num(row.price);
}

export function formatAnswer(
  interpretation: Pick<Interpretation, 'ir' | 'ambiguous' | 'warnings'>,
  vocab: Vocabulary,
  rows: readonly ResultRow[],
  total: number,
): FormattedAnswer {
  const { ir } = interpretation;
  const explanation = explain(ir, vocab);
  let answer = rows.length === 0 ? emptyAnswer(ir, vocab) : answerFor(ir, vocab, rows, total);
  if (interpretation.warnings.length > 0) answer = `${answer} ${interpretation.warnings.join(' ')}`;
  return { explanation, answer, suggestions: suggestionsFor(interpretation, vocab, rows) };
}

function emptyAnswer(ir: IR, vocab: Vocabulary): string {
  const items = describeItems(ir, vocab);
  switch (ir.intent) {
    case 'coupons':
      return `No coupons are valid right now${wherePhrase(ir, vocab)}.`;
    case 'flash_sales':
      return `No flash sales are live right now${wherePhrase(ir, vocab)}.`;
    case 'price_changes':
      return `No price ${ir.change_direction === 'up' ? 'rises' : 'drops'} for ${items}${wherePhrase(ir, vocab)} ${ir.time?.label === 'today' ? 'today' : `over ${overWindow(ir)}`}.`;
    case 'fees':
      return `No fee information${wherePhrase(ir, vocab)}.`;
    case 'price_history':
      return `No recorded prices of ${items} ${ir.time?.label ?? ''}.`.replace(/\s+\./, '.');
    default:
      return `No listings of ${items}${wherePhrase(ir, vocab)}${filterPhrase(ir)} right now.`;
  }
}

function answerFor(ir: IR, vocab: Vocabulary, rows: readonly ResultRow[], total: number): string {
  const member = ir.filters.member_price;
  const first = rows[0]!;
  const singleProduct = new Set(rows.map((r) => r.product_id)).size === 1;
  const more = total > rows.length ? ` Showing ${rows.length} of ${total}.` : '';
  const stockNote = (row: ResultRow) =>
    ir.city && row.in_stock === false
      ? ` (out of stock in ${ir.city.name})`
      : ir.city && row.in_stock === null
        ? ` (no stock data for ${ir.city.name})`
        : '';
  const memberNote = (row: ResultRow) =>
    member && row.member_price !== null && row.member_price !== undefined
      ? ` with ${str(row.membership)}`
      : '';

  switch (ir.intent) {
    case 'cheapest_platform':
    case 'items_under': {
      const best = priceOf(first, member);
      if (singleProduct) {
        const same = rows.filter((r) => priceOf(r, member) === best);
        const next = rows.find((r) => priceOf(r, member) > best);
        const who = listWords(same.map((r) => str(r.platform)));
        const filtered =
          ir.filters.max_price !== null || ir.filters.min_price !== null || ir.filters.in_stock_only;
        const lead =
          rows.length === 1 && filtered
            ? `Only one listing matches: ${productLabel(first)} on ${who} at ${formatRupees(best)}${memberNote(first)}`
            : rows.length === 1
              ? `Only ${who} lists ${productLabel(first)}, at ${formatRupees(best)}${memberNote(first)}`
              : `${who} ${same.length > 1 ? 'have' : 'has'} ${productLabel(first)} cheapest at ${formatRupees(best)}${memberNote(first)}`;
        const gap = next ? `, ${formatRupees(priceOf(next, member) - best)} below ${next.platform}` : '';
        return `${lead}${gap}${stockNote(first)}.${more}`;
      }
      const perProduct = cheapestPerProduct(rows, member);
      if (perProduct.length <= 4 && total === rows.length) {
        return `${perProduct
          .map(
            (r) =>
              `${productLabel(r)} is cheapest on ${r.platform} at ${formatRupees(priceOf(r, member))}${memberNote(r)}${stockNote(r)}`,
          )
          .join('; ')}.`;
      }
      return `The cheapest is ${productLabel(first)} on ${first.platform} at ${formatRupees(best)}${memberNote(first)}${stockNote(first)}; ${total} listings of ${perProduct.length}${total > rows.length ? '+' : ''} products match.${more}`;
    }
    case 'price_comparison':
    case 'product_mrp': {
      if (singleProduct) {
        const prices = rows
          .slice(0, 6)
          .map(
            (r) =>
              `${r.platform} ${formatRupees(priceOf(r, member))}${r.member_price !== null && !member ? ` (${formatRupees(r.member_price)} with ${r.membership})` : ''}${ir.city && r.in_stock === false ? ' (out of stock)' : ''}`,
          );
        const mrp =
          ir.intent === 'product_mrp' || rows.every((r) => r.mrp === first.mrp)
            ? ` MRP ${formatRupees(first.mrp)}`
            : '';
        if (ir.intent === 'product_mrp') {
          return `${productLabel(first)}: MRP ${formatRupees(first.mrp)}; ${rows
            .slice(0, 6)
            .map(
              (r) =>
                `${r.platform} sells it at ${formatRupees(r.price)} (${formatPercent(r.discount_percent)} off)`,
            )
            .join(', ')}.`;
        }
        return `${productLabel(first)}: ${prices.join(', ')}.${mrp ? `${mrp}.` : ''}`.replace('..', '.');
      }
      return `${total} listings of ${new Set(rows.map((r) => r.product_id)).size} products; the cheapest is ${productLabel(first)} on ${first.platform} at ${formatRupees(priceOf(first, member))}.${more}`;
    }
    case 'most_expensive':
      return `The most expensive is ${productLabel(first)} on ${first.platform} at ${formatRupees(priceOf(first, member))}.${more}`;
    case 'discounts':
    case 'best_deals':
      return `${ir.intent === 'discounts' ? `${total === 1 ? '1 listing matches' : `${total} listings match`}; the` : 'The'} biggest discount is ${productLabel(first)} on ${first.platform}: ${formatPercent(first.discount_percent)} off, ${formatRupees(first.price)} instead of ${formatRupees(first.mrp)}.${ir.intent === 'best_deals' ? more : ''}`;
    case 'brand_cheapest':
      return `The cheapest is ${productLabel(first)} at ${formatRupees(priceOf(first, member))} on ${first.platform}; ${total} product${total === 1 ? '' : 's'} listed.`;
    case 'unit_price':
      return `Best value: ${productLabel(first)} on ${first.platform} at ${formatRupees(first.unit_price)} per ${unitWord(first.unit_price_per)} (${formatRupees(first.price)} a pack).${more}`;
    case 'fastest_delivery':
      if (first.product_id === undefined) {
        return `${first.platform} is fastest${first.city ? ` in ${first.city}` : ''}: about ${num(first.eta_minutes)} minutes on average.`;
      }
      return `${first.platform} delivers ${productLabel(first)} fastest${first.city ? ` in ${first.city}` : ''}, in about ${num(first.eta_minutes)} minutes${first.in_stock === false ? ' (but it is out of stock there)' : ''}.`;
    case 'availability': {
      const inStock = rows.filter((r) => r.in_stock === true);
      const out = rows.filter((r) => r.in_stock === false);
      if (ir.filters.out_of_stock_only) {
        const where = ir.city ? ` in ${ir.city.name}` : '';
        return `${total === 1 ? '1 listing is' : `${total} listings are`} out of stock${where}: ${listWords(
          out.slice(0, 4).map((r) => `${productLabel(r)} on ${r.platform}${ir.city ? '' : ` in ${r.city}`}`),
        )}${total > 4 ? ' and more' : ''}.`;
      }
      if (ir.city && singleProduct) {
        const label = productLabel(first);
        if (inStock.length === 0) return `${label} is out of stock on every platform in ${ir.city.name}.`;
        return `${label} is in stock in ${ir.city.name} on ${listWords([...new Set(inStock.map((r) => str(r.platform)))])}${out.length > 0 ? `; out of stock on ${listWords([...new Set(out.map((r) => str(r.platform)))])}` : ''}.`;
      }
      if (ir.city) {
        return `In ${ir.city.name}, ${inStock.length} of ${rows.length} listings of ${describeItems(ir, vocab)} are in stock${out.length > 0 ? `; out of stock: ${listWords(out.slice(0, 4).map((r) => `${productLabel(r)} on ${r.platform}`))}${out.length > 4 ? ' and more' : ''}` : ''}.${more}`;
      }
      return `${singleProduct ? productLabel(first) : describeItems(ir, vocab)} is in stock in ${inStock.length} of ${rows.length} platform-city listings${out.length > 0 ? `; out of stock on ${listWords(out.slice(0, 4).map((r) => `${r.platform} in ${r.city}`))}${out.length > 4 ? ' and more' : ''}` : ''}.${more}`;
    }
    case 'price_history': {
      if (ir.aggregation === 'history_summary') {
        const lowest = rows.reduce((a, b) => (num(b.lowest_price) < num(a.lowest_price) ? b : a));
        const highest = rows.reduce((a, b) => (num(b.highest_price) > num(a.highest_price) ? b : a));
        const label = singleProduct ? productLabel(first) : describeItems(ir, vocab);
        return `Over ${overWindow(ir)}, ${label} cost between ${formatRupees(lowest.lowest_price)} (${lowest.platform}) and ${formatRupees(highest.highest_price)} (${highest.platform}); average ${formatRupees(average(rows.map((r) => num(r.average_price))))}.`;
      }
      if (ir.aggregation === 'history_on_date') {
        return `${cap(ir.time?.label ?? '')}, ${productLabel(first)} was cheapest on ${first.platform} at ${formatRupees(first.price)}${rows.length > 1 ? `; ${listWords(rows.slice(1, 4).map((r) => `${r.platform} ${formatRupees(r.price)}`))}` : ''}.`;
      }
      const prices = rows.map((r) => num(r.price));
      return `${rows.length} daily prices of ${singleProduct ? productLabel(first) : describeItems(ir, vocab)} over ${overWindow(ir)}: from ${formatRupees(Math.min(...prices))} to ${formatRupees(Math.max(...prices))}.${more}`;
    }
    case 'price_changes':
      return `Biggest ${ir.change_direction === 'up' ? 'rise' : 'drop'}: ${productLabel(first)} on ${first.platform}, from ${formatRupees(first.old_price)} to ${formatRupees(first.new_price)} (${num(first.change_percent) > 0 ? '+' : ''}${formatPercent(first.change_percent)}). ${total} listing${total === 1 ? '' : 's'} ${ir.change_direction === 'up' ? 'went up' : 'got cheaper'}.`;
    case 'membership_savings': {
      const platforms = [...new Set(rows.map((r) => `${r.membership}`))];
      return `Biggest member saving: ${formatRupees(first.member_savings)} on ${productLabel(first)} with ${first.membership} (${formatRupees(first.member_price)} instead of ${formatRupees(first.price)}); ${total === 1 ? '1 item has' : `${total} items have`} member prices${platforms.length > 0 ? ` (${listWords(platforms)})` : ''}.`;
    }
    case 'platform_stats':
      if (ir.sort.key === 'item_count')
        return `${first.platform} ${ir.platform_ids.length === 1 ? 'lists' : 'has the most items:'} ${num(first.item_count)} item${num(first.item_count) === 1 ? '' : 's'}${ir.city ? ` in ${ir.city.name}` : ''} (${num(first.items_on_sale)} on sale).`;
      return ir.sort.key === 'items_on_sale'
        ? `${first.platform} has ${ir.platform_ids.length === 1 ? '' : 'the most items on sale: '}${num(first.items_on_sale)} of ${num(first.item_count)} items on sale (average discount ${formatPercent(first.average_discount_percent)}).`
        : `${first.platform} has the highest average discount: ${formatPercent(first.average_discount_percent)} across ${num(first.item_count)} items (${num(first.items_on_sale)} on sale).`;
    case 'coupons':
      return `${total} coupon${total === 1 ? '' : 's'} valid now: ${rows
        .slice(0, 5)
        .map((r) => `${r.code} on ${r.platform} (${r.title}${r.new_users_only ? ', new users only' : ''})`)
        .join('; ')}.`;
    case 'flash_sales':
      return `${total} flash sale${total === 1 ? '' : 's'} live now; biggest: ${productLabel(first)} on ${first.platform}${first.percent_off !== null ? `, ${formatPercent(first.percent_off)} off` : ''} at ${formatRupees(first.price)}${first.ends_at ? ` until ${timeOfDay(str(first.ends_at))}` : ''}.`;
    case 'fees':
      return rows
        .slice(0, 6)
        .map(
          (r) =>
            `${r.platform}${ir.city ? '' : ` (${r.city})`}: ${formatRupees(r.delivery_fee)} delivery${num(r.free_delivery_above) > 0 ? ` (free from ${formatRupees(r.free_delivery_above)})` : ''}, ${formatRupees(r.handling_fee)} handling${num(r.small_cart_fee) > 0 ? `, ${formatRupees(r.small_cart_fee)} below ${formatRupees(r.small_cart_below)}` : ''}`,
        )
        .join('; ')
        .concat('.');
    case 'basket':
      return basketAnswer(ir, rows);
  }
}

function basketAnswer(ir: IR, rows: readonly ResultRow[]): string {
  const carts = rows.filter((r) => r.kind === 'platform');
  const split = rows.filter((r) => r.kind === 'split');
  const items = ir.basket?.length ?? 0;
  const complete = carts.filter((r) => num(r.item_count) === items);
  const parts: string[] = [];
  const breakdown = (r: ResultRow) => {
    const fees: string[] = [`items ${formatRupees(r.items_total)}`];
    if (r.delivery_charge !== null) fees.push(`${formatRupees(r.delivery_charge)} delivery`);
    if (r.handling_charge !== null) fees.push(`${formatRupees(r.handling_charge)} handling`);
    if (r.small_cart_charge !== null && num(r.small_cart_charge) > 0)
      fees.push(`${formatRupees(r.small_cart_charge)} small-cart fee`);
    const coupon = r.coupon_code ? ` − ${formatRupees(r.coupon_discount)} with ${r.coupon_code}` : '';
    return `${fees.join(' + ')}${coupon}`;
  };
  if (complete.length > 0) {
    const best = complete.reduce((a, b) => (num(b.total) < num(a.total) ? b : a));
    const runnerUp = complete.filter((r) => r !== best).sort((a, b) => num(a.total) - num(b.total))[0];
    parts.push(
      `${best.platform} is cheapest for the whole basket${ir.city ? ` in ${ir.city.name}` : ''} at ${formatRupees(best.total)} (${breakdown(best)})${runnerUp ? `, ${formatRupees(num(runnerUp.total) - num(best.total))} below ${runnerUp.platform}` : ''}.`,
    );
  } else if (carts.length > 0) {
    const most = carts[0]!;
    parts.push(
      `No platform has every item${ir.city ? ` in stock in ${ir.city.name}` : ''}; ${most.platform} has ${num(most.item_count)} of ${items} for ${formatRupees(most.total)} (missing ${most.missing_items}).`,
    );
  }
  if (split.length > 0) {
    const total = Math.round(split.reduce((sum, r) => sum + num(r.total), 0) * 100) / 100;
    const platforms = split.map((r) => str(r.platform));
    const single = complete.length > 0 ? Math.min(...complete.map((r) => num(r.total))) : null;
    const versus =
      single === null
        ? ''
        : total < single
          ? `, ${formatRupees(Math.round((single - total) * 100) / 100)} less than one platform`
          : total > single
            ? `, ${formatRupees(Math.round((total - single) * 100) / 100)} more than one platform because each adds its own fees`
            : '';
    if (split.length === 1) parts.push(`Splitting does not help: every item is cheapest on ${platforms[0]}.`);
    else
      parts.push(
        `Buying each item where it is cheapest (${listWords(platforms)}) costs ${formatRupees(total)} with each platform's fees${versus}.`,
      );
  }
  if (!ir.city) parts.push('Fees depend on the city: ask with a city to include them.');
  return parts.join(' ');
}

/** "the last 30 days", "this week", "15 Nov 2026". */
function overWindow(ir: IR): string {
  const label = ir.time?.label ?? 'last 30 days';
  if (ir.time?.kind === 'since' || ir.time?.kind === 'range') return `the days ${label}`;
  return /^last\b/.test(label) ? `the ${label}` : label;
}

/** The cheapest row of each product, in the rows' order. */
function cheapestPerProduct(rows: readonly ResultRow[], member: boolean): ResultRow[] {
  const best = new Map<unknown, ResultRow>();
  for (const r of rows) {
    const current = best.get(r.product_id);
    if (!current || priceOf(r, member) < priceOf(current, member)) best.set(r.product_id, r);
  }
  return [...best.values()].sort((a, b) => priceOf(a, member) - priceOf(b, member));
}

function unitWord(per: unknown): string {
  return per === 'l' ? 'litre' : per === 'pc' ? 'piece' : 'kg';
}

function average(values: number[]): number {
  return values.length === 0
    ? 0
    : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
}

function timeOfDay(iso: string): string {
  const m = iso.match(/T(\d{2}):(\d{2})/);
  if (!m) return iso;
  const h = Number(m[1]);
  return `${((h + 11) % 12) + 1}:${m[2]} ${h < 12 ? 'am' : 'pm'}`;
}

function suggestionsFor(
  interpretation: Pick<Interpretation, 'ir' | 'ambiguous'>,
  vocab: Vocabulary,
  rows: readonly ResultRow[],
): string[] {
  const { ir } = interpretation;
  const out: string[] = [];
  for (const mention of interpretation.ambiguous) {
    for (const c of mention.candidates.slice(0, 6)) out.push(`${c.name} ${c.pack}`);
  }
  if (out.length > 0) return [...new Set(out)];
  const product = rows.find((r) => r.product && r.pack);
  const label = product ? `${product.product} ${product.pack}` : undefined;
  const city = ir.city?.name ?? [...vocab.cities.values()][0]?.name;
  switch (ir.intent) {
    case 'cheapest_platform':
    case 'price_comparison':
    case 'most_expensive':
    case 'product_mrp':
      if (label) {
        out.push(`Lowest price of ${label} in the last 30 days`);
        if (city) out.push(`Is ${label} in stock in ${city}?`);
        out.push(`Fastest delivery for ${label}${city ? ` in ${city}` : ''}`);
      }
      break;
    case 'price_history':
    case 'price_changes':
      if (label) out.push(`Cheapest platform for ${label} right now`);
      out.push('What got cheaper today?');
      break;
    case 'basket':
      out.push(`Delivery fees${city ? ` in ${city}` : ''} on every platform`);
      out.push('Which coupons are valid right now?');
      break;
    default:
      if (label) out.push(`Cheapest platform for ${label}`);
      if (ir.category_ids[0] !== undefined) {
        out.push(`Average discount by platform in ${vocab.categories.get(ir.category_ids[0])?.name}`);
      }
      out.push('Biggest price drops this week');
  }
  return out.slice(0, 4);
}
