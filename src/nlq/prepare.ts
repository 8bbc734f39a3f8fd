import type { QuantityMention } from './entity-linker.ts';
import { normalizeQuestion } from './normalize.ts';
import { words } from './text.ts';

/**
 * The one place the engine meets the question normaliser (normalize.ts): its output is mapped to what the
 * entity linker and intent parser read, so a change in the normaliser's shape is absorbed here.
 */

export interface MoneyMention {
  /** Rupees; for a range its upper end. */
  amount: number;
  /** max: "under ₹100"; min: "above ₹500"; exact: "₹99"; range: "between ₹50 and ₹100" (min set). */
  bound: 'max' | 'min' | 'exact' | 'range';
  min?: number;
  start: number;
  end: number;
}

export interface PercentMention {
  value: number;
  bound: 'max' | 'min' | 'exact' | 'range';
  min?: number;
  start: number;
  end: number;
}

export interface PreparedQuestion {
  original: string;
  /** Normalised text: lower case, Hinglish translated, typos fixed, measures canonical. Spans refer to it. */
  text: string;
  quantities: QuantityMention[];
  money: MoneyMention[];
  percents: PercentMention[];
  /** Percent signs that belong to a name ("Tropicana 100% Orange Juice"), not to a discount. */
  nameParts: { start: number; end: number }[];
}

const DISCOUNT_AFTER = /^\s*(?:off|discount|discounted|cashback|sale|deal)\b/;

/** "100%" that no discount word follows is a claim in a product name ("100% whole wheat"): no one is 100% off. */
function isNamePercent(text: string, p: { value: number; bound: string; end: number }): boolean {
  return p.bound === 'exact' && p.value === 100 && !DISCOUNT_AFTER.test(text.slice(p.end));
}

/**
 * A percentage that a product name has beside the same word ("55% cocoa" in "Dark Chocolate 55% Cocoa") is
 * part of that name, not a discount: it moves to `nameParts` unless a discount word follows it.
 */
export function withNamePercents(
  prepared: PreparedQuestion,
  namePercents: ReadonlySet<string>,
): PreparedQuestion {
  const inName = (p: PercentMention) => {
    if (p.bound !== 'exact' || DISCOUNT_AFTER.test(prepared.text.slice(p.end))) return false;
    const before = words(prepared.text.slice(0, p.start)).at(-1);
    const after = words(prepared.text.slice(p.end))[0];
    return namePercents.has(`${p.value} ${after}`) || namePercents.has(`${before} ${p.value}`);
  };
  const named = prepared.percents.filter(inName);
  if (named.length === 0) return prepared;
  return {
    ...prepared,
    percents: prepared.percents.filter((p) => !named.includes(p)),
    nameParts: [...prepared.nameParts, ...named.map((p) => ({ start: p.start, end: p.end }))],
  };
}

export function prepareQuestion(question: string): PreparedQuestion {
  const n = normalizeQuestion(question);
  return {
    original: n.original,
    text: n.text,
    quantities: [
      ...n.quantities.map(
        (q): QuantityMention => ({
          amount: q.quantity,
          unit: q.unit,
          start: q.start,
          end: q.end,
          ...(q.packCount > 1 ? { packCount: q.packCount } : {}),
        }),
      ),
      ...n.multipacks.map(
        (m): QuantityMention => ({
          amount: m.count,
          unit: 'pcs',
          packCount: m.count,
          multipack: true,
          start: m.start,
          end: m.end,
        }),
      ),
    ].sort((a, b) => a.start - b.start),
    money: n.money.map((m) => ({
      amount: m.amount,
      bound: m.bound,
      start: m.start,
      end: m.end,
      ...(m.min !== undefined ? { min: m.min } : {}),
    })),
    nameParts: n.percent.filter((p) => isNamePercent(n.text, p)).map((p) => ({ start: p.start, end: p.end })),
    percents: n.percent
      .filter((p) => !isNamePercent(n.text, p))
      .map((p) => ({
        value: p.value,
        bound: p.bound,
        start: p.start,
        end: p.end,
        ...(p.min !== undefined ? { min: p.min } : {}),
      })),
  };
}
