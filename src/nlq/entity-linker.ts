import { NON_ENTITY_WORDS } from './function-words.ts';
import { type Token, tokenize, trigramSimilarity, words } from './text.ts';
import {
  brandKey,
  categoryNameParts,
  GENERIC_WORDS,
  type PhraseEntry,
  type VocabProduct,
  type Vocabulary,
} from './vocabulary.ts';

/**
 * Finds what a normalised question talks about: products (possibly several, grouped, with confidence),
 * brands, categories, platforms, memberships, cities and pincodes, each with its character span in the
 * normalised text. Longest matches win; a brand alone is a brand filter; a pack size next to a product
 * narrows it to that exact pack; misspelt catalog words are corrected by trigram similarity.
 */

export type QuantityUnit = 'g' | 'kg' | 'ml' | 'l' | 'pcs';

/** A pack size or count found by the normaliser ("500g", "half kg", "dozen"), with its span in the text. */
export interface QuantityMention {
  /** Size of one unit ("70" of "12 x 70 g"). */
  amount: number;
  unit: QuantityUnit;
  /** Units in the pack ("12" of "12 x 70 g"); absent for a single unit. */
  packCount?: number;
  /** Only the unit count was given ("maggi 12 pack"): `amount` and `packCount` are that count. */
  multipack?: boolean;
  start: number;
  end: number;
}

export interface LinkInput {
  /** The normalised question (lower case, Hinglish translated). */
  text: string;
  quantities?: readonly QuantityMention[];
  /** Spans the normaliser already explained (money, percents): never entity words. */
  reserved?: readonly { start: number; end: number }[];
  /** Spans that are part of a product name but never a catalog word ("100%" of "Tropicana 100% Orange"). */
  nameParts?: readonly { start: number; end: number }[];
}

interface Span {
  start: number;
  end: number;
  /** The words of the question the mention covers, as written (lower case). */
  text: string;
}

export interface ProductCandidate {
  id: number;
  name: string;
  brand: string | null;
  pack: string;
  /** 0..1: how well the mention fits this product. */
  score: number;
}

export interface ProductGroupOfNames {
  /** Product name shared by the packs in the group. */
  name: string;
  ids: number[];
  packs: string[];
}

/** Requested pack ("500g"), in base units for exact comparison. */
export interface PackRequest {
  /** Total size in base units (840 for 12 x 70 g). */
  amount: number;
  baseUnit: 'g' | 'ml' | 'pcs';
  label: string;
  packCount?: number;
  /** Only the unit count was asked for ("12 pack"): any size with that many units fits. */
  multipack?: boolean;
}

export interface ProductMention extends Span {
  kind: 'product';
  confidence: number;
  /** Best first; after pack narrowing. */
  candidates: ProductCandidate[];
  /** Candidates grouped by product name: more than one group means the mention is ambiguous. */
  groups: ProductGroupOfNames[];
  /** Close products that did not make the cut (for "did you mean"). */
  alternatives: ProductCandidate[];
  /** The catalog words the mention resolved to, typos corrected: a stable label for the mention. */
  label: string;
  pack: PackRequest | null;
  /** Whether a requested pack exists among the candidates (false: all sizes kept, pack reported). */
  packMatched: boolean;
  /** "2 amul butter": how many packs. */
  count: number | null;
  /** "6 eggs": how many pieces are needed (only for products sold by the piece). */
  pieces: number | null;
  /** The brand/category named inside the mention, if any. */
  brandIds: number[];
  categoryIds: number[];
}

export interface BrandMention extends Span {
  kind: 'brand';
  id: number;
  name: string;
  confidence: number;
}

export interface CategoryMention extends Span {
  kind: 'category';
  ids: number[];
  names: string[];
  confidence: number;
}

export interface PlatformMention extends Span {
  kind: 'platform';
  id: number;
  slug: string;
  name: string;
  /** The membership was named ("zepto pass") rather than the platform. */
  membership: boolean;
  confidence: number;
}

export interface CityMention extends Span {
  kind: 'city';
  id: number;
  name: string;
  confidence: number;
}

export interface PincodeMention extends Span {
  kind: 'pincode';
  pincode: string;
  /** null when the pincode is not in the catalog. */
  cityId: number | null;
  confidence: number;
}

/** Words that look like a product name but match nothing in the catalog (see didYouMean). */
export interface UnknownMention extends Span {
  kind: 'unknown';
  /** The reduced word, for didYouMean. */
  word: string;
}

export type Mention =
  | ProductMention
  | BrandMention
  | CategoryMention
  | PlatformMention
  | CityMention
  | PincodeMention
  | UnknownMention;

export interface Correction {
  from: string;
  to: string;
  similarity: number;
}

export interface LinkResult {
  tokens: Token[];
  /** Every mention in text order. */
  mentions: Mention[];
  products: ProductMention[];
  brands: BrandMention[];
  categories: CategoryMention[];
  platforms: PlatformMention[];
  cities: CityMention[];
  pincodes: PincodeMention[];
  unknown: UnknownMention[];
  corrections: Correction[];
  /** Bare numbers not used as counts (money or limits are read by the intent parser). */
  numbers: { value: number; start: number; end: number }[];
  /** The text with every mention replaced by a placeholder (`{product}`, `{platform}`…), for intent cues. */
  masked: string;
}

const MAX_COUNT = 99;
const RELAXED_MIN_COVERAGE = 0.5;

