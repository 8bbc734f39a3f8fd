import type { Option } from '../components/Combobox.tsx';
import { inr } from '../format.ts';
import { api, type ResponseOf } from './client.ts';

export type ProductHit = ResponseOf<'GET /api/v1/products/search'>['items'][number];

export async function searchProducts(text: string, signal: AbortSignal, limit = 8): Promise<ProductHit[]> {
  const { items } = await api('GET /api/v1/products/search', {
    query: { q: text.slice(0, 200), limit },
    signal,
  });
  return items;
}

export const productLabel = (hit: { product: string; pack: string }) => `${hit.product} ${hit.pack}`;

export function productOption(hit: ProductHit): Option {
  const from = hit.lowest_price === null ? null : `from ${inr(hit.lowest_price)}`;
  return {
    id: `product-${hit.product_id}`,
    label: productLabel(hit),
    detail: [hit.brand, from].filter(Boolean).join(' · '),
  };
}

/** Products, and the brands among them, matching `text`: the autocomplete of the question box. */
export async function productAndBrandOptions(text: string, signal: AbortSignal): Promise<Option[]> {
  const hits = await searchProducts(text, signal, 6);
  const lowered = text.toLowerCase();
  const brands = [...new Set(hits.map((h) => h.brand).filter((b): b is string => b !== null))]
    .filter((brand) => brand.toLowerCase().startsWith(lowered))
    .map((brand) => ({ id: `brand-${brand}`, label: brand, detail: 'brand' }));
  return [...brands, ...hits.map(productOption)];
}
