import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.ts';
import { buildVocabulary, VocabularyStore } from '../../../src/nlq/vocabulary.ts';
import { fixtureDatabase, syntheticRows } from './nlq-fixture.ts';

describe('vocabulary from catalog rows', () => {
  const vocab = buildVocabulary(syntheticRows());

  it('indexes products by every word of every title, without the brand words', () => {
    expect([...vocab.productsByToken.get('butter')!]).toEqual([1, 2]);
    expect(vocab.productsByToken.get('taaza')).toEqual(new Set([3]));
    expect(vocab.productsByToken.get('organic')).toEqual(new Set([8]));
    // Brand words are a brand key, not product words: "farms" alone names no product.
    expect(vocab.productsByToken.has('farms')).toBe(false);
    expect(vocab.productsByToken.get('@brand1')).toEqual(new Set([1, 2, 3, 4]));
    // Aisle keywords are categories, not product words.
    expect(vocab.productsByToken.has('flour')).toBe(false);
  });

  it('groups generic synonyms so a soft drink sold as a cold drink is found both ways', () => {
    const soft = vocab.productsByToken.get('~soft_drink');
    expect(soft).toEqual(new Set([9]));
    expect(vocab.rewrites.get('cold drink')).toEqual(['~soft_drink']);
    expect(vocab.rewrites.get('dahi')).toEqual(['~curd']);
    // Catalog synonyms join groups.
    expect(vocab.rewrites.get('lassi milk')).toEqual(['~milk']);
  });

  it('names brands, categories at every level, platforms, memberships and cities as phrases', () => {
    expect(vocab.phrases.get('moo farm')).toEqual([{ kind: 'brand', id: 1, level: 'full' }]);
    expect(vocab.phrases.get('moo')).toEqual([{ kind: 'brand', id: 1, level: 'full' }]);
    expect(vocab.phrases.get('~milk')).toContainEqual({ kind: 'category', id: 12, level: 'full' });
    expect(vocab.phrases.get('dairy')).toEqual([{ kind: 'category', id: 1, level: 'part' }]);
    expect(vocab.phrases.get('vegetable')).toEqual([
      { kind: 'category', id: 4, level: 'part' },
      { kind: 'category', id: 41, level: 'head' },
    ]);
    // Platform aliases come from its name: slug, words, camel-case parts and initials.
    for (const alias of ['dashmart', 'swoosh', 'swoosh dashmart', 'dash mart', 'dm']) {
      expect(vocab.phrases.get(alias), alias).toContainEqual({ kind: 'platform', id: 2, level: 'full' });
    }
    expect(vocab.phrases.get('dash one')).toEqual([{ kind: 'membership', id: 2, level: 'full' }]);
    expect(vocab.phrases.get('bangalore')).toEqual([{ kind: 'city', id: 1, level: 'full' }]);
    expect(vocab.phrases.get('blr')).toEqual([{ kind: 'city', id: 1, level: 'full' }]);
  });

  it('knows category subtrees and products in them', () => {
    expect(vocab.categorySubtree(1)).toEqual([1, 11, 12, 13]);
    expect(vocab.productsInCategories([1]).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 6, 7, 8, 11, 12]);
  });

  it('corrects misspelt catalog words by trigram similarity, and leaves unrelated words alone', () => {
    expect(vocab.fuzzyWord('buter')?.word).toBe('butter');
    expect(vocab.fuzzyWord('butr')).toBeNull();
    expect(vocab.fuzzyWord('tomatto')?.word).toBe('tomato');
    expect(vocab.fuzzyWord('weather')).toBeNull();
  });
});

describe('vocabulary loaded from the live database', () => {
  let db: Database;
  beforeAll(async () => {
    db = await fixtureDatabase();
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('loads every product, listing title, brand, category level, platform, city and pincode', async () => {
    const store = await VocabularyStore.load(db);
    const vocab = store.current;
    expect(vocab.products.size).toBe(100);
    expect(vocab.platforms.size).toBe(4);
    expect(vocab.cities.size).toBe(5);
    expect(vocab.pincodes.size).toBe(9);
    expect([...vocab.categories.values()].filter((c) => c.depth === 0).length).toBeGreaterThan(5);
    expect(vocab.platformBySlug('instamart')?.membershipName).toBe('Swiggy One');
    // Platform aliases are derived from the data ("BigBasket Now" → "bb now", "big basket").
    expect(vocab.phrases.get('bb now')?.[0]).toMatchObject({
      kind: 'platform',
      id: vocab.platformBySlug('bbnow')!.id,
    });
    expect(vocab.phrases.get('big basket')?.[0]).toMatchObject({ kind: 'platform' });
    expect(vocab.phrases.get('swiggy')?.[0]).toMatchObject({ kind: 'platform' });
  });

  it('refresh() picks up products added to the catalog', async () => {
    const store = await VocabularyStore.load(db);
    expect(store.current.productsByToken.has('quinoa')).toBe(false);
    const { rows } = await db.query<{ id: number; category_id: number }>(
      'SELECT id, category_id FROM products ORDER BY id LIMIT 1',
    );
    await db.query(
      `INSERT INTO products (name, normalized_name, category_id, quantity, unit, pack_count, pack_label, match_key, brand_pack_key)
       VALUES ('Quinoa Seeds', 'quinoa seeds', $1, 500, 'g', 1, '500 g', 'x|quinoa seeds|500gx1', 'x|500gx1')`,
      [rows[0]!.category_id],
    );
    const before = store.current.version;
    await store.refresh();
    expect(store.current.version).toBe(before + 1);
    expect(store.current.productsByToken.get('quinoa')?.size).toBe(1);
    expect(store.current.products.size).toBe(101);
    await db.query(`DELETE FROM products WHERE name = 'Quinoa Seeds'`);
  });
});