interface Unit {
  /** Matching words (synonym groups applied, typos corrected). */
  words: string[];
  /** Token index range [from, to). */
  from: number;
  to: number;
  /** reserved: money, percent or date words the normaliser or time reader already explained. */
  /** filler: inside a product name, matched by nothing and ending no run. */
  role: 'word' | 'quantity' | 'number' | 'pincode' | 'reserved' | 'filler';
  corrected?: Correction;
  /** Function words a product name has here (see joinNameRuns): product words after all. */
  nameRun?: true;
}

interface PhraseUnit {
  from: number;
  to: number;
  units: Unit[];
  entries: PhraseEntry[];
}

type RunPart =
  | { type: 'word'; unit: Unit }
  | { type: 'brand'; phrase: PhraseUnit; ids: number[] }
  | { type: 'category'; phrase: PhraseUnit; entries: PhraseEntry[] };

export function linkEntities(vocab: Vocabulary, input: LinkInput): LinkResult {
  const text = input.text;
  const tokens = tokenize(text);
  const quantities = [...(input.quantities ?? [])].sort((a, b) => a.start - b.start);
  const reserved = input.reserved ?? [];
  const overlaps = (t: Token, s: { start: number; end: number }) => t.start < s.end && s.start < t.end;

  // 1. Roles of tokens: quantity, number, pincode, reserved (money/percent) or word.
  const quantityOf = new Map<number, QuantityMention>();
  const units: Unit[] = [];
  const corrections: Correction[] = [];
  const numbers: LinkResult['numbers'] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const q = quantities.find((m) => overlaps(t, m));
    if (q) {
      const last = units.at(-1);
      if (last?.role === 'quantity' && quantityOf.get(units.length - 1) === q) {
        last.to = i + 1;
        continue;
      }
      quantityOf.set(units.length, q);
      units.push({ words: [], from: i, to: i + 1, role: 'quantity' });
      continue;
    }
    if ((input.nameParts ?? []).some((r) => overlaps(t, r))) {
      units.push({ words: [], from: i, to: i + 1, role: 'filler' });
      continue;
    }
    if (reserved.some((r) => overlaps(t, r))) {
      units.push({ words: [], from: i, to: i + 1, role: 'reserved' });
      continue;
    }
    if (/^\d{6}$/.test(t.raw)) {
      units.push({ words: [t.raw], from: i, to: i + 1, role: 'pincode' });
      continue;
    }
    if (/^\d+(?:\.\d+)?$/.test(t.raw)) {
      units.push({ words: [t.raw], from: i, to: i + 1, role: 'number' });
      continue;
    }
    let word = t.word;
    let corrected: Correction | undefined;
    if (!isKnown(vocab, word) && !NON_ENTITY_WORDS.has(word) && !NON_ENTITY_WORDS.has(t.raw)) {
      const fuzzy = vocab.fuzzyWord(word);
      if (fuzzy) {
        corrected = { from: t.raw, to: fuzzy.word, similarity: fuzzy.similarity };
        corrections.push(corrected);
        word = fuzzy.word;
      }
    }
    units.push({ words: [word], from: i, to: i + 1, role: 'word', ...(corrected ? { corrected } : {}) });
  }

  // 1b. Words split by a hyphen the shopper left out ("parle g" for "Parle-G"): join when the pair is a
  // catalog word and one half alone is not.
  // A number leading a catalog word is one unit too: "2-minute" (the token 2minute), "3 roses" as a name has
  // it, "24 mantra" (a brand).
  for (let u = 0; u + 1 < units.length; u++) {
    const a = units[u]!;
    const b = units[u + 1]!;
    if (b.role !== 'word' || !contiguous(text, tokens, [a, b])) continue;
    if (a.role === 'number') {
      const joined = `${tokens[a.from]!.raw}${tokens[b.from]!.raw}`;
      const gap = text.slice(tokens[a.from]!.end, tokens[b.from]!.start);
      const named = vocab.numberJoins.get(`${tokens[a.from]!.raw} ${b.words[0]}`);
      if (gap === '-' && vocab.productsByToken.has(joined)) {
        units.splice(u, 2, { words: [joined], from: a.from, to: b.to, role: 'word' });
      } else if (named && /^\s+$/.test(gap)) {
        units.splice(u, 2, { words: [named], from: a.from, to: b.to, role: 'word' });
      } else if (vocab.phrases.has(`${a.words[0]} ${b.words[0]}`)) {
        units.splice(u, 2, { words: [a.words[0]!, b.words[0]!], from: a.from, to: b.to, role: 'word' });
      }
      continue;
    }
    if (a.role !== 'word') continue;
    const joined = `${tokens[a.from]!.raw}${tokens[b.from]!.raw}`;
    const aKnown = isKnown(vocab, a.words[0]!);
    const bKnown = isKnown(vocab, b.words[0]!) && b.words[0]!.length > 1;
    // Two function words are the question's own ("do i" is not Mishti Doi).
    const ownWords = NON_ENTITY_WORDS.has(a.words[0]!) && NON_ENTITY_WORDS.has(b.words[0]!);
    if ((aKnown && bKnown) || ownWords || !vocab.productsByToken.has(joined)) continue;
    units.splice(u, 2, { words: [joined], from: a.from, to: b.to, role: 'word' });
  }

  joinNameRuns(vocab, text, tokens, units);

  // 2. Synonym rewriting over runs of word units (longest match), keeping token ranges.
  const rewritten: Unit[] = [];
  for (let u = 0; u < units.length; ) {
    const unit = units[u]!;
    if (unit.role !== 'word') {
      rewritten.push(unit);
      u++;
      continue;
    }
    let matched = false;
    for (let n = vocab.maxRewriteWords; n >= 1; n--) {
      const slice = units.slice(u, u + n);
      if (slice.length < n || slice.some((x) => x.role !== 'word') || !contiguous(text, tokens, slice))
        continue;
      const replacement = vocab.rewrites.get(slice.map((x) => x.words[0]).join(' '));
      if (!replacement) continue;
      const correction = slice.find((x) => x.corrected)?.corrected;
      rewritten.push({
        words: [...replacement],
        from: slice[0]!.from,
        to: slice.at(-1)!.to,
        role: 'word',
        ...(correction ? { corrected: correction } : {}),
      });
      u += n;
      matched = true;
      break;
    }
    if (!matched) {
      rewritten.push(unit);
      u++;
    }
  }

  // 3. Phrases naming brands, categories, platforms, memberships and cities (longest first).
  const phraseAt = new Map<number, PhraseUnit>();
  for (let u = 0; u < rewritten.length; ) {
    let found: PhraseUnit | undefined;
    for (let n = Math.min(vocab.maxPhraseWords, rewritten.length - u); n >= 1 && !found; n--) {
      const slice = rewritten.slice(u, u + n);
      if (slice.some((x) => x.role !== 'word')) continue;
      const key = slice.flatMap((x) => x.words).join(' ');
      const all = vocab.phrases.get(key);
      // Commas separate items, except inside an aisle's whole name ("spreads, jams & honey").
      const entries = contiguous(text, tokens, slice)
        ? all
        : all?.filter((e) => e.kind === 'category' && e.level === 'full');
      if (!entries || entries.length === 0) continue;
      // A generic word alone ("go", "real") names a brand only when more of that brand's product follows.
      if (n === 1 && isGeneric(slice[0]!)) {
        const next = rewritten[u + 1];
        const brandEntries = entries.filter((e) => e.kind === 'brand');
        const keep = brandEntries.filter((e) => next && brandProductHasWord(vocab, e.id, next.words));
        if (keep.length === 0) continue;
        found = { from: u, to: u + 1, units: slice, entries: keep };
        break;
      }
      found = { from: u, to: u + n, units: slice, entries: [...entries] };
    }
    if (found) {
      phraseAt.set(u, found);
      u = found.to;
    } else {
      u++;
    }
  }

  // 4. Walk the units: named places/platforms become mentions; product-capable units form runs.
  const mentions: Mention[] = [];
  const runs: RunPart[][] = [];
  let run: RunPart[] = [];
  const endRun = () => {
    if (run.length > 0) runs.push(run);
    run = [];
  };
  let lastRunUnit = -1;
  for (let u = 0; u < rewritten.length; ) {
    const unit = rewritten[u]!;
    const phrase = phraseAt.get(u);
    const boundary =
      lastRunUnit >= 0 &&
      !contiguous(text, tokens, [rewritten[lastRunUnit]!, unit]) &&
      !bracketedAsNamed(vocab, text, tokens, rewritten[lastRunUnit]!, unit);
    if (boundary) endRun();
    if (phrase) {
      const span = spanOf(text, tokens, phrase.units);
      const top = pickEntries(vocab, phrase.entries);
      const kind = top[0]!.kind;
      if (kind === 'platform' || kind === 'membership') {
        endRun();
        const platform = vocab.platforms.get(top[0]!.id)!;
        mentions.push({
          kind: 'platform',
          ...span,
          id: platform.id,
          slug: platform.slug,
          name: platform.name,
          membership: kind === 'membership',
          confidence: confidenceOf(phrase.units),
        });
      } else if (kind === 'city') {
        endRun();
        const city = vocab.cities.get(top[0]!.id)!;
        mentions.push({
          kind: 'city',
          ...span,
          id: city.id,
          name: city.name,
          confidence: confidenceOf(phrase.units),
        });
      } else if (kind === 'brand') {
        run.push({ type: 'brand', phrase, ids: top.map((e) => e.id) });
        lastRunUnit = phrase.to - 1;
      } else {
        run.push({ type: 'category', phrase, entries: top });
        lastRunUnit = phrase.to - 1;
      }
      u = phrase.to;
      continue;
    }
    if (unit.role === 'pincode') {
      endRun();
      const pin = vocab.pincodes.get(unit.words[0]!);
      mentions.push({
        kind: 'pincode',
        ...spanOf(text, tokens, [unit]),
        pincode: unit.words[0]!,
        cityId: pin?.cityId ?? null,
        confidence: pin ? 1 : 0.5,
      });
      u++;
      continue;
    }
    if (unit.role === 'word' && isProductWord(vocab, unit)) {
      run.push({ type: 'word', unit });
      lastRunUnit = u;
      u++;
      continue;
    }
    if (unit.role === 'filler' && run.length > 0) {
      u++;
      continue;
    }
    endRun();
    if (unit.role === 'word' && !NON_ENTITY_WORDS.has(unit.words[0]!) && !isGeneric(unit)) {
      const token = tokens[unit.from]!;
      if (!isKnown(vocab, unit.words[0]!) && token.raw.length >= 3 && /^[a-z]+$/.test(token.raw)) {
        mentions.push({
          kind: 'unknown',
          start: token.start,
          end: token.end,
          text: text.slice(token.start, token.end),
          word: unit.words[0]!,
        });
      }
    }
    if (unit.role === 'number') {
      const token = tokens[unit.from]!;
      numbers.push({ value: Number(token.raw), start: token.start, end: token.end });
    }
    u++;
  }
  endRun();

  // 5. Resolve each run into a product, brand or category mention. Two runs joined by a word a catalog
  // name joins them with ("spread with cocoa", "pack of biscuits") are one.
  for (let r = 0; r + 1 < runs.length; r++) {
    const last = lastToken(runs[r]!);
    const first = firstToken(runs[r + 1]!);
    const joint = tokens[last + 1];
    if (
      first === last + 2 &&
      joint &&
      vocab.nameJoins.has(`${tokens[last]!.word} ${joint.word} ${tokens[first]!.word}`)
    ) {
      runs.splice(r, 2, [...runs[r]!, ...runs[r + 1]!]);
      r--;
    }
  }
  for (const parts of runs) {
    const resolved = resolveRun(vocab, text, tokens, parts);
    mentions.push(...resolved);
  }

  // 6. Pack sizes and counts next to mentions. A brand or category with a pack or a count ("coca cola
  // 750ml", "6 eggs") names products: it becomes a product mention over that brand's or aisle's products.
  const quantityList = quantities;
  for (let i = 0; i < mentions.length; i++) {
    const m = mentions[i]!;
    if (m.kind !== 'product' && m.kind !== 'brand' && m.kind !== 'category') continue;
    const near = adjacentQuantities(text, m, quantityList, numbers);
    if (!near.pack && !near.count) continue;
    let mention: ProductMention;
    if (m.kind === 'product') {
      mention = m;
    } else {
      const ids = m.kind === 'brand' ? vocab.brands.get(m.id)!.productIds : vocab.productsInCategories(m.ids);
      if (ids.length === 0) continue;
      mention = productMentionOf(
        vocab,
        m,
        ids,
        m.kind === 'brand' ? m.name.toLowerCase() : m.names.join(', ').toLowerCase(),
        {
          brandIds: m.kind === 'brand' ? [m.id] : [],
          categoryIds: m.kind === 'category' ? m.ids : [],
        },
      );
      mentions[i] = mention;
    }
    attachQuantities(vocab, text, numbers, mention, near);
  }
  const productMentions = mentions.filter((m): m is ProductMention => m.kind === 'product');

  mentions.sort((a, b) => a.start - b.start || a.end - b.end);
  return {
    tokens,
    mentions,
    products: productMentions.sort((a, b) => a.start - b.start),
    brands: mentions.filter((m): m is BrandMention => m.kind === 'brand'),
    categories: mentions.filter((m): m is CategoryMention => m.kind === 'category'),
    platforms: mentions.filter((m): m is PlatformMention => m.kind === 'platform'),
    cities: mentions.filter((m): m is CityMention => m.kind === 'city'),
    pincodes: mentions.filter((m): m is PincodeMention => m.kind === 'pincode'),
    unknown: mentions.filter((m): m is UnknownMention => m.kind === 'unknown'),
    corrections,
    numbers: numbers.filter((n) => !productMentions.some((m) => m.start <= n.start && n.end <= m.end)),
    masked: mask(text, mentions, quantities),
  };
}

