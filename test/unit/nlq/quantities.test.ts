import { describe, expect, it } from 'vitest';
import {
  canonicalizeMeasures,
  findMeasures,
  type Measures,
  parseMoney,
  parseQuantity,
  type Quantity,
} from '../../../src/nlq/quantities.ts';

const q = (quantity: number, unit: Quantity['unit'], baseAmount: number, packCount = 1): Quantity => ({
  quantity,
  unit,
  packCount,
  baseAmount,
  baseUnit: unit === 'kg' || unit === 'g' ? 'g' : unit === 'pcs' ? 'pcs' : 'ml',
});

describe('parseQuantity', () => {
  it.each<[string, Quantity]>([
    ['1kg', q(1, 'kg', 1000)],
    ['1 kg', q(1, 'kg', 1000)],
    ['2 KGS', q(2, 'kg', 2000)],
    ['1000 g', q(1000, 'g', 1000)],
    ['1000gm', q(1000, 'g', 1000)],
    ['250 grams', q(250, 'g', 250)],
    ['1 litre', q(1, 'l', 1000)],
    ['1 ltr', q(1, 'l', 1000)],
    ['1l', q(1, 'l', 1000)],
    ['1.5 l', q(1.5, 'l', 1500)],
    ['1.1 kg', q(1.1, 'kg', 1100)],
    ['500ml', q(500, 'ml', 500)],
    ['half kg', q(0.5, 'kg', 500)],
    ['half a kilo', q(0.5, 'kg', 500)],
    ['quarter kg', q(0.25, 'kg', 250)],
    ['one and a half litre', q(1.5, 'l', 1500)],
    ['1/2 kg', q(0.5, 'kg', 500)],
    ['dozen', q(12, 'pcs', 12)],
    ['a dozen eggs', q(12, 'pcs', 12)],
    ['half dozen', q(6, 'pcs', 6)],
    ['2 dozen', q(24, 'pcs', 24)],
    ['6 eggs', q(6, 'pcs', 6)],
    ['10 pcs', q(10, 'pcs', 10)],
    ['2 x 70 g', q(70, 'g', 140, 2)],
    ['4x70g', q(70, 'g', 280, 4)],
    ['4 × 70 g', q(70, 'g', 280, 4)],
    ['70g x 4', q(70, 'g', 280, 4)],
    ['12 x 1 l', q(1, 'l', 12000, 12)],
  ])('%s', (text, expected) => {
    expect(parseQuantity(text)).toEqual(expected);
  });

  it.each([
    'milk',
    '1 kg milk',
    '0 kg',
    '6 bananas',
    'a l',
    'one g',
    '₹100',
    '30%',
    '7up',
    '',
    '1 kg '.repeat(100),
  ])('is null for %j', (text) => {
    expect(parseQuantity(text)).toBeNull();
  });

  it('is null for a value that is not a string', () => {
    expect(parseQuantity(undefined as unknown as string)).toBeNull();
  });
});

describe('parseMoney', () => {
  it.each<[string, number]>([
    ['₹100', 100],
    ['₹ 100', 100],
    ['rs 100', 100],
    ['rs.100', 100],
    ['Rs. 99.50', 99.5],
    ['INR 250', 250],
    ['100 rupees', 100],
    ['100 rupaye', 100],
    ['100 bucks', 100],
    ['100rs', 100],
    ['100/-', 100],
    ['₹100/-', 100],
    ['1,299', 1299],
    ['₹1,29,999', 129999],
    ['12,500', 12500],
    ['1k', 1000],
    ['1.5k', 1500],
    ['₹2k', 2000],
    ['2 lakh', 200000],
    ['100', 100],
  ])('%s → %d', (text, expected) => {
    expect(parseMoney(text)).toBe(expected);
  });

  it.each(['abc', '500 g', '₹', 'rs', 'under ₹100', '30%', '12345678901', '5₹lakh', ''])(
    'is null for %j',
    (text) => {
      expect(parseMoney(text)).toBeNull();
    },
  );
});

/** Each expected span is written as the literal text it covers. */
type Expected = Partial<Record<keyof Measures, Record<string, unknown>[]>>;

function spans(text: string) {
  const found = findMeasures(text);
  const withText = <T extends { start: number; end: number }>(list: T[]) =>
    list.map(({ start, end, ...rest }) => ({ text: text.slice(start, end), ...rest }));
  return {
    quantities: withText(found.quantities),
    money: withText(found.money),
    percent: withText(found.percent),
  };
}

