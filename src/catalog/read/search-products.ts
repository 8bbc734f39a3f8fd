import { AppError, ErrorCode } from '../../shared/errors.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { type ReadDeps, resolveCity } from './lookup.ts';

export interface SearchInput {
  q?: string;
  category?: string;
  brand?: string;
  platform?: string;
  city?: string;
  limit?: number;
  cursor?: string;
}

export interface ProductHit {
  product_id: number;
  product: string;
  brand: string | null;
  category: string;
  pack: string;
  lowest_price: number | null;
  platforms: string[];
  score: number;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

const MAX_WORDS = 8;

/**
 * Full-text on the product name (GIN index on to_tsvector('simple', name)) OR every word trigram-similar to a
 * word of the normalised name, OR of one platform's listing title (GIN trigram indexes; `<%` is word
 * similarity ≥ 0.6), so "amul buter" and a platform's own wording both find the product. Ranked by the best
 * of those signals; keyset-paginated. Words are parameters $9…; the SQL only varies in how many there are.
 */
function searchSql(words: number): string {
  const word = (i: number) => `$${9 + i}`;
  const all = (column: string) =>
    Array.from({ length: words }, (_, i) => `${word(i)} <% ${column}`).join(' AND ') || 'true';
  const mean = (column: string) =>
    `(${Array.from({ length: words }, (_, i) => `word_similarity(${word(i)}, ${column})`).join(' + ') || '0'}) / ${Math.max(words, 1)}`;
  return `
  WITH matches AS (
    SELECT p.id,
           CASE WHEN $1::text IS NULL THEN 0 ELSE round(greatest(
             CASE WHEN to_tsvector('simple', p.name) @@ plainto_tsquery('simple', $1) THEN 1 ELSE 0 END,
             ${mean('p.normalized_name')},
             (SELECT max(${mean('lower(l.title)')}) FROM platform_listings l WHERE l.product_id = p.id)
           )::numeric, 6) END AS score
      FROM products p
      JOIN product_categories c ON c.id = p.category_id
      LEFT JOIN product_brands b ON b.id = p.brand_id
     WHERE ($1::text IS NULL
            OR to_tsvector('simple', p.name) @@ plainto_tsquery('simple', $1)
            OR (${all('p.normalized_name')})
            OR EXISTS (SELECT 1 FROM platform_listings l WHERE l.product_id = p.id AND ${all('lower(l.title)')}))
       AND ($2::text IS NULL OR starts_with(lower(c.path), lower($2)) OR lower(c.name) = lower($2))
       AND ($3::text IS NULL OR lower(b.name) = lower($3) OR b.normalized_name = lower($3))
       AND ($4::text IS NULL OR EXISTS (
             SELECT 1 FROM platform_listings l JOIN platforms pf ON pf.id = l.platform_id
              WHERE l.product_id = p.id AND pf.slug = lower($4)))
       AND ($5::integer IS NULL OR EXISTS (
             SELECT 1 FROM availability_status a WHERE a.product_id = p.id AND a.city_id = $5 AND a.in_stock))
  )
  SELECT p.id AS product_id, p.name AS product, b.name AS brand, c.path AS category, p.pack_label AS pack,
         m.score::float8 AS score,
         (SELECT min(cp.price) FROM current_prices cp WHERE cp.product_id = p.id) AS lowest_price,
         (SELECT coalesce(array_agg(DISTINCT pf.slug), '{}') FROM platform_listings l
            JOIN platforms pf ON pf.id = l.platform_id WHERE l.product_id = p.id) AS platforms
    FROM matches m
    JOIN products p ON p.id = m.id
    JOIN product_categories c ON c.id = p.category_id
    LEFT JOIN product_brands b ON b.id = p.brand_id
   WHERE $6::numeric IS NULL OR m.score < $6 OR (m.score = $6 AND m.id > $7)
   ORDER BY m.score DESC, m.id
   LIMIT $8`;
}

export const SEARCH_DEFAULT_LIMIT = 20;

export async function searchProducts(deps: ReadDeps, input: SearchInput): Promise<Page<ProductHit>> {
  const { limit = SEARCH_DEFAULT_LIMIT, cursor, ...filters } = input;
  const term = filters.q === undefined ? null : searchTerm(filters.q);
  const after = cursor ? decodeCursor(cursor, filters) : null;
  const city = filters.city ? await resolveCity(deps.db, filters.city) : null;
  const words = term ? term.split(' ').slice(0, MAX_WORDS) : [];
  const { rows } = await deps.db.query<ProductHit>(searchSql(words.length), [
    term,
    filters.category ?? null,
    filters.brand ?? null,
    filters.platform ?? null,
    city?.id ?? null,
    after?.value ?? null,
    after?.id ?? null,
    limit + 1,
    ...words,
  ]);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    next_cursor:
      rows.length > limit && last ? encodeCursor({ value: last.score, id: last.product_id }, filters) : null,
  };
}

/** Lower-case words only, the way products.normalized_name is written; nothing searchable left is a 400. */
function searchTerm(q: string): string {
  const term = q
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  if (term) return term;
  throw new AppError(ErrorCode.BadRequest, 'The search text has no letters or digits', {
    details: { parameter: 'q' },
    hint: 'Search for a product name, brand or category, e.g. "amul butter".',
  });
}
