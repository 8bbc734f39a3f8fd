/**
 * Pack sizes, money and percentages in a shopper's question: "500g", "4 x 70 g", "half kg", "a dozen",
 * "under ₹100", "50-100 rs", "more than 30% off".
 *
 * The text is cut into a small token stream (numbers, letter runs, single symbols) and each rule looks at
 * most a few tokens ahead, so a scan is linear in the text and spans come straight from token offsets.
 * One scan serves two callers: `findMeasures` reports what was found, `canonicalizeMeasures` rewrites it in
 * one spelling ("500gm" → "500 g", "rs.100" → "₹100", "30 percent" → "30%") so a second pass finds the same.
 */

export type QuantityUnit = 'g' | 'kg' | 'ml' | 'l' | 'pcs';
export type BaseUnit = 'g' | 'ml' | 'pcs';

export interface Quantity {
  /** Size of one unit as stated: 0.5 for "half kg", 70 for "4 x 70 g". */
  quantity: number;
  unit: QuantityUnit;
  /** Units in the pack: 4 for "4 x 70 g", otherwise 1. */
  packCount: number;
  /** The whole pack in base units: 280 for "4 x 70 g", 1500 for "1.5 l", 12 for "a dozen". */
  baseAmount: number;
  baseUnit: BaseUnit;
}

export interface Span {
  /** Offsets into the scanned text, end exclusive. */
  start: number;
  end: number;
}

/** exact: "₹99"; max: "under ₹100", "₹100 or less"; min: "above ₹500"; range: "between ₹50 and ₹100". */
export type Bound = 'exact' | 'max' | 'min' | 'range';

export interface QuantitySpan extends Quantity, Span {}

export interface MoneySpan extends Span {
  /** Rupees; for a range, its upper end (so reading only `amount` treats a range as a budget). */
  amount: number;
  bound: Bound;
  /** Lower end of a range; present only when `bound` is 'range'. */
  min?: number;
}

export interface PercentSpan extends Span {
  /** For a range, its upper end. */
  value: number;
  bound: Bound;
  /** Lower end of a range; present only when `bound` is 'range'. */
  min?: number;
}

/** A multipack named by its count: "12 pack", "4-packs", "pack of 6" (no unit size given). */
export interface MultipackSpan extends Span {
  /** Units in the pack. */
  count: number;
}

export interface Measures {
  quantities: QuantitySpan[];
  money: MoneySpan[];
  percent: PercentSpan[];
  multipacks: MultipackSpan[];
}

// ---------------------------------------------------------------------------------------------------------
// Vocabulary of the rules. Words are compared lower-cased, one token each; phrases are token sequences.

function wordsOf<K extends string>(groups: Record<K, readonly string[]>): Map<string, K> {
  const map = new Map<string, K>();
  for (const key of Object.keys(groups) as K[]) for (const word of groups[key]) map.set(word, key);
  return map;
}

const UNIT_OF = wordsOf<QuantityUnit>({
  g: ['g', 'gm', 'gms', 'gr', 'grm', 'grms', 'gram', 'grams', 'gramme', 'grammes'],
  kg: ['kg', 'kgs', 'kilo', 'kilos', 'kilogram', 'kilograms', 'kilogramme', 'kilogrammes'],
  ml: ['ml', 'mls', 'millilitre', 'millilitres', 'milliliter', 'milliliters'],
  l: ['l', 'lt', 'ltr', 'ltrs', 'litre', 'litres', 'liter', 'liters'],
  pcs: ['pc', 'pcs', 'piece', 'pieces', 'nos'],
});

/** Single letters are units only right after a digit: "a g" or "one l" are not pack sizes. */
const BARE_LETTER_UNITS = new Set(['g', 'l']);

const BASE: Readonly<Record<QuantityUnit, { unit: BaseUnit; factor: number }>> = {
  g: { unit: 'g', factor: 1 },
  kg: { unit: 'g', factor: 1000 },
  ml: { unit: 'ml', factor: 1 },
  l: { unit: 'ml', factor: 1000 },
  pcs: { unit: 'pcs', factor: 1 },
};

/** Nouns counted in pieces: "6 eggs" is a 6-piece pack. The noun stays outside the span for the linker. */
const COUNT_NOUNS = new Set(['egg', 'eggs']);

