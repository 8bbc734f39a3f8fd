import { LEXICON_SECTIONS } from './lexicon.ts';
import {
  canonicalizeMeasures,
  findMeasures,
  type MoneySpan,
  type MultipackSpan,
  type PercentSpan,
  type QuantitySpan,
} from './quantities.ts';

/**
 * First stage of the question pipeline: one canonical lower-case text with the Hinglish translated, typos
 * fixed and every pack size, amount and percentage found, each with its span in that text. Pure and
 * linear in its input; hostile input (megabytes, emoji floods, SQL, control characters) yields a short,
 * possibly empty, text rather than an error.
 */

/** Only this much of a question is read; nobody types a longer one. */
export const MAX_QUESTION_CHARS = 2000;

export interface NormalizedQuestion {
  /** The input as given. */
  original: string;
  /** The normalised text; every span below refers to it. */
  text: string;
  /** Words and numbers of `text` in order, with "₹" and "%" as tokens of their own. */
  tokens: string[];
  quantities: QuantitySpan[];
  money: MoneySpan[];
  percent: PercentSpan[];
  multipacks: MultipackSpan[];
  /** Only the beginning was used: the input, or its translation, was longer than MAX_QUESTION_CHARS. */
  truncated: boolean;
}

const SINGLE_QUOTES = /[‘’‚‛′`´]/gu;
const DOUBLE_QUOTES = /["“”„‟″«»]/gu;
const DASHES = /[‐‑‒–—―−]/gu;
/**
 * Invisible characters, dropped without a trace so "do\u200Bodh" is "doodh": format and bidi controls,
 * variation selectors, enclosing marks (the keycap of "1️⃣").
 */
const INVISIBLE = /[\p{Cf}\p{Variation_Selector}\p{Me}]/gu;
/** Accents and stacked marks on Latin letters and digits ("café", zalgo text); Indic vowel signs stay. */
const LATIN_MARKS = /([a-z0-9])\p{M}+/gu;
/** Marks with nothing to sit on, left by the removals above. */
const ORPHAN_MARKS = /(?<![\p{L}\p{M}\p{N}])\p{M}+/gu;
const DEVANAGARI_DIGIT = /[०-९]/gu;
const PICTOGRAPHS = /\p{Extended_Pictographic}/gu;
/** Other symbols (emoji parts such as skin tones), private-use, unassigned and broken characters, control codes. */
const NOISE = /[\p{So}\p{Sk}\p{Co}\p{Cn}\p{Cs}\p{Cc}]/gu;
/** An apostrophe is kept only inside a word ("haldiram's"); quotes around words go. */
const STRAY_APOSTROPHE = /(?<![\p{L}\p{M}\p{N}])'|'(?![\p{L}\p{M}\p{N}])/gu;
const REPEATED_PUNCTUATION = /([^\p{L}\p{M}\p{N}\s])\1+/gu;
const SPACES = /\s+/gu;
const WORD = /[\p{L}\p{M}\p{N}]+(?:'[\p{L}\p{M}\p{N}]+)*/gu;
const TOKEN = /[\p{L}\p{M}\p{N}]+(?:(?:'|\.(?=\d))[\p{L}\p{M}\p{N}]+)*|[₹%]/gu;

/** Unicode, case, invisible characters, emoji, quotes and dashes to one form; whitespace collapsed. */
function clean(text: string): string {
  return (
    text
      // Before NFKC, which spells some pictographs out ("™" → "TM") and splits "´" into a space and an accent.
      .replace(PICTOGRAPHS, ' ')
      .replace(SINGLE_QUOTES, "'")
      .normalize('NFKC')
      .toLowerCase()
      .replace(DOUBLE_QUOTES, ' ')
      .replace(DASHES, '-')
      .replace(INVISIBLE, '')
      .normalize('NFD')
      .replace(LATIN_MARKS, '$1')
      .replace(ORPHAN_MARKS, '')
      .normalize('NFC')
      .replace(DEVANAGARI_DIGIT, (d) => String(d.charCodeAt(0) - 0x966))
      .replace(NOISE, ' ')
      .replace(STRAY_APOSTROPHE, ' ')
      .replace(REPEATED_PUNCTUATION, '$1')
      .replace(SPACES, ' ')
      .trim()
  );
}

/** Lexicon keys cleaned like questions, so a Devanagari key matches however its nuktas were typed. */
const LEXICON: ReadonlyMap<string, string> = new Map(
  LEXICON_SECTIONS.flatMap((section) => Object.entries(section).map(([k, v]) => [clean(k), clean(v)])),
);
/**
 * What the normaliser turns one catalog word into ("pudina" → "mint"), so the vocabulary can index a name's
 * words as a normalised question will read them; undefined when the word stays as it is.
 */
export function translatedWord(word: string): string | undefined {
  const value = LEXICON.get(word);
  return value === undefined || value === word ? undefined : value;
}

const LONGEST_PHRASE = Math.max(...[...LEXICON.keys()].map((k) => k.split(' ').length));
/**
 * Rounds of clean → translate → canonical measures. Each step can hand the others new input: a replacement
 * completes a phrase ("sabse kam price" → "lowest price" → "cheapest"), a rewritten amount leaves an
 * apostrophe stray. Repeating to a fixed point is what makes normalising twice the same as once; real
 * questions settle in one round and the second only confirms.
 */
const MAX_ROUNDS = 4;

/** One pass: whole words and phrases of words separated by single spaces, the longest phrase first. */
function translateOnce(text: string): string {
  const words = [...text.matchAll(WORD)].map((m) => ({
    word: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
  let out = '';
  let at = 0;
  let i = 0;
  while (i < words.length) {
    let matched = 0;
    let replacement = '';
    let key = '';
    for (let n = 1; n <= LONGEST_PHRASE && i + n <= words.length; n++) {
      const w = words[i + n - 1]!;
      if (n > 1 && text.slice(words[i + n - 2]!.end, w.start) !== ' ') break;
      key = n === 1 ? w.word : `${key} ${w.word}`;
      const value = LEXICON.get(key);
      if (value !== undefined) {
        matched = n;
        replacement = value;
      }
    }
    if (matched === 0) {
      i += 1;
      continue;
    }
    out += text.slice(at, words[i]!.start) + replacement;
    at = words[i + matched - 1]!.end;
    i += matched;
  }
  return out + text.slice(at);
}

/** The first `max` characters, cut at a space when one is near so no word is halved. */
function head(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max;
  const last = text.charCodeAt(cut - 1);
  // Never split a surrogate pair.
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  const space = text.lastIndexOf(' ', cut);
  return text.slice(0, space > cut - 50 ? space : cut);
}

/** Never throws; reads at most MAX_QUESTION_CHARS of `raw`. Normalising the resulting text again changes nothing. */
export function normalizeQuestion(raw: string): NormalizedQuestion {
  const original = typeof raw === 'string' ? raw : '';
  const input = head(original, MAX_QUESTION_CHARS);
  let translated = clean(input);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = clean(canonicalizeMeasures(translateOnce(translated)));
    if (next === translated) break;
    translated = next;
  }
  // Translation can lengthen the text ("kal" → "yesterday"); the cap holds for the result too.
  const text = head(translated, MAX_QUESTION_CHARS).trim();
  return {
    original,
    text,
    tokens: text.match(TOKEN) ?? [],
    ...findMeasures(text),
    truncated: input.length < original.length || text.length < translated.length,
  };
}
