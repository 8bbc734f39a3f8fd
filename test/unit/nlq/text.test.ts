import { describe, expect, it } from 'vitest';
import {
  editDistance,
  foldText,
  stableStringify,
  stem,
  tokenize,
  trigramSimilarity,
  words,
} from '../../../src/nlq/text.ts';

describe('text helpers', () => {
  it('folds case, accents and apostrophes so catalog and question words meet', () => {
    expect(foldText("Lay's CAFÉ")).toBe('lays cafe');
    expect(words("Haldiram's Aloo-Bhujia & Co")).toEqual(['haldiram', 'aloo', 'bhujia', 'co']);
  });

  it('stems plurals only', () => {
    expect(
      ['eggs', 'noodles', 'berries', 'tomatoes', 'glasses', 'pass', 'plus', 'chips', 'is'].map(stem),
    ).toEqual(['egg', 'noodle', 'berry', 'tomato', 'glass', 'pass', 'plus', 'chip', 'is']);
  });

  it('tokenizes with character spans into the given text', () => {
    const text = 'cheapest amul butter, 500g';
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.word)).toEqual(['cheapest', 'amul', 'butter', '500g']);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.raw);
    expect(tokenize('price 2.25 l')[1]!.raw).toBe('2.25');
  });

  it("keeps a possessive one token, matching the catalog's folded word", () => {
    const text = "2 lay's classic and kellogg's flakes";
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.word)).toEqual(['2', 'lay', 'classic', 'and', 'kellogg', 'flake']);
    expect(tokens[1]).toMatchObject({ raw: 'lays', start: 2, end: 7 });
    expect(text.slice(tokens[4]!.start, tokens[4]!.end)).toBe("kellogg's");
    expect(words("Lay's Kellogg's")).toEqual(['lay', 'kellogg']);
  });

  it('measures similarity like pg_trgm and edit distance with transpositions', () => {
    expect(trigramSimilarity('butter', 'butter')).toBe(1);
    expect(trigramSimilarity('buter', 'butter')).toBeCloseTo(0.625, 3);
    expect(trigramSimilarity('amull', 'amul')).toBeCloseTo(4 / 7, 3);
    expect(trigramSimilarity('price', 'rice')).toBeLessThan(0.4);
    expect(editDistance('colgte', 'colgate')).toBe(1);
    expect(editDistance('mlik', 'milk')).toBe(1);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });

  it('prints objects canonically regardless of key order', () => {
    expect(stableStringify({ b: 1, a: [{ y: 2, x: 1 }], c: undefined })).toBe('{"a":[{"x":1,"y":2}],"b":1}');
    expect(stableStringify({ a: 1, b: 2 })).toBe(stableStringify({ b: 2, a: 1 }));
  });
});