describe('findMeasures', () => {
  it.each<[string, Expected]>([
    ['amul butter 500 g', { quantities: [{ text: '500 g', quantity: 500, unit: 'g', baseAmount: 500 }] }],
    ['lays 4 x 70 g', { quantities: [{ text: '4 x 70 g', packCount: 4, baseAmount: 280 }] }],
    ['a dozen eggs', { quantities: [{ text: 'a dozen', quantity: 12, unit: 'pcs' }] }],
    ['6 eggs please', { quantities: [{ text: '6', quantity: 6, unit: 'pcs' }] }],
    ['half kg atta', { quantities: [{ text: 'half kg', quantity: 0.5, unit: 'kg', baseAmount: 500 }] }],
    ['under ₹100', { money: [{ text: 'under ₹100', amount: 100, bound: 'max' }] }],
    ['below rs 50', { money: [{ text: 'below rs 50', amount: 50, bound: 'max' }] }],
    ['less than 100 bucks', { money: [{ text: 'less than 100 bucks', amount: 100, bound: 'max' }] }],
    ['within ₹200', { money: [{ text: 'within ₹200', amount: 200, bound: 'max' }] }],
    ['upto 300', { money: [{ text: 'upto 300', amount: 300, bound: 'max' }] }],
    ['max ₹99', { money: [{ text: 'max ₹99', amount: 99, bound: 'max' }] }],
    ['at most ₹75', { money: [{ text: 'at most ₹75', amount: 75, bound: 'max' }] }],
    ['snacks <100', { money: [{ text: '<100', amount: 100, bound: 'max' }] }],
    ['items under 100 on zepto', { money: [{ text: 'under 100', amount: 100, bound: 'max' }] }],
    ['above ₹500', { money: [{ text: 'above ₹500', amount: 500, bound: 'min' }] }],
    ['over rs 1k', { money: [{ text: 'over rs 1k', amount: 1000, bound: 'min' }] }],
    ['more than 200 rupees', { money: [{ text: 'more than 200 rupees', amount: 200, bound: 'min' }] }],
    ['at least ₹150', { money: [{ text: 'at least ₹150', amount: 150, bound: 'min' }] }],
    ['₹100 or less', { money: [{ text: '₹100 or less', amount: 100, bound: 'max' }] }],
    ['100 or less items', { money: [{ text: '100 or less', amount: 100, bound: 'max' }] }],
    ['₹500 and above', { money: [{ text: '₹500 and above', amount: 500, bound: 'min' }] }],
    ['100 tak', { money: [{ text: '100 tak', amount: 100, bound: 'max' }] }],
    ['between 50 and 100', { money: [{ text: 'between 50 and 100', amount: 100, min: 50, bound: 'range' }] }],
    [
      'between ₹100 and ₹50',
      { money: [{ text: 'between ₹100 and ₹50', amount: 100, min: 50, bound: 'range' }] },
    ],
    ['50-100 rs', { money: [{ text: '50-100 rs', amount: 100, min: 50, bound: 'range' }] }],
    ['₹50 to ₹100', { money: [{ text: '₹50 to ₹100', amount: 100, min: 50, bound: 'range' }] }],
    [
      'from 20 to 40 rupees',
      { money: [{ text: 'from 20 to 40 rupees', amount: 40, min: 20, bound: 'range' }] },
    ],
    ['costs ₹99.50', { money: [{ text: '₹99.50', amount: 99.5, bound: 'exact' }] }],
    ['30% off', { percent: [{ text: '30%', value: 30, bound: 'exact' }] }],
    ['30 percent off', { percent: [{ text: '30 percent', value: 30, bound: 'exact' }] }],
    ['30 per cent off', { percent: [{ text: '30 per cent', value: 30, bound: 'exact' }] }],
    ['30 pc off', { percent: [{ text: '30 pc', value: 30, bound: 'exact' }] }],
    ['discount above 30 pc', { percent: [{ text: 'above 30 pc', value: 30, bound: 'min' }] }],
    ['more than 30% off', { percent: [{ text: 'more than 30%', value: 30, bound: 'min' }] }],
    ['upto 50% off', { percent: [{ text: 'upto 50%', value: 50, bound: 'max' }] }],
    ['40% or more', { percent: [{ text: '40% or more', value: 40, bound: 'min' }] }],
    ['20-30% off', { percent: [{ text: '20-30%', value: 30, min: 20, bound: 'range' }] }],
    [
      'between 20 and 40 percent',
      { percent: [{ text: 'between 20 and 40 percent', value: 40, min: 20, bound: 'range' }] },
    ],
    [
      '2 kg atta under ₹100 with 10% off',
      {
        quantities: [{ text: '2 kg', quantity: 2, unit: 'kg' }],
        money: [{ text: 'under ₹100', amount: 100, bound: 'max' }],
        percent: [{ text: '10%', value: 10 }],
      },
    ],
    [
      'above ₹500 and below 1k',
      {
        money: [
          { text: 'above ₹500', amount: 500, bound: 'min' },
          { text: 'below 1k', amount: 1000, bound: 'max' },
        ],
      },
    ],
  ])('%s', (text, expected) => {
    const found = spans(text);
    expect(found).toMatchObject({ quantities: [], money: [], percent: [], ...expected });
    for (const key of ['quantities', 'money', 'percent'] as const) {
      expect(found[key]).toHaveLength(expected[key]?.length ?? 0);
    }
  });

  it.each([
    ['under 10 min delivery', 'a time is not a price'],
    ['within 2 kg', 'a weight is not a price'],
    ['above 4 stars', 'a rating is not a price'],
    ['5 kg or more', 'a weight with a bound is not a price'],
    ['7up 2024-01-05', 'a brand digit and a date are not amounts'],
    ['mp3 player', 'a digit inside a word is not a number'],
    ['between 1 and 2 kg', 'a range of weights is not a price range'],
    ['50-100 g', 'a bare range needs a currency or "between"'],
  ])('finds no money in %j (%s)', (text) => {
    expect(findMeasures(text).money).toEqual([]);
  });

  it('reads a "pc" without a discount word as pieces', () => {
    expect(spans('6 pc')).toMatchObject({ quantities: [{ text: '6 pc', unit: 'pcs' }], percent: [] });
  });

  it('ignores digit runs too long to be an amount', () => {
    expect(findMeasures('under 1234567890123 kg')).toEqual({
      quantities: [],
      money: [],
      percent: [],
      multipacks: [],
    });
  });

  it.each([
    ['maggi 12 pack cheapest', '12 pack', 12],
    ['3 maggi 4-packs and 2 thums up', '4-packs', 4],
    ['noodles pack of 6', 'pack of 6', 6],
    ['12-pack maggi', '12-pack', 12],
  ])('reads a multipack by its unit count in %j', (text, literal, count) => {
    const start = text.indexOf(literal);
    expect(findMeasures(text).multipacks).toEqual([{ count, start, end: start + literal.length }]);
    expect(findMeasures(text).money).toEqual([]);
  });

  it.each([
    ['2 packs of amul butter', 'a plural count of packs'],
    ['amul butter 2 packs', 'packs counted after the product'],
    ['1 pack of maggi', 'one pack'],
    ['pack of 500 g', 'a pack size'],
  ])('finds no multipack in %j (%s)', (text) => {
    expect(findMeasures(text).multipacks).toEqual([]);
  });
});

