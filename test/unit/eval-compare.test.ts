import { describe, expect, it } from 'vitest';
import {
  compare,
  type Expect,
  normalizeText,
  type Outcome,
  productMatches,
  valueMatches,
} from '../../eval/compare.ts';

const answered = (rows: Record<string, unknown>[]): Outcome => ({ kind: 'answered', rows });
const refused: Outcome = { kind: 'refused', code: 'QUERY_REFUSED', message: 'no' };
const failed: Outcome = { kind: 'error', code: 'INTERNAL_ERROR', message: 'boom' };

const rows = [
  {
    product: 'Amul Pasteurised Butter',
    pack: '500 g',
    platform_slug: 'blinkit',
    price: 253,
    discount_percent: 11.23,
  },
  {
    product: 'Amul Pasteurised Butter',
    pack: '500 g',
    platform_slug: 'bbnow',
    price: 272,
    discount_percent: 4.56,
  },
  {
    product: 'Amul Pasteurised Butter',
    pack: '500 g',
    platform_slug: 'zepto',
    price: 285,
    discount_percent: 0,
  },
];

const pass = (e: Expect, o: Outcome) => compare(e, o).pass;

describe('eval compare: refusals', () => {
  it('passes a refusal only when the engine refused', () => {
    expect(pass({ refuse: true }, refused)).toBe(true);
    expect(pass({ refuse: true }, answered(rows))).toBe(false);
    expect(pass({ refuse: true }, failed)).toBe(false);
  });

  it('fails an answerable question that was refused or errored', () => {
    const verdict = compare({ first: { platform_slug: 'blinkit' } }, refused);
    expect(verdict.pass).toBe(false);
    expect(verdict.reasons[0]).toMatch(/refused \(QUERY_REFUSED\)/);
    expect(pass({ first: { platform_slug: 'blinkit' } }, failed)).toBe(false);
  });
});

describe('eval compare: first', () => {
  it('checks only the named keys of the first row', () => {
    expect(pass({ first: { platform_slug: 'blinkit', price: 253 } }, answered(rows))).toBe(true);
    expect(pass({ first: { platform_slug: 'bbnow', price: 272 } }, answered(rows))).toBe(false);
  });

  it('fails on a missing column or no rows', () => {
    expect(compare({ first: { unit_price: 506 } }, answered(rows)).reasons[0]).toMatch(
      /missing column unit_price/,
    );
    expect(pass({ first: { price: 253 } }, answered([]))).toBe(false);
  });

  it('compares money within ±0.01 and accepts numeric strings', () => {
    expect(pass({ first: { price: 253.01 } }, answered(rows))).toBe(true);
    expect(pass({ first: { price: 252.99 } }, answered(rows))).toBe(true);
    expect(pass({ first: { price: 253.02 } }, answered(rows))).toBe(false);
    expect(pass({ first: { price: 271 } }, answered([{ price: '271.00' }]))).toBe(true);
    expect(pass({ first: { price: 271 } }, answered([{ price: '₹271' }]))).toBe(true);
    expect(pass({ first: { price: 271 } }, answered([{ price: 'n/a' }]))).toBe(false);
  });

  it('compares other strings case-insensitively and booleans strictly', () => {
    expect(pass({ first: { platform_slug: 'BLINKIT' } }, answered(rows))).toBe(true);
    expect(pass({ first: { in_stock: true } }, answered([{ in_stock: true }]))).toBe(true);
    expect(pass({ first: { in_stock: true } }, answered([{ in_stock: 'true' }]))).toBe(true);
    expect(pass({ first: { in_stock: true } }, answered([{ in_stock: false }]))).toBe(false);
    expect(pass({ first: { in_stock: false } }, answered([{ in_stock: 0 }]))).toBe(false);
    expect(pass({ first: { coupon_code: null } }, answered([{ coupon_code: null }]))).toBe(true);
    expect(pass({ first: { coupon_code: null } }, answered([{ coupon_code: 'X' }]))).toBe(false);
  });
});

