import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import { readFeed } from '../../../src/catalog/feed/read-feed.ts';
import { importFeed } from '../../../src/catalog/import/import-feed.ts';
import type { Database } from '../../../src/db/database.ts';
import { migrate } from '../../../src/db/migrate.ts';
import { openPglite } from '../../../src/db/pglite.ts';
import { irCacheKey } from '../../../src/nlq/cache-key.ts';
import { compileQuery } from '../../../src/nlq/compile/index.ts';
import type { CompiledQuery } from '../../../src/nlq/compile/output.ts';
import { type AskContext, type Interpretation, interpretQuestion } from '../../../src/nlq/intent-parser.ts';
import { type Plan, type PlannerContext, planQuery } from '../../../src/nlq/planner.ts';
import { introspectSchema } from '../../../src/nlq/schema/introspect.ts';
import { buildJoinGraph } from '../../../src/nlq/schema/join-graph.ts';
import { buildTableIndex } from '../../../src/nlq/schema/table-index.ts';
import { DENIED_TABLES } from '../../../src/nlq/sql-policy.ts';
import { loadVocabulary, type Vocabulary, type VocabularyRows } from '../../../src/nlq/vocabulary.ts';
import { type Clock, fixedClock } from '../../../src/shared/clock.ts';
import { fixturePath } from '../../support/fixtures.ts';

/** Shared by the NL engine's tests: the shared fixture loaded into a database, and the pipeline stages. */

export const FIXTURE_PATH = fixturePath();

/** The fixture's reference time: "today", "last 7 days" are relative to it. */
export const REFERENCE_TIME = '2026-11-20T12:00:00+05:30';
export const fixtureClock: Clock = fixedClock(REFERENCE_TIME);

export interface FixtureRecord {
  type: string;
  [key: string]: unknown;
}

export function fixtureRecords(): FixtureRecord[] {
  return readFileSync(FIXTURE_PATH, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as FixtureRecord);
}

/** Imports the fixture through the one reader and importer. */
export async function importFixture(db: Database): Promise<void> {
  const summary = await importFeed(db, readFeed(FIXTURE_PATH));
  if (summary.rejected > 0) throw new Error(`fixture import rejected ${summary.rejected} lines`);
}

/** A fresh in-memory PGlite with the schema and the fixture. */
export async function fixtureDatabase(): Promise<Database> {
  const db = await openPglite();
  await migrate(db);
  await importFixture(db);
  return db;
}

export interface Pipeline {
  db: Database;
  vocab: Vocabulary;
  planner: PlannerContext;
  clock: Clock;
}

export async function buildPipeline(db: Database): Promise<Pipeline> {
  const model = await introspectSchema(db);
  return {
    db,
    vocab: await loadVocabulary(db),
    planner: {
      model,
      graph: buildJoinGraph(model),
      tableIndex: buildTableIndex(model, { exclude: DENIED_TABLES }),
    },
    clock: fixtureClock,
  };
}

export interface Compiled {
  interpretation: Interpretation;
  plan: Plan;
  sql: CompiledQuery;
}

/** Question → interpretation, plan and SQL, without executing anything. */
export function compileQuestion(p: Pipeline, question: string, context: AskContext = {}): Compiled {
  const interpretation = interpretQuestion({ vocab: p.vocab, clock: p.clock }, question, context);
  const plan = planQuery(interpretation.ir, p.planner, interpretation.prepared.text);
  const sql = compileQuery(interpretation.ir, plan, p.vocab);
  if (!sql) throw new Error(`"${question}" is a basket: priced by the basket module, not compiled`);
  return { interpretation, plan, sql };
}

/** Ids of products by exact name and pack label, for readable expectations. */
export function productId(vocab: Vocabulary, name: string, pack: string): number {
  const hit = [...vocab.products.values()].find((p) => p.name === name && p.packLabel === pack);
  if (!hit) throw new Error(`no product ${name} ${pack}`);
  return hit.id;
}

