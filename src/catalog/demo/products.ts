import type { Unit } from '../feed/records.ts';
import {
  basePackKey,
  canonicalName,
  FUZZY_MATCH_THRESHOLD,
  normalizeBrand,
  packLabel,
} from '../product-identity.ts';
import { CATEGORIES, type CategorySpec, type KindSpec } from './catalog-data.ts';
import { hashSeed, permute, Random } from './random.ts';

/** One product of the demo catalog, before any platform lists it. */
export interface DemoProduct {
  /** 0-based position in the catalog; seeds everything per product. */
  index: number;
  brand: string | null;
  /** Name without the pack, as the brand prints it. */
  title: string;
  /** Shared per category: records reference it, nobody may mutate it. */
  category: string[];
  group: string;
  quantity: number;
  unit: Unit;
  packCount: number;
  /** `500 ml`, `4 x 70 g`, `2.25 L`. */
  pack: string;
  mrp: number;
  ean: string;
  /** Unbranded fresh produce: MRP differs per platform and prices move daily. */
  fresh: boolean;
  /** Typical discount depth of its category. */
  discount: number;
}

type Dimension = 'mass' | 'volume' | 'count';

interface Pack {
  quantity: number;
  unit: Unit;
  count: number;
  mrp: number | undefined;
  /** One unit's size in g, ml or pcs. */
  size: number;
  dimension: Dimension;
  key: string;
  label: string;
}

interface Category {
  spec: CategorySpec;
  path: string[];
  packs: Pack[];
  modifiers: string[];
}

/** A brand's product in all the sizes it may come in. */
interface Family {
  category: Category;
  brand: string | null;
  title: string;
  ref: Pack & { mrp: number };
  /** Sizes it is sold in. */
  packs: readonly Pack[];
  /** Plausible further sizes, for bigger catalogs. */
  extra: readonly Pack[];
  /** Lower comes first among curated lines: the first lines of a category are its best known. */
  rank: number;
}

/** What the enumerator proposes: a family, maybe a range word, and the packs to make of it. */
interface Candidate {
  family: Family;
  modifier: string;
  packs: readonly Pack[];
  /** Range words cost a little more than the plain product. */
  premium: number;
}

const UNITS: Record<string, { unit: Unit; dimension: Dimension; factor: number }> = {
  g: { unit: 'g', dimension: 'mass', factor: 1 },
  kg: { unit: 'kg', dimension: 'mass', factor: 1000 },
  ml: { unit: 'ml', dimension: 'volume', factor: 1 },
  l: { unit: 'l', dimension: 'volume', factor: 1000 },
  pcs: { unit: 'pcs', dimension: 'count', factor: 1 },
};
const PACK_PATTERN = /^(?:(\d+) x )?(\d+(?:\.\d+)?) (g|kg|ml|l|pcs)(?:=(\d+))?$/;
// Further sizes for a line stay within this factor of its reference size, so a 90 g yogurt cup never
// becomes a 2 kg tub.
const SIZE_RANGE = [0.2, 10] as const;

const list = (text: string | undefined): string[] =>
  text
    ? text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

function parsePack(text: string): Pack {
  const match = PACK_PATTERN.exec(text);
  const unitInfo = match ? UNITS[match[3]!] : undefined;
  if (!match || !unitInfo) throw new Error(`demo catalog: bad pack "${text}"`);
  const quantity = Number(match[2]);
  const count = match[1] ? Number(match[1]) : 1;
  const pack = { quantity, unit: unitInfo.unit, packCount: count };
  return {
    quantity,
    unit: unitInfo.unit,
    count,
    mrp: match[4] ? Number(match[4]) : undefined,
    size: quantity * unitInfo.factor,
    dimension: unitInfo.dimension,
    key: basePackKey(pack),
    label: packLabel(pack),
  };
}

function parsePacks(text: string, where: string): { ref: Pack & { mrp: number }; packs: Pack[] } {
  const packs = list(text).map(parsePack);
  const ref = packs[0];
  if (!ref || ref.mrp === undefined) throw new Error(`demo catalog: ${where} needs an MRP on its first pack`);
  for (const p of packs) {
    if (p.dimension !== ref.dimension && p.mrp === undefined)
      throw new Error(`demo catalog: ${where} pack ${p.label} needs its own MRP`);
  }
  return { ref: ref as Pack & { mrp: number }, packs };
}

/** Multipacks are a little cheaper per unit. */
const multipackFactor = (count: number) => (count === 1 ? 1 : count <= 4 ? 0.97 : 0.94);

/** MRPs as printed on Indian packs: whole rupees when small, round fives, ₹199/₹249-style price points. */
function snapMrp(value: number): number {
  if (value < 30) return Math.max(5, Math.round(value));
  if (value < 100) return Math.round(value / 5) * 5;
  if (value < 1000) {
    const five = Math.round(value / 5) * 5;
    return five % 50 === 0 && five > 150 ? five - 1 : five;
  }
  return Math.round(value / 50) * 50 - 1;
}

