import type { Unit } from './feed/records.ts';

/**
 * How listings from different platforms are recognised as one product. Titles differ between platforms
 * ("Amul Taaza Toned Milk (500 ml)", "Amul Taaza Toned Milk 500 Ml"), so names are reduced to a canonical
 * token list; pack sizes are compared exactly after converting kg/l to g/ml.
 */

// A pack expression inside a title: "500 ml", "(2.25 Ltr)", "12 x 70 Gm", "pack of 6".
const PACK_IN_TITLE =
  /\(?\s*(?:\d+\s*[x×]\s*)?\d+(?:\.\d+)?\s*(?:gms?|grams?|g|kgs?|kilograms?|ml|millilitres?|milliliters?|l|ltrs?|litres?|liters?|pcs?|pieces?|n|units?)\b\s*\)?|\(?\s*pack\s+of\s+\d+\s*\)?/gi;

// Words platforms add or swap that do not change what the product is.
const EQUIVALENT_WORDS: Record<string, string> = {
  cold: 'soft',
  colddrink: 'soft drink',
  softdrink: 'soft drink',
  '&': 'and',
  n: 'and',
  pouch: '',
  packet: '',
  pkt: '',
  bottle: '',
  jar: '',
  box: '',
  tetrapack: '',
  tetrapak: '',
  combo: '',
};

export function normalizeText(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9%.]+/g, ' ')
    .replace(/(?<!\d)\.|\.(?!\d)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The product name a title stands for: pack text and noise removed, e.g. "amul taaza toned milk". */
export function canonicalName(title: string): string {
  const withoutPack = title.replace(PACK_IN_TITLE, ' ');
  return normalizeText(withoutPack)
    .split(' ')
    .map((word) => EQUIVALENT_WORDS[word] ?? word)
    .filter((word) => word.length > 0)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function normalizeBrand(brand: string | null): string {
  return brand ? normalizeText(brand) : '';
}

export interface PackSize {
  quantity: number;
  unit: Unit;
  packCount: number;
}

/** One unit's size in g, ml or pcs, so "1 kg" and "1000 g" compare equal while "750 ml" and "2.25 l" do not. */
export function basePackKey(pack: PackSize): string {
  const factor = pack.unit === 'kg' || pack.unit === 'l' ? 1000 : 1;
  const baseUnit = pack.unit === 'kg' ? 'g' : pack.unit === 'l' ? 'ml' : pack.unit;
  const amount = Math.round(pack.quantity * factor * 1000) / 1000;
  return `${amount}${baseUnit}x${pack.packCount}`;
}

export function packLabel(pack: PackSize): string {
  const unit = pack.unit === 'l' ? 'L' : pack.unit;
  const one = `${Number(pack.quantity.toFixed(3))} ${unit}`;
  return pack.packCount > 1 ? `${pack.packCount} x ${one}` : one;
}

/** Brand + canonical name + exact pack: equal keys are the same product. */
export function productMatchKey(brand: string | null, title: string, pack: PackSize): string {
  return `${normalizeBrand(brand)}|${canonicalName(title)}|${basePackKey(pack)}`;
}

/** Brand + canonical name without the pack: equal for every size of one product line. */
export function productFamilyKey(brand: string | null, title: string): string {
  return `${normalizeBrand(brand)}|${canonicalName(title)}`;
}

/**
 * Similarity of two canonical names as token Jaccard. Used only between listings that already share brand
 * and exact pack, with a high threshold, so "tata tea gold leaf tea" and "tata tea premium leaf tea" stay apart.
 */
export function nameSimilarity(a: string, b: string): number {
  const left = new Set(a.split(' ').filter(Boolean));
  const right = new Set(b.split(' ').filter(Boolean));
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const token of left) if (right.has(token)) shared += 1;
  return shared / (left.size + right.size - shared);
}

export const FUZZY_MATCH_THRESHOLD = 0.8;

/** Display name for a new product: the title without pack text, with the platform's capitalisation. */
export function displayName(title: string): string {
  return title.replace(PACK_IN_TITLE, ' ').replace(/\s+/g, ' ').trim();
}