function partUnits(part: RunPart): Unit[] {
  return part.type === 'word' ? [part.unit] : part.phrase.units;
}

function firstToken(parts: readonly RunPart[]): number {
  return partUnits(parts[0]!)[0]!.from;
}

function lastToken(parts: readonly RunPart[]): number {
  return partUnits(parts.at(-1)!).at(-1)!.to - 1;
}

function isKnown(vocab: Vocabulary, word: string): boolean {
  return vocab.knownWords.has(word) || vocab.rewrites.has(word);
}

function isGeneric(unit: Unit): boolean {
  return unit.words.length === 1 && GENERIC_WORDS.has(unit.words[0]!);
}

function isProductWord(vocab: Vocabulary, unit: Unit): boolean {
  return (
    unit.words.every((w) => vocab.productsByToken.has(w)) &&
    (unit.nameRun === true || !NON_ENTITY_WORDS.has(unit.words[0]!))
  );
}

function brandProductHasWord(vocab: Vocabulary, brandId: number, next: readonly string[]): boolean {
  const brand = vocab.brands.get(brandId);
  if (!brand) return false;
  return brand.productIds.some((id) => next.every((w) => vocab.products.get(id)?.tokens.has(w)));
}

/**
 * Platform/membership/city win over brand, brand over category. Among categories a whole name wins; else every
 * category the word is part of, minus those that merely contain another match ("bread" → Bread & Pav, not
 * all of Dairy, Bread & Eggs; "snacks" → Snacks & Munchies and Frozen Snacks).
 */