function packMrp(family: Family, pack: Pack, premium: number): number {
  if (pack.mrp !== undefined) return premium === 1 ? pack.mrp : snapMrp(pack.mrp * premium);
  const { ref } = family;
  const perUnit = ref.mrp / ref.count / multipackFactor(ref.count);
  const unitMrp = perUnit * (pack.size / ref.size) ** (1 - family.category.spec.curve);
  return snapMrp(unitMrp * pack.count * multipackFactor(pack.count) * premium);
}

function fill(template: string, value: string): string {
  return template.includes('*') ? template.replace('*', value).trim() : `${template} ${value}`.trim();
}

function withBrand(brand: string | null, name: string): string {
  return brand ? `${brand} ${name}` : name;
}

/** Further sizes of a family: the category's typical packs of the same kind and a plausible size. */
function extraPacks(category: Category, ref: Pack, own: readonly Pack[]): Pack[] {
  const taken = new Set(own.map((p) => p.key));
  return category.packs.filter((p) => {
    const ratio = p.size / ref.size;
    return (
      p.dimension === ref.dimension && ratio >= SIZE_RANGE[0] && ratio <= SIZE_RANGE[1] && !taken.has(p.key)
    );
  });
}

interface Catalog {
  curated: Family[];
  /** Generated families are priced per seed, so only their shape is kept here. */
  kinds: { category: Category; kind: KindSpec; packs: Pack[]; brand: string | null; flavour: string }[];
}

let parsed: Catalog | undefined;

/** Parses the vocabulary once; a mistake in catalog-data.ts fails loudly on first use. */
function catalog(): Catalog {
  if (parsed) return parsed;
  const curated: Family[] = [];
  const kinds: Catalog['kinds'] = [];
  for (const spec of CATEGORIES) {
    const category: Category = {
      spec,
      path: [spec.group, spec.name],
      packs: list(spec.packs).map(parsePack),
      modifiers: list(spec.modifiers),
    };
    spec.lines.forEach((line, lineIndex) => {
      const { ref, packs } = parsePacks(line.packs, `${line.brand} ${line.name}`);
      const variants = line.variants ? list(line.variants) : [''];
      variants.forEach((variant, variantIndex) => {
        curated.push({
          category,
          brand: line.brand,
          title: withBrand(
            line.brand,
            variant ? fill(line.name, variant) : line.name.replace('*', '').trim(),
          ),
          ref,
          packs,
          extra: extraPacks(category, ref, packs),
          rank: lineIndex * 0.6 + variantIndex * 0.9,
        });
      });
    });
    for (const kind of spec.kinds) {
      const packs = kind.packs ? list(kind.packs).map(parsePack) : category.packs;
      if (packs.some((p) => p.dimension !== packs[0]!.dimension))
        throw new Error(`demo catalog: kind ${kind.template} mixes weights, volumes and counts`);
      const brands: (string | null)[] = kind.brands
        ? list(kind.brands)
        : spec.brands
          ? list(spec.brands)
          : [null];
      for (const brand of brands)
        for (const flavour of list(kind.flavours)) kinds.push({ category, kind, packs, brand, flavour });
    }
  }
  parsed = { curated, kinds };
  return parsed;
}

/** The families a seed makes of the generated kinds: same shape for every seed, seed-specific MRPs. */
function generatedFamilies(random: Random): Family[] {
  return catalog().kinds.map(({ category, kind, packs, brand, flavour }) => {
    const [low, high] = kind.mrp ?? category.spec.mrp;
    const ref = { ...packs[0]!, mrp: snapMrp(random.float(low, high)) };
    return {
      category,
      brand,
      title: withBrand(brand, fill(kind.template, flavour)),
      ref,
      packs,
      extra: [],
      rank: 0,
    };
  });
}

/**
 * Spreads candidates across categories: each category's list is shuffled (best-known first when ranked),
 * then categories take turns, so a small catalog still covers every aisle.
 */
function interleave(candidates: Candidate[], random: Random, ranked: boolean): Candidate[] {
  const byCategory = new Map<Category, { c: Candidate; key: number }[]>();
  for (const c of candidates) {
    const key = ranked ? c.family.rank + random.next() * 4 : random.next();
    const bucket = byCategory.get(c.family.category);
    if (bucket) bucket.push({ c, key });
    else byCategory.set(c.family.category, [{ c, key }]);
  }
  const buckets = random.shuffle([...byCategory.values()]).map((b) => b.sort((x, y) => x.key - y.key));
  const out: Candidate[] = [];
  for (let round = 0; out.length < candidates.length; round += 1) {
    for (const b of buckets) {
      const item = b[round];
      if (item) out.push(item.c);
    }
  }
  return out;
}

/**
 * Candidates tier by tier, from most to least real: curated lines in their real packs, the same lines in
 * further sizes, generated brand × flavour products, then range words ("Low Fat", "Extra Crunchy") on
 * everything, then pairs of them, then numbered editions, which never run out.
 */
