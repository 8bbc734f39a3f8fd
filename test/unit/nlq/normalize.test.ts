import { describe, expect, it } from 'vitest';
import { LEXICON_SECTIONS } from '../../../src/nlq/lexicon.ts';
import {
  MAX_QUESTION_CHARS,
  type NormalizedQuestion,
  normalizeQuestion,
} from '../../../src/nlq/normalize.ts';

const text = (raw: string) => normalizeQuestion(raw).text;

/** Spans as the text they cover, so expectations read like the question. */
function covered(n: NormalizedQuestion) {
  const slice = <T extends { start: number; end: number }>(list: T[]) =>
    list.map(({ start, end, ...rest }) => ({ text: n.text.slice(start, end), ...rest }));
  return { quantities: slice(n.quantities), money: slice(n.money), percent: slice(n.percent) };
}

const TEXT_CASES: [string, string][] = [
  // Case, whitespace, Unicode.
  ['Cheapest  AMUL   Butter', 'cheapest amul butter'],
  ['  \t milk \n price  ', 'milk price'],
  ['ｃｈｅａｐｅｓｔ　ｍｉｌｋ', 'cheapest milk'],
  ['café crème', 'cafe creme'],
  ['do\u200Bodh', 'milk'],
  ['\u202Emilk\u202C price', 'milk price'],
  ['milk\u0000\u0007 price', 'milk price'],
  ['soft\u00ADdrink', 'softdrink'],
  // Emoji and symbols.
  ['😀😀 milk 🥛 price?!!!', 'milk price?!'],
  ['👍🏽 eggs', 'eggs'],
  ['1️⃣ kg sugar', '1 kg sugar'],
  ['butter ™ © ®', 'butter'],
  // Apostrophes and quotes.
  ["haldiram's bhujia", "haldiram's bhujia"],
  ['haldiram’s bhujia', "haldiram's bhujia"],
  ['\'amul\' "butter"', 'amul butter'],
  // Hinglish grocery words, longest phrase first.
  ['doodh sabse sasta kahan hai', 'milk cheapest where'],
  ['dahi aur makhan', 'curd and butter'],
  ['aloo pyaz tamatar', 'potato onion tomato'],
  ['kanda 1kg', 'onion 1 kg'],
  ['chawal aur cheeni', 'rice and sugar'],
  ['ande chahiye', 'eggs'],
  ['anda wala paratha', 'egg paratha'],
  ['sarson ka tel', 'mustard oil'],
  ['kali mirch', 'black pepper'],
  ['haldi namak dhania', 'turmeric salt coriander'],
  ['chai patti', 'tea'],
  ['paneer aur ghee', 'paneer and ghee'],
  ['aloo bhujia', 'aloo bhujia'],
  ['sabzi', 'vegetables'],
  ['biskut aur sabun', 'biscuits and soap'],
  // Hinglish question words.
  ['amul butter kitne ka hai', 'amul butter price of'],
  ['doodh kitna hai', 'milk price of'],
  ['sabse mehenga ghee', 'most expensive ghee'],
  ['mehenga hai kya', 'expensive'],
  ['kal ka price', 'yesterday ka price'],
  ['aaj ka rate', 'today ka rate'],
  ['pichle hafte', 'last week'],
  ['is mahine', 'this month'],
  ['bengaluru mein doodh', 'bengaluru in milk'],
  ['aadha kilo pyaz', 'half kilo onion'],
  ['dedh litre doodh', 'one and a half litre milk'],
  ['paav kilo mirch', 'quarter kilo chilli'],
  // Devanagari.
  ['सबसे सस्ता दूध', 'cheapest milk'],
  ['दूध कितने का है', 'milk price of'],
  ['कल प्याज़ का दाम', 'yesterday onion का price'],
  ['१ kg चीनी', '1 kg sugar'],
  // Typos and place names.
  ['chepest buttr', 'cheapest butter'],
  ['cheapst detergant', 'cheapest detergent'],
  ['is it availble', 'is it available'],
  ['best discout on platfrom', 'best discount on platform'],
  ['milk in bangalore', 'milk in bengaluru'],
  ['milk in blr', 'milk in bengaluru'],
  ['bombay and gurgaon', 'mumbai and gurugram'],
  ['eggs in new delhi', 'eggs in delhi'],
  // Query synonyms.
  ['lowest price for atta', 'cheapest for atta'],
  ['least expensive ghee', 'cheapest ghee'],
  ['sabse kam price', 'cheapest'],
  ['costliest chocolate', 'most expensive chocolate'],
  ['priciest honey', 'most expensive honey'],
  ['any offers today', 'any offers today'],
  // Quantities, money and percentages in one spelling.
  ['Amul Butter 500G', 'amul butter 500 g'],
  ['1000gm sugar', '1000 g sugar'],
  ['1 ltr milk', '1 l milk'],
  ['4x70g lays', '4 x 70 g lays'],
  ['rs.100', '₹100'],
  ['Rs. 99.50', '₹99.50'],
  ['100 bucks', '₹100'],
  ['100 rupaye', '₹100'],
  ['100/- wala', '₹100'],
  ['under 1k', 'under ₹1000'],
  ['₹1,299 phone', '₹1299 phone'],
  ['items under 100 bucks on zepto', 'items under ₹100 on zepto'],
  ['50-100 rs', '₹50-₹100'],
  ['₹50–₹100', '₹50-₹100'],
  ['100 se kam wale items', '₹100 or less items'],
  ['aaj zepto pe kya sasta hua', 'today zepto on got cheaper'],
  ['koi flash sale chal raha hai instamart pe', 'any flash sale live instamart on'],
  ['instamart pe kitne items sale pe hain', 'instamart on how many items on sale'],
  ['abhi stock mein hai kya', 'now in stock'],
  ['30 percent off', '30% off'],
  ['30 pc discount', '30% discount'],
  ['20 – 30 % off', '20%-30% off'],
];