function pickEntries(vocab: Vocabulary, entries: readonly PhraseEntry[]): PhraseEntry[] {
  for (const kind of ['membership', 'platform', 'city', 'brand'] as const) {
    const of = entries.filter((e) => e.kind === kind);
    if (of.length > 0) return of;
  }
  const full = entries.filter((e) => e.kind === 'category' && e.level === 'full');
  if (full.length > 0) return full;
  const ids = new Set(entries.map((e) => e.id));
  const containsOther = (e: PhraseEntry) =>
    (vocab.categories.get(e.id)?.subtreeIds ?? []).some((id) => id !== e.id && ids.has(id));
  const specific = entries.filter((e) => !containsOther(e));
  return specific.filter((e, i) => specific.findIndex((x) => x.id === e.id) === i);
}

/**
 * True when the phrase is one of the things its aisles' names list and every product in those aisles is one
 * of the other things listed.
 */
function listsAbsent(vocab: Vocabulary, part: Extract<RunPart, { type: 'category' }>, said: string): boolean {
  return part.entries.every((entry) => {
    const category = vocab.categories.get(entry.id);
    if (entry.level !== 'part' || !category) return false;
    const others = categoryNameParts(category.name).filter((w) => w.join(' ') !== said);
    return vocab
      .productsInCategories([entry.id])
      .every((id) => others.some((w) => w.every((x) => vocab.products.get(id)?.tokens.has(x))));
  });
}