/** Spelled amounts before a unit word or "dozen" (Hindi ones arrive translated by the lexicon). */
const WORD_NUMBERS = phrases<number>([
  ['one and a half', 1.5],
  ['one and half', 1.5],
  ['two and a half', 2.5],
  ['two and half', 2.5],
  ['half a', 0.5],
  ['a half', 0.5],
  ['a quarter', 0.25],
  ['quarter of a', 0.25],
  ['half', 0.5],
  ['quarter', 0.25],
  ['a', 1],
  ['one', 1],
  ['two', 2],
  ['three', 3],
  ['four', 4],
  ['five', 5],
  ['six', 6],
  ['ten', 10],
]);

const TIMES = new Set(['x', '×', '*']);

const CURRENCY_PREFIX = new Set(['₹', 'rs', 'inr', 'rupee', 'rupees']);
const CURRENCY_SUFFIX = new Set([
  '₹',
  'rs',
  'inr',
  'rupee',
  'rupees',
  'rupaye',
  'rupaiye',
  'rupiya',
  'rupiye',
  'rupye',
  'rupay',
  'bucks',
]);
const MULTIPLIER = new Map([
  ['k', 1000],
  ['thousand', 1000],
  ['lakh', 100_000],
  ['lakhs', 100_000],
  ['lac', 100_000],
  ['lacs', 100_000],
]);

const PERCENT_WORDS = new Set(['%', 'percent', 'percentage', 'pct', 'prcnt', 'pcnt']);
/** "pc" is pieces unless a discount word is next to it: "30 pc off". */
const DISCOUNT_WORDS = new Set(['off', 'discount', 'discounts', 'cashback']);

type PreBound = 'max' | 'min' | 'between' | 'from';

const PRE_BOUNDS = phrases<PreBound>([
  ...tagged('max', [
    'under',
    'below',
    'less than',
    'lesser than',
    'lower than',
    'cheaper than',
    'within',
    'upto',
    'up to',
    'till',
    'max',
    'maximum',
    'at most',
    'atmost',
    'not more than',
    'no more than',
    'not above',
    'not over',
    'budget of',
    'budget',
    '<',
    '<=',
    '≤',
  ]),
  ...tagged('min', [
    'above',
    'over',
    'more than',
    'greater than',
    'higher than',
    'costlier than',
    'pricier than',
    'more expensive than',
    'at least',
    'atleast',
    'min',
    'minimum',
    'not less than',
    'no less than',
    'starting from',
    'starting at',
    '>',
    '>=',
    '≥',
  ]),
  ['between', 'between'],
  ['from', 'from'],
]);

const POST_BOUNDS = phrases<'max' | 'min'>([
  ...tagged('max', [
    'or less',
    'or lower',
    'or below',
    'or under',
    'or cheaper',
    'and below',
    'and under',
    'and less',
    'at most',
    'max',
    'maximum',
    'tak',
  ]),
  ...tagged('min', [
    'or more',
    'or above',
    'or higher',
    'and above',
    'and over',
    'and more',
    'and up',
    'at least',
    'plus',
    '+',
    'onwards',
    'minimum',
    'min',
  ]),
]);

/** Words after a bare number that say it is not an amount of money: "under 10 min", "above 4 stars". */
const NOT_MONEY_AFTER = new Set([
  ...UNIT_OF.keys(),
  ...PERCENT_WORDS,
  ...COUNT_NOUNS,
  ...TIMES,
  ...['dozen', '/', ':', 'am', 'pm', 'km'],
  ...['sec', 'secs', 'second', 'seconds', 'min', 'mins', 'minute', 'minutes', 'hr', 'hrs', 'hour', 'hours'],
  ...['day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years'],
  ...['item', 'items', 'product', 'products', 'platform', 'platforms', 'app', 'apps', 'store', 'stores'],
  ...['pack', 'packs', 'packet', 'packets', 'unit', 'units', 'order', 'orders', 'result', 'results'],
  ...['star', 'stars', 'rating', 'ratings', 'review', 'reviews', 'option', 'options', 'brand', 'brands'],
]);

