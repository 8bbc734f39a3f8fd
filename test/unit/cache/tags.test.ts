import { describe, expect, it } from 'vitest';
import { compareTags, irTags } from '../../../src/cache/tags.ts';
import { emptyFilters, type IR } from '../../../src/nlq/ir.ts';

function ir(overrides: Partial<IR> = {}): IR {
  return {
    intent: 'cheapest_platform',
    products: [],
    brand_ids: [],
    category_ids: [],
    platform_ids: [],
    city: null,
    pincode: null,
    filters: emptyFilters(),
    time: null,
    at: null,
    sort: { key: 'price', direction: 'asc' },
    limit: 100,
    aggregation: null,
    unit: null,
    change_direction: null,
    basket: null,
    ...overrides,
  };
}

const selection = (ids: number[]) => ({ ids, label: 'x', ambiguous: false, pack: null, pack_matched: true });

describe('cache tags', () => {
  it('tags an answer with its most specific scope', () => {
    expect(irTags(ir({ products: [selection([3, 4])], brand_ids: [1], platform_ids: [2] }))).toEqual([
      'product:3',
      'product:4',
    ]);
    expect(irTags(ir({ brand_ids: [1], category_ids: [7] }))).toEqual(['brand:1']);
    expect(irTags(ir({ category_ids: [7], platform_ids: [2] }))).toEqual(['category:7']);
    expect(irTags(ir({ platform_ids: [2, 5] }))).toEqual(['platform:2', 'platform:5']);
    expect(irTags(ir({ city: { id: 1, name: 'Pune' } }))).toEqual(['any']);
  });

  it('adds fees and coupons to answers that use them', () => {
    expect(irTags(ir({ intent: 'fees', platform_ids: [2] }))).toEqual(['platform:2', 'fees']);
    expect(irTags(ir({ intent: 'coupons' }))).toEqual(['any', 'coupons']);
    const basket = [
      { label: 'milk', quantity: 1, pieces: null, options: [{ product_id: 9, packs: 1, fit: 0 }] },
    ];
    expect(irTags(ir({ intent: 'basket', basket }))).toEqual(['product:9', 'fees', 'coupons']);
  });

  it('tags a comparison by product, with fees when a city is given, and unscoped when found by text', () => {
    expect(compareTags(5, undefined)).toEqual(['product:5']);
    expect(compareTags(5, 'Pune')).toEqual(['product:5', 'fees']);
    expect(compareTags(undefined, 'Pune')).toEqual(['any']);
  });
});