describe('eval compare: product names', () => {
  it('matches case-insensitively when the expected name is contained in the returned one', () => {
    expect(productMatches('amul pasteurised butter', { product: 'Amul Pasteurised Butter' })).toBe(true);
    expect(productMatches('Amul Pasteurised Butter', { product: 'AMUL PASTEURISED BUTTER (Salted)' })).toBe(
      true,
    );
    expect(productMatches('Amul Pasteurised Butter', { product: 'Amul Butter' })).toBe(false);
  });

  it('lets the expected pack be matched by product + pack or by a title with the pack', () => {
    expect(
      productMatches('Amul Pasteurised Butter 500 g', { product: 'Amul Pasteurised Butter', pack: '500 g' }),
    ).toBe(true);
    expect(
      productMatches('Amul Pasteurised Butter 500 g', { product: 'Amul Pasteurised Butter', pack: '100 g' }),
    ).toBe(false);
    expect(
      productMatches('Amul Pasteurised Butter 500 g', { product: 'Amul Pasteurised Butter (500g)' }),
    ).toBe(true);
    expect(
      productMatches('Maggi 2-Minute Masala Noodles 4 x 70 g', {
        product: 'Maggi 2-Minute Masala Noodles',
        pack: '4 x 70 g',
      }),
    ).toBe(true);
  });

  it('accepts a pack-qualified name for a row without any pack, only on an exact name', () => {
    expect(productMatches('Onion 1 kg', { product: 'Onion' })).toBe(true);
    expect(productMatches('Onion 1 kg', { product: 'Pringles Sour Cream & Onion' })).toBe(false);
    expect(productMatches('Onion 1 kg', { product: 'Onion', pack: '500 g' })).toBe(false);
  });

  it('normalises punctuation and pack spacing the same way on both sides', () => {
    expect(normalizeText("Lay's India's Magic Masala")).toBe('lay s india s magic masala');
    expect(normalizeText('Thums Up Soft Drink 2.25 L')).toBe('thums up soft drink 2.25l');
    expect(normalizeText('Amul Taaza Toned Milk (500 ml)')).toBe('amul taaza toned milk 500ml');
    expect(
      valueMatches('product', "Kellogg's Corn Flakes", { product: 'KELLOGGS corn flakes' }.product),
    ).toBe(false);
    expect(valueMatches('product', "Kellogg's Corn Flakes", "Kellogg's Corn Flakes Original")).toBe(true);
  });

  it('does not use containment for other string columns', () => {
    expect(valueMatches('platform_slug', 'zepto', 'zepto_pass')).toBe(false);
    expect(valueMatches('city', 'pune', 'Pune ')).toBe(true);
  });
});

describe('eval compare: rows', () => {
  const keys = [
    { platform_slug: 'blinkit', price: 253 },
    { platform_slug: 'bbnow', price: 272 },
    { platform_slug: 'zepto', price: 285 },
  ];

  it('checks every row in order when ordered', () => {
    expect(pass({ rows: keys, ordered: true }, answered(rows))).toBe(true);
    expect(pass({ rows: [...keys].reverse(), ordered: true }, answered(rows))).toBe(false);
  });

  it('accepts any order when not ordered, but the row count must match', () => {
    expect(pass({ rows: [...keys].reverse(), ordered: false }, answered(rows))).toBe(true);
    expect(pass({ rows: keys.slice(0, 2), ordered: false }, answered(rows))).toBe(false);
    expect(pass({ rows: [...keys, { platform_slug: 'instamart', price: 285 }] }, answered(rows))).toBe(false);
  });

  it('needs a one-to-one assignment, not just each expected row matching something', () => {
    const twoSame = [
      { platform_slug: 'zepto', price: 285 },
      { platform_slug: 'zepto', price: 285 },
    ];
    expect(pass({ rows: twoSame }, answered([rows[2]!, rows[1]!]))).toBe(false);
    expect(pass({ rows: twoSame }, answered([rows[2]!, rows[2]!]))).toBe(true);
  });

  it('finds a matching when a greedy choice would block it', () => {
    const wanted = [{ product: 'Amul Pasteurised Butter' }, { product: 'Amul Pasteurised Butter 500 g' }];
    const got = [
      { product: 'Amul Pasteurised Butter', pack: '500 g' },
      { product: 'Amul Pasteurised Butter', pack: '100 g' },
    ];
    expect(pass({ rows: wanted }, answered(got))).toBe(true);
  });
});

