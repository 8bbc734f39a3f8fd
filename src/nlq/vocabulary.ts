import type { Queryable } from '../db/database.ts';
import { NON_ENTITY_WORDS } from './function-words.ts';
import { CITY_ALIASES, GROCERY_SYNONYM_GROUPS } from './grocery-synonyms.ts';
import { translatedWord } from './normalize.ts';
import { editDistance, foldText, tokenize, trigramSimilarity, trigrams, words } from './text.ts';

/**
 * Everything the engine knows about the catalog's *values* (not its schema): products with every title they
 * are sold under, brands, categories at every level, platforms, cities, pincodes, keywords and synonyms.
 * Loaded from the live database at engine start and on `refresh()`, then held in memory so interpreting a
 * question needs no database round trip.
 */

export type PackUnit = 'g' | 'kg' | 'ml' | 'l' | 'pcs';
export type BaseUnit = 'g' | 'ml' | 'pcs';

export interface VocabProduct {
  id: number;
  name: string;
  brandId: number | null;
  brand: string | null;
  categoryId: number;
  category: string;
  quantity: number;
  unit: PackUnit;
  packCount: number;
  packLabel: string;
  /** Total pack size in g, ml or pcs. */
  baseAmount: number;
  baseUnit: BaseUnit;
  platformIds: number[];
  /** Name words without the brand, with synonym groups applied: what the name says beyond the brand. */
  nameWords: string[];
  /** Every word the product is known by (all titles, keywords, synonym groups, brand key). */
  tokens: Set<string>;
}

export interface VocabBrand {
  id: number;
  name: string;
  normalized: string;
  productIds: number[];
}

export interface VocabCategory {
  id: number;
  parentId: number | null;
  name: string;
  path: string;
  depth: number;
  /** This category and every category below it. */
  subtreeIds: number[];
}

export interface VocabPlatform {
  id: number;
  slug: string;
  name: string;
  membershipName: string | null;
}

export interface VocabCity {
  id: number;
  name: string;
}

export interface VocabPincode {
  pincode: string;
  cityId: number;
  area: string | null;
}

export type PhraseKind = 'brand' | 'category' | 'platform' | 'membership' | 'city';

export interface PhraseEntry {
  kind: PhraseKind;
  id: number;
  /**
   * How much of the entity's name the phrase is: `full` (the whole name or an alias of it), `part` (one
   * `&`/comma part of a category name) or `head` (the head noun of a part: "vegetables" of "Fresh Vegetables").
   */
  level: 'full' | 'part' | 'head';
}

export interface FuzzyMatch {
  word: string;
  similarity: number;
  distance: number;
}

export interface Vocabulary {
  readonly version: number;
  readonly loadedAt: Date;
  readonly products: ReadonlyMap<number, VocabProduct>;
  readonly brands: ReadonlyMap<number, VocabBrand>;
  readonly categories: ReadonlyMap<number, VocabCategory>;
  readonly platforms: ReadonlyMap<number, VocabPlatform>;
  readonly cities: ReadonlyMap<number, VocabCity>;
  readonly pincodes: ReadonlyMap<string, VocabPincode>;
  /** Word (or synonym-group key, or brand key) → products known by it. */
  readonly productsByToken: ReadonlyMap<string, ReadonlySet<number>>;
  /** Space-joined words → named entities it names. */
  readonly phrases: ReadonlyMap<string, readonly PhraseEntry[]>;
  readonly maxPhraseWords: number;
  /** Multi-word synonym phrases and single words → their replacement words (group keys). */
  readonly rewrites: ReadonlyMap<string, readonly string[]>;
  readonly maxRewriteWords: number;
  /** Every word the catalog knows, for deciding whether a question word is a catalog word or a typo. */
  readonly knownWords: ReadonlySet<string>;
  /**
   * "spread with cocoa", "lite low sodium": a function or question word between two words of a product name,
   * as the name has it, so the linker keeps both sides in one mention.
   */
  readonly nameJoins: ReadonlySet<string>;
  /**
   * Function words inside product names ("Good Day", "Total 10", "Pants Small"), which the linker otherwise
   * never reads as product words, keyed by the words as the name has them. See NameRun.
   */
  readonly nameRuns: ReadonlyMap<string, NameRun>;
  /** "spinach palak": a name gives the second word in brackets after the first ("Spinach (Palak)"). */
  readonly bracketJoins: ReadonlySet<string>;
  /** "3 roses" → "3roses": a number leading a word of a name ("Brooke Bond 3 Roses Tea") is that name's token. */
  readonly numberJoins: ReadonlyMap<string, string>;
  /** "55 cocoa", "chocolate 55": a percentage in a name ("Dark Chocolate 55% Cocoa") with a word beside it. */
  readonly namePercents: ReadonlySet<string>;
  /** Inverse document frequency of a product token (rarer words tell more). */
  idf(token: string): number;
  /** The closest catalog word to a misspelt one, or null when nothing is close enough. */
  fuzzyWord(word: string): FuzzyMatch | null;
  /** The ids of a category and all categories below it. */
  categorySubtree(id: number): number[];
  /** Products in a category or below it. */
  productsInCategories(ids: readonly number[]): number[];
  platformBySlug(slug: string): VocabPlatform | undefined;
  cityByName(name: string): VocabCity | undefined;
}

