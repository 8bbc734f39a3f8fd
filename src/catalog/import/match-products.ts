import type { Queryable } from '../../db/database.ts';
import type { ListingRecord } from '../feed/records.ts';
import {
  basePackKey,
  canonicalName,
  displayName,
  FUZZY_MATCH_THRESHOLD,
  nameSimilarity,
  normalizeBrand,
  packLabel,
  productFamilyKey,
  productMatchKey,
} from '../product-identity.ts';
import type { ReferenceData } from './reference-data.ts';

export type MatchMethod = 'ean' | 'attributes' | 'fuzzy' | 'new';

export interface ProductMatch {
  productId: number;
  method: MatchMethod;
  confidence: number;
}

interface Candidate {
  id: number;
  name: string;
  ean: string | null;
}

const toPack = (r: ListingRecord) => ({ quantity: r.quantity, unit: r.unit, packCount: r.pack_count });
const brandPackKey = (r: ListingRecord) => `${normalizeBrand(r.brand)}|${basePackKey(toPack(r))}`;

/**
 * Links first-seen listings to canonical products, creating products that do not exist yet. Order of
 * evidence: same barcode (EAN), then same brand + canonical name + exact pack, then a very similar name with
 * the same brand and exact pack. Products created earlier in the same batch are candidates too.
 */
export async function matchProducts(
  db: Queryable,
  refs: ReferenceData,
  listings: ListingRecord[],
): Promise<ProductMatch[]> {
  const eans = [...new Set(listings.flatMap((l) => (l.ean ? [l.ean] : [])))];
  const keys = [...new Set(listings.map((l) => productMatchKey(l.brand, l.name, toPack(l))))];
  const brandPacks = [...new Set(listings.map(brandPackKey))];
  const { rows } = await db.query<{
    id: number;
    ean: string | null;
    match_key: string;
    brand_pack_key: string;
    normalized_name: string;
  }>(
    `SELECT id, ean, match_key, brand_pack_key, normalized_name FROM products
      WHERE ean = ANY($1::text[]) OR match_key = ANY($2::text[]) OR brand_pack_key = ANY($3::text[])`,
    [eans, keys, brandPacks],
  );

  const byEan = new Map<string, Candidate>();
  const byKey = new Map<string, Candidate[]>();
  const byBrandPack = new Map<string, Candidate[]>();
  const remember = (c: Candidate, key: string, brandPack: string) => {
    if (c.ean) byEan.set(c.ean, c);
    byKey.set(key, [...(byKey.get(key) ?? []), c]);
    const list = byBrandPack.get(brandPack) ?? [];
    list.push(c);
    byBrandPack.set(brandPack, list);
  };
  for (const r of rows)
    remember({ id: r.id, name: r.normalized_name, ean: r.ean }, r.match_key, r.brand_pack_key);

  const created: { id: number; listing: ListingRecord; key: string; brandPack: string }[] = [];
  const eanUpdates = new Map<number, string>();
  const ids = await allocateProductIds(db, listings.length);
  const matches: ProductMatch[] = [];

  for (const listing of listings) {
    const key = productMatchKey(listing.brand, listing.name, toPack(listing));
    const brandPack = brandPackKey(listing);
    const name = canonicalName(listing.name);
    let match: ProductMatch | undefined;
    let product: Candidate | undefined;
    // Two different barcodes are two different products, however alike the names.
    const compatible = (c: Candidate) => !(listing.ean && c.ean && c.ean !== listing.ean);
    const sameKey = byKey.get(key)?.find(compatible);

    if (listing.ean && byEan.has(listing.ean)) {
      product = byEan.get(listing.ean)!;
      match = { productId: product.id, method: 'ean', confidence: 1 };
    } else if (sameKey) {
      product = sameKey;
      match = { productId: product.id, method: 'attributes', confidence: 0.95 };
    } else {
      let best: { c: Candidate; score: number } | undefined;
      for (const c of byBrandPack.get(brandPack) ?? []) {
        if (!compatible(c)) continue;
        const score = nameSimilarity(name, c.name);
        if (score >= FUZZY_MATCH_THRESHOLD && (!best || score > best.score)) best = { c, score };
      }
      if (best) {
        product = best.c;
        match = { productId: best.c.id, method: 'fuzzy', confidence: Math.round(best.score * 1000) / 1000 };
      }
    }

    if (product && match) {
      if (listing.ean && !product.ean && !byEan.has(listing.ean)) {
        product.ean = listing.ean;
        byEan.set(listing.ean, product);
        eanUpdates.set(product.id, listing.ean);
      }
      matches.push(match);
      continue;
    }

    const id = ids.pop()!;
    const candidate: Candidate = { id, name, ean: listing.ean ?? null };
    remember(candidate, key, brandPack);
    created.push({ id, listing, key, brandPack });
    matches.push({ productId: id, method: 'new', confidence: 1 });
  }

  await insertProducts(db, refs, created);
  // Products created in this batch already carry their EAN; only older ones need an update.
  const createdIds = new Set(created.map((c) => c.id));
  const updates = [...eanUpdates].filter(([id]) => !createdIds.has(id));
  if (updates.length > 0) {
    await db.query(
      `UPDATE products p SET ean = u.ean, updated_at = now()
         FROM unnest($1::bigint[], $2::text[]) AS u(id, ean)
        WHERE p.id = u.id AND p.ean IS NULL
          AND NOT EXISTS (SELECT 1 FROM products o WHERE o.ean = u.ean)`,
      [updates.map(([id]) => id), updates.map(([, ean]) => ean)],
    );
  }
  return matches;
}