/** Letter runs a number may touch ("500g", "1k", "100rs", "4x70") without being part of a word ("7up"). */
const GLUE_AFTER = new Set([
  ...UNIT_OF.keys(),
  ...CURRENCY_SUFFIX,
  ...PERCENT_WORDS,
  ...MULTIPLIER.keys(),
  'x',
]);
const GLUE_BEFORE = new Set(['x', 'rs', 'inr']);

const MAX_QUANTITY = 1_000_000;
const MAX_MONEY = 1_000_000_000;
/** parseQuantity / parseMoney read one short expression; longer input is not one. */
const MAX_EXPRESSION_CHARS = 100;

function tagged<K extends string>(kind: K, list: readonly string[]): [string, K][] {
  return list.map((w) => [w, kind]);
}

interface Phrase<K> {
  tokens: string[];
  value: K;
}

/** Phrases as token lists grouped by their first token, longest first so the longest match wins. */
function phrases<K>(entries: readonly (readonly [string, K])[]): ReadonlyMap<string, Phrase<K>[]> {
  const byFirst = new Map<string, Phrase<K>[]>();
  for (const [phrase, value] of entries) {
    const tokens = phrase.split(' ');
    const list = byFirst.get(tokens[0]!) ?? [];
    list.push({ tokens, value });
    byFirst.set(tokens[0]!, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  return byFirst;
}

// ---------------------------------------------------------------------------------------------------------
// Tokens.

interface Tok {
  text: string;
  kind: 'num' | 'word' | 'sym';
  /** Numeric value of a `num` token. */
  value: number;
  start: number;
  end: number;
}

/** Numbers (with Indian or Western digit grouping and decimals), letter runs, "/-", "<=", ">=", any symbol. */
const TOKEN = /(?:\d{1,3}(?:,\d{2,3})*,\d{3}(?!\d)|\d+)(?:\.\d+)?|[\p{L}\p{M}]+|\/-|<=|>=|\S/gu;
const LETTER = /^[\p{L}\p{M}]/u;
/** Longer digit runs are ids or garbage, never an amount. */
const MAX_INTEGER_DIGITS = 9;

function lex(text: string): Tok[] {
  const toks: Tok[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const raw = m[0];
    const start = m.index;
    const end = start + raw.length;
    const first = raw.charCodeAt(0);
    if (first >= 48 && first <= 57) {
      const ungrouped = raw.replaceAll(',', '');
      const dot = ungrouped.indexOf('.');
      if ((dot === -1 ? ungrouped.length : dot) <= MAX_INTEGER_DIGITS) {
        toks.push({ text: raw, kind: 'num', value: Number(ungrouped), start, end });
        continue;
      }
      toks.push({ text: raw, kind: 'word', value: Number.NaN, start, end });
    } else {
      const kind = LETTER.test(raw) ? 'word' : 'sym';
      toks.push({ text: raw.toLowerCase(), kind, value: Number.NaN, start, end });
    }
  }
  return toks;
}

/** A number standing on its own: not the "3" of "mp3", the "7" of "7up" or the "2" of "1.2.3". */
function isNumberAt(toks: readonly Tok[], i: number): boolean {
  const t = toks[i];
  if (t?.kind !== 'num') return false;
  const prev = toks[i - 1];
  if (prev && prev.end === t.start) {
    if (prev.kind === 'word' && !GLUE_BEFORE.has(prev.text)) return false;
    const beforeDot = toks[i - 2];
    if (prev.text === '.' && beforeDot?.kind === 'num' && beforeDot.end === prev.start) return false;
  }
  const next = toks[i + 1];
  return !(next && next.start === t.end && next.kind === 'word' && !GLUE_AFTER.has(next.text));
}

/** Index after the longest phrase starting at `i`, with its value. */
function phraseAt<K>(
  toks: readonly Tok[],
  i: number,
  table: ReadonlyMap<string, Phrase<K>[]>,
): { next: number; value: K } | null {
  for (const p of table.get(toks[i]?.text ?? '') ?? []) {
    if (p.tokens.every((w, k) => toks[i + k]?.text === w))
      return { next: i + p.tokens.length, value: p.value };
  }
  return null;
}

const plain = (t: Tok) => t.text.replaceAll(',', '');
const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

// ---------------------------------------------------------------------------------------------------------
// Rules. Each returns what it matched from token `i`, or null.

interface Edit {
  start: number;
  end: number;
  text: string;
}

type Found =
  | { kind: 'quantity'; value: Quantity }
  | { kind: 'multipack'; value: { count: number } }
  | { kind: 'money'; value: Omit<MoneySpan, 'start' | 'end'> }
  | { kind: 'percent'; value: Omit<PercentSpan, 'start' | 'end'> };

interface Match {
  found: Found;
  start: number;
  end: number;
  /** Token index after the match. */
  next: number;
  /** Rewrites to the canonical spelling. */
  edits: Edit[];
}

function quantity(amount: number, unit: QuantityUnit, packCount: number): Quantity | null {
  if (!(amount > 0 && amount <= MAX_QUANTITY && packCount >= 1)) return null;
  const base = BASE[unit];
  return {
    quantity: amount,
    unit,
    packCount,
    baseAmount: round(amount * base.factor * packCount, 3),
    baseUnit: base.unit,
  };
}

function quantityMatch(
  toks: readonly Tok[],
  from: number,
  next: number,
  value: Quantity | null,
  edit?: string,
): Match | null {
  if (!value) return null;
  const start = toks[from]!.start;
  const end = toks[next - 1]!.end;
  return {
    found: { kind: 'quantity', value },
    start,
    end,
    next,
    edits: edit === undefined ? [] : [{ start, end, text: edit }],
  };
}

const isCount = (n: number) => Number.isInteger(n) && n >= 1 && n <= 1000;

function quantityAt(toks: readonly Tok[], i: number): Match | null {
  if (isNumberAt(toks, i)) {
    const n = toks[i]!;
    // "4 x 70 g": four packs of 70 g.
    const size = toks[i + 2];
    const sizeUnit = UNIT_OF.get(toks[i + 3]?.text ?? '');
    if (TIMES.has(toks[i + 1]?.text ?? '') && isCount(n.value) && isNumberAt(toks, i + 2) && sizeUnit) {
      const edit = `${plain(n)} x ${plain(size!)} ${sizeUnit}`;
      return quantityMatch(toks, i, i + 4, quantity(size!.value, sizeUnit, n.value), edit);
    }
    // "1/2 kg"
    let amount = n.value;
    let numberText = plain(n);
    let j = i + 1;
    const slash = toks[j];
    if (slash?.text === '/' && slash.start === n.end && isNumberAt(toks, j + 1) && toks[j + 1]!.value > 0) {
      amount = n.value / toks[j + 1]!.value;
      numberText = `${numberText}/${plain(toks[j + 1]!)}`;
      j += 2;
    }
    const unit = UNIT_OF.get(toks[j]?.text ?? '');
    if (unit) {
      j += 1;
      // "70 g x 4"
      if (
        TIMES.has(toks[j]?.text ?? '') &&
        isNumberAt(toks, j + 1) &&
        !UNIT_OF.has(toks[j + 2]?.text ?? '')
      ) {
        const count = toks[j + 1]!;
        if (isCount(count.value)) {
          const edit = `${numberText} ${unit} x ${plain(count)}`;
          return quantityMatch(toks, i, j + 2, quantity(amount, unit, count.value), edit);
        }
      }
      return quantityMatch(toks, i, j, quantity(amount, unit, 1), `${numberText} ${unit}`);
    }
    if (j !== i + 1) return null;
    if (toks[j]?.text === 'dozen') return quantityMatch(toks, i, j + 1, quantity(amount * 12, 'pcs', 1));
    // "6 eggs": the count only, so the noun stays a product word.
    if (COUNT_NOUNS.has(toks[j]?.text ?? '') && isCount(amount)) {
      return quantityMatch(toks, i, j, quantity(amount, 'pcs', 1));
    }
    return null;
  }
  // "half kg", "a dozen", "one and a half litre".
  const spelled = phraseAt(toks, i, WORD_NUMBERS);
  if (spelled) {
    const word = toks[spelled.next]?.text ?? '';
    const unit = UNIT_OF.get(word);
    if (unit && !BARE_LETTER_UNITS.has(word)) {
      return quantityMatch(toks, i, spelled.next + 1, quantity(spelled.value, unit, 1));
    }
    if (word === 'dozen')
      return quantityMatch(toks, i, spelled.next + 1, quantity(spelled.value * 12, 'pcs', 1));
  }
  if (toks[i]?.text === 'dozen') return quantityMatch(toks, i, i + 1, quantity(12, 'pcs', 1));
  return null;
}

const PACK_WORDS = new Set(['pack', 'packs', 'pk', 'pkt', 'packet', 'packets']);
/** Counts that make a multipack; "1 pack" is just one pack. */
const isMultipackCount = (n: number) => Number.isInteger(n) && n >= 2 && n <= 100;

/**
 * "maggi 12 pack", "3 maggi 4-packs", "pack of 6": a multipack by its unit count. A plural without a hyphen
 * ("2 packs of butter", "butter 2 packs") counts packs instead and is left to the entity linker.
 */
function multipackAt(toks: readonly Tok[], i: number): Match | null {
  const t = toks[i];
  if (!t) return null;
  const found = (next: number, count: number): Match => ({
    found: { kind: 'multipack', value: { count } },
    start: t.start,
    end: toks[next - 1]!.end,
    next,
    edits: [],
  });
  if (PACK_WORDS.has(t.text) && toks[i + 1]?.text === 'of' && isNumberAt(toks, i + 2)) {
    const n = toks[i + 2]!;
    if (isMultipackCount(n.value) && !UNIT_OF.has(toks[i + 3]?.text ?? '') && toks[i + 3]?.text !== 'x')
      return found(i + 3, n.value);
    return null;
  }
  if (t.kind !== 'num' || !isMultipackCount(t.value)) return null;
  const prev = toks[i - 1];
  if (prev && prev.end === t.start && prev.kind === 'word') return null;
  const hyphen = toks[i + 1]?.text === '-' && toks[i + 1]!.start === t.end;
  const word = toks[hyphen ? i + 2 : i + 1];
  if (!word || !PACK_WORDS.has(word.text) || (hyphen && word.start !== toks[i + 1]!.end)) return null;
  const plural = word.text.endsWith('s');
  if (plural && !hyphen) return null;
  if (toks[hyphen ? i + 3 : i + 2]?.text === 'of') return null;
  return found(hyphen ? i + 3 : i + 2, t.value);
}

interface Atom {
  value: number;
  /** Written with a currency sign or word, a multiplier ("1k") or a percent sign: unmistakable. */
  marked: boolean;
  start: number;
  end: number;
  next: number;
  canonical: string;
}

/** "₹100", "rs. 99.50", "100 rupees", "100/-", "1k", "1,299", or a bare number (unmarked). */
function moneyAt(toks: readonly Tok[], i: number): Atom | null {
  let j = i;
  let marked = false;
  const first = toks[j];
  if (first && CURRENCY_PREFIX.has(first.text)) {
    marked = true;
    j += 1;
    if (first.text === 'rs' && toks[j]?.text === '.') j += 1;
  }
  if (!isNumberAt(toks, j)) return null;
  const n = toks[j]!;
  let value = n.value;
  let canonical = plain(n);
  j += 1;
  const scale = toks[j];
  const factor =
    scale && (scale.text !== 'k' || scale.start === n.end) ? MULTIPLIER.get(scale.text) : undefined;
  if (factor) {
    value = round(value * factor, 2);
    canonical = String(value);
    marked = true;
    j += 1;
  }
  const suffix = toks[j];
  // A "₹" that starts the next amount ("50 ₹100") is not this one's suffix.
  if (suffix && CURRENCY_SUFFIX.has(suffix.text) && !(suffix.text === '₹' && isNumberAt(toks, j + 1))) {
    marked = true;
    j += 1;
    if (suffix.text === 'rs' && toks[j]?.text === '.' && toks[j]!.start === suffix.end) j += 1;
  }
  if (toks[j]?.text === '/-') {
    marked = true;
    j += 1;
  }
  // Letters glued to the end ("5₹lakh") make it something else, which a rewrite must not change.
  const after = toks[j];
  if (after?.kind === 'word' && after.start === toks[j - 1]!.end) return null;
  if (!(value <= MAX_MONEY)) return null;
  return { value, marked, start: toks[i]!.start, end: toks[j - 1]!.end, next: j, canonical: `₹${canonical}` };
}

/** "30%", "30 percent", "30 per cent", "30 pc off", or a bare number (unmarked). */
function percentAt(toks: readonly Tok[], i: number): Atom | null {
  if (!isNumberAt(toks, i)) return null;
  const n = toks[i]!;
  const next = toks[i + 1]?.text ?? '';
  let j = i + 1;
  if (PERCENT_WORDS.has(next)) j += 1;
  else if (next === 'per' && toks[i + 2]?.text === 'cent') j += 2;
  else if (next === 'pc' && nearDiscountWord(toks, i)) j += 1;
  const marked = j > i + 1;
  return {
    value: n.value,
    marked,
    start: n.start,
    end: toks[j - 1]!.end,
    next: j,
    canonical: `${plain(n)}%`,
  };
}

function nearDiscountWord(toks: readonly Tok[], i: number): boolean {
  if (DISCOUNT_WORDS.has(toks[i + 2]?.text ?? '')) return true;
  for (let k = Math.max(0, i - 3); k < i; k++) if (DISCOUNT_WORDS.has(toks[k]!.text)) return true;
  return false;
}

/** A bare number is an amount only if nothing after it says otherwise ("under 10 min", "above 2 kg"). */
function bareAmountEndsAt(toks: readonly Tok[], next: number): boolean {
  const t = toks[next];
  if (!t) return true;
  if (NOT_MONEY_AFTER.has(t.text)) return false;
  return !(t.text === 'per' && toks[next + 1]?.text === 'cent');
}

function rangeSeparatorAt(toks: readonly Tok[], i: number, pre: PreBound | null): number {
  const t = toks[i]?.text;
  if (t === '-' || t === 'to') return i + 1;
  if (t === 'and' && pre === 'between') return i + 1;
  return -1;
}

/**
 * The shape shared by money and percentages: [bound words] amount [- amount] [bound words]. `atomAt` reads
 * one amount; an unmarked (bare) one counts only where the words around it make it an amount.
 */
function boundedAt(
  toks: readonly Tok[],
  i: number,
  atomAt: (toks: readonly Tok[], i: number) => Atom | null,
): {
  bound: Bound;
  value: number;
  min?: number;
  start: number;
  end: number;
  next: number;
  /** Some amount carries its sign. */
  marked: boolean;
  edits: Edit[];
} | null {
  const pre = phraseAt(toks, i, PRE_BOUNDS);
  const a = atomAt(toks, pre ? pre.next : i);
  if (!a) return null;
  const start = toks[i]!.start;
  const sep = rangeSeparatorAt(toks, a.next, pre?.value ?? null);
  if (sep !== -1) {
    const b = atomAt(toks, sep);
    const framed = pre?.value === 'between' || pre?.value === 'from';
    if (b && (a.marked || b.marked || framed) && (b.marked || bareAmountEndsAt(toks, b.next))) {
      const [low, high] = a.value <= b.value ? [a.value, b.value] : [b.value, a.value];
      // "50 - 100" is written "50-100"; "50 to 100" keeps its word.
      const dash = toks[a.next]!.text === '-' ? [{ start: a.end, end: b.start, text: '-' }] : [];
      return {
        bound: 'range',
        value: high,
        min: low,
        start,
        end: b.end,
        next: b.next,
        marked: a.marked || b.marked,
        edits: [canonical(a), ...dash, canonical(b)],
      };
    }
  }
  if (pre?.value === 'max' || pre?.value === 'min') {
    if (!a.marked && !bareAmountEndsAt(toks, a.next)) return null;
    return {
      bound: pre.value,
      value: a.value,
      start,
      end: a.end,
      next: a.next,
      marked: a.marked,
      edits: [canonical(a)],
    };
  }
  const post = pre ? null : phraseAt(toks, a.next, POST_BOUNDS);
  // "100 or less items" is a price; "10 min" is not, whatever follows.
  if (post && (a.marked || bareAmountEndsAt(toks, a.next))) {
    const end = toks[post.next - 1]!.end;
    const edits = [canonical(a)];
    return {
      bound: post.value,
      value: a.value,
      start: a.start,
      end,
      next: post.next,
      marked: a.marked,
      edits,
    };
  }
  // "from ₹100" without a second amount: the words were not a bound, the amount still is one.
  if (!a.marked) return null;
  const edits = [canonical(a)];
  return { bound: 'exact', value: a.value, start: a.start, end: a.end, next: a.next, marked: true, edits };
}

function moneyRule(toks: readonly Tok[], i: number): Match | null {
  const m = boundedAt(toks, i, moneyAt);
  if (!m) return null;
  const value = { amount: m.value, bound: m.bound, ...(m.min === undefined ? {} : { min: m.min }) };
  return {
    found: { kind: 'money', value },
    start: m.start,
    end: m.end,
    next: m.next,
    edits: m.edits,
  };
}

function percentRule(toks: readonly Tok[], i: number): Match | null {
  const m = boundedAt(toks, i, percentAt);
  // Every number may be a bare percentage; one of them needs the sign ("20-30%", "30% or more").
  if (!m?.marked) return null;
  const value = { value: m.value, bound: m.bound, ...(m.min === undefined ? {} : { min: m.min }) };
  return {
    found: { kind: 'percent', value },
    start: m.start,
    end: m.end,
    next: m.next,
    edits: m.edits,
  };
}

function canonical(a: Atom): Edit {
  return { start: a.start, end: a.end, text: a.canonical };
}

/** Leftmost match, longest at a position; on a tie percent beats money beats quantity ("30 pc off"). */
function scan(text: string): Match[] {
  const toks = lex(text);
  const matches: Match[] = [];
  let i = 0;
  while (i < toks.length) {
    let best: Match | null = null;
    for (const m of [percentRule(toks, i), moneyRule(toks, i), quantityAt(toks, i), multipackAt(toks, i)]) {
      if (m && (!best || m.end > best.end)) best = m;
    }
    if (best) {
      matches.push(best);
      i = best.next;
    } else i += 1;
  }
  return matches;
}

// ---------------------------------------------------------------------------------------------------------
// Public API.

/** Every pack size, amount of money and percentage in a normalised (lower-case) text, with offsets. */
export function findMeasures(text: string): Measures {
  const out: Measures = { quantities: [], money: [], percent: [], multipacks: [] };
  for (const m of scan(text)) {
    const span = { start: m.start, end: m.end };
    if (m.found.kind === 'quantity') out.quantities.push({ ...m.found.value, ...span });
    else if (m.found.kind === 'multipack') out.multipacks.push({ ...m.found.value, ...span });
    else if (m.found.kind === 'money') out.money.push({ ...m.found.value, ...span });
    else out.percent.push({ ...m.found.value, ...span });
  }
  return out;
}

/**
 * The text with every measure in one spelling: "500gm" → "500 g", "4x70g" → "4 x 70 g", "1 ltr" → "1 l",
 * "rs.100" / "100 bucks" / "100/-" → "₹100", "1k" → "₹1000", "50-100 rs" → "₹50-₹100", "under 100" →
 * "under ₹100", "30 percent" → "30%". Words around the measures are kept. Applying it twice changes nothing.
 */
export function canonicalizeMeasures(text: string): string {
  let out = '';
  let at = 0;
  for (const m of scan(text)) {
    for (const e of m.edits) {
      out += text.slice(at, e.start) + e.text;
      at = e.end;
    }
  }
  return out + text.slice(at);
}

function expressionTokens(text: string): Tok[] | null {
  if (typeof text !== 'string' || text.length > MAX_EXPRESSION_CHARS) return null;
  const toks = lex(text.normalize('NFKC').toLowerCase());
  return toks.length > 0 ? toks : null;
}

/**
 * One pack size written alone: "1kg", "1000 gm", "1.5 l", "500ml", "half kg", "a dozen eggs", "4x70g",
 * "6 eggs". Null when the text is anything more or less than one pack size.
 */
export function parseQuantity(text: string): Quantity | null {
  const toks = expressionTokens(text);
  if (!toks) return null;
  const m = quantityAt(toks, 0);
  if (m?.found.kind !== 'quantity') return null;
  const rest = toks.slice(m.next);
  if (rest.length > 1 || (rest.length === 1 && !COUNT_NOUNS.has(rest[0]!.text))) return null;
  return m.found.value;
}

/** One amount of money written alone: "₹100", "rs.100", "Rs. 99.50", "100 bucks", "100/-", "1,299", "1k". */
export function parseMoney(text: string): number | null {
  const toks = expressionTokens(text);
  if (!toks) return null;
  const a = moneyAt(toks, 0);
  return a && a.next === toks.length ? a.value : null;
}