function* candidates(random: Random): Generator<Candidate> {
  const { curated } = catalog();
  const plain = (family: Family, packs: readonly Pack[]): Candidate => ({
    family,
    modifier: '',
    packs,
    premium: 1,
  });
  yield* interleave(
    curated.map((f) => plain(f, f.packs)),
    random,
    true,
  );
  yield* interleave(
    curated.filter((f) => f.extra.length > 0).map((f) => plain(f, f.extra)),
    random,
    true,
  );
  const generated = generatedFamilies(random);
  yield* interleave(
    generated.map((f) => plain(f, f.packs)),
    random,
    false,
  );
  const all = [...curated, ...generated];
  const allPacks = (f: Family) => [...f.packs, ...f.extra];
  const ranged = (f: Family, modifier: string): Candidate => ({
    family: f,
    modifier,
    packs: allPacks(f),
    premium: random.float(1, 1.25),
  });
  yield* interleave(
    all.flatMap((f) => f.category.modifiers.map((m) => ranged(f, m))),
    random,
    false,
  );
  yield* interleave(
    all.flatMap((f) => {
      const mods = f.category.modifiers;
      return mods.flatMap((a, i) => mods.slice(i + 1).map((b) => ranged(f, `${a} ${b}`)));
    }),
    random,
    false,
  );
  const branded = all.filter((f) => f.brand !== null);
  for (let edition = 2; ; edition += 1) {
    yield* interleave(
      branded.map((f) => ranged(f, `No. ${edition}`)),
      random,
      false,
    );
  }
}

function titleOf(candidate: Candidate): string {
  const { family, modifier } = candidate;
  if (!modifier) return family.title;
  // Unbranded produce reads "Organic Onion"; branded products append the range: "Lay's … Extra Crunchy".
  return family.brand === null ? `${modifier} ${family.title}` : `${family.title} ${modifier}`;
}

/** A valid EAN-13 with India's GS1 prefix 890, unique per product index (a keyed permutation of it). */
function eanFor(index: number, seed: number): string {
  const key = hashSeed(seed, 'ean');
  let body = index;
  do body = permute(body, 30, key);
  while (body >= 1_000_000_000);
  const digits = `890${String(body).padStart(9, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 3);
  return `${digits}${(10 - (sum % 10)) % 10}`;
}

/**
 * Guards what the importer would see: two products with the same brand and exact pack whose names are
 * near-identical would be merged into one by its fuzzy matcher, so such a candidate is skipped. Near
 * twins only arise within one aisle group (same brand, same nouns), so only those are compared.
 */
class DistinctNames {
  private readonly seen = new Map<string, string[][]>();
  private readonly interned = new Map<string, string>();

  /** The token set the importer compares for a title; words are interned so 100k titles share them. */
  tokens(title: string): string[] {
    return [...new Set(canonicalName(title).split(' ').filter(Boolean))].map((w) => {
      const known = this.interned.get(w);
      if (known) return known;
      this.interned.set(w, w);
      return w;
    });
  }

  accept(scope: string, words: string[], mine: ReadonlySet<string>): boolean {
    const others = this.seen.get(scope);
    if (!others) {
      this.seen.set(scope, [words]);
      return true;
    }
    for (const other of others) {
      // Jaccard ≥ t needs the smaller set to be at least t times the larger one.
      const small = Math.min(mine.size, other.length);
      const large = Math.max(mine.size, other.length);
      if (small < large * FUZZY_MATCH_THRESHOLD) continue;
      let shared = 0;
      for (const w of other) if (mine.has(w)) shared += 1;
      if (shared / (mine.size + other.length - shared) >= FUZZY_MATCH_THRESHOLD) return false;
    }
    others.push(words);
    return true;
  }
}

/** Maximum catalog size: EANs are drawn from 10^9 numbers. */
export const MAX_PRODUCTS = 1_000_000_000;

/** `count` distinct products, deterministic per seed, streamed in catalog order. */
export function* demoProducts(count: number, seed: number): Generator<DemoProduct> {
  if (count <= 0) return;
  const random = new Random(hashSeed(seed, 'catalog'));
  const names = new DistinctNames();
  let index = 0;
  for (const candidate of candidates(random)) {
    const { family } = candidate;
    const title = titleOf(candidate);
    const words = names.tokens(title);
    const wordSet = new Set(words);
    const scope = `${normalizeBrand(family.brand)}|${family.category.spec.group}|`;
    for (const pack of candidate.packs) {
      if (!names.accept(scope + pack.key, words, wordSet)) continue;
      yield {
        index,
        brand: family.brand,
        title,
        category: family.category.path,
        group: family.category.spec.group,
        quantity: pack.quantity,
        unit: pack.unit,
        packCount: pack.count,
        pack: pack.label,
        mrp: packMrp(family, pack, candidate.premium),
        ean: eanFor(index, seed),
        fresh: family.brand === null && family.category.spec.brands === null,
        discount: family.category.spec.discount,
      };
      index += 1;
      if (index === count) return;
    }
  }
}
