import type { Queryable } from '../../db/database.ts';
import type { ListingRecord } from '../feed/records.ts';
import { normalizeText } from '../product-identity.ts';

export interface PlatformRef {
  id: number;
  membershipName: string | null;
}

/**
 * Ids of small reference rows (platforms, cities, brands, categories, pincodes) cached for one import, or for
 * many imports into one database (ImportOptions.references).
 * Rows are created on first sight with INSERT … ON CONFLICT, so concurrent importers agree on ids. After a
 * rolled-back batch the cache is reset, because ids it learned inside that transaction no longer exist.
 */
export class ReferenceData {
  readonly platforms = new Map<string, PlatformRef>();
  private cities = new Map<string, number>();
  private brands = new Map<string, number>();
  private categories = new Map<string, number>();
  private pincodes = new Set<string>();
  private serviceAreas = new Set<string>();
  /** Names as written in the feed → normalised names: lookups repeat per row, normalising is regex work. */
  private normalized = new Map<string, string>();

  private normalize(name: string): string {
    let key = this.normalized.get(name);
    if (key === undefined) {
      key = normalizeText(name);
      this.normalized.set(name, key);
    }
    return key;
  }

  async loadPlatforms(db: Queryable): Promise<void> {
    const { rows } = await db.query<{ id: number; slug: string; membership_name: string | null }>(
      'SELECT id, slug, membership_name FROM platforms',
    );
    for (const r of rows) this.platforms.set(r.slug, { id: r.id, membershipName: r.membership_name });
  }

  reset(): void {
    this.platforms.clear();
    this.cities.clear();
    this.brands.clear();
    this.categories.clear();
    this.pincodes.clear();
    this.serviceAreas.clear();
  }

  platformId(slug: string): number {
    const ref = this.platforms.get(slug);
    if (!ref) throw new Error(`platform ${slug} is not loaded`);
    return ref.id;
  }

  cityId(name: string): number {
    const id = this.cities.get(this.normalize(name));
    if (id === undefined) throw new Error(`city ${name} is not loaded`);
    return id;
  }

  brandId(name: string | null): number | null {
    if (name === null) return null;
    const id = this.brands.get(this.normalize(name));
    if (id === undefined) throw new Error(`brand ${name} is not loaded`);
    return id;
  }

  categoryId(path: readonly string[]): number {
    const id = this.categories.get(path.join(' > '));
    if (id === undefined) throw new Error(`category ${path.join(' > ')} is not loaded`);
    return id;
  }

  /** Whether every brand, category, city, pincode and service area the records name is already known. */
  knowsAll(
    records: readonly ListingRecord[],
    pincodes: readonly { platformId: number; city: string; pincode: string }[],
  ): boolean {
    for (const r of records) {
      if (r.brand !== null && !this.brands.has(this.normalize(r.brand))) return false;
      if (!this.categories.has(r.category.join(' > '))) return false;
      for (const a of r.availability ?? []) if (!this.cities.has(this.normalize(a.city))) return false;
    }
    return pincodes.every(
      (p) => this.pincodes.has(p.pincode) && this.serviceAreas.has(`${p.platformId}:${p.pincode}`),
    );
  }

  async ensureCities(db: Queryable, names: Iterable<string>): Promise<void> {
    const missing = new Map<string, string>();
    for (const name of names) {
      const key = this.normalize(name);
      if (!this.cities.has(key)) missing.set(key, name.trim());
    }
    if (missing.size === 0) return;
    const { rows } = await db.query<{ id: number; normalized_name: string }>(
      `INSERT INTO cities (name, normalized_name) SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (normalized_name) DO UPDATE SET normalized_name = excluded.normalized_name
       RETURNING id, normalized_name`,
      [[...missing.values()], [...missing.keys()]],
    );
    for (const r of rows) this.cities.set(r.normalized_name, r.id);
  }

  async ensureBrands(db: Queryable, names: Iterable<string | null>): Promise<void> {
    const missing = new Map<string, string>();
    for (const name of names) {
      if (name === null) continue;
      const key = this.normalize(name);
      if (!this.brands.has(key)) missing.set(key, name.trim());
    }
    if (missing.size === 0) return;
    const { rows } = await db.query<{ id: number; normalized_name: string }>(
      `INSERT INTO product_brands (name, normalized_name) SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (normalized_name) DO UPDATE SET normalized_name = excluded.normalized_name
       RETURNING id, normalized_name`,
      [[...missing.values()], [...missing.keys()]],
    );
    for (const r of rows) this.brands.set(r.normalized_name, r.id);
  }

  /** Creates every level of each category path, parents first: one statement per depth, not per row. */
  async ensureCategories(db: Queryable, paths: Iterable<readonly string[]>): Promise<void> {
    const missing: { name: string; path: string; parent: string | null }[][] = [];
    const queued = new Set<string>();
    for (const path of paths) {
      for (let depth = 0; depth < path.length; depth += 1) {
        const key = path.slice(0, depth + 1).join(' > ');
        if (this.categories.has(key) || queued.has(key)) continue;
        queued.add(key);
        const parent = depth === 0 ? null : path.slice(0, depth).join(' > ');
        const level = missing[depth] ?? [];
        level.push({ name: path[depth]!, path: key, parent });
        missing[depth] = level;
      }
    }
    for (const [depth, level] of missing.entries()) {
      if (!level) continue;
      const { rows } = await db.query<{ id: number; path: string }>(
        `INSERT INTO product_categories (parent_id, name, path, depth)
         SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[])
         ON CONFLICT (path) DO UPDATE SET path = excluded.path RETURNING id, path`,
        [
          level.map((c) => (c.parent === null ? null : this.categories.get(c.parent))),
          level.map((c) => c.name),
          level.map((c) => c.path),
          level.map(() => depth),
        ],
      );
      for (const r of rows) this.categories.set(r.path, r.id);
    }
  }

  /** Pincodes and the platform service areas they reveal; a pincode keeps the city it was first seen in. */
  async ensurePincodes(
    db: Queryable,
    seen: Iterable<{ platformId: number; cityId: number; pincode: string }>,
  ): Promise<void> {
    const newPins = new Map<string, number>();
    const newAreas = new Map<string, { platformId: number; cityId: number; pincode: string }>();
    for (const s of seen) {
      if (!this.pincodes.has(s.pincode)) newPins.set(s.pincode, s.cityId);
      const areaKey = `${s.platformId}:${s.pincode}`;
      if (!this.serviceAreas.has(areaKey)) newAreas.set(areaKey, s);
    }
    if (newPins.size > 0) {
      await db.query(
        `INSERT INTO pincodes (pincode, city_id) SELECT * FROM unnest($1::text[], $2::int[])
         ON CONFLICT (pincode) DO NOTHING`,
        [[...newPins.keys()], [...newPins.values()]],
      );
      for (const pin of newPins.keys()) this.pincodes.add(pin);
    }
    if (newAreas.size > 0) {
      const areas = [...newAreas.values()];
      await db.query(
        `INSERT INTO service_areas (platform_id, city_id, pincode)
         SELECT * FROM unnest($1::int[], $2::int[], $3::text[]) ON CONFLICT DO NOTHING`,
        [areas.map((a) => a.platformId), areas.map((a) => a.cityId), areas.map((a) => a.pincode)],
      );
      for (const key of newAreas.keys()) this.serviceAreas.add(key);
    }
  }
}