/**
 * Function or question words in a row in a product name, with a number after one ("good day", "total 10",
 * "small"): read as that name's product token only beside a word in `beside`, since alone they are ordinary
 * words. Two or more words are one joined token ("goodday") and may stand beside any word of the name; a
 * lone word only beside a neighbour it has in a name ("pants small").
 */
export interface NameRun {
  token: string;
  beside: ReadonlySet<string>;
}

/** Key standing for a brand inside product token sets and rewritten question words. */
export const brandKey = (id: number) => `@brand${id}`;
/** Key standing for a synonym group (its first word). */
const groupKey = (first: readonly string[]) => `~${first.join('_')}`;

export const FUZZY_MIN_SIMILARITY = 0.45;
/** Trigram similarity enough for a word one edit away ("buttr" → "butter" is 0.44). */
export const FUZZY_ONE_EDIT_SIMILARITY = 0.4;
const FUZZY_MIN_LENGTH = 4;

// Words that never name an entity on their own, whatever the catalog contains ("Bigbasket Now" must not make
// "now" a platform, "Go Cheese Slices" must not make "go" a brand).
export const GENERIC_WORDS = new Set(
  words(
    'a an the of in on at for to from by with and or is are was be it this that my me i you what which who ' +
      'where when how much many any all some there than do does can get got show tell list give find please ' +
      'now today new one pass plus go real best top total fresh free day days week time fast quick price ' +
      'prices deal deals offer offers sale off pack packs store app apps platform platforms item items buy ' +
      'online order delivery cart basket star gold premium classic original pure power',
  ),
);

/** Head nouns of aisle names that do not say what the aisle holds ("Cleaning Essentials", "Pet Care"). */
const AISLE_HEADS = new Set(words('essentials care food foods supplies needs items products'));

export interface VocabularyRows {
  products: {
    id: number;
    name: string;
    normalized_name: string;
    brand_id: number | null;
    category_id: number;
    quantity: number;
    unit: PackUnit;
    pack_count: number;
    pack_label: string;
    base_amount: number;
    base_unit: BaseUnit;
  }[];
  listings: { product_id: number; platform_id: number; title: string }[];
  brands: { id: number; name: string; normalized_name: string }[];
  categories: { id: number; parent_id: number | null; name: string; path: string; depth: number }[];
  platforms: { id: number; slug: string; name: string; membership_name: string | null }[];
  cities: { id: number; name: string; normalized_name: string }[];
  pincodes: { pincode: string; city_id: number; area_name: string | null }[];
  keywords: { product_id: number; keyword: string; source: string }[];
  synonyms: { term: string; canonical: string; kind: string }[];
}