/** Longest run of function words a product name is looked up by ("good day" is two). */
const MAX_NAME_RUN = 4;

/**
 * 1c. Function words inside a product name ("good day" in "Britannia Good Day Cookies", "total 10" in
 * "Lifebuoy Total 10 Soap", "small" in "Pampers Pants Small") are product words when they stand beside a
 * word the name has there (see NameRun): "good day cookies", "pants small". Alone they stay ordinary words:
 * "a good day to buy milk" names no biscuit, "small cart fee" no nappies.
 */
function joinNameRuns(vocab: Vocabulary, text: string, tokens: readonly Token[], units: Unit[]): void {
  for (let u = 0; u < units.length; u++) {
    for (let n = Math.min(MAX_NAME_RUN, units.length - u); n >= 1; n--) {
      const slice = units.slice(u, u + n);
      if (slice.some((x) => x.role !== 'word' && x.role !== 'number') || !contiguous(text, tokens, slice)) {
        continue;
      }
      const run = vocab.nameRuns.get(slice.map((x) => x.words[0]).join(' '));
      if (!run) continue;
      const first = slice[0]!;
      const last = slice[n - 1]!;
      const besideRun = [units[u - 1], units[u + n]].some(
        (x) =>
          x?.role === 'word' &&
          contiguous(text, tokens, x.from < first.from ? [x, first] : [last, x]) &&
          run.beside.has(x.words[0]!),
      );
      if (!besideRun) continue;
      units.splice(u, n, { words: [run.token], from: first.from, to: last.to, role: 'word', nameRun: true });
      break;
    }
  }
}