describe('normalizeQuestion: text', () => {
  it.each(TEXT_CASES)('%j → %j', (raw, expected) => {
    expect(text(raw)).toBe(expected);
  });
});

describe('normalizeQuestion: measures', () => {
  it('finds a pack size with its span in the normalised text', () => {
    const n = normalizeQuestion('cheapest Amul butter 500g in Bengaluru');
    expect(n.text).toBe('cheapest amul butter 500 g in bengaluru');
    expect(covered(n).quantities).toEqual([
      { text: '500 g', quantity: 500, unit: 'g', packCount: 1, baseAmount: 500, baseUnit: 'g' },
    ]);
  });

  it.each<[string, ReturnType<typeof covered>]>([
    [
      'a dozen eggs under rs 80',
      {
        quantities: [
          { text: 'a dozen', quantity: 12, unit: 'pcs', packCount: 1, baseAmount: 12, baseUnit: 'pcs' },
        ],
        money: [{ text: 'under ₹80', amount: 80, bound: 'max' }],
        percent: [],
      },
    ],
    [
      '6 ande',
      {
        quantities: [{ text: '6', quantity: 6, unit: 'pcs', packCount: 1, baseAmount: 6, baseUnit: 'pcs' }],
        money: [],
        percent: [],
      },
    ],
    [
      'maggi 2 x 70 g between 50 and 100 rs',
      {
        quantities: [
          { text: '2 x 70 g', quantity: 70, unit: 'g', packCount: 2, baseAmount: 140, baseUnit: 'g' },
        ],
        money: [{ text: 'between ₹50 and ₹100', amount: 100, min: 50, bound: 'range' }],
        percent: [],
      },
    ],
    [
      'atta above ₹200 with more than 30% off',
      {
        quantities: [],
        money: [{ text: 'above ₹200', amount: 200, bound: 'min' }],
        percent: [{ text: 'more than 30%', value: 30, bound: 'min' }],
      },
    ],
    [
      'doodh 200 se upar',
      { quantities: [], money: [{ text: '₹200 or more', amount: 200, bound: 'min' }], percent: [] },
    ],
    [
      'between 20 and 40 percent off',
      {
        quantities: [],
        money: [],
        percent: [{ text: 'between 20% and 40%', value: 40, min: 20, bound: 'range' }],
      },
    ],
    ['delivery under 10 min', { quantities: [], money: [], percent: [] }],
  ])('%j', (raw, expected) => {
    expect(covered(normalizeQuestion(raw))).toEqual(expected);
  });

  it('lists words and numbers as tokens, "₹" and "%" as tokens of their own', () => {
    expect(normalizeQuestion("Haldiram's bhujia 1.5kg under Rs 99.50, 10% off?").tokens).toEqual([
      "haldiram's",
      'bhujia',
      '1.5',
      'kg',
      'under',
      '₹',
      '99.50',
      '10',
      '%',
      'off',
    ]);
  });

  it('keeps the input as given in `original`', () => {
    const raw = 'Doodh  KITNE ka?';
    expect(normalizeQuestion(raw)).toMatchObject({ original: raw, text: 'milk price of?', truncated: false });
  });
});