export function platformId(vocab: Vocabulary, slug: string): number {
  const hit = vocab.platformBySlug(slug);
  if (!hit) throw new Error(`no platform ${slug}`);
  return hit.id;
}

/** A tiny made-up catalog: the vocabulary must work for any catalog, not just the fixture. */
export function syntheticRows(): VocabularyRows {
  const product = (
    id: number,
    name: string,
    brand_id: number | null,
    category_id: number,
    quantity: number,
    unit: 'g' | 'kg' | 'ml' | 'l' | 'pcs',
    pack_count = 1,
  ) => {
    const factor = unit === 'kg' || unit === 'l' ? 1000 : 1;
    return {
      id,
      name,
      normalized_name: name.toLowerCase(),
      brand_id,
      category_id,
      quantity,
      unit,
      pack_count,
      pack_label: `${pack_count > 1 ? `${pack_count} x ` : ''}${quantity} ${unit === 'l' ? 'L' : unit}`,
      base_amount: quantity * factor * pack_count,
      base_unit: (unit === 'kg' ? 'g' : unit === 'l' ? 'ml' : unit) as 'g' | 'ml' | 'pcs',
    };
  };
  return {
    products: [
      product(1, 'Moo Farms Salted Butter', 1, 11, 100, 'g'),
      product(2, 'Moo Farms Salted Butter', 1, 11, 500, 'g'),
      product(3, 'Moo Farms Toned Milk', 1, 12, 500, 'ml'),
      product(4, 'Moo Farms Toned Milk', 1, 12, 1, 'l'),
      product(5, 'Sunrise Whole Wheat Atta', 2, 21, 5, 'kg'),
      product(6, 'Hen House Brown Eggs', 3, 13, 6, 'pcs'),
      product(7, 'Hen House Brown Eggs', 3, 13, 12, 'pcs'),
      product(8, 'Greenleaf Cow Milk', 4, 12, 1, 'l'),
      product(9, 'Fizzo Cola Cold Drink', 5, 31, 750, 'ml'),
      product(10, 'Tomato Hybrid', null, 41, 500, 'g'),
      product(11, 'Go Go Cheese Slices', 6, 11, 200, 'g'),
      product(12, 'Go Cheese Slices', 7, 11, 200, 'g'),
      product(13, 'Sunrise Top Day Rusk', 2, 5, 300, 'g'),
      product(14, 'Sunrise Suji Rusk', 2, 5, 300, 'g'),
      product(15, 'Fizzo Total 10 Energy Drink', 5, 31, 250, 'ml'),
      product(16, 'Sunrise Suji Rusk Small', 2, 5, 150, 'g'),
      product(17, 'Greenleaf Rose & Vitamin E Soap', 4, 5, 100, 'g'),
      product(18, 'Greenleaf Spinach (Palak)', 4, 41, 250, 'g'),
      product(19, 'Mishti Doi', null, 5, 400, 'g'),
      product(20, 'Sunrise 7 Grain Bread', 2, 5, 400, 'g'),
      product(21, 'Dark Chocolate 55% Cocoa', null, 5, 150, 'g'),
    ],
    listings: [
      { product_id: 1, platform_id: 1, title: 'Moo Farms Salted Butter' },
      { product_id: 1, platform_id: 2, title: 'Moo Farms Salted Butter (100 g)' },
      { product_id: 9, platform_id: 2, title: 'Fizzo Cola Soft Drink (750 ml)' },
      { product_id: 3, platform_id: 1, title: 'Moo Farms Taaza Toned Milk' },
    ],
    brands: [
      { id: 1, name: 'Moo Farms', normalized_name: 'moo farms' },
      { id: 2, name: 'Sunrise', normalized_name: 'sunrise' },
      { id: 3, name: 'Hen House', normalized_name: 'hen house' },
      { id: 4, name: 'Greenleaf', normalized_name: 'greenleaf' },
      { id: 5, name: 'Fizzo', normalized_name: 'fizzo' },
      { id: 6, name: 'Go Go', normalized_name: 'go go' },
      { id: 7, name: 'Go', normalized_name: 'go' },
    ],
    categories: [
      { id: 1, parent_id: null, name: 'Dairy, Bread & Eggs', path: 'Dairy, Bread & Eggs', depth: 0 },
      {
        id: 11,
        parent_id: 1,
        name: 'Butter & Cheese',
        path: 'Dairy, Bread & Eggs > Butter & Cheese',
        depth: 1,
      },
      { id: 12, parent_id: 1, name: 'Milk', path: 'Dairy, Bread & Eggs > Milk', depth: 1 },
      { id: 13, parent_id: 1, name: 'Eggs', path: 'Dairy, Bread & Eggs > Eggs', depth: 1 },
      { id: 2, parent_id: null, name: 'Atta, Rice & Dal', path: 'Atta, Rice & Dal', depth: 0 },
      { id: 21, parent_id: 2, name: 'Atta & Flours', path: 'Atta, Rice & Dal > Atta & Flours', depth: 1 },
      { id: 3, parent_id: null, name: 'Cold Drinks & Juices', path: 'Cold Drinks & Juices', depth: 0 },
      { id: 31, parent_id: 3, name: 'Soft Drinks', path: 'Cold Drinks & Juices > Soft Drinks', depth: 1 },
      { id: 4, parent_id: null, name: 'Fruits & Vegetables', path: 'Fruits & Vegetables', depth: 0 },
      {
        id: 41,
        parent_id: 4,
        name: 'Fresh Vegetables',
        path: 'Fruits & Vegetables > Fresh Vegetables',
        depth: 1,
      },
      { id: 5, parent_id: null, name: 'Bakery & Biscuits', path: 'Bakery & Biscuits', depth: 0 },
    ],
    platforms: [
      { id: 1, slug: 'quickly', name: 'Quickly', membership_name: null },
      { id: 2, slug: 'dashmart', name: 'Swoosh DashMart', membership_name: 'Dash One' },
    ],
    cities: [
      { id: 1, name: 'Bengaluru', normalized_name: 'bengaluru' },
      { id: 2, name: 'Pune', normalized_name: 'pune' },
    ],
    pincodes: [
      { pincode: '560001', city_id: 1, area_name: null },
      { pincode: '411001', city_id: 2, area_name: null },
    ],
    keywords: [
      { product_id: 8, keyword: 'organic', source: 'curated' },
      { product_id: 5, keyword: 'atta & flours', source: 'category' },
    ],
    synonyms: [
      { term: 'lassi milk', canonical: 'milk', kind: 'product' },
      { term: 'blr', canonical: 'bengaluru', kind: 'city' },
      { term: 'moo', canonical: 'Moo Farms', kind: 'brand' },
    ],
  };
}

/**
 * The golden test files' shared setup: a pipeline over the fixture for the calling file, and helpers to
 * compile a question, run its SQL and check that paraphrases give the same IR.
 */
export function useGoldenPipeline() {
  let p: Pipeline;
  beforeAll(async () => {
    p = await buildPipeline(await fixtureDatabase());
  }, 120_000);
  afterAll(async () => {
    await p?.db.close();
  });
  const compile = (q: string, context = {}) => compileQuestion(p, q, context);
  return {
    compile,
    vocab: () => p.vocab,
    async run(c: Compiled) {
      return (await p.db.query<Record<string, unknown>>(c.sql.text, c.sql.params)).rows;
    },
    /** Hand-written SQL over the fixture, to check an answer independently of the engine. */
    async query(sql: string, params: unknown[] = []) {
      return (await p.db.query<Record<string, unknown>>(sql, params)).rows;
    },
    sameIr(questions: string[], context = {}) {
      const keys = questions.map((q) => irCacheKey(compile(q, context).interpretation.ir));
      for (const key of keys) expect(key).toBe(keys[0]);
    },
  };
}