/** "spinach (palak": the second word in brackets right after the first, as a product name has them. */
function bracketedAsNamed(
  vocab: Vocabulary,
  text: string,
  tokens: readonly Token[],
  before: Unit,
  after: Unit,
): boolean {
  const last = tokens[before.to - 1]!;
  const next = tokens[after.from]!;
  return (
    /^\s*\(\s*$/.test(text.slice(last.end, next.start)) && vocab.bracketJoins.has(`${last.word} ${next.word}`)
  );
}

/**
 * True when only spaces (no comma, plus, slash, semicolon) separate consecutive units. A plus stuck to the
 * end of a word is part of a name ("XL+ Sanitary Pads"), not a list ("milk + bread").
 */
function contiguous(text: string, tokens: readonly Token[], units: readonly Unit[]): boolean {
  for (let i = 1; i < units.length; i++) {
    const prevEnd = tokens[units[i - 1]!.to - 1]!.end;
    const nextStart = tokens[units[i]!.from]!.start;
    const gap = text.slice(prevEnd, nextStart);
    if (/[,;/|()]/.test(gap) || (gap.includes('+') && !/^\+\s+$/.test(gap))) return false;
  }
  return true;
}

function spanOf(text: string, tokens: readonly Token[], units: readonly Unit[]): Span {
  const start = tokens[units[0]!.from]!.start;
  const end = tokens[units.at(-1)!.to - 1]!.end;
  return { start, end, text: text.slice(start, end) };
}

function confidenceOf(units: readonly Unit[]): number {
  const corrected = units.filter((u) => u.corrected).map((u) => u.corrected!.similarity);
  if (corrected.length === 0) return 1;
  return round3(Math.min(...corrected) * 0.5 + 0.45);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function resolveRun(vocab: Vocabulary, text: string, tokens: readonly Token[], parts: RunPart[]): Mention[] {
  const allUnits = parts.flatMap((p) => (p.type === 'word' ? [p.unit] : p.phrase.units));
  const span = spanOf(text, tokens, allUnits);
  const fuzz = confidenceOf(allUnits);
  const brandParts = parts.filter((p): p is Extract<RunPart, { type: 'brand' }> => p.type === 'brand');
  const categoryParts = parts.filter(
    (p): p is Extract<RunPart, { type: 'category' }> => p.type === 'category',
  );
  const wordParts = parts.filter((p): p is Extract<RunPart, { type: 'word' }> => p.type === 'word');
  const brandIds = [...new Set(brandParts.flatMap((p) => p.ids))];
  const categoryIds = (p: Extract<RunPart, { type: 'category' }>) => p.entries.map((e) => e.id);

  const brandMentions = (): Mention[] =>
    brandParts.flatMap((p) =>
      p.ids.map((id) => ({
        kind: 'brand' as const,
        ...spanOf(text, tokens, p.phrase.units),
        id,
        name: vocab.brands.get(id)!.name,
        confidence: confidenceOf(p.phrase.units),
      })),
    );
  const categoryMentions = (): Mention[] =>
    categoryParts.map((p) => ({
      kind: 'category' as const,
      ...spanOf(text, tokens, p.phrase.units),
      ids: categoryIds(p),
      names: categoryIds(p).map((id) => vocab.categories.get(id)!.name),
      confidence: confidenceOf(p.phrase.units),
    }));

  // Only named brands/categories: filters, not products.
  const onlyFullCategories = categoryParts.every((p) => p.entries.every((e) => e.level === 'full'));
  if (wordParts.length === 0 && (brandParts.length === 0 || categoryParts.length === 0)) {
    if (brandParts.length > 0 || onlyFullCategories) return [...brandMentions(), ...categoryMentions()];
  }

  // Product words: every word of the run, brand phrases as brand keys, categories as their words.
  const generic = new Set<string>();
  const queryWords: string[] = [];
  for (const part of parts) {
    if (part.type === 'brand') {
      if (part.ids.length === 1) queryWords.push(brandKey(part.ids[0]!));
    } else if (part.type === 'category') {
      for (const u of part.phrase.units)
        queryWords.push(...u.words.filter((w) => vocab.productsByToken.has(w)));
    } else {
      queryWords.push(...part.unit.words);
      if (isGeneric(part.unit)) generic.add(part.unit.words[0]!);
    }
  }
  const unique = [...new Set(queryWords)];
  const specific = unique.filter((w) => !generic.has(w));
  let matched = strictMatch(vocab, unique);
  let coverageOf = new Map<number, number>(matched.map((id) => [id, 1]));
  if (matched.length === 0 && specific.length > 0 && specific.length < unique.length) {
    matched = strictMatch(vocab, specific);
    coverageOf = new Map(matched.map((id) => [id, 1]));
  }
  if (matched.length === 0 && specific.length > 1) {
    const relaxed = relaxedMatch(vocab, specific);
    matched = relaxed.ids;
    coverageOf = relaxed.coverage;
  }
  // Nothing has all the words: a brand plus words none of its products has ("amul snacks") keeps the brand
  // and category as filters; a partial aisle name no product carries ("dairy") is the aisle, unless every
  // product there is one of the other things the name lists ("atta" where Atta, Rice & Dal holds only rice
  // and dal): then the catalog has none. Generic words alone ("fresh", "gold") name nothing.
  if (matched.length === 0) {
    const said = categoryParts.map((p) => spanOf(text, tokens, p.phrase.units));
    if (
      wordParts.length === 0 &&
      brandParts.length === 0 &&
      categoryParts.every((p, i) => listsAbsent(vocab, p, words(said[i]!.text).join(' ')))
    ) {
      return said.map((where) => ({ kind: 'unknown' as const, ...where, word: words(where.text).join(' ') }));
    }
    return [...brandMentions(), ...categoryMentions()];
  }
  // An aisle word alone whose namesakes all sit in other aisles ("fruits": not the fruit jam or juice, the
  // Fresh Fruits aisle) is the aisle.
  if (wordParts.length === 0 && brandParts.length === 0 && categoryParts.length > 0) {
    const aisle = new Set(categoryParts.flatMap(categoryIds).flatMap((id) => vocab.categorySubtree(id)));
    if (!matched.some((id) => aisle.has(vocab.products.get(id)!.categoryId))) return categoryMentions();
  }

  const specificSet = new Set(specific.filter((w) => !w.startsWith('@')));
  const scored = matched.map((id) => {
    const product = vocab.products.get(id)!;
    const nameFit = nameCoverage(product, specificSet);
    const coverage = coverageOf.get(id) ?? 0;
    return { product, coverage, nameFit, score: round3((0.75 * coverage + 0.25 * nameFit) * fuzz) };
  });
  // When some products' whole name was said ("tata salt"), those are meant; the rest are alternatives.
  const exact = scored.filter((s) => s.nameFit === 1 && s.coverage === 1);
  const chosen = exact.length > 0 && exact.length < scored.length ? exact : scored;
  const rest = chosen === exact ? scored.filter((s) => !exact.includes(s)) : [];
  const order = (a: (typeof scored)[number], b: (typeof scored)[number]) =>
    b.score - a.score ||
    a.product.name.localeCompare(b.product.name) ||
    a.product.baseAmount - b.product.baseAmount;
  chosen.sort(order);
  rest.sort(order);
  const toCandidate = (s: (typeof scored)[number]): ProductCandidate => ({
    id: s.product.id,
    name: s.product.name,
    brand: s.product.brand,
    pack: s.product.packLabel,
    score: s.score,
  });
  const candidates = chosen.map(toCandidate);
  const best = candidates[0]!.score;
  return [
    {
      kind: 'product',
      ...span,
      confidence: best,
      candidates,
      groups: groupByName(chosen.map((s) => s.product)),
      alternatives: rest.slice(0, 5).map(toCandidate),
      label: labelOf(vocab, parts),
      pack: null,
      packMatched: true,
      count: null,
      pieces: null,
      brandIds,
      categoryIds: categoryParts.flatMap(categoryIds),
    },
  ];
}

function groupByName(products: readonly VocabProduct[]): ProductGroupOfNames[] {
  const groups = new Map<string, VocabProduct[]>();
  for (const p of products) {
    const list = groups.get(p.name) ?? [];
    list.push(p);
    groups.set(p.name, list);
  }
  return [...groups.entries()].map(([name, list]) => {
    list.sort((a, b) => a.baseAmount - b.baseAmount || a.id - b.id);
    return { name, ids: list.map((p) => p.id), packs: list.map((p) => p.packLabel) };
  });
}

/** The run as catalog words: corrected, brands by name. Equal for "amull buter" and "amul butter". */
function labelOf(vocab: Vocabulary, parts: readonly RunPart[]): string {
  return parts
    .map((p) => {
      if (p.type === 'brand') return vocab.brands.get(p.ids[0]!)!.name.toLowerCase();
      const units = p.type === 'word' ? [p.unit] : p.phrase.units;
      return units
        .flatMap((u) => u.words)
        .map((w) => (w.startsWith('~') ? w.slice(1).replaceAll('_', ' ') : w))
        .join(' ');
    })
    .join(' ');
}

function strictMatch(vocab: Vocabulary, query: readonly string[]): number[] {
  if (query.length === 0) return [];
  const sets = query.map((w) => vocab.productsByToken.get(w) ?? new Set<number>());
  sets.sort((a, b) => a.size - b.size);
  const [first, ...others] = sets;
  return [...first!].filter((id) => others.every((s) => s.has(id))).sort((a, b) => a - b);
}

function relaxedMatch(
  vocab: Vocabulary,
  query: readonly string[],
): { ids: number[]; coverage: Map<number, number> } {
  const weights = query.map((w) => vocab.idf(w));
  const total = weights.reduce((a, b) => a + b, 0);
  const coverage = new Map<number, number>();
  query.forEach((w, i) => {
    for (const id of vocab.productsByToken.get(w) ?? []) {
      coverage.set(id, (coverage.get(id) ?? 0) + weights[i]! / total);
    }
  });
  const top = Math.max(0, ...coverage.values());
  if (top < RELAXED_MIN_COVERAGE) return { ids: [], coverage };
  const ids = [...coverage.entries()]
    .filter(([, c]) => c >= top - 1e-9)
    .map(([id]) => id)
    .sort((a, b) => a - b);
  return { ids, coverage: new Map(ids.map((id) => [id, round3(coverage.get(id)!)])) };
}

function nameCoverage(product: VocabProduct, said: ReadonlySet<string>): number {
  const name = product.nameWords.filter((w) => !/^\d/.test(w));
  if (name.length === 0) return 1;
  return name.filter((w) => said.has(w)).length / name.length;
}

// Filler allowed between a product and its pack: "amul butter of 500g", "atta 5 kg pack", "atta (5 kg)".
const PACK_FILLER = /^[\s,(]*(?:(?:of|pack|packet|size|wala|wali|ka|ki|ke|x|-)\s*)*[\s,(]*$/;

interface Nearby {
  pack: QuantityMention | undefined;
  count: { value: number; start: number; end: number } | undefined;
}

/** The pack right after (else right before) a mention, and a bare count right before it. */
function adjacentQuantities(
  text: string,
  mention: Span,
  quantities: readonly QuantityMention[],
  numbers: LinkResult['numbers'],
): Nearby {
  const after = quantities.find(
    (q) => q.start >= mention.end && PACK_FILLER.test(text.slice(mention.end, q.start)),
  );
  const before = [...quantities]
    .reverse()
    .find((q) => q.end <= mention.start && PACK_FILLER.test(text.slice(q.end, mention.start)));
  const pack = after ?? before;
  // "2 500g amul butter": the count stands before the leading pack.
  const anchor = before && !after ? before.start : mention.start;
  const count = [...numbers]
    .reverse()
    .find(
      (n) =>
        n.end <= anchor &&
        /^\s*(?:x\s*)?$/.test(text.slice(n.end, anchor)) &&
        Number.isInteger(n.value) &&
        n.value >= 1 &&
        n.value <= MAX_COUNT,
    );
  return { pack, count };
}

/** A brand or category named as one item of a list ("horlicks vs bournvita"): its products as a mention. */
export function asProductMention(vocab: Vocabulary, m: BrandMention | CategoryMention): ProductMention {
  const ids = m.kind === 'brand' ? vocab.brands.get(m.id)!.productIds : vocab.productsInCategories(m.ids);
  return productMentionOf(
    vocab,
    m,
    ids,
    m.kind === 'brand' ? m.name.toLowerCase() : m.names.join(', ').toLowerCase(),
    {
      brandIds: m.kind === 'brand' ? [m.id] : [],
      categoryIds: m.kind === 'category' ? m.ids : [],
    },
  );
}

function productMentionOf(
  vocab: Vocabulary,
  span: Span,
  ids: readonly number[],
  label: string,
  named: { brandIds: number[]; categoryIds: number[] },
): ProductMention {
  const products = ids.map((id) => vocab.products.get(id)!).filter(Boolean);
  products.sort((a, b) => a.name.localeCompare(b.name) || a.baseAmount - b.baseAmount || a.id - b.id);
  return {
    kind: 'product',
    start: span.start,
    end: span.end,
    text: span.text,
    confidence: 1,
    candidates: products.map((p) => ({
      id: p.id,
      name: p.name,
      brand: p.brand,
      pack: p.packLabel,
      score: 1,
    })),
    groups: groupByName(products),
    alternatives: [],
    label,
    pack: null,
    packMatched: true,
    count: null,
    pieces: null,
    brandIds: named.brandIds,
    categoryIds: named.categoryIds,
  };
}

function attachQuantities(
  vocab: Vocabulary,
  text: string,
  numbers: LinkResult['numbers'],
  mention: ProductMention,
  { pack, count }: Nearby,
): void {
  const byPiece =
    mention.candidates.length > 0 &&
    mention.candidates.every((c) => vocab.products.get(c.id)!.baseUnit === 'pcs');
  if (pack) {
    const request = toBase(pack);
    mention.pack = request;
    const fits = mention.candidates.filter((c) => {
      const p = vocab.products.get(c.id)!;
      if (request.multipack) {
        return p.packCount === request.packCount || (p.baseUnit === 'pcs' && p.baseAmount === request.amount);
      }
      if (p.baseUnit !== request.baseUnit) return false;
      if (request.packCount !== undefined) {
        return (
          p.packCount === request.packCount &&
          Math.abs(p.baseAmount / p.packCount - request.amount / request.packCount) < 1e-6
        );
      }
      return Math.abs(p.baseAmount - request.amount) < 1e-6;
    });
    if (request.baseUnit === 'pcs' && byPiece && !count) mention.pieces = request.amount;
    mention.packMatched = fits.length > 0;
    if (fits.length > 0) narrow(mention, fits);
    if (request.multipack) mention.pack = multipackSize(vocab, fits, request);
    mention.start = Math.min(mention.start, pack.start);
    mention.end = Math.max(mention.end, pack.end);
  }
  if (count) {
    if (byPiece && !pack) {
      // "6 eggs": six pieces; packs are chosen later (the exact pack first).
      mention.pieces = count.value;
      mention.pack = { amount: count.value, baseUnit: 'pcs', label: `${count.value} pcs` };
      const fits = mention.candidates.filter((c) => vocab.products.get(c.id)!.baseAmount === count.value);
      mention.packMatched = fits.length > 0;
      if (fits.length > 0) narrow(mention, fits);
    } else {
      mention.count = count.value;
    }
    mention.start = Math.min(mention.start, count.start);
    numbers.splice(numbers.indexOf(count), 1);
  }
  mention.text = text.slice(mention.start, mention.end);
}

/** A multipack request as the one size all fitting products share ("12 x 70 g"), else left as the count. */
function multipackSize(
  vocab: Vocabulary,
  fits: readonly ProductCandidate[],
  request: PackRequest,
): PackRequest {
  const sizes = new Set(
    fits.map((c) => {
      const p = vocab.products.get(c.id)!;
      return `${p.baseAmount} ${p.baseUnit}`;
    }),
  );
  if (sizes.size !== 1) return request;
  const p = vocab.products.get(fits[0]!.id)!;
  return {
    amount: p.baseAmount,
    baseUnit: p.baseUnit,
    label: p.packLabel,
    ...(p.packCount > 1 ? { packCount: p.packCount } : {}),
  };
}

function narrow(mention: ProductMention, keep: ProductCandidate[]): void {
  const ids = new Set(keep.map((c) => c.id));
  const dropped = mention.candidates.filter((c) => !ids.has(c.id));
  mention.candidates = keep;
  mention.alternatives = [...dropped, ...mention.alternatives].slice(0, 5);
  mention.groups = mention.groups
    .map((g) => {
      const idx = g.ids.map((id, i) => (ids.has(id) ? i : -1)).filter((i) => i >= 0);
      return { name: g.name, ids: idx.map((i) => g.ids[i]!), packs: idx.map((i) => g.packs[i]!) };
    })
    .filter((g) => g.ids.length > 0);
}

function toBase(q: QuantityMention): PackRequest {
  if (q.multipack) {
    return {
      amount: q.amount,
      baseUnit: 'pcs',
      label: `${q.amount}-pack`,
      packCount: q.amount,
      multipack: true,
    };
  }
  const factor = q.unit === 'kg' || q.unit === 'l' ? 1000 : 1;
  const baseUnit = q.unit === 'kg' || q.unit === 'g' ? 'g' : q.unit === 'pcs' ? 'pcs' : 'ml';
  const packCount = q.packCount && q.packCount > 1 ? q.packCount : undefined;
  const amount = Math.round(q.amount * factor * (packCount ?? 1) * 1000) / 1000;
  const one = `${q.amount} ${q.unit === 'l' ? 'L' : q.unit}`;
  return {
    amount,
    baseUnit,
    label: packCount ? `${packCount} x ${one}` : one,
    ...(packCount ? { packCount } : {}),
  };
}

/** Catalog product names close to an unknown word, for "did you mean". */
export function didYouMean(vocab: Vocabulary, word: string, limit = 3): string[] {
  const scored: { name: string; score: number }[] = [];
  const seen = new Set<string>();
  for (const product of vocab.products.values()) {
    if (seen.has(product.name)) continue;
    let best = 0;
    for (const token of product.tokens) {
      if (token.startsWith('@') || token.startsWith('~')) continue;
      const s = trigramSimilarity(word, token);
      if (s > best) best = s;
    }
    const brand = product.brand ? trigramSimilarity(word, product.brand.toLowerCase()) : 0;
    const score = Math.max(best, brand);
    if (score >= 0.3) {
      seen.add(product.name);
      scored.push({ name: product.name, score });
    }
  }
  scored.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  return scored.slice(0, limit).map((s) => s.name);
}

function mask(text: string, mentions: readonly Mention[], quantities: readonly QuantityMention[]): string {
  // Unknown words stay visible: they may be cue words the intent parser knows ("costlier").
  const spans = [
    ...mentions
      .filter((m) => m.kind !== 'unknown')
      .map((m) => ({ start: m.start, end: m.end, label: `{${m.kind}}` })),
    ...quantities
      .filter((q) => !mentions.some((m) => m.start <= q.start && q.end <= m.end))
      .map((q) => ({ start: q.start, end: q.end, label: '{quantity}' })),
  ].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    out += text.slice(at, s.start) + s.label;
    at = s.end;
  }
  return out + text.slice(at);
}
