import { decodeCursor, encodeCursor } from './cursor.ts';
import { iso, type ReadDeps, resolveCity } from './lookup.ts';
import type { Page } from './search-products.ts';

export const DEAL_SORTS = ['discount', 'savings', 'price'] as const;
export type DealSort = (typeof DEAL_SORTS)[number];

export interface DealsInput {
  platform?: string;
  category?: string;
  city?: string;
  min_discount?: number;
  sort?: DealSort;
  limit?: number;
  cursor?: string;
}

export interface Deal {
  product_id: number;
  product: string;
  brand: string | null;
  category: string;
  pack: string;
  platform: string;
  platform_slug: string;
  price: number;
  mrp: number;
  discount_percent: number;
  savings: number;
  flash_sale: { title: string; percent_off: number | null; ends_at: string } | null;
}

/** Each sort is a keyset: its value (descending or ascending) then the listing id. */
const SORT_KEYS: Record<DealSort, { expr: string; desc: boolean }> = {
  discount: { expr: 'cp.discount_percent', desc: true },
  savings: { expr: '(cp.mrp - cp.price)', desc: true },
  price: { expr: 'cp.price', desc: false },
};

function dealsSql(sort: DealSort): string {
  const { expr, desc } = SORT_KEYS[sort];
  return `
  SELECT l.id AS listing_id, p.id AS product_id, p.name AS product, b.name AS brand, c.path AS category,
         p.pack_label AS pack, pf.name AS platform, pf.slug AS platform_slug, cp.price, cp.mrp,
         cp.discount_percent, cp.mrp - cp.price AS savings, ${expr} AS sort_value,
         fs.title AS flash_title, fs.percent_off AS flash_percent_off, fs.ends_at AS flash_ends_at
    FROM current_prices cp
    JOIN platform_listings l ON l.id = cp.listing_id
    JOIN platforms pf ON pf.id = cp.platform_id
    JOIN products p ON p.id = cp.product_id
    JOIN product_categories c ON c.id = p.category_id
    LEFT JOIN product_brands b ON b.id = p.brand_id
    LEFT JOIN LATERAL (
      SELECT title, percent_off, ends_at FROM flash_sales f
       WHERE f.listing_id = l.id AND f.starts_at <= $1 AND f.ends_at > $1
       ORDER BY ends_at LIMIT 1) fs ON true
   WHERE (cp.discount_percent >= coalesce($2, 0.01) OR (fs.ends_at IS NOT NULL AND $2::numeric IS NULL))
     AND ($3::text IS NULL OR pf.slug = $3)
     AND ($4::text IS NULL OR starts_with(lower(c.path), lower($4)) OR lower(c.name) = lower($4))
     AND ($5::integer IS NULL OR EXISTS (
           SELECT 1 FROM availability_status a WHERE a.listing_id = l.id AND a.city_id = $5 AND a.in_stock))
     AND ($6::numeric IS NULL OR ${expr} ${desc ? '<' : '>'} $6 OR (${expr} = $6 AND l.id > $7))
   ORDER BY ${expr} ${desc ? 'DESC' : 'ASC'}, l.id
   LIMIT $8`;
}

type DealRow = Omit<Deal, 'flash_sale'> & {
  listing_id: number;
  sort_value: number;
  flash_title: string | null;
  flash_percent_off: number | null;
  flash_ends_at: Date | null;
};

export const DEALS_DEFAULT_LIMIT = 20;

/** Listings selling below MRP now, and live flash sales (starts_at ≤ now < ends_at per the clock). */
export async function listDeals(deps: ReadDeps, input: DealsInput): Promise<Page<Deal>> {
  const { limit = DEALS_DEFAULT_LIMIT, cursor, sort = 'discount', ...filters } = input;
  const scope = { ...filters, sort };
  const after = cursor ? decodeCursor(cursor, scope) : null;
  const city = filters.city ? await resolveCity(deps.db, filters.city) : null;
  const { rows } = await deps.db.query<DealRow>(dealsSql(sort), [
    deps.clock.now(),
    filters.min_discount ?? null,
    filters.platform ?? null,
    filters.category ?? null,
    city?.id ?? null,
    after?.value ?? null,
    after?.id ?? null,
    limit + 1,
  ]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toDeal),
    next_cursor:
      rows.length > limit && last
        ? encodeCursor({ value: last.sort_value, id: last.listing_id }, scope)
        : null,
  };
}

function toDeal(row: DealRow): Deal {
  const { listing_id, sort_value, flash_title, flash_percent_off, flash_ends_at, ...deal } = row;
  return {
    ...deal,
    flash_sale:
      flash_title && flash_ends_at
        ? { title: flash_title, percent_off: flash_percent_off, ends_at: iso(flash_ends_at) }
        : null,
  };
}
