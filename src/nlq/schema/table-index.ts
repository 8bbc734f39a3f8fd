import type { SchemaModel, TableModel } from './introspect.ts';
import { TABLE_SYNONYMS } from './synonyms.ts';

/**
 * Semantic table index: which tables a shopper's question is about, computed offline from the schema's own
 * names and COMMENT text. Two lexical channels are combined: BM25 over words (precise) and BM25 over
 * character 3-grams of those words (forgiving: "deliverd", "discnt" and "pricing" share most 3-grams with
 * "delivery", "discount" and "price"). An optional embeddings provider re-ranks on top (`withEmbeddings`).
 */
export interface RankedTable {
  table: string;
  /** Relevance in [0, 1]; only comparable within one question. */
  score: number;
}

/** The text a table is known by: what an embeddings provider embeds. */
export interface TableDocument {
  table: string;
  text: string;
}

export interface TableIndex {
  /** One per indexed table (excluded tables are absent), in schema order. */
  readonly documents: readonly TableDocument[];
  /** The `k` most relevant tables, best first; tables sharing nothing with the question are left out. */
  rank(question: string, k?: number): RankedTable[];
}

export interface TableIndexOptions {
  /** Shopper word → schema words; defaults to TABLE_SYNONYMS. */
  synonyms?: Readonly<Record<string, readonly string[]>>;
  /** Tables never indexed, hence never returned (personal and internal data). */
  exclude?: ReadonlySet<string>;
}

const DEFAULT_RANK_LIMIT = 5;

// Where a word appears says how much it tells about the table: its name most, the name of a table it merely
// references least (every price table references products, that does not make it about products).
const FIELD_WEIGHT = { name: 3, comment: 2, column: 1, columnComment: 1, reference: 0.3 } as const;
// Words added by a synonym count a little less than words the shopper typed.
const SYNONYM_WEIGHT = 0.8;
// Words decide; 3-grams rescue typos and inflections without letting near-misses outrank exact hits.
const WORD_CHANNEL_WEIGHT = 0.6;
const TRIGRAM_CHANNEL_WEIGHT = 0.4;
const BM25_K1 = 1.2;
const BM25_B = 0.75;

const STOPWORDS = new Set(
  (
    'a an the of in on at for to from by with and or is are was were be been it its this that these those ' +
    'i me my we our you your what which who where when how much many any all some there than then do does ' +
    'did can could should would will show tell list give find get got please vs versus between per under ' +
    'over above below about has have had also only just not no'
  ).split(' '),
);

/** Lower-case words, `_` splitting identifiers, with a light plural stemmer applied the same way everywhere. */
function normalise(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).map(stem);
}

// Plurals only: "prices"/"price", "deliveries"/"delivery". Heavier stemming would merge words the schema keeps
// apart (pricing vs price), and the 3-gram channel already bridges inflections.
function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) {
    return word.slice(0, -1);
  }
  return word;
}

function isContentWord(word: string): boolean {
  return !STOPWORDS.has(word) && !/^\p{N}+$/u.test(word);
}

type TermWeights = Map<string, number>;

function addWords(terms: TermWeights, text: string | null, weight: number): void {
  if (!text) return;
  for (const word of normalise(text)) {
    if (isContentWord(word)) terms.set(word, (terms.get(word) ?? 0) + weight);
  }
}

function trigramsOf(word: string): string[] {
  const padded = `#${word}#`;
  const grams: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) grams.push(padded.slice(i, i + 3));
  return grams;
}

function toTrigrams(words: TermWeights): TermWeights {
  const grams: TermWeights = new Map();
  for (const [word, weight] of words) {
    for (const gram of trigramsOf(word)) grams.set(gram, (grams.get(gram) ?? 0) + weight);
  }
  return grams;
}

function tableWords(table: TableModel): TermWeights {
  const terms: TermWeights = new Map();
  addWords(terms, table.name, FIELD_WEIGHT.name);
  addWords(terms, table.comment, FIELD_WEIGHT.comment);
  for (const column of table.columns) {
    addWords(terms, column.name, FIELD_WEIGHT.column);
    addWords(terms, column.comment, FIELD_WEIGHT.columnComment);
  }
  for (const fk of table.foreignKeys) addWords(terms, fk.refTable, FIELD_WEIGHT.reference);
  return terms;
}

function tableText(table: TableModel): string {
  const columns = table.columns.map((c) => (c.comment ? `${c.name} (${c.comment})` : c.name));
  return `${table.name.replaceAll('_', ' ')}: ${table.comment ?? ''} Columns: ${columns.join(', ')}.`;
}

/** Okapi BM25 with weighted term frequencies, over an inverted index so a query touches only matching docs. */
class Bm25 {
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();
  private readonly idf = new Map<string, number>();
  private readonly lengthNorm: Float64Array;
  private readonly docCount: number;

  constructor(docs: readonly TermWeights[]) {
    this.docCount = docs.length;
    const lengths = docs.map((terms) => [...terms.values()].reduce((sum, tf) => sum + tf, 0));
    const average = lengths.reduce((sum, l) => sum + l, 0) / Math.max(1, docs.length);
    this.lengthNorm = Float64Array.from(
      lengths,
      (l) => BM25_K1 * (1 - BM25_B + (BM25_B * l) / Math.max(average, Number.EPSILON)),
    );
    docs.forEach((terms, doc) => {
      for (const [term, tf] of terms) {
        let list = this.postings.get(term);
        if (!list) {
          list = [];
          this.postings.set(term, list);
        }
        list.push({ doc, tf });
      }
    });
    for (const [term, list] of this.postings) {
      this.idf.set(term, Math.log(1 + (docs.length - list.length + 0.5) / (list.length + 0.5)));
    }
  }