async function readRows(db: Queryable): Promise<VocabularyRows> {
  const q = async <T>(sql: string) => (await db.query<T>(sql)).rows;
  // Sequential on purpose: PGlite serialises anyway, and a pool would need nine connections at once.
  return {
    products: await q(
      `SELECT id, name, normalized_name, brand_id, category_id, quantity::float8 AS quantity, unit, pack_count,
              pack_label, base_amount::float8 AS base_amount, base_unit
         FROM products ORDER BY id`,
    ),
    listings: await q('SELECT product_id, platform_id, title FROM platform_listings ORDER BY id'),
    brands: await q('SELECT id, name, normalized_name FROM product_brands ORDER BY id'),
    categories: await q('SELECT id, parent_id, name, path, depth FROM product_categories ORDER BY id'),
    platforms: await q('SELECT id, slug, name, membership_name FROM platforms ORDER BY id'),
    cities: await q('SELECT id, name, normalized_name FROM cities ORDER BY id'),
    pincodes: await q('SELECT pincode, city_id, area_name FROM pincodes ORDER BY pincode'),
    keywords: await q(
      'SELECT product_id, keyword, source FROM product_keywords ORDER BY product_id, keyword',
    ),
    synonyms: await q('SELECT term, canonical, kind FROM product_synonyms ORDER BY id'),
  };
}

/** Reads the catalog and builds the in-memory indexes. */
export async function loadVocabulary(db: Queryable, version = 1): Promise<Vocabulary> {
  return buildVocabulary(await readRows(db), version);
}

/** Longest-match rewriting of a word sequence with a phrase → replacement map. */
export function rewriteWords(
  input: readonly string[],
  rewrites: ReadonlyMap<string, readonly string[]>,
  maxWords: number,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < input.length; ) {
    let done = false;
    for (let n = Math.min(maxWords, input.length - i); n >= 1; n--) {
      const replacement = rewrites.get(input.slice(i, i + n).join(' '));
      if (replacement) {
        out.push(...replacement);
        i += n;
        done = true;
        break;
      }
    }
    if (!done) out.push(input[i++]!);
  }
  return out;
}

/** Splits "BigBasket" into "big basket"; leaves other words alone. */
function camelParts(word: string): string[] {
  return word
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/\s+/)
    .filter(Boolean);
}

