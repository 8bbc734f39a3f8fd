import type { FeedRecord } from '../src/catalog/feed/records.ts';
import type { Database } from '../src/db/database.ts';
import { BASKET_TABLES, type BasketItem, basketExpect, computeBaskets } from './basket-gold.ts';
import {
  type AskContextLike,
  type Category,
  type EvalQuestion,
  evaluateGold,
  GoldHelpers,
  type SqlGold,
  stableJson,
} from './gold.ts';
import { refusalQuestions } from './refusals.ts';
import { initSqlParser, tablesOf } from './sql-safety.ts';

/** A question before its expectation is computed. */
export interface BankEntry {
  id: string;
  question: string;
  context?: AskContextLike;
  category: Category;
  gold: SqlGold | BasketGold | { refuse: true };
  note?: string;
}

export interface BasketGold {
  basket: {
    city: string;
    items: BasketItem[];
    /** Other readings of loosely named items ("6 eggs"): the expectation must not depend on them. */
    alts?: { label: string; items: BasketItem[] }[];
  };
}

export function isBasket(gold: BankEntry['gold']): gold is BasketGold {
  return 'basket' in gold;
}

export function isRefusal(gold: BankEntry['gold']): gold is { refuse: true } {
  return 'refuse' in gold;
}

/** Appends numbered entries per category: `add('fees', 'delivery fee on zepto in pune', gold)`. */
export class BankBuilder {
  readonly entries: BankEntry[] = [];
  private readonly counters = new Map<string, number>();

  constructor(private readonly prefix = '') {}

  add(
    category: Category,
    question: string,
    gold: BankEntry['gold'],
    context?: AskContextLike,
    note?: string,
  ): void {
    const n = (this.counters.get(category) ?? 0) + 1;
    this.counters.set(category, n);
    this.entries.push({
      id: `${this.prefix}${category}-${String(n).padStart(3, '0')}`,
      question,
      category,
      gold,
      ...(context ? { context } : {}),
      ...(note ? { note } : {}),
    });
  }

  addRefusals(): void {
    for (const r of refusalQuestions()) {
      this.entries.push({
        id: `${this.prefix}${r.id}`,
        question: r.question,
        category: 'refusal',
        gold: { refuse: true },
        note: r.group,
      });
    }
  }
}

export interface Materialized {
  questions: EvalQuestion[];
  problems: { id: string; question: string; reason: string }[];
}

export type MaterializeOne = (entry: BankEntry) => Promise<EvalQuestion | { problem: string }>;

/**
 * Computes entries' expectations against the catalog in `db` (and, for baskets, the raw feed records).
 * An entry whose readings disagree or whose gold is empty comes back as a problem.
 */
export async function createMaterializer(
  db: Database,
  records: FeedRecord[],
  now: Date,
): Promise<MaterializeOne> {
  await initSqlParser();
  const h = await GoldHelpers.load(db);
  return async (entry) => {
    const base = {
      id: entry.id,
      question: entry.question,
      ...(entry.context ? { context: entry.context } : {}),
      category: entry.category,
    };
    const gold = entry.gold;
    if (isRefusal(gold))
      return { ...base, expect: { refuse: true }, ...(entry.note ? { note: entry.note } : {}) };
    if (isBasket(gold)) {
      try {
        const expect = basketExpect(computeBaskets(records, gold.basket.items, gold.basket.city, now));
        const readings = ['as named'];
        const alts = gold.basket.alts ?? [];
        if (alts.length > 0 && expect.first?.platform_slug === undefined)
          throw new Error('the cheapest platforms tie');
        for (const alt of alts) {
          const other = basketExpect(computeBaskets(records, alt.items, gold.basket.city, now));
          if (other.first?.platform_slug !== expect.first?.platform_slug) {
            throw new Error(
              `reading "${alt.label}" picks ${stableJson(other.first)} instead of ${stableJson(expect.first)}`,
            );
          }
          readings.push(alt.label);
        }
        // Other readings of a loosely named item change the totals; only the winning platform must agree.
        return {
          ...base,
          gold_tables: BASKET_TABLES,
          ...(alts.length > 0 ? { readings } : {}),
          expect: alts.length > 0 ? { first: { platform_slug: expect.first!.platform_slug! } } : expect,
          note: `basket computed from feed records: ${gold.basket.items.map((i) => `${i.qty} × ${i.label}`).join(', ')} in ${gold.basket.city}`,
        };
      } catch (error) {
        return { problem: (error as Error).message };
      }
    }
    const result = await evaluateGold(db, gold, h);
    if (!result.ok) return { problem: result.reason };
    return {
      ...base,
      gold_sql: gold.sql,
      gold_tables: tablesOf(gold.sql),
      ...(result.readings.length > 1 ? { readings: result.readings } : {}),
      expect: result.expect,
      ...(entry.note ? { note: entry.note } : {}),
    };
  };
}

export async function materialize(
  db: Database,
  entries: BankEntry[],
  records: FeedRecord[],
  now: Date,
): Promise<Materialized> {
  const one = await createMaterializer(db, records, now);
  const questions: EvalQuestion[] = [];
  const problems: Materialized['problems'] = [];
  for (const entry of entries) {
    const result = await one(entry);
    if ('problem' in result)
      problems.push({ id: entry.id, question: entry.question, reason: result.problem });
    else questions.push(result);
  }
  return { questions, problems };
}