  /** Scores every doc for the query; the result is max-normalised to [0, 1] so channels can be mixed. */
  score(query: TermWeights): Float64Array {
    const scores = new Float64Array(this.docCount);
    for (const [term, weight] of query) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = weight * this.idf.get(term)!;
      for (const { doc, tf } of list) {
        scores[doc]! += (idf * tf * (BM25_K1 + 1)) / (tf + this.lengthNorm[doc]!);
      }
    }
    const max = Math.max(0, ...scores);
    if (max > 0) for (let i = 0; i < scores.length; i++) scores[i]! /= max;
    return scores;
  }
}

/** Synonym keys as normalised word sequences, so "Promo Codes" in a question matches the key "promo code". */
function compileSynonyms(synonyms: Readonly<Record<string, readonly string[]>>) {
  const phrases = new Map<string, string[]>();
  let longest = 1;
  for (const [key, targets] of Object.entries(synonyms)) {
    const words = normalise(key);
    if (words.length === 0) continue;
    longest = Math.max(longest, words.length);
    phrases.set(words.join(' '), targets.flatMap(normalise));
  }
  return { phrases, longest };
}

export function buildTableIndex(model: SchemaModel, options: TableIndexOptions = {}): TableIndex {
  const exclude = options.exclude ?? new Set<string>();
  const tables = model.tables.filter((t) => !exclude.has(t.name));
  const documents = tables.map((t) => ({ table: t.name, text: tableText(t) }));
  const wordDocs = tables.map(tableWords);
  const words = new Bm25(wordDocs);
  const trigrams = new Bm25(wordDocs.map(toTrigrams));
  const synonyms = compileSynonyms(options.synonyms ?? TABLE_SYNONYMS);

  function queryWords(question: string): TermWeights {
    const tokens = normalise(question);
    const terms: TermWeights = new Map();
    const add = (word: string, weight: number) => {
      if (isContentWord(word)) terms.set(word, Math.max(terms.get(word) ?? 0, weight));
    };
    for (const token of tokens) add(token, 1);
    // Phrases are matched before stop words are dropped: "how much", "went down" are made of them.
    for (let start = 0; start < tokens.length; start++) {
      for (let length = 1; length <= synonyms.longest && start + length <= tokens.length; length++) {
        const targets = synonyms.phrases.get(tokens.slice(start, start + length).join(' '));
        for (const target of targets ?? []) add(target, SYNONYM_WEIGHT);
      }
    }
    return terms;
  }

  return {
    documents,
    rank(question, k = DEFAULT_RANK_LIMIT) {
      const query = queryWords(question);
      const wordScores = words.score(query);
      const trigramScores = trigrams.score(toTrigrams(query));
      const ranked: RankedTable[] = [];
      tables.forEach((t, i) => {
        const score = WORD_CHANNEL_WEIGHT * wordScores[i]! + TRIGRAM_CHANNEL_WEIGHT * trigramScores[i]!;
        if (score > 0) ranked.push({ table: t.name, score });
      });
      // Ties broken by name so the same question always yields the same tables.
      ranked.sort((a, b) => b.score - a.score || (a.table < b.table ? -1 : 1));
      return ranked.slice(0, k);
    },
  };
}

/** Any sentence-embedding model (local or remote); must return one vector per text, all the same length. */
export interface EmbeddingsProvider {
  embed(texts: string[]): Promise<number[][]>;
}

export interface HybridTableIndex {
  rank(question: string, k?: number): Promise<RankedTable[]>;
}

export interface HybridOptions {
  /** Share of the final score given to embedding similarity, 0..1; the rest is the lexical score. */
  embeddingWeight?: number;
}

const DEFAULT_EMBEDDING_WEIGHT = 0.5;

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    normA += a[i]! * a[i]!;
    normB += b[i]! * b[i]!;
  }
  return normA > 0 && normB > 0 ? dot / Math.sqrt(normA * normB) : 0;
}

/**
 * Lexical plus embedding similarity. Table documents are embedded once here; each question costs one
 * `embed` call. Cosine similarities are min-max scaled across tables because embedding models crowd them
 * into a narrow band, which would otherwise barely move the lexical order.
 */
export async function withEmbeddings(
  index: TableIndex,
  provider: EmbeddingsProvider,
  options: HybridOptions = {},
): Promise<HybridTableIndex> {
  const weight = options.embeddingWeight ?? DEFAULT_EMBEDDING_WEIGHT;
  if (!(weight >= 0 && weight <= 1)) {
    throw new RangeError(`embeddingWeight must be within 0..1, got ${weight}`);
  }
  const tables = index.documents.map((d) => d.table);
  const vectors = await provider.embed(index.documents.map((d) => d.text));
  if (vectors.length !== tables.length) {
    throw new Error(`Embeddings provider returned ${vectors.length} vectors for ${tables.length} tables`);
  }

  return {
    async rank(question, k = DEFAULT_RANK_LIMIT) {
      const [queryVector] = await provider.embed([question]);
      if (queryVector?.length !== vectors[0]?.length) {
        throw new Error('Embeddings provider returned no vector, or one of another size, for the question');
      }
      const lexical = new Map(index.rank(question, tables.length).map((r) => [r.table, r.score]));
      const similarities = vectors.map((v) => cosine(queryVector!, v));
      const low = Math.min(...similarities);
      const spread = Math.max(...similarities) - low;
      const ranked = tables.map((table, i) => ({
        table,
        score:
          (1 - weight) * (lexical.get(table) ?? 0) +
          weight * (spread > 0 ? (similarities[i]! - low) / spread : 0),
      }));
      ranked.sort((a, b) => b.score - a.score || (a.table < b.table ? -1 : 1));
      return ranked.filter((r) => r.score > 0).slice(0, k);
    },
  };
}
