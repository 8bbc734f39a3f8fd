import type { PlatformFees } from './compare-product.ts';
import type { ReadDeps } from './lookup.ts';

export interface PlatformInfo {
  platform: string;
  platform_slug: string;
  membership: { name: string; monthly_fee: number | null; benefits: string | null } | null;
  fees: (PlatformFees & { city: string })[];
  coverage: { cities: string[]; listings: number; in_stock_listings: number };
}

const PLATFORMS_SQL = `
  SELECT pf.name AS platform, pf.slug AS platform_slug,
         CASE WHEN pf.membership_name IS NULL THEN NULL ELSE json_build_object(
           'name', pf.membership_name, 'monthly_fee', lp.monthly_fee::float8, 'benefits', lp.benefits) END AS membership,
         (SELECT coalesce(json_agg(json_build_object(
                   'city', ci.name, 'delivery_fee', f.delivery_fee::float8,
                   'free_delivery_above', f.free_delivery_above::float8, 'handling_fee', f.handling_fee::float8,
                   'small_cart_fee', f.small_cart_fee::float8, 'small_cart_below', f.small_cart_below::float8)
                 ORDER BY ci.name), '[]')
            FROM platform_fees f JOIN cities ci ON ci.id = f.city_id WHERE f.platform_id = pf.id) AS fees,
         (SELECT coalesce(array_agg(DISTINCT ci.name), '{}') FROM availability_status a
            JOIN cities ci ON ci.id = a.city_id WHERE a.platform_id = pf.id) AS cities,
         (SELECT count(*) FROM platform_listings l WHERE l.platform_id = pf.id) AS listings,
         (SELECT count(DISTINCT a.listing_id) FROM availability_status a
           WHERE a.platform_id = pf.id AND a.in_stock) AS in_stock_listings
    FROM platforms pf LEFT JOIN loyalty_programs lp ON lp.platform_id = pf.id
   ORDER BY pf.slug`;

/** Every platform with its membership, fees per city and coverage (cities served, listings). */
export async function listPlatforms(deps: Pick<ReadDeps, 'db'>): Promise<PlatformInfo[]> {
  const { rows } = await deps.db.query<
    Omit<PlatformInfo, 'coverage'> & { cities: string[]; listings: number; in_stock_listings: number }
  >(PLATFORMS_SQL);
  return rows.map(({ cities, listings, in_stock_listings, ...platform }) => ({
    ...platform,
    coverage: { cities, listings, in_stock_listings },
  }));
}