const HOSTILE: [string, string][] = [
  ['1 MB of letters', 'a'.repeat(1_000_000)],
  ['1 MB of words', 'cheapest milk '.repeat(75_000)],
  ['100k emoji', '😀'.repeat(100_000)],
  ['emoji then a question', `${'🔥'.repeat(5_000)} milk`],
  ['SQL', "'; DROP TABLE products; -- SELECT * FROM users WHERE '1'='1"],
  ['punctuation only', '!?.,;:\'"-/\\()[]{}<>@#$^&*_=+|~`'.repeat(100)],
  ['control characters', '\u0000\u0001\u0002\u001b[31m\u007f'.repeat(1000)],
  ['lone surrogates', '\uD800milk\uDC00 \uDBFF'],
  ['zalgo', `m${'\u0301\u0302\u0303'.repeat(3000)}ilk`],
  ['a million spaces', `${' '.repeat(1_000_000)}milk`],
  ['digit runs', '9'.repeat(100_000)],
  ['amount flood', '₹1-₹2 under 3 '.repeat(50_000)],
  ['lexicon flood', 'kal '.repeat(100_000)],
  ['HTML', '<script>alert("x")</script><img src=x onerror=alert(1)>'],
  ['empty', ''],
];

describe('normalizeQuestion: hostile input', () => {
  it.each(HOSTILE)('%s: returns quickly, never throws, stays within the cap', (_, raw) => {
    const started = performance.now();
    const n = normalizeQuestion(raw);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(n.text.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
    expect(n.truncated).toBe(raw.length > MAX_QUESTION_CHARS || n.text.length === MAX_QUESTION_CHARS);
    expect(normalizeQuestion(n.text).text).toBe(n.text);
  });

  it('reads only the beginning of a long question and says so', () => {
    const n = normalizeQuestion(`doodh sasta ${'x '.repeat(5_000)}`);
    expect(n.truncated).toBe(true);
    expect(n.text.startsWith('milk cheapest x x')).toBe(true);
  });

  it('flags a result cut because translation lengthened it', () => {
    const n = normalizeQuestion('kal '.repeat(450));
    expect(n.truncated).toBe(true);
    expect(n.text.endsWith('yesterday')).toBe(true);
  });

  it('drops emoji, control and bidi characters entirely', () => {
    expect(text('😀😀😀')).toBe('');
    expect(text('\u202E\u2066\u200F')).toBe('');
    expect(text('\u0000\u0008')).toBe('');
  });

  it('treats SQL as ordinary words', () => {
    expect(text("'; DROP TABLE products; --")).toBe('; drop table products; -');
  });

  it('returns an empty question for a value that is not a string', () => {
    expect(normalizeQuestion(null as unknown as string)).toMatchObject({
      text: '',
      tokens: [],
      truncated: false,
    });
  });
});

describe('normalizeQuestion: idempotence', () => {
  const inputs = [...TEXT_CASES.map(([raw]) => raw), ...HOSTILE.map(([, raw]) => raw)];

  it.each(inputs.map((raw) => [raw.slice(0, 40), raw]))('normalising %j twice equals once', (_, raw) => {
    const once = normalizeQuestion(raw);
    const twice = normalizeQuestion(once.text);
    expect(twice.text).toBe(once.text);
    expect(twice.quantities).toEqual(once.quantities);
    expect(twice.money).toEqual(once.money);
    expect(twice.percent).toEqual(once.percent);
  });
});

describe('lexicon', () => {
  const entries = LEXICON_SECTIONS.flatMap((section) => Object.entries(section));

  it('has each key in one section only', () => {
    const keys = entries.map(([key]) => key.normalize('NFKC'));
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
  });

  it('writes keys in lower case with single spaces', () => {
    const bad = entries.filter(([key]) => key !== key.toLowerCase().trim() || /\s{2}/.test(key));
    expect(bad).toEqual([]);
  });

  it('never replaces with another key, so its output is stable', () => {
    const keys = new Set(entries.map(([key]) => key));
    expect(entries.filter(([key, value]) => key !== value && keys.has(value))).toEqual([]);
  });

  it('translates every key on its own to its replacement', () => {
    const wrong = entries.filter(([key, value]) => text(key) !== value);
    expect(wrong).toEqual([]);
  });

  it('stays stable next to other entries', () => {
    // A spread of pairs (every key with 24 partners), enough to catch a replacement completing a phrase.
    const keys = entries.map(([key]) => key);
    const unstable: string[] = [];
    keys.forEach((a, i) => {
      for (let j = 0; j < 24; j++) {
        const b = keys[(i * 7 + j * 13 + 1) % keys.length]!;
        for (const pair of [`${a} ${b}`, `${b} ${a}`]) {
          const once = text(pair);
          if (text(once) !== once) unstable.push(pair);
        }
      }
    });
    expect(unstable).toEqual([]);
  });
});
