import { describe, expect, it } from 'vitest';
import { explain, formatAnswer, formatPercent, formatRupees } from '../../../src/nlq/answer.ts';
import type { ProductMention } from '../../../src/nlq/entity-linker.ts';
import { emptyFilters, type IR } from '../../../src/nlq/ir.ts';
import type { ResultRow } from '../../../src/nlq/response.ts';
import { buildVocabulary } from '../../../src/nlq/vocabulary.ts';
import { syntheticRows } from './nlq-fixture.ts';

const vocab = buildVocabulary(syntheticRows());

function makeIr(overrides: Partial<IR>): IR {
  return {
    intent: 'cheapest_platform',
    products: [{ ids: [2], label: 'moo farms butter', ambiguous: false, pack: null, pack_matched: true }],
    brand_ids: [],
    category_ids: [],
    platform_ids: [],
    city: null,
    pincode: null,
    filters: emptyFilters(),
    time: null,
    at: '2026-11-20T12:00:00+05:30',
    sort: { key: 'price', direction: 'asc' },
    limit: 100,
    aggregation: null,
    unit: null,
    change_direction: null,
    basket: null,
    ...overrides,
  };
}

const listing = (platform: string, price: number, extra: Partial<ResultRow> = {}): ResultRow => ({
  product_id: 2,
  product: 'Moo Farms Salted Butter',
  pack: '500 g',
  platform,
  platform_slug: platform.toLowerCase(),
  price,
  mrp: 300,
  discount_percent: Math.round(((300 - price) / 300) * 10000) / 100,
  member_price: null,
  membership: null,
  ...extra,
});

const answer = (ir: IR, rows: ResultRow[], total = rows.length, ambiguous: ProductMention[] = []) =>
  formatAnswer({ ir, ambiguous, warnings: [] }, vocab, rows, total);

describe('answer formatting', () => {
  it('formats rupees the Indian way and percentages', () => {
    expect(formatRupees(271)).toBe('₹271');
    expect(formatRupees(27.5)).toBe('₹27.50');
    expect(formatRupees(123456)).toBe('₹1,23,456');
    expect(formatRupees(1234567.8)).toBe('₹12,34,567.80');
    expect(formatPercent(12.5)).toBe('12.5%');
    expect(formatPercent(30)).toBe('30%');
  });

  it('names the cheapest platform and the gap to the next one', () => {
    const ir = makeIr({ city: { id: 1, name: 'Bengaluru' } });
    const out = answer(ir, [
      listing('Zepto', 271, { in_stock: true }),
      listing('Quickly', 285, { in_stock: true }),
    ]);
    expect(out.answer).toBe('Zepto has Moo Farms Salted Butter 500 g cheapest at ₹271, ₹14 below Quickly.');
    expect(out.explanation).toBe(
      'Current selling price of Moo Farms Salted Butter 500 g on every platform in Bengaluru, cheapest first.',
    );
  });

  it('handles ties, a single platform, stock and member prices', () => {
    expect(answer(makeIr({}), [listing('Zepto', 271), listing('Quickly', 271)]).answer).toBe(
      'Zepto and Quickly have Moo Farms Salted Butter 500 g cheapest at ₹271.',
    );
    expect(answer(makeIr({}), [listing('Zepto', 271)]).answer).toBe(
      'Only Zepto lists Moo Farms Salted Butter 500 g, at ₹271.',
    );
    const city = makeIr({ city: { id: 1, name: 'Pune' } });
    expect(answer(city, [listing('Zepto', 271, { in_stock: false })]).answer).toContain(
      '(out of stock in Pune)',
    );
    const member = makeIr({ filters: { ...emptyFilters(), member_price: true } });
    expect(
      answer(member, [
        listing('Zepto', 271, { member_price: 260, membership: 'Dash One' }),
        listing('Quickly', 265),
      ]).answer,
    ).toBe('Zepto has Moo Farms Salted Butter 500 g cheapest at ₹260 with Dash One, ₹5 below Quickly.');
  });

  it('says clearly when nothing matches', () => {
    expect(answer(makeIr({ intent: 'coupons', products: [] }), []).answer).toBe(
      'No coupons are valid right now.',
    );
    expect(answer(makeIr({}), []).answer).toBe('No listings of Moo Farms Salted Butter 500 g right now.');
  });

  it('lists the candidates of an ambiguous mention as suggestions', () => {
    const mention = {
      candidates: [
        { id: 1, name: 'Moo Farms Salted Butter', brand: 'Moo Farms', pack: '100 g', score: 1 },
        { id: 2, name: 'Moo Farms Salted Butter', brand: 'Moo Farms', pack: '500 g', score: 1 },
      ],
    } as ProductMention;
    const out = answer(makeIr({}), [listing('Zepto', 271)], 1, [mention]);
    expect(out.suggestions).toEqual(['Moo Farms Salted Butter 100 g', 'Moo Farms Salted Butter 500 g']);
  });

  it('summarises a basket: cheapest complete cart with its fees and coupon, and the split', () => {
    const ir = makeIr({
      intent: 'basket',
      products: [],
      city: { id: 1, name: 'Pune' },
      basket: [
        { label: 'a', quantity: 1, pieces: null, options: [] },
        { label: 'b', quantity: 1, pieces: null, options: [] },
      ],
    });
    const cart = (
      kind: string,
      platform: string,
      items: number,
      total: number,
      extra: Partial<ResultRow> = {},
    ): ResultRow => ({
      kind,
      platform,
      platform_slug: platform.toLowerCase(),
      item_count: items,
      items_total: total,
      delivery_charge: 0,
      handling_charge: 10,
      small_cart_charge: 0,
      coupon_code: null,
      coupon_discount: 0,
      total: total + 10,
      missing_items: null,
      ...extra,
    });
    const rows = [
      cart('platform', 'Zepto', 2, 500, { coupon_code: 'SAVE50', coupon_discount: 50, total: 460 }),
      cart('platform', 'Quickly', 2, 480),
      cart('split', 'Quickly', 1, 200),
      cart('split', 'Zepto', 1, 250),
    ];
    expect(answer(ir, rows).answer).toBe(
      'Zepto is cheapest for the whole basket in Pune at ₹460 (items ₹500 + ₹0 delivery + ₹10 handling − ₹50 with SAVE50), ₹30 below Quickly. ' +
        "Buying each item where it is cheapest (Quickly and Zepto) costs ₹470 with each platform's fees, ₹10 more than one platform because each adds its own fees.",
    );
  });

  it('explains history windows and price changes in one sentence', () => {
    const ir = makeIr({
      intent: 'price_history',
      aggregation: 'history_summary',
      time: { from: 'a', to: 'b', label: 'last 7 days', kind: 'last_days' },
    });
    expect(explain(ir, vocab)).toBe(
      'Lowest, highest and average recorded price of Moo Farms Salted Butter 500 g on every platform over the last 7 days.',
    );
    const drops = makeIr({
      intent: 'price_changes',
      products: [],
      change_direction: 'down',
      time: { from: 'a', to: 'b', label: 'today', kind: 'today' },
    });
    expect(explain(drops, vocab)).toBe(
      'Biggest price drop per listing of all items today, in percent of the old price.',
    );
  });
});