describe('canonicalizeMeasures', () => {
  it.each([
    ['amul butter 500g', 'amul butter 500 g'],
    ['1000gm sugar', '1000 g sugar'],
    ['1 ltr milk', '1 l milk'],
    ['1.5L', '1.5 l'],
    ['4x70g', '4 x 70 g'],
    ['70g x 4', '70 g x 4'],
    ['6 pieces', '6 pcs'],
    ['rs.100', '₹100'],
    ['Rs. 99.50', '₹99.50'],
    ['100 bucks', '₹100'],
    ['100/-', '₹100'],
    ['₹1,299', '₹1299'],
    ['under 1k', 'under ₹1000'],
    ['under 100', 'under ₹100'],
    ['50-100 rs', '₹50-₹100'],
    ['between 50 and 100', 'between ₹50 and ₹100'],
    ['30 percent off', '30% off'],
    ['30 pc off', '30% off'],
    ['20-30% off', '20%-30% off'],
    ['half kg atta', 'half kg atta'],
    ['a dozen eggs', 'a dozen eggs'],
  ])('%s → %s', (text, expected) => {
    const once = canonicalizeMeasures(text.toLowerCase());
    expect(once).toBe(expected);
    expect(canonicalizeMeasures(once)).toBe(once);
  });
});

describe('hostile input', () => {
  it.each([
    ['1 MB of digits', '1'.repeat(1_000_000)],
    ['100k amounts', '₹1-₹2 '.repeat(20_000)],
    ['unclosed ranges', 'between 1 and '.repeat(20_000)],
    ['punctuation only', '!?.,;:/-'.repeat(20_000)],
  ])('scans %s in linear time without throwing', (_, text) => {
    const started = performance.now();
    expect(() => findMeasures(text)).not.toThrow();
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
