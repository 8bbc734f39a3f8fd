import type { IR } from '../ir.ts';
import type { Vocabulary } from '../vocabulary.ts';
import type { Params } from './sql.ts';

/** WHERE conditions on products, brands, categories and platforms shared by every listing-shaped query. */
export interface ItemColumns {
  /** Expression holding the product id (p.id, ph.product_id…). */
  product: string;
  /** Expression holding the platform id. */
  platform: string;
}

export function allProductIds(ir: IR): number[] {
  return [...new Set(ir.products.flatMap((p) => p.ids))].sort((a, b) => a - b);
}

/** Category ids with every sub-category, so "Dairy, Bread & Eggs" includes Milk. */
export function expandedCategoryIds(ir: IR, vocab: Vocabulary): number[] {
  return [...new Set(ir.category_ids.flatMap((id) => vocab.categorySubtree(id)))].sort((a, b) => a - b);
}

export function itemConditions(ir: IR, vocab: Vocabulary, params: Params, cols: ItemColumns): string[] {
  const where: string[] = [];
  const productIds = allProductIds(ir);
  if (productIds.length > 0) {
    where.push(`${cols.product} = ANY(${params.ids(productIds)})`);
  } else {
    if (ir.brand_ids.length > 0) where.push(`p.brand_id = ANY(${params.ids(ir.brand_ids)})`);
    if (ir.category_ids.length > 0)
      where.push(`p.category_id = ANY(${params.ids(expandedCategoryIds(ir, vocab))})`);
  }
  if (ir.platform_ids.length > 0) where.push(`${cols.platform} = ANY(${params.ids(ir.platform_ids)})`);
  return where;
}
