import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlPolicy } from '../../../src/nlq/sql-policy.ts';
import { loadSqlValidator, validateSqlSync } from '../../../src/nlq/validate-sql.ts';
import { buildPipeline, compileQuestion, fixtureDatabase, type Pipeline } from './nlq-fixture.ts';

/** Properties every compiled statement must have, over one question per intent and variant. */
let p: Pipeline;
beforeAll(async () => {
  p = await buildPipeline(await fixtureDatabase());
  await loadSqlValidator();
}, 120_000);
afterAll(async () => {
  await p?.db.close();
});

const QUESTIONS = [
  'cheapest amul butter 500g in bengaluru',
  'cheapest amul butter in stock in delhi with zepto pass',
  'price of amul milk on every platform',
  'most expensive ghee under ₹700',
  'discounts above 30% on zepto in mumbai',
  'top 5 deals in snacks',
  'items under ₹50 in dairy',
  'mrp of tata salt on zepto',
  "amul's cheapest items",
  'cheapest rice per kg',
  'fastest delivery for bread in bengaluru',
  'which platform delivers fastest in pune',
  'is amul butter 500g in stock in mumbai',
  'lowest price of tata salt in the last 30 days',
  'price of amul butter 500g on 15 nov',
  'price trend of bru coffee last 7 days',
  'biggest price drops this week on blinkit',
  'which items got costlier this week',
  'how much do i save with zepto pass',
  'average discount by platform in snacks in pune',
  'coupons on zepto',
  'flash sales live now in hyderabad',
  'delivery fee on blinkit in bengaluru',
  'how many items are on sale on blinkit',
  'flash sales ending before 3 pm today',
  'average price of red bull on zepto since 13 november',
];

describe('compiled SQL', () => {
  it.each(QUESTIONS)(
    '%s: parameterised, limited, deterministic, and runs with the declared columns',
    async (q) => {
      const c = compileQuestion(p, q);
      const { text, params, columns } = c.sql;
      // Every user-derived value is a parameter: no names, numbers or quotes from the question in the SQL.
      const literals = text.match(/'[^']*'/g) ?? [];
      const allowed = new Set([
        "'pcs'",
        "'g'",
        "'ml'",
        "'kg'",
        "'l'",
        "'pc'",
        "'platform'",
        "'split'",
        "', '",
        "'Asia/Kolkata'",
        "'YYYY-MM-DD'",
      ]);
      expect(
        literals.filter((l) => !allowed.has(l)),
        'string literals',
      ).toEqual([]);
      expect(text).not.toMatch(/\b(?:30|50|700)\b(?!::)/);
      // Ids go in as bigint arrays; the page size as the last parameter.
      for (const m of text.matchAll(/= ANY\((\$\d+)::(\w+\[\])\)/g)) {
        if (m[2] !== 'bigint[]') throw new Error(`ids must be bigint[]: ${m[0]}`);
      }
      expect(text).toMatch(/LIMIT \$\d+::int$/);
      expect(params.at(-1)).toBe(c.interpretation.ir.limit);
      // The validator (real PostgreSQL parser, catalog allow-list) accepts it unchanged.
      const validated = validateSqlSync(text, sqlPolicy(p.planner.model, 1000));
      expect(validated.sql).toBe(text);
      expect(validated.tables).toEqual([...new Set(c.plan.tables)].sort());
      // Same question, same SQL.
      expect(compileQuestion(p, q).sql).toEqual(c.sql);
      // It runs read-only and returns exactly the declared columns (plus the window count).
      const rows = await p.db.readOnly((tx) => tx.query<Record<string, unknown>>(text, params), 5000);
      if (rows.rows.length > 0) expect(Object.keys(rows.rows[0]!)).toEqual([...columns, 'total_count']);
      // Personal tables never appear.
      expect(text).not.toMatch(/\b(?:users|api_keys|search_history|query_logs|shopping_lists)\b/);
    },
  );

  it('orders with tie-breakers so equal prices always come back in the same order', () => {
    const { text } = compileQuestion(p, 'cheapest milk').sql;
    expect(text).toContain('ORDER BY price ASC, platform_slug, product, product_id');
  });

  it('uses the member price for filters and order only when asked', () => {
    expect(compileQuestion(p, 'cheapest amul butter under 300').sql.text).toContain('cp.price <= $');
    const member = compileQuestion(p, 'cheapest amul butter under 300 with zepto pass').sql.text;
    expect(member).toContain('coalesce(cp.member_price, cp.price) <= $');
    expect(member).toContain('ORDER BY coalesce(member_price, price) ASC');
  });
});
