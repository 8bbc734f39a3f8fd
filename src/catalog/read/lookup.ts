import type { Queryable } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError, ErrorCode } from '../../shared/errors.ts';

/** What the read functions need: a database and the clock that says what "now" is (QCD_NOW in tests). */
export interface ReadDeps {
  db: Queryable;
  clock: Clock;
}

export interface City {
  id: number;
  name: string;
}

/** A city named by a client; an unknown one is a bad request that lists the cities there are. */
export async function resolveCity(db: Queryable, name: string): Promise<City> {
  const { rows } = await db.query<City & { known: string[] }>(
    `SELECT c.id, c.name, (SELECT array_agg(name ORDER BY name) FROM cities) AS known
       FROM (SELECT 1) one LEFT JOIN cities c ON c.normalized_name = lower(trim($1))`,
    [name],
  );
  const row = rows[0]!;
  if (row.id !== null) return { id: row.id, name: row.name };
  throw new AppError(ErrorCode.BadRequest, `Unknown city "${name}"`, {
    details: { city: name },
    suggestions: row.known ?? [],
    hint: 'Use one of the suggested cities.',
  });
}

/** Rupees as numbers with two decimals, computed in paise so sums do not drift. */
export const toPaise = (rupees: number): number => Math.round(rupees * 100);
export const toRupees = (paise: number): number => Math.round(paise) / 100;

export interface ProductSummary {
  product_id: number;
  product: string;
  brand: string | null;
  category: string;
  pack: string;
}

export async function findProduct(db: Queryable, id: number): Promise<ProductSummary> {
  const { rows } = await db.query<ProductSummary>(
    `SELECT p.id AS product_id, p.name AS product, b.name AS brand, c.path AS category, p.pack_label AS pack
       FROM products p JOIN product_categories c ON c.id = p.category_id
       LEFT JOIN product_brands b ON b.id = p.brand_id
      WHERE p.id = $1`,
    [id],
  );
  if (rows[0]) return rows[0];
  throw new AppError(ErrorCode.NotFound, `No product ${id}`, {
    details: { product_id: id },
    hint: 'Find product ids with GET /api/v1/products/search.',
  });
}

/** Drivers return timestamptz as Date; the API speaks ISO-8601 strings. */
export const iso = (value: Date | string): string => new Date(value).toISOString();
