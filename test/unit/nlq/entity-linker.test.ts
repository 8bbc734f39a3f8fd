import { describe, expect, it } from 'vitest';
import {
  didYouMean,
  linkEntities,
  type ProductMention,
  type QuantityMention,
} from '../../../src/nlq/entity-linker.ts';
import { interpretQuestion } from '../../../src/nlq/intent-parser.ts';
import { buildVocabulary } from '../../../src/nlq/vocabulary.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { syntheticRows } from './nlq-fixture.ts';

const vocab = buildVocabulary(syntheticRows());

function qty(
  text: string,
  literal: string,
  amount: number,
  unit: QuantityMention['unit'],
  packCount?: number,
) {
  const start = text.indexOf(literal);
  return { amount, unit, start, end: start + literal.length, ...(packCount ? { packCount } : {}) };
}

function link(text: string, quantities: QuantityMention[] = []) {
  return linkEntities(vocab, { text, quantities });
}

const ids = (m: ProductMention) => m.candidates.map((c) => c.id).sort((a, b) => a - b);

describe('entity linker', () => {
  it('links a brand and a product word to every matching product, grouped by name, with spans', () => {
    const r = link('cheapest moo farms butter on quickly');
    expect(r.products).toHaveLength(1);
    const m = r.products[0]!;
    expect(ids(m)).toEqual([1, 2]);
    expect(m.groups).toEqual([{ name: 'Moo Farms Salted Butter', ids: [1, 2], packs: ['100 g', '500 g'] }]);
    expect(m.text).toBe('moo farms butter');
    expect(r.platforms[0]).toMatchObject({ slug: 'quickly', text: 'quickly', confidence: 1 });
    expect(r.masked).toBe('cheapest {product} on {platform}');
  });

  it('reports every product of an ambiguous mention, in several groups', () => {
    const m = link('moo farms milk').products[0]!;
    expect(ids(m)).toEqual([3, 4]);
    const milk = link('milk').categories[0]!;
    // A whole category name is a category filter, not a product list.
    expect(milk).toMatchObject({ kind: 'category', ids: [12], names: ['Milk'] });
    const cheese = link('cheese slices').products[0]!;
    expect(cheese.groups.map((g) => g.name)).toEqual(['Go Cheese Slices', 'Go Go Cheese Slices']);
    expect(link('go cheese slices').products[0]!.candidates.map((c) => c.id)).toEqual([12]);
  });

  it('treats a brand alone as a brand filter, and prefers the longest match', () => {
    const r = link('moo farms prices in bangalore');
    expect(r.products).toHaveLength(0);
    expect(r.brands).toEqual([expect.objectContaining({ id: 1, name: 'Moo Farms', text: 'moo farms' })]);
    expect(r.cities[0]).toMatchObject({ name: 'Bengaluru', text: 'bangalore' });
    // "go go" is a brand; "go" alone is an ordinary word.
    expect(link('where should i go for eggs').brands).toHaveLength(0);
    expect(link('go go cheese').products[0]!.candidates.map((c) => c.id)).toEqual([11]);
  });

  it('narrows to the exact pack next to the mention', () => {
    const text = 'moo farms butter 500g';
    const m = link(text, [qty(text, '500g', 500, 'g')]).products[0]!;
    expect(ids(m)).toEqual([2]);
    expect(m).toMatchObject({ pack: { amount: 500, baseUnit: 'g' }, packMatched: true, text });
    // "1 l" is 1000 ml.
    const t2 = 'toned milk 1 l';
    expect(ids(link(t2, [qty(t2, '1 l', 1, 'l')]).products[0]!)).toEqual([4]);
  });

  it('keeps every size when the requested pack does not exist, and says so', () => {
    const text = 'moo farms butter 250g';
    const m = link(text, [qty(text, '250g', 250, 'g')]).products[0]!;
    expect(ids(m)).toEqual([1, 2]);
    expect(m.packMatched).toBe(false);
  });

  it('reads counts and pieces: "2 butter" is two packs, "6 eggs" six pieces', () => {
    const m = link('2 moo farms butter').products[0]!;
    expect(m).toMatchObject({ count: 2, pieces: null });
    const eggs = link('6 eggs').products[0]!;
    expect(eggs).toMatchObject({ pieces: 6, packMatched: true });
    expect(ids(eggs)).toEqual([6]);
    const dozen = 'dozen eggs';
    expect(link(dozen, [qty(dozen, 'dozen', 12, 'pcs')]).products[0]).toMatchObject({ pieces: 12 });
  });

  it('turns a brand with a pack into that brand’s product of that pack', () => {
    const text = 'fizzo 750ml';
    const m = link(text, [qty(text, '750ml', 750, 'ml')]).products[0]!;
    expect(ids(m)).toEqual([9]);
  });

  it('corrects typos by trigram similarity and lowers confidence', () => {
    const r = link('moo farms buter');
    expect(ids(r.products[0]!)).toEqual([1, 2]);
    expect(r.corrections).toEqual([expect.objectContaining({ from: 'buter', to: 'butter' })]);
    expect(r.products[0]!.confidence).toBeLessThan(1);
    expect(r.products[0]!.label).toBe('moo farms butter');
  });

  it('matches generic synonyms both ways: cold drink = soft drink', () => {
    expect(ids(link('fizzo cold drink').products[0]!)).toEqual([9]);
    expect(link('cold drinks').categories[0]).toMatchObject({ ids: [31] });
  });

  it('links partial category names to the deepest categories, and vegetables to the aisle', () => {
    expect(link('dairy').categories[0]).toMatchObject({ ids: [1] });
    expect(link('vegetables').categories[0]).toMatchObject({ ids: [41] });
  });

  it('finds pincodes and maps them to their city', () => {
    const r = link('eggs in 560001');
    expect(r.pincodes[0]).toMatchObject({ pincode: '560001', cityId: 1 });
    expect(link('eggs in 999999').pincodes[0]).toMatchObject({ cityId: null });
  });

  it('names memberships, and several platforms in one question', () => {
    const r = link('dash one savings vs quickly');
    expect(r.platforms.map((p) => [p.slug, p.membership])).toEqual([
      ['dashmart', true],
      ['quickly', false],
    ]);
  });

  it('splits items at commas and "and"', () => {
    const r = link('moo farms butter, hen house eggs and tomato');
    expect(r.products.map((m) => ids(m))).toEqual([[1, 2], [6, 7], [10]]);
  });

  it('keeps a plus stuck to a word inside a name, and commas inside an aisle name', () => {
    const rows = syntheticRows();
    rows.products.push({ ...rows.products[0]!, id: 13, name: 'Moo Farms XL+ Cheese Spread' });
    const withPlus = buildVocabulary(rows);
    const one = linkEntities(withPlus, { text: 'price of moo farms xl+ cheese spread on quickly' });
    expect(one.products.map((m) => ids(m))).toEqual([[13]]);
    expect(link('moo farms butter + tomato').products.map((m) => ids(m))).toEqual([[1, 2], [10]]);
    expect(link('dairy, bread & eggs deals').categories).toEqual([
      expect.objectContaining({ ids: [1], text: 'dairy, bread & eggs' }),
    ]);
    expect(link('atta, rice and dal').categories.map((c) => c.ids)).toEqual([[2]]);
  });

  it('keeps whole product names whose words the linker otherwise splits on', () => {
    const rows = syntheticRows();
    const base = rows.products[0]!;
    rows.brands.push({ id: 8, name: '24 Mantra', normalized_name: '24 mantra' });
    rows.products.push(
      { ...base, id: 21, name: 'Moo Farms 2-Minute Noodles' },
      { ...base, id: 22, name: '24 Mantra Organic Toor Dal', brand_id: 8 },
      { ...base, id: 23, name: 'Fizzo Spread with Cocoa', brand_id: 5 },
      { ...base, id: 24, name: 'Sunrise Salt Lite Low Sodium', brand_id: 2 },
      { ...base, id: 25, name: 'Greenleaf Pudina Chutney', brand_id: 4 },
      { ...base, id: 26, name: 'Fizzo 100% Orange Juice', brand_id: 5 },
    );
    const v = buildVocabulary(rows);
    const one = (text: string, nameParts: { start: number; end: number }[] = []) =>
      linkEntities(v, { text, nameParts }).products.map((m) => [ids(m), m.count]);
    // A number before a hyphenated catalog word, or starting a brand's name.
    expect(one('3 moo farms 2-minute noodles')).toEqual([[[21], 3]]);
    expect(one('3 24 mantra organic toor dal')).toEqual([[[22], 3]]);
    // A function or question word the name itself has between the two words.
    expect(one('fizzo spread with cocoa')).toEqual([[[23], null]]);
    expect(one('sunrise salt lite low sodium')).toEqual([[[24], null]]);
    // The normaliser reads "pudina" as "mint"; the name's word is indexed as read.
    expect(one('greenleaf mint chutney')).toEqual([[[25], null]]);
    // "100%" inside a name, once the parser marks it a name part.
    const juice = 'fizzo 100% orange juice';
    expect(one(juice, [{ start: 6, end: 10 }])).toEqual([[[26], null]]);
    // List words still separate items even when a name has them.
    expect(linkEntities(v, { text: 'moo farms butter and tomato' }).products).toHaveLength(2);
  });

  it('reads an aisle word as the aisle when no product in that aisle carries it', () => {
    // "vegetables" names no product: the Fresh Vegetables aisle.
    expect(link('vegetables').categories[0]).toMatchObject({ ids: [41] });
    // Both parts of "Atta & Flours" are one synonym group, so either names the whole aisle.
    expect(link('flour deals').categories[0]).toMatchObject({ ids: [21] });
  });

  it('reads function words a product name runs together as that name beside a word of it, else as words', () => {
    expect(ids(link('cheapest top day rusk').products[0]!)).toEqual([13]);
    expect(ids(link('sunrise top day price').products[0]!)).toEqual([13]);
    expect(link('top day in pune').products).toEqual([]);
    expect(link('top deal of the day on milk').products).toEqual([]);
    expect(ids(link('rusk').products[0]!)).toEqual([13, 14, 16]);
    // A lone one counts beside the word the name has next to it.
    expect(ids(link('suji rusk small').products[0]!)).toEqual([16]);
    expect(link('small cart fee for suji rusk').masked).toBe('small cart fee for {product}');
    // A number after such a word is part of the name, not a count: "total" is then no basket cue.
    const total = link('fizzo total 10 energy drink in pune');
    expect(ids(total.products[0]!)).toEqual([15]);
    expect(total.masked).toBe('{product} in {city}');
  });

  it('keeps a product name in one mention across a single letter and an ampersand it has', () => {
    const r = link('cheapest greenleaf rose & vitamin e soap');
    expect(r.products.map((m) => [m.text, ids(m)])).toEqual([['greenleaf rose & vitamin e soap', [17]]]);
  });

  it('keeps what a name writes in brackets or after a number in the mention, and leaves the question its words', () => {
    expect(link('greenleaf spinach (palak) in pune').products.map((m) => [m.text, ids(m)])).toEqual([
      ['greenleaf spinach (palak', [18]],
    ]);
    expect(link('sunrise 7 grain bread and moo farms toned milk').products.map((m) => m.text)).toEqual([
      'sunrise 7 grain bread',
      'moo farms toned milk',
    ]);
    expect(ids(link('7 grain bread').products[0]!)).toEqual([20]);
    // "do i" is the question's, though "doi" is a catalog word.
    const doi = link('how much do i save on mishti doi');
    expect(doi.products.map((m) => m.text)).toEqual(['mishti doi']);
  });

  it('reads a percentage a name has beside the same word as part of the name, not as a discount', () => {
    const parse = (q: string) =>
      interpretQuestion({ vocab, clock: fixedClock('2026-11-20T12:00:00+05:30') }, q);
    const named = parse('price of dark chocolate 55% cocoa');
    expect(named.ir.filters.min_discount_percent).toBeNull();
    expect(named.ir.products.map((m) => m.ids)).toEqual([[21]]);
    expect(parse('dark chocolate 55% off').ir.filters.min_discount_percent).toBe(55);
  });

  it("reads a thing an aisle's name lists as absent when every product there is another thing it lists", () => {
    // Atta, Rice & Dal holds only atta here: "dal" names nothing the catalog has, not the atta.
    const dal = link('cheapest dal');
    expect(dal.categories).toEqual([]);
    expect(dal.products).toEqual([]);
    expect(dal.unknown).toEqual([expect.objectContaining({ text: 'dal' })]);
    // Dairy, Bread & Eggs holds butter and milk, which are neither bread nor eggs: "dairy" is the aisle.
    expect(link('cheapest dairy').categories).toEqual([expect.objectContaining({ ids: [1] })]);
  });

  it('reports unknown product words, with did-you-mean suggestions from the catalog', () => {
    const r = link('price of tomatoo ketchupz');
    expect(r.unknown.map((u) => u.text)).toEqual(['ketchupz']);
    expect(r.products[0]!.candidates[0]!.name).toBe('Tomato Hybrid');
    const q = link('price of quinoa');
    expect(q.unknown).toEqual([expect.objectContaining({ text: 'quinoa' })]);
    expect(didYouMean(vocab, 'buttermilk')).toContain('Moo Farms Salted Butter');
  });
});
