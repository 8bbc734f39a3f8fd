import type { BatchEffects } from '../catalog/import/write-batch.ts';
import type { Queryable } from '../db/database.ts';
import type { IR } from '../nlq/ir.ts';

/**
 * Tags say what data a cached answer was computed from. An entry carries its most specific scope (the
 * products it names, else its brands, categories or platforms, else `any`); a committed change bumps every
 * tag that covers what changed, so exactly the entries that could have read it become invalid.
 *
 * - `catalog` is on every entry: names, platforms and new products can change any answer.
 * - `any` is on unscoped entries and bumped by every change.
 * - `fees` / `coupons` are on entries that add fees or apply coupons; bumped when those change.
 * - A product change also bumps its brand and its category with every ancestor (entries name categories
 *   that the compiler expands to their subtrees).
 */

export const CATALOG_TAG = 'catalog';
export const ANY_TAG = 'any';
export const FEES_TAG = 'fees';
export const COUPONS_TAG = 'coupons';

export const productTag = (id: number) => `product:${id}`;
export const brandTag = (id: number) => `brand:${id}`;
export const categoryTag = (id: number) => `category:${id}`;
export const platformTag = (id: number) => `platform:${id}`;

/** Tags of an NL answer, derived from its IR before anything runs. */
export function irTags(ir: IR): string[] {
  const tags = new Set<string>();
  const productIds = [
    ...ir.products.flatMap((p) => p.ids),
    ...(ir.basket ?? []).flatMap((item) => item.options.map((o) => o.product_id)),
  ];
  if (productIds.length > 0) for (const id of productIds) tags.add(productTag(id));
  else if (ir.brand_ids.length > 0) for (const id of ir.brand_ids) tags.add(brandTag(id));
  else if (ir.category_ids.length > 0) for (const id of ir.category_ids) tags.add(categoryTag(id));
  else if (ir.platform_ids.length > 0) for (const id of ir.platform_ids) tags.add(platformTag(id));
  else tags.add(ANY_TAG);
  if (ir.intent === 'fees' || ir.intent === 'basket') tags.add(FEES_TAG);
  if (ir.intent === 'coupons' || ir.intent === 'basket') tags.add(COUPONS_TAG);
  return [...tags];
}

/** One product compared across platforms; with a city the answer includes that city's fees. */
export function compareTags(productId: number | undefined, city: string | undefined): string[] {
  if (productId === undefined) return [ANY_TAG];
  return city ? [productTag(productId), FEES_TAG] : [productTag(productId)];
}

/**
 * Every tag a committed batch invalidates. Brands and categories (with ancestors) of the changed products are
 * looked up in the database, inside the importing process, before the import call returns.
 */
export async function changeTags(
  db: Queryable,
  effects: BatchEffects,
  scopes: ProductScopes = new ProductScopes(),
): Promise<string[]> {
  const tags = new Set<string>([ANY_TAG]);
  if (effects.catalogChanged) tags.add(CATALOG_TAG);
  if (effects.feesChanged) tags.add(FEES_TAG);
  if (effects.couponsChanged) tags.add(COUPONS_TAG);
  for (const id of effects.platformIds) tags.add(platformTag(id));
  const productIds = [...effects.productIds];
  for (const id of productIds) tags.add(productTag(id));
  if (effects.catalogChanged) scopes.clear();
  for (const tag of await scopes.tagsOf(db, productIds)) tags.add(tag);
  return [...tags];
}

/**
 * The brand and category tags (the category with its ancestors) of products, remembered: the importer never
 * changes a product's brand or category, so a stream of price changes looks each product up once instead of
 * once per batch. Cleared on every catalog change (new products, a re-imported catalog).
 */
export class ProductScopes {
  static readonly MAX_PRODUCTS = 200_000;
  #known = new Map<number, string[]>();

  clear(): void {
    this.#known.clear();
  }

  async tagsOf(db: Queryable, productIds: readonly number[]): Promise<string[]> {
    const missing = productIds.filter((id) => !this.#known.has(id));
    if (missing.length > 0) {
      const { rows } = await db.query<{ product_id: number; tag: string }>(SCOPES_OF_PRODUCTS_SQL, [missing]);
      if (this.#known.size + missing.length > ProductScopes.MAX_PRODUCTS) this.#known.clear();
      for (const id of missing) this.#known.set(id, []);
      for (const row of rows) this.#known.get(row.product_id)?.push(row.tag);
    }
    return productIds.flatMap((id) => this.#known.get(id) ?? []);
  }
}

const SCOPES_OF_PRODUCTS_SQL = `
  WITH RECURSIVE p AS (SELECT id, brand_id, category_id FROM products WHERE id = ANY($1::bigint[])),
  up (product_id, category_id) AS (
    SELECT id, category_id FROM p WHERE category_id IS NOT NULL
    UNION
    SELECT up.product_id, c.parent_id FROM up JOIN product_categories c ON c.id = up.category_id
     WHERE c.parent_id IS NOT NULL)
  SELECT product_id, 'category:' || category_id AS tag FROM up
  UNION ALL
  SELECT id, 'brand:' || brand_id FROM p WHERE brand_id IS NOT NULL`;