export function buildVocabulary(rows: VocabularyRows, version = 1): Vocabulary {
  // Synonym rewrites: curated generic groups, then the catalog's own product_synonyms (which win).
  const rewrites = new Map<string, string[]>();
  for (const group of GROCERY_SYNONYM_GROUPS) {
    const first = words(group[0]!);
    const key = [groupKey(first)];
    for (const member of group) {
      const w = words(member);
      if (w.length > 0) rewrites.set(w.join(' '), key);
    }
  }
  const citySynonyms: { term: string; canonical: string }[] = [];
  const brandSynonyms: { term: string; canonical: string }[] = [];
  for (const s of rows.synonyms) {
    if (s.kind === 'city') citySynonyms.push(s);
    else if (s.kind === 'brand') brandSynonyms.push(s);
    else {
      const term = words(s.term);
      const canonical = words(s.canonical);
      if (term.length > 0 && canonical.length > 0) {
        // A term standing for a grouped word joins the group: "lassi → curd" rewrites to the curd key.
        const target = rewrites.get(canonical.join(' ')) ?? canonical;
        rewrites.set(term.join(' '), [...target]);
      }
    }
  }
  let maxRewriteWords = 1;
  for (const key of rewrites.keys()) maxRewriteWords = Math.max(maxRewriteWords, key.split(' ').length);
  const rewrite = (w: readonly string[]) => rewriteWords(w, rewrites, maxRewriteWords);

  // Brands.
  const brands = new Map<number, VocabBrand>();
  for (const b of rows.brands) {
    brands.set(b.id, { id: b.id, name: b.name, normalized: b.normalized_name, productIds: [] });
  }

  // Categories with their subtrees (from the path column: every ancestor path is a prefix).
  const categories = new Map<number, VocabCategory>();
  for (const c of rows.categories) {
    categories.set(c.id, {
      id: c.id,
      parentId: c.parent_id,
      name: c.name,
      path: c.path,
      depth: c.depth,
      subtreeIds: [],
    });
  }
  for (const c of categories.values()) {
    for (const other of categories.values()) {
      if (other.path === c.path || other.path.startsWith(`${c.path} > `)) c.subtreeIds.push(other.id);
    }
    c.subtreeIds.sort((a, b) => a - b);
  }

  // Products.
  const titlesByProduct = new Map<number, string[]>();
  const platformsByProduct = new Map<number, Set<number>>();
  for (const l of rows.listings) {
    const titles = titlesByProduct.get(l.product_id) ?? [];
    titles.push(l.title);
    titlesByProduct.set(l.product_id, titles);
    const platforms = platformsByProduct.get(l.product_id) ?? new Set();
    platforms.add(l.platform_id);
    platformsByProduct.set(l.product_id, platforms);
  }
  const keywordsByProduct = new Map<number, { keyword: string; source: string }[]>();
  for (const k of rows.keywords) {
    const list = keywordsByProduct.get(k.product_id) ?? [];
    list.push(k);
    keywordsByProduct.set(k.product_id, list);
  }

  const products = new Map<number, VocabProduct>();
  const productsByToken = new Map<string, Set<number>>();
  const knownWords = new Set<string>();
  const index = (token: string, productId: number) => {
    let set = productsByToken.get(token);
    if (!set) {
      set = new Set();
      productsByToken.set(token, set);
    }
    set.add(productId);
  };

  const nameJoins = new Set<string>();
  const nameRuns = new Map<string, { token: string; beside: Set<string> }>();
  const bracketJoins = new Set<string>();
  const namePercents = new Set<string>();
  const numberJoins = new Map<string, string>();
  for (const p of rows.products) {
    const named = tokenize(p.name);
    named.forEach((t, i) => {
      if (!/^\d+(?:\.\d+)?$/.test(t.raw) || !/^\s*%/.test(p.name.slice(t.end))) return;
      const [before, after] = [named[i - 1], named[i + 1]];
      if (after) namePercents.add(`${Number(t.raw)} ${after.word}`);
      if (before) namePercents.add(`${before.word} ${Number(t.raw)}`);
    });
    for (let i = 0; i + 1 < named.length; i++) {
      const gap = p.name.slice(named[i]!.end, named[i + 1]!.start);
      if (!/^\s*\(\s*$/.test(gap)) continue;
      const [a, b] = [named[i]!, named[i + 1]!];
      bracketJoins.add(`${a.word} ${b.word}`);
      // As the normaliser reads them: "Spinach (Palak)" arrives as "spinach (spinach)".
      const left = words(translatedWord(a.raw) ?? a.raw).at(-1);
      const right = words(translatedWord(b.raw) ?? b.raw)[0];
      if (left && right) bracketJoins.add(`${left} ${right}`);
    }
    const all = words(p.name);
    for (let i = 1; i + 1 < all.length; i++) {
      // Words the linker never puts in a product run (function words, single letters as in "Vitamin E"): a
      // name that has one between two others joins them. List words ("and", "or") keep separating items
      // ("bread and butter" is two things to buy).
      const w = all[i]!;
      if ((STOP.has(w) || NON_ENTITY_WORDS.has(w) || /^[a-z]$/.test(w)) && !LIST_WORDS.has(w)) {
        nameJoins.add(`${all[i - 1]} ${w} ${all[i + 1]}`);
      }
    }
  }

  for (const p of rows.products) {
    const brand = p.brand_id === null ? undefined : brands.get(p.brand_id);
    brand?.productIds.push(p.id);
    const brandWords = brand ? words(brand.name) : [];
    const withoutBrand = (w: string[]) =>
      brandWords.length > 0 && brandWords.every((bw, i) => w[i] === bw) ? w.slice(brandWords.length) : w;
    const brandWordSet = new Set(brandWords);
    const category = categories.get(p.category_id);
    const tokens = new Set<string>();
    const addText = (text: string) => {
      const all = words(text);
      for (const { from, to } of functionWordRuns(all)) {
        const run = all.slice(from, to);
        const key = run.join(' ');
        const entry = nameRuns.get(key) ?? { token: run.join(''), beside: new Set<string>() };
        nameRuns.set(key, entry);
        tokens.add(entry.token);
        const beside = run.length > 1 ? all : [all[from - 1], all[to]];
        for (const w of beside) if (w !== undefined) entry.beside.add(w);
      }
      all.forEach((w, i) => {
        const next = all[i + 1];
        if (!/^\d+$/.test(w) || next === undefined || !isNameWord(next)) return;
        numberJoins.set(`${w} ${next}`, `${w}${next}`);
        tokens.add(`${w}${next}`);
      });
      const raw = withoutBrand(all).filter(isIndexable);
      for (const w of raw) tokens.add(w);
      for (const w of rewrite(raw)) tokens.add(w);
      // The normaliser translates some words a name may use ("Pudina" → "mint"): index what it reads too.
      for (const w of foldText(text).match(/[a-z]+/g) ?? []) {
        const translated = translatedWord(w);
        if (!translated) continue;
        const t = words(translated).filter(isIndexable);
        for (const x of t) tokens.add(x);
        for (const x of rewrite(t)) tokens.add(x);
      }
      // Compound words without spaces too ("2-minute" as well as "2 minute" is not needed; "parle-g" is).
      for (const part of text.split(/\s+/)) {
        if (/[-]/.test(part)) {
          const joined = foldText(part).replace(/[^a-z0-9]/g, '');
          if (joined.length >= 3 && !brandWordSet.has(joined)) tokens.add(joined);
        }
      }
    };
    const nameWords = rewrite(withoutBrand(words(p.name)).filter(isIndexable));
    addText(p.name);
    for (const title of titlesByProduct.get(p.id) ?? []) addText(title);
    for (const k of keywordsByProduct.get(p.id) ?? []) {
      // Category keywords are whole aisle names; aisles are matched as categories, not as product words.
      if (k.source === 'category' || k.source === 'brand') continue;
      const w = words(k.keyword).filter((x) => isIndexable(x) && !brandWordSet.has(x));
      for (const x of w) tokens.add(x);
      for (const x of rewrite(w)) tokens.add(x);
    }
    if (brand) tokens.add(brandKey(brand.id));
    for (const t of tokens) {
      index(t, p.id);
      if (!t.startsWith('@') && !t.startsWith('~')) knownWords.add(t);
    }
    products.set(p.id, {
      id: p.id,
      name: p.name,
      brandId: p.brand_id,
      brand: brand?.name ?? null,
      categoryId: p.category_id,
      category: category?.name ?? '',
      quantity: Number(p.quantity),
      unit: p.unit,
      packCount: p.pack_count,
      packLabel: p.pack_label,
      baseAmount: Number(p.base_amount),
      baseUnit: p.base_unit,
      platformIds: [...(platformsByProduct.get(p.id) ?? [])].sort((a, b) => a - b),
      nameWords,
      tokens,
    });
  }

  // Phrases naming brands, categories, platforms, memberships and cities.
  const phrases = new Map<string, PhraseEntry[]>();
  const addKey = (wordList: readonly string[], entry: PhraseEntry) => {
    if (wordList.length === 0) return;
    const key = wordList.join(' ');
    const list = phrases.get(key) ?? [];
    if (!list.some((e) => e.kind === entry.kind && e.id === entry.id && e.level === entry.level)) {
      list.push(entry);
    }
    phrases.set(key, list);
    for (const w of wordList) if (!w.startsWith('~')) knownWords.add(w);
  };
  // Questions are matched after synonym rewriting ("tata tea" arrives as "tata ~tea"), so phrases are
  // registered both as written and rewritten.
  const addPhrase = (wordList: readonly string[], entry: PhraseEntry) => {
    addKey(wordList, entry);
    const rewrittenList = rewrite(wordList);
    if (rewrittenList.join(' ') !== wordList.join(' ')) addKey(rewrittenList, entry);
  };

  for (const b of brands.values()) {
    const w = words(b.name);
    const entry: PhraseEntry = { kind: 'brand', id: b.id, level: 'full' };
    addPhrase(w, entry);
    addPhrase(words(b.normalized), entry);
    addPhrase(
      w.filter((x) => x !== 'and'),
      entry,
    );
    if (w.length > 1) addPhrase([w.join('')], entry);
  }
  // A distinctive first word alone names a multi-word brand ("chings" → Ching's Secret, "surf" → Surf Excel),
  // unless another brand or a product name shares it ("tata", "red").
  const brandWordUse = new Map<string, number>();
  for (const b of brands.values())
    for (const w of new Set(words(b.name))) brandWordUse.set(w, (brandWordUse.get(w) ?? 0) + 1);
  for (const b of brands.values()) {
    const [first, ...rest] = words(b.name);
    if (!first || rest.length === 0 || first.length < 4 || GENERIC_WORDS.has(first)) continue;
    if ((brandWordUse.get(first) ?? 0) > 1 || productsByToken.has(first) || phrases.has(first)) continue;
    addPhrase([first], { kind: 'brand', id: b.id, level: 'full' });
  }
  for (const s of brandSynonyms) {
    const target = [...brands.values()].find((b) => words(b.name).join(' ') === words(s.canonical).join(' '));
    if (target) addPhrase(words(s.term), { kind: 'brand', id: target.id, level: 'full' });
  }

  for (const c of categories.values()) {
    const full: PhraseEntry = { kind: 'category', id: c.id, level: 'full' };
    addPhrase(rewrite(words(c.name)), full);
    // "Fruits & Vegetables" is also said "fruits and vegetables".
    if (c.name.includes('&')) addPhrase(rewrite(words(c.name.replaceAll('&', ' and '))), full);
    const parts = categoryNameParts(c.name);
    // Parts that are synonyms of one another ("Chips & Crisps", "Biscuits & Cookies") each name the whole aisle.
    const synonymous = new Set(parts.map((part) => rewrite(part).join(' '))).size === 1;
    for (const w of parts) {
      if (parts.length > 1) {
        addPhrase(rewrite(w), { kind: 'category', id: c.id, level: synonymous ? 'full' : 'part' });
      }
      const head = w.at(-1);
      if (w.length > 1 && head && !GENERIC_WORDS.has(head)) {
        addPhrase(rewrite([head]), { kind: 'category', id: c.id, level: 'head' });
      }
      // "Cleaning Essentials", "Baby Care": the head says little, the word before it names the aisle.
      if (w.length === 2 && head && AISLE_HEADS.has(head) && !GENERIC_WORDS.has(w[0]!)) {
        addPhrase(rewrite([w[0]!]), { kind: 'category', id: c.id, level: 'head' });
      }
    }
  }

  const platformWordCounts = new Map<string, number>();
  const platformAliases = new Map<number, string[][]>();
  for (const p of rows.platforms) {
    const aliases: string[][] = [[p.slug], words(p.name), [words(p.name).join('')]];
    const parts = p.name.split(/\s+/).flatMap(camelParts);
    aliases.push(words(parts.join(' ')));
    // "BigBasket Now" → "bb now", "bb": initials of a camel-case compound word.
    const compound = p.name.split(/\s+/);
    compound.forEach((word, i) => {
      const camel = camelParts(word);
      if (camel.length > 1) {
        const initials = camel.map((c) => c[0]!.toLowerCase()).join('');
        const rest = compound.slice(i + 1).map((x) => foldText(x));
        aliases.push([initials, ...rest]);
        aliases.push([initials]);
        aliases.push(words([...camel].join(' ')));
      }
    });
    // Each distinctive word of the name ("swiggy", "instamart", "bigbasket"; not "now").
    for (const w of words(p.name)) {
      if (!GENERIC_WORDS.has(w) && w.length >= 3) {
        aliases.push([w]);
        platformWordCounts.set(w, (platformWordCounts.get(w) ?? 0) + 1);
      }
    }
    platformAliases.set(p.id, aliases);
  }
  for (const p of rows.platforms) {
    for (const alias of platformAliases.get(p.id) ?? []) {
      // A single word shared by two platforms' names identifies neither.
      if (alias.length === 1 && (platformWordCounts.get(alias[0]!) ?? 0) > 1) continue;
      if (alias.length === 1 && alias[0]!.length < 2) continue;
      addPhrase(
        alias.filter((w) => w.length > 0),
        { kind: 'platform', id: p.id, level: 'full' },
      );
    }
    if (p.membership_name) {
      const w = words(p.membership_name);
      addPhrase(w, { kind: 'membership', id: p.id, level: 'full' });
      if (w.length > 1) addPhrase([w.join('')], { kind: 'membership', id: p.id, level: 'full' });
    }
  }

  const cities = new Map<number, VocabCity>();
  for (const c of rows.cities) {
    cities.set(c.id, { id: c.id, name: c.name });
    const entry: PhraseEntry = { kind: 'city', id: c.id, level: 'full' };
    addPhrase(words(c.name), entry);
    addPhrase(words(c.normalized_name), entry);
    for (const alias of CITY_ALIASES[c.normalized_name] ?? []) addPhrase(words(alias), entry);
  }
  for (const s of citySynonyms) {
    const target = rows.cities.find((c) => c.normalized_name === foldText(s.canonical).trim());
    if (target) addPhrase(words(s.term), { kind: 'city', id: target.id, level: 'full' });
  }
  let maxPhraseWords = 1;
  for (const key of phrases.keys()) maxPhraseWords = Math.max(maxPhraseWords, key.split(' ').length);

  const pincodes = new Map<string, VocabPincode>();
  for (const p of rows.pincodes) {
    pincodes.set(p.pincode, { pincode: p.pincode, cityId: p.city_id, area: p.area_name });
  }

  for (const key of rewrites.keys()) for (const w of key.split(' ')) knownWords.add(w);

  // Trigram index over known words, for typo correction.
  const trigramIndex = new Map<string, string[]>();
  for (const word of knownWords) {
    if (word.length < 3 || /^\d/.test(word)) continue;
    for (const gram of trigrams(word)) {
      const list = trigramIndex.get(gram) ?? [];
      list.push(word);
      trigramIndex.set(gram, list);
    }
  }
  const fuzzyCache = new Map<string, FuzzyMatch | null>();
  const productCount = Math.max(1, products.size);

  const platformBySlug = new Map([...rows.platforms].map((p) => [p.slug, p.id]));
  const cityByName = new Map(rows.cities.map((c) => [c.normalized_name, c.id]));

  const platforms = new Map<number, VocabPlatform>(
    rows.platforms.map((p) => [
      p.id,
      { id: p.id, slug: p.slug, name: p.name, membershipName: p.membership_name },
    ]),
  );

  return {
    version,
    loadedAt: new Date(),
    products,
    brands,
    categories,
    platforms,
    cities,
    pincodes,
    productsByToken,
    phrases,
    maxPhraseWords,
    rewrites,
    maxRewriteWords,
    knownWords,
    nameJoins,
    nameRuns,
    bracketJoins,
    namePercents,
    numberJoins,
    idf(token) {
      const df = productsByToken.get(token)?.size ?? 0;
      return Math.log(1 + productCount / (df + 0.5));
    },
    fuzzyWord(word) {
      const cached = fuzzyCache.get(word);
      if (cached !== undefined) return cached;
      let best: FuzzyMatch | null = null;
      if (word.length >= FUZZY_MIN_LENGTH - 1 && !/^\d/.test(word)) {
        const seen = new Set<string>();
        for (const gram of trigrams(word)) {
          for (const candidate of trigramIndex.get(gram) ?? []) {
            if (seen.has(candidate)) continue;
            seen.add(candidate);
            const similarity = trigramSimilarity(word, candidate);
            if (similarity < FUZZY_ONE_EDIT_SIMILARITY) continue;
            // One typo in a short word; up to two in a long one (then the trigrams must agree more).
            const maxDistance = word.length <= 5 ? 1 : 2;
            const distance = editDistance(word, candidate, maxDistance);
            if (distance > maxDistance) continue;
            if (distance === 2 && similarity < FUZZY_MIN_SIMILARITY) continue;
            // Three-letter words only become product words ("ata" → "atta"), never other entities.
            if (word.length < FUZZY_MIN_LENGTH && (distance > 1 || !productsByToken.has(candidate))) continue;
            if (
              !best ||
              similarity > best.similarity ||
              (similarity === best.similarity && distance < best.distance) ||
              (similarity === best.similarity && distance === best.distance && candidate < best.word)
            ) {
              best = { word: candidate, similarity, distance };
            }
          }
        }
      }
      if (fuzzyCache.size > 10_000) fuzzyCache.clear();
      fuzzyCache.set(word, best);
      return best;
    },
    categorySubtree(id) {
      return categories.get(id)?.subtreeIds ?? [];
    },
    productsInCategories(ids) {
      const wanted = new Set(ids.flatMap((id) => categories.get(id)?.subtreeIds ?? []));
      return [...products.values()].filter((p) => wanted.has(p.categoryId)).map((p) => p.id);
    },
    platformBySlug(slug) {
      const id = platformBySlug.get(slug);
      return id === undefined ? undefined : platforms.get(id);
    },
    cityByName(name) {
      const id = cityByName.get(foldText(name).trim());
      return id === undefined ? undefined : cities.get(id);
    },
  };
}

/** Product words worth indexing: not numbers, not single letters, not function words. */
function isIndexable(word: string): boolean {
  return word.length > 1 && !/^\d+(?:\.\d+)?$/.test(word) && !STOP.has(word);
}

const STOP = new Set(words('a an the of and with for in on by to from x'));
/** Words after a number that make it a pack size, not part of a name. */
const MEASURE_WORDS = new Set(
  words(
    'g gm gms gram grams kg kgs ml l ltr litre litres liter liters pc pcs piece pieces pack packs sachet ' +
      'sachets pouch pouches bottle bottles can cans percent pct off per',
  ),
);

/** A word that can follow a number inside a name ("3 Roses"), unlike a measure ("500 g"). */
function isNameWord(word: string): boolean {
  return /^[a-z]{2,}$/.test(word) && !STOP.has(word) && !MEASURE_WORDS.has(word);
}
const LIST_WORDS = new Set(words('and or vs versus'));

/** The things an aisle's name lists, as words: "Atta, Rice & Dal" → atta, rice, dal. */
export function categoryNameParts(name: string): string[][] {
  return name
    .split(/,|&|\band\b/i)
    .map((part) => words(part))
    .filter((w) => w.length > 0);
}

/**
 * Where a name has words the linker would otherwise never read as product words: function words, and numbers
 * after one ("Total 10"; a number first is a pack size, as in "1 kg"). Ranges [from, to) of `nameWords`.
 */
function functionWordRuns(nameWords: readonly string[]): { from: number; to: number }[] {
  const runs: { from: number; to: number }[] = [];
  let from = -1;
  nameWords.forEach((w, i) => {
    const functionWord = NON_ENTITY_WORDS.has(w) && !STOP.has(w) && !LIST_WORDS.has(w);
    if (functionWord || (from >= 0 && /^\d+$/.test(w))) {
      if (from < 0) from = i;
    } else if (from >= 0) {
      runs.push({ from, to: i });
      from = -1;
    }
  });
  if (from >= 0) runs.push({ from, to: nameWords.length });
  return runs;
}

/**
 * A vocabulary that can be reloaded when the catalog changes. `current` is swapped atomically, so a question
 * being interpreted keeps the vocabulary it started with.
 */
export class VocabularyStore {
  private vocabulary: Vocabulary;
  private constructor(
    private readonly db: Queryable,
    initial: Vocabulary,
  ) {
    this.vocabulary = initial;
  }

  static async load(db: Queryable): Promise<VocabularyStore> {
    return new VocabularyStore(db, await loadVocabulary(db, 1));
  }

  get current(): Vocabulary {
    return this.vocabulary;
  }

  async refresh(): Promise<Vocabulary> {
    this.vocabulary = await loadVocabulary(this.db, this.vocabulary.version + 1);
    return this.vocabulary;
  }
}