/** Ids are taken from the sequence up front so rows created in one statement map back without guessing. */
async function allocateProductIds(db: Queryable, count: number): Promise<number[]> {
  if (count === 0) return [];
  const { rows } = await db.query<{ id: number }>(
    `SELECT nextval(pg_get_serial_sequence('products', 'id')) AS id FROM generate_series(1, $1::int)`,
    [count],
  );
  return rows.map((r) => r.id).reverse();
}

async function insertProducts(
  db: Queryable,
  refs: ReferenceData,
  created: { id: number; listing: ListingRecord; key: string; brandPack: string }[],
): Promise<void> {
  if (created.length === 0) return;
  const col = <T>(f: (c: (typeof created)[number]) => T) => created.map(f);
  await db.query(
    `INSERT INTO products (id, name, normalized_name, brand_id, category_id, ean, quantity, unit, pack_count,
                           pack_label, match_key, brand_pack_key)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::int[], $6::text[],
                          $7::numeric[], $8::text[], $9::int[], $10::text[], $11::text[], $12::text[])`,
    [
      col((c) => c.id),
      col((c) => displayName(c.listing.name)),
      col((c) => canonicalName(c.listing.name)),
      col((c) => refs.brandId(c.listing.brand)),
      col((c) => refs.categoryId(c.listing.category)),
      col((c) => c.listing.ean ?? null),
      col((c) => c.listing.quantity),
      col((c) => c.listing.unit),
      col((c) => c.listing.pack_count),
      col((c) => c.listing.pack ?? packLabel(toPack(c.listing))),
      col((c) => c.key),
      col((c) => c.brandPack),
    ],
  );
  await db.query(
    `INSERT INTO product_variants (product_id, family_key, variant_label)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])`,
    [
      col((c) => c.id),
      col((c) => productFamilyKey(c.listing.brand, c.listing.name)),
      col((c) => c.listing.pack ?? packLabel(toPack(c.listing))),
    ],
  );
  const keywordRows = created.flatMap((c) => {
    const words = new Map<string, string>();
    for (const w of canonicalName(c.listing.name).split(' ')) if (w.length > 1) words.set(w, 'title');
    if (c.listing.brand) words.set(normalizeBrand(c.listing.brand), 'brand');
    const leaf = c.listing.category.at(-1);
    if (leaf) words.set(leaf.toLowerCase(), 'category');
    return [...words].map(([keyword, source]) => ({ id: c.id, keyword, source }));
  });
  await db.query(
    `INSERT INTO product_keywords (product_id, keyword, source)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
    [keywordRows.map((r) => r.id), keywordRows.map((r) => r.keyword), keywordRows.map((r) => r.source)],
  );
}