describe('eval compare: contains, set, value, counts, all', () => {
  it('contains: each expected row appears somewhere', () => {
    expect(pass({ contains: [{ platform_slug: 'zepto', price: 285 }] }, answered(rows))).toBe(true);
    expect(pass({ contains: [{ platform_slug: 'zepto', price: 250 }] }, answered(rows))).toBe(false);
    expect(pass({ contains: [{ product: 'amul pasteurised butter' }] }, answered(rows))).toBe(true);
  });

  it('set: the distinct values are exactly the expected ones', () => {
    expect(
      pass({ set: { key: 'platform_slug', values: ['zepto', 'bbnow', 'blinkit'] } }, answered(rows)),
    ).toBe(true);
    const missing = compare(
      { set: { key: 'platform_slug', values: ['zepto', 'bbnow', 'blinkit', 'instamart'] } },
      answered(rows),
    );
    expect(missing.pass).toBe(false);
    expect(missing.reasons[0]).toMatch(/missing "instamart"/);
    const extra = compare({ set: { key: 'platform_slug', values: ['zepto', 'bbnow'] } }, answered(rows));
    expect(extra.reasons[0]).toMatch(/unexpected "blinkit"/);
  });

  it('set: product values use containment, duplicates in the answer are fine', () => {
    const got = [{ product: 'Onion' }, { product: 'Onion' }, { product: 'Tomato Hybrid' }];
    expect(pass({ set: { key: 'product', values: ['onion', 'tomato hybrid'] } }, answered(got))).toBe(true);
    expect(pass({ set: { key: 'product', values: ['onion'] } }, answered(got))).toBe(false);
  });

  it('set with where: rows marked otherwise (or unmarked) are judged by the filter', () => {
    const stock = [
      { platform_slug: 'blinkit', in_stock: true },
      { platform_slug: 'zepto', in_stock: false },
    ];
    const e: Expect = {
      set: { key: 'platform_slug', values: ['blinkit'], where: { column: 'in_stock', equals: true } },
    };
    expect(pass(e, answered(stock))).toBe(true);
    expect(pass(e, answered([{ platform_slug: 'blinkit' }]))).toBe(true);
    expect(pass(e, answered([{ platform_slug: 'blinkit' }, { platform_slug: 'zepto' }]))).toBe(false);
    expect(pass(e, answered([{ platform_slug: 'zepto', in_stock: true }]))).toBe(false);
  });

  it('value: the first row holds the answer', () => {
    expect(pass({ value: { column: 'price', equals: 253 } }, answered(rows))).toBe(true);
    expect(pass({ value: { column: 'price', equals: 272 } }, answered(rows))).toBe(false);
    expect(pass({ value: { column: 'lowest_price', equals: 253 } }, answered(rows))).toBe(false);
    expect(pass({ value: { column: 'price', equals: 253 } }, answered([]))).toBe(false);
  });

  it('count, min_count and max_count', () => {
    expect(pass({ count: 3 }, answered(rows))).toBe(true);
    expect(pass({ count: 2 }, answered(rows))).toBe(false);
    expect(pass({ count: 0 }, answered([]))).toBe(true);
    expect(pass({ min_count: 3 }, answered(rows))).toBe(true);
    expect(pass({ min_count: 4 }, answered(rows))).toBe(false);
    expect(pass({ max_count: 2 }, answered(rows))).toBe(false);
  });

  it('all: every row satisfies every condition, and there is at least one row', () => {
    expect(pass({ all: { column: 'discount_percent', gte: 0 } }, answered(rows))).toBe(true);
    expect(pass({ all: { column: 'discount_percent', gt: 0 } }, answered(rows))).toBe(false);
    expect(pass({ all: { column: 'discount_percent', gte: 0 } }, answered([]))).toBe(false);
    expect(
      pass(
        {
          all: [
            { column: 'price', lt: 300 },
            { column: 'price', gt: 250 },
          ],
        },
        answered(rows),
      ),
    ).toBe(true);
    expect(pass({ all: [{ column: 'price', lt: 285 }] }, answered(rows))).toBe(false);
    expect(pass({ all: [{ column: 'price', lte: 285 }] }, answered(rows))).toBe(true);
    expect(pass({ all: [{ column: 'price', lte: 284.995 }] }, answered(rows))).toBe(true);
    expect(pass({ all: { column: 'platform_slug', in: ['blinkit', 'bbnow'] } }, answered(rows))).toBe(false);
    expect(
      pass({ all: { column: 'product', equals: 'amul pasteurised butter 500 g' } }, answered(rows)),
    ).toBe(true);
    expect(
      pass({ all: { column: 'member_price', not_null: true } }, answered([{ member_price: null }])),
    ).toBe(false);
    expect(pass({ all: { column: 'unit_price', gte: 0 } }, answered(rows))).toBe(false);
  });

  it('strict bounds hold strictly even within the money tolerance', () => {
    expect(pass({ all: { column: 'discount_percent', gt: 20 } }, answered([{ discount_percent: 20 }]))).toBe(
      false,
    );
    expect(
      pass({ all: { column: 'discount_percent', gt: 20 } }, answered([{ discount_percent: 20.01 }])),
    ).toBe(true);
    expect(
      pass({ all: { column: 'discount_percent', gte: 20 } }, answered([{ discount_percent: 19.995 }])),
    ).toBe(true);
  });

  it('combines kinds: every part must pass and each failure is reported', () => {
    const verdict = compare(
      { first: { platform_slug: 'zepto' }, count: 2, all: { column: 'price', lt: 260 } },
      answered(rows),
    );
    expect(verdict.pass).toBe(false);
    expect(verdict.reasons).toHaveLength(3);
  });
});
