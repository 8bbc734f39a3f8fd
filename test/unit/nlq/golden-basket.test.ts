import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareBasket } from '../../../src/basket/compare-basket.ts';
import { basketRows, priceBasketQuestion } from '../../../src/nlq/basket.ts';
import { irCacheKey } from '../../../src/nlq/cache-key.ts';
import { compileQuery } from '../../../src/nlq/compile/index.ts';
import { interpretQuestion } from '../../../src/nlq/intent-parser.ts';
import { planQuery } from '../../../src/nlq/planner.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { AppError, ErrorCode } from '../../../src/shared/errors.ts';
import { buildPipeline, fixtureDatabase, type Pipeline, productId } from './nlq-fixture.ts';

/**
 * Golden test: question → IR for a basket, and the IR priced by the basket API's own code
 * (compareBasketChoices), so a basket question and POST /basket/compare never disagree.
 */
let p: Pipeline;
beforeAll(async () => {
  p = await buildPipeline(await fixtureDatabase());
}, 120_000);
afterAll(async () => {
  await p?.db.close();
});

const QUESTION = 'cheapest platform for 2 Amul butter 500g, 1 Aashirvaad atta 5kg and 6 eggs in Bengaluru';
const interpret = (q: string, context = {}) =>
  interpretQuestion({ vocab: p.vocab, clock: p.clock }, q, context).ir;

describe('golden: basket', () => {
  it('reads items with counts, packs and pieces, and compiles no SQL of its own', () => {
    const ir = interpret(QUESTION);
    expect(ir).toMatchObject({
      intent: 'basket',
      city: { name: 'Bengaluru' },
      sort: { key: 'total' },
      at: '2026-11-20T12:00:00+05:30',
    });
    expect(ir.basket!.map((i) => [i.label, i.quantity, i.pieces])).toEqual([
      ['Amul Pasteurised Butter 500 g', 2, null],
      ['Aashirvaad Shudh Chakki Atta 5 kg', 1, null],
      ['eggs', 6, 6],
    ]);
    expect(ir.basket![0]!.options).toEqual([
      { product_id: productId(p.vocab, 'Amul Pasteurised Butter', '500 g'), packs: 2, fit: 0 },
    ]);
    // Every 6-piece egg pack may fill "6 eggs", each an exact fit.
    expect(ir.basket![2]!.options.length).toBeGreaterThan(1);
    expect(ir.basket![2]!.options.every((o) => o.fit === 0 && o.packs === 1)).toBe(true);
    const plan = planQuery(ir, p.planner, QUESTION.toLowerCase());
    expect(plan.template).toBe('basket');
    expect(compileQuery(ir, plan, p.vocab)).toBeNull();
    const keys = [
      QUESTION,
      'cheapest platform for 2 amul butter 500 g, 1 aashirvaad atta 5 kg and 6 eggs in bangalore',
    ].map((q) => irCacheKey(interpret(q)));
    expect(keys[1]).toBe(keys[0]);
  });

  it('prices one-product items exactly as the basket API does', async () => {
    const question = "2 Lay's classic salted 50g and 1 Coca-Cola 750ml: cheapest platform in Bengaluru";
    const ir = interpret(question);
    expect(ir.basket!.map((i) => i.options.map((o) => o.product_id))).toEqual([
      [productId(p.vocab, "Lay's Classic Salted Potato Chips", '50 g')],
      [productId(p.vocab, 'Coca-Cola Original Taste Cold Drink', '750 ml')],
    ]);
    const nl = await priceBasketQuestion(p.db, ir);
    const api = await compareBasket(
      { db: p.db, clock: fixedClock(ir.at!) },
      {
        city: 'Bengaluru',
        items: ir.basket!.map((i) => ({ product_id: i.options[0]!.product_id, quantity: i.quantity })),
      },
    );
    const totals = (c: typeof nl) => c.platforms.map((x) => [x.platform_slug, x.complete, x.total]);
    expect(totals(nl)).toEqual(totals(api));
    expect(nl.split.total).toBe(api.split.total);
    expect(nl.cheapest_platform).toBe(api.cheapest_platform);
  });

  it('uses, on each platform, the cheapest in-stock product among equally fitting choices', async () => {
    const ir = interpret(QUESTION);
    const comparison = await priceBasketQuestion(p.db, ir);
    const eggIds = new Set(ir.basket![2]!.options.map((o) => o.product_id));
    const { rows: eggOffers } = await p.db.query<{ slug: string; price: number }>(
      `SELECT pf.slug, min(cp.price)::float8 AS price FROM current_prices cp
         JOIN platforms pf ON pf.id = cp.platform_id
         JOIN availability_status a ON a.listing_id = cp.listing_id
         JOIN cities ci ON ci.id = a.city_id AND ci.name = 'Bengaluru'
        WHERE cp.product_id = ANY($1::bigint[]) AND a.in_stock GROUP BY pf.slug`,
      [[...eggIds]],
    );
    for (const cart of comparison.platforms) {
      const eggs = cart.lines.find((l) => eggIds.has(l.product_id));
      const cheapest = eggOffers.find((o) => o.slug === cart.platform_slug);
      expect(eggs?.price ?? null, cart.platform_slug).toBe(cheapest?.price ?? null);
    }
  });

  it('turns the comparison into platform rows (fullest, then cheapest first) and split rows', async () => {
    const comparison = await priceBasketQuestion(p.db, interpret(QUESTION));
    const rows = basketRows(comparison);
    const carts = rows.filter((r) => r.kind === 'platform');
    expect(carts.length).toBe(comparison.platforms.filter((x) => x.item_count > 0).length);
    const complete = comparison.platforms.filter((x) => x.complete);
    expect(carts[0]).toMatchObject({ platform_slug: complete[0]!.platform_slug, total: complete[0]!.total });
    expect(rows.filter((r) => r.kind === 'split').length).toBe(comparison.split.orders.length);
    for (const r of carts) {
      expect(r.missing_items === null).toBe(Number(r.item_count) === 3);
    }
  });

  it('asks for a city instead of pricing a basket nowhere', () => {
    try {
      interpret('total for 2 amul butter 500g and 1 tata salt');
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe(ErrorCode.InvalidQuery);
      expect((error as AppError).details).toMatchObject({ reason: 'missing_city' });
    }
    expect(interpret('total for 2 amul butter 500g and 1 tata salt', { city: 'Pune' }).city?.name).toBe(
      'Pune',
    );
  });
});
