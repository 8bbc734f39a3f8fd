/**
 * Word-level text helpers shared by the vocabulary (catalog side) and the entity linker (question side). Both
 * sides must reduce words the same way, so "Lay's", "lays" and "LAYS" meet, and "eggs" finds "Eggs".
 */

export interface Token {
  /** Reduced form used for matching: lower case, no apostrophes, light plural stemming. */
  word: string;
  /** The word as it appears in the (normalised) question, lower-cased. */
  raw: string;
  start: number;
  end: number;
}

/** Lower-case, accents and apostrophes removed, `&` as "and"; everything that is not a letter or digit splits. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '');
}

/**
 * Plurals only, applied identically to catalog and question words: "eggs" → "egg", "noodles" → "noodle",
 * "berries" → "berry". Words ending in ss/us/is and short words stay as they are.
 */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(?:ches|shes|xes|sses|oes)$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

const WORD = /[\p{L}\p{N}]+(?:\.\d+)?/gu;
/** A question word keeps its inner apostrophes ("lay's", "kellogg's") so it is one token, as in the catalog. */
const QUESTION_WORD = /[\p{L}\p{N}]+(?:['’`][\p{L}\p{N}]+)*(?:\.\d+)?/gu;

/** Words with their character spans in `text` (spans refer to the text as given). */
export function tokenize(text: string): Token[] {
  const folded = foldText(text);
  // Folding can change lengths (NFKD); keep spans on the original when the lengths agree, which holds for
  // the lower-cased ASCII text the normaliser produces.
  const sameLength = folded.length === text.length;
  const tokens: Token[] = [];
  for (const match of (sameLength ? folded : text.toLowerCase()).matchAll(QUESTION_WORD)) {
    const raw = foldText(match[0]);
    if (!raw) continue;
    tokens.push({ word: stem(raw), raw, start: match.index, end: match.index + match[0].length });
  }
  return tokens;
}

/** Reduced words of a catalog string (no spans). */
export function words(text: string): string[] {
  return (foldText(text).match(WORD) ?? []).map(stem);
}

/** Words joined by one space: the key of a phrase in the phrase indexes. */
export function phraseKey(text: string): string {
  return words(text).join(' ');
}

/** pg_trgm-style trigrams: the word padded with two spaces in front and one behind. */
export function trigrams(word: string): string[] {
  const padded = `  ${word} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return [...grams];
}

/** Jaccard similarity of the trigram sets, as pg_trgm's similarity(). */
export function trigramSimilarity(a: string, b: string): number {
  const left = new Set(trigrams(a));
  const right = trigrams(b);
  let shared = 0;
  for (const gram of right) if (left.has(gram)) shared += 1;
  return shared / (left.size + right.length - shared);
}

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions), capped at `max + 1`. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0]![j] = j;
  for (let i = 1; i < rows; i++) {
    let rowMin = Number.POSITIVE_INFINITY;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
  }
  return d[a.length]![b.length]!;
}

/** Canonical JSON: object keys sorted at every level, so equal values always print the same. */
export function stableStringify(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}
