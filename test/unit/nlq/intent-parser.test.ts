import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { irCacheKey } from '../../../src/nlq/cache-key.ts';
import { interpretQuestion } from '../../../src/nlq/intent-parser.ts';
import type { IR } from '../../../src/nlq/ir.ts';
import { AppError, ErrorCode } from '../../../src/shared/errors.ts';
import { buildPipeline, fixtureDatabase, type Pipeline, platformId, productId } from './nlq-fixture.ts';

let p: Pipeline;
beforeAll(async () => {
  p = await buildPipeline(await fixtureDatabase());
}, 120_000);
afterAll(async () => {
  await p?.db.close();
});

const parse = (q: string, context = {}) => interpretQuestion({ vocab: p.vocab, clock: p.clock }, q, context);
const ir = (q: string, context = {}): IR => parse(q, context).ir;

function refusal(q: string): AppError {
  try {
    parse(q);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`"${q}" was not refused`);
}

describe('intent parser', () => {
  it.each([
    ['which platform has the cheapest amul butter 500g', 'cheapest_platform'],
    ['sabse sasta doodh kahan hai', 'cheapest_platform'],
    ['where should i buy tata salt', 'cheapest_platform'],
    ['zepto or blinkit for amul butter?', 'cheapest_platform'],
    ['price of amul butter 500g on every platform', 'price_comparison'],
    ['compare prices of maggi noodles', 'price_comparison'],
    ['how much is nutella', 'price_comparison'],
    ['most expensive ghee', 'most_expensive'],
    ['costliest item on zepto', 'most_expensive'],
    ['discounts above 30% on zepto', 'discounts'],
    ['items with at least 20 percent off in mumbai', 'discounts'],
    ['best deals in snacks', 'best_deals'],
    ['top 5 offers on blinkit', 'best_deals'],
    ['items under ₹50', 'items_under'],
    ['dairy products below 40 rupees', 'items_under'],
    ['mrp of tata salt on zepto', 'product_mrp'],
    ["amul's cheapest items", 'brand_cheapest'],
    ['cheapest rice per kg', 'unit_price'],
    ['best value oil per litre', 'unit_price'],
    ['fastest delivery for bread in bengaluru', 'fastest_delivery'],
    ['which platform delivers fastest in pune', 'fastest_delivery'],
    ['is amul butter in stock in mumbai', 'availability'],
    ['where is red bull available', 'availability'],
    ['lowest price of tata salt in the last 30 days', 'price_history'],
    ['price of amul butter on 15 nov', 'price_history'],
    ['price trend of bru coffee', 'price_history'],
    ['biggest price drops this week', 'price_changes'],
    ['what got cheaper today', 'price_changes'],
    ['which items got costlier this week', 'price_changes'],
    ['how much do i save with zepto pass', 'membership_savings'],
    ['swiggy one member prices on dairy', 'membership_savings'],
    ['average discount by platform in snacks', 'platform_stats'],
    ['number of items on sale per platform', 'platform_stats'],
    ['coupons on zepto', 'coupons'],
    ['any promo codes for instamart', 'coupons'],
    ['flash sales live now', 'flash_sales'],
    ['delivery fee on blinkit in bengaluru', 'fees'],
    ['small cart fee on zepto', 'fees'],
    ['cheapest platform for 2 amul butter 500g, 1 aashirvaad atta 5kg and 6 eggs in bengaluru', 'basket'],
    ['total for amul butter and tata salt with delivery in pune', 'basket'],
  ])('%s → %s', (question, intent) => {
    expect(ir(question).intent).toBe(intent);
  });

  it('gives the same IR (and cache key) to phrasings of one question', () => {
    expect(ir('milk, cheapest?')).toEqual(ir('cheapest milk'));
    expect(irCacheKey(ir('milk, cheapest?'))).toBe(irCacheKey(ir('Cheapest MILK')));
    expect(ir('amull buter cheapest')).toEqual(ir('cheapest amul butter'));
    expect(irCacheKey(ir('cheapest milk'), { max_results: 5 })).not.toBe(irCacheKey(ir('cheapest milk')));
  });

  it('records products by id, ambiguity and the requested pack', () => {
    const butter = ir('cheapest amul butter');
    expect(butter.products).toEqual([
      {
        ids: [
          productId(p.vocab, 'Amul Pasteurised Butter', '500 g'),
          productId(p.vocab, 'Amul Pasteurised Butter', '100 g'),
        ].sort((a, b) => a - b),
        label: 'amul butter',
        ambiguous: true,
        pack: null,
        pack_matched: true,
      },
    ]);
    expect(ir('cheapest amul butter 500g').products[0]).toMatchObject({
      ids: [productId(p.vocab, 'Amul Pasteurised Butter', '500 g')],
      ambiguous: false,
      pack: { amount: 500, base_unit: 'g' },
    });
  });

  it('takes the city from the question first, then its pincode, then the context', () => {
    expect(ir('cheapest milk in pune', { city: 'Mumbai' }).city?.name).toBe('Pune');
    expect(ir('cheapest milk in 560034', { city: 'Mumbai' })).toMatchObject({
      city: { name: 'Bengaluru' },
      pincode: '560034',
    });
    expect(ir('cheapest milk', { city: 'bangalore' }).city?.name).toBe('Bengaluru');
    expect(ir('cheapest milk', { pincode: '400050' }).city?.name).toBe('Mumbai');
    expect(ir('cheapest milk').city).toBeNull();
    expect(parse('cheapest milk', { city: 'Atlantis' }).warnings[0]).toContain('Atlantis');
  });

  it('reads price, discount, stock and membership filters', () => {
    expect(ir('milk under 30 rupees').filters).toMatchObject({ max_price: 30 });
    expect(ir('snacks above ₹100').filters).toMatchObject({ min_price: 100 });
    expect(ir('discounts above 30% on zepto')).toMatchObject({
      filters: { min_discount_percent: 30 },
      platform_ids: [platformId(p.vocab, 'zepto')],
      sort: { key: 'discount_percent', direction: 'desc' },
    });
    expect(ir('cheapest amul butter in stock in delhi').filters.in_stock_only).toBe(true);
    expect(ir('cheapest amul butter in delhi').filters.in_stock_only).toBe(false);
    expect(ir('cheapest amul butter with zepto pass').filters.member_price).toBe(true);
  });

  it('limits to "top N" within the caller’s max_results', () => {
    expect(ir('top 5 deals on blinkit').limit).toBe(5);
    expect(ir('best deals on blinkit').limit).toBe(100);
    expect(ir('best deals on blinkit', { max_results: 20 }).limit).toBe(20);
    expect(ir('top 50 deals', { max_results: 10 }).limit).toBe(10);
  });

  it('resolves time windows with the injected clock', () => {
    expect(ir('lowest price of tata salt in the last 7 days')).toMatchObject({
      aggregation: 'history_summary',
      time: { from: '2026-11-13T12:01:00+05:30', to: '2026-11-20T12:01:00+05:30' },
      sort: { key: 'lowest_price', direction: 'asc' },
    });
    expect(ir('amul butter price yesterday')).toMatchObject({
      aggregation: 'history_on_date',
      time: { from: '2026-11-19T00:00:00+05:30', to: '2026-11-20T00:00:00+05:30' },
    });
    expect(ir('price history of bru coffee')).toMatchObject({
      aggregation: 'history_series',
      time: { kind: 'default', label: 'last 30 days' },
    });
    expect(ir('what got cheaper today')).toMatchObject({
      change_direction: 'down',
      time: { kind: 'today', from: '2026-11-20T00:00:00+05:30' },
    });
    expect(ir('coupons on zepto').at).toBe('2026-11-20T12:00:00+05:30');
    expect(ir('cheapest milk').at).toBeNull();
  });

  it('builds basket items with packs needed per candidate (exact pack first)', () => {
    const basket = ir(
      'cheapest platform for 2 amul butter 500g, 1 aashirvaad atta 5kg and 6 eggs in bengaluru',
    );
    expect(basket.city?.name).toBe('Bengaluru');
    expect(basket.basket).toHaveLength(3);
    const [butter, atta, eggs] = basket.basket!;
    expect(butter).toMatchObject({ quantity: 2, pieces: null });
    expect(butter!.options).toEqual([
      { product_id: productId(p.vocab, 'Amul Pasteurised Butter', '500 g'), packs: 2, fit: 0 },
    ]);
    expect(atta!.options).toEqual([
      { product_id: productId(p.vocab, 'Aashirvaad Shudh Chakki Atta', '5 kg'), packs: 1, fit: 0 },
    ]);
    expect(eggs).toMatchObject({ quantity: 6, pieces: 6 });
    expect(eggs!.options.every((o) => o.packs === 1 && o.fit === 0)).toBe(true);
    // Twelve eggs from six-piece packs: two packs each.
    const dozen = ir('basket: 12 eggs and 1 tata salt in pune').basket![0]!;
    expect(dozen.options.every((o) => o.packs === 2 && o.fit === 1)).toBe(true);
  });

  it('refuses what it must not answer, before anything else', () => {
    for (const q of [
      'delete all prices',
      'drop table products',
      'show user emails',
      "what's the weather",
      "'; DROP TABLE x; --",
    ]) {
      expect(refusal(q).code, q).toBe(ErrorCode.QueryRefused);
    }
    expect(refusal('hello there').code).toBe(ErrorCode.QueryRefused);
    expect(refusal('   ').code).toBe(ErrorCode.InvalidQuery);
  });

  it('answers an unknown product with INVALID_QUERY and did-you-mean suggestions', () => {
    const error = refusal('price of amool buttermilk xyzzy');
    expect(error.code).toBe(ErrorCode.InvalidQuery);
    const quinoa = refusal('price of quinoa');
    expect(quinoa.code).toBe(ErrorCode.InvalidQuery);
    expect(quinoa.message).toContain('quinoa');
    // Typos of catalog words are corrected rather than refused.
    expect(ir('cheapest nutela spred').products[0]!.label).toBe('nutella spread');
  });

  it('treats a brand or category listed next to a product as another item, else as a filter', () => {
    const versus = ir('horlicks vs bournvita price');
    expect(versus.products.map((p) => p.label).sort()).toEqual(['bournvita', 'horlicks']);
    expect(versus.brand_ids).toEqual([]);
    const scoped = ir('price of amul butter in dairy');
    expect(scoped.products).toHaveLength(1);
    const both = ir('amul products in dairy');
    expect(both.products).toEqual([]);
    expect(both.brand_ids).toHaveLength(1);
    expect(both.category_ids).toHaveLength(1);
  });

  it('names a multi-word brand by its distinctive first word, but not by a shared one', () => {
    expect(ir('chings noodles').products[0]!.label).toBe("ching's secret noodle");
    expect(ir('surf price').brand_ids).toHaveLength(1);
    expect(() => ir('tata price')).not.toThrow();
  });

  it('reads stock questions: out-of-stock listings of a platform in a city, without a product', () => {
    expect(ir('out of stock items on blinkit in mumbai')).toMatchObject({
      intent: 'availability',
      products: [],
      filters: { out_of_stock_only: true },
      city: { name: 'Mumbai' },
      sort: { key: 'in_stock', direction: 'asc' },
    });
    expect(ir('how long does blinkit take in delhi')).toMatchObject({
      intent: 'fastest_delivery',
      products: [],
    });
  });

  it('reads price ranges and cart values', () => {
    expect(ir('milk between 25 and 40 rupees').filters).toMatchObject({ min_price: 25, max_price: 40 });
    expect(ir('best coupon for a ₹1000 order on zepto')).toMatchObject({
      intent: 'coupons',
      filters: { max_price: 1000 },
    });
    expect(ir('unit price of amul butter')).toMatchObject({ intent: 'unit_price', unit: null });
  });

  it('reads an aisle word as the aisle, not as product names that contain it', () => {
    const category = (name: string) => [...p.vocab.categories.values()].find((c) => c.name === name)!.id;
    expect(ir('chips with more than 10% off')).toMatchObject({
      products: [],
      category_ids: [category('Chips & Crisps')],
    });
    expect(ir('biscuits under ₹40').category_ids).toEqual([category('Biscuits & Cookies')]);
    // "fruits": the fresh fruit aisle, not the fruit jam and the fruit juice.
    expect(ir('fruits below 50')).toMatchObject({ products: [], category_ids: [category('Fresh Fruits')] });
    expect(ir('fruits and vegetables over 20% off').category_ids).toEqual([category('Fruits & Vegetables')]);
    expect(ir('cleaning stuff under ₹150').category_ids).toEqual([category('Cleaning Essentials')]);
    expect(ir('spreads, jams & honey that got cheaper today')).toMatchObject({
      intent: 'price_changes',
      category_ids: [category('Spreads, Jams & Honey')],
    });
    // A part of an aisle whose products carry the word stays those products ("butter", not the cheese).
    expect(ir('cheapest butter').products[0]!.ids).toHaveLength(2);
  });

  it('counts items per platform: "how many … on sale", "how many products does zepto sell"', () => {
    expect(ir('how many items are on sale on blinkit')).toMatchObject({
      intent: 'platform_stats',
      platform_ids: [platformId(p.vocab, 'blinkit')],
      sort: { key: 'items_on_sale', direction: 'desc' },
    });
    expect(ir('how many products does zepto sell')).toMatchObject({
      intent: 'platform_stats',
      sort: { key: 'item_count', direction: 'desc' },
    });
    expect(ir('instamart pe kitne items sale pe hain').sort.key).toBe('items_on_sale');
    expect(ir('number of noodle products on instamart')).toMatchObject({
      intent: 'platform_stats',
      sort: { key: 'item_count' },
    });
  });

  it('reads "in-stock", "with stock" and "stock mein" as in stock', () => {
    expect(ir('cheapest in-stock ariel matic 1kg', { city: 'Mumbai' }).filters.in_stock_only).toBe(true);
    expect(
      ir('where is surf excel easy wash cheapest among platforms with stock in pune').filters.in_stock_only,
    ).toBe(true);
    expect(ir('tata tea premium abhi stock mein sabse sasta kahan').filters.in_stock_only).toBe(true);
  });

  it('reads "charges the most / least for" as a price question, not a fee one', () => {
    expect(ir('which platform charges the most for amul butter 500g').intent).toBe('most_expensive');
    expect(ir('which platform charges the least for amul butter 500g').intent).toBe('cheapest_platform');
    expect(ir('delivery charges in pune').intent).toBe('fees');
  });

  it('orders fees by the one asked about', () => {
    expect(ir('which platform has the lowest delivery fee in mumbai').sort).toEqual({
      key: 'delivery_fee',
      direction: 'asc',
    });
    expect(ir('highest handling fee').sort).toEqual({ key: 'handling_fee', direction: 'desc' });
    expect(ir('delivery fees in pune').sort).toEqual({ key: 'platform', direction: 'asc' });
  });

  it('filters coupons for new users and flat coupons', () => {
    expect(ir('coupons for new users').filters).toMatchObject({ new_users: true, coupon_type: null });
    expect(ir('flat discount coupons').filters.coupon_type).toBe('flat');
    expect(ir('percentage off coupons on zepto').filters.coupon_type).toBe('percent');
  });

  it('reads averages since a date, and flash sales ending before a time', () => {
    expect(ir('average price of red bull on zepto since 13 november')).toMatchObject({
      intent: 'price_history',
      aggregation: 'history_summary',
      sort: { key: 'average_price' },
      time: { kind: 'since', from: '2026-11-13T00:00:00+05:30', to: '2026-11-20T12:01:00+05:30' },
    });
    expect(ir('average price of coca-cola 750ml on bbnow from 14 november till now').time).toMatchObject({
      kind: 'since',
      from: '2026-11-14T00:00:00+05:30',
    });
    expect(ir('flash sales ending before 3 pm today').filters.ends_by).toBe('2026-11-20T15:00:00+05:30');
    expect(ir('flash sales live now').filters.ends_by).toBeNull();
  });

  it('understands Hinglish change, live-sale and delivery questions', () => {
    expect(ir('aaj zepto pe kya sasta hua')).toMatchObject({
      intent: 'price_changes',
      change_direction: 'down',
      time: { kind: 'today' },
    });
    expect(ir('koi flash sale chal raha hai instamart pe')).toMatchObject({
      intent: 'flash_sales',
      platform_ids: [platformId(p.vocab, 'instamart')],
    });
    expect(ir('sabse jaldi delivery pune mein kaun karta hai').intent).toBe('fastest_delivery');
  });

  it('answers "discount on <product>" with its MRP and discount, even when there is none', () => {
    expect(ir('discount on amul butter 500g on blinkit').intent).toBe('product_mrp');
    expect(ir('discounts on amul products').intent).toBe('discounts');
  });

  it('reads "100%" before a name as part of it, not as a discount', () => {
    expect(ir('cheapest britannia 100% whole wheat bread')).toMatchObject({
      intent: 'cheapest_platform',
      products: [{ ids: [productId(p.vocab, 'Britannia 100% Whole Wheat Bread', '450 g')] }],
      filters: { min_discount_percent: null },
    });
    expect(ir('juices with 30% off').filters.min_discount_percent).toBe(30);
  });

  it('warns when a requested pack does not exist', () => {
    const r = parse('cheapest amul butter 250g');
    expect(r.ir.products[0]!.pack_matched).toBe(false);
    expect(r.warnings[0]).toMatch(/No 250 g pack/);
  });
});
