import type { JoinStep } from '../schema/join-graph.ts';

/** Building blocks shared by the compilers: parameters, table aliases and JOIN rendering. */

/** Every user-derived value becomes a numbered parameter with an explicit cast; text is never spliced in. */
export class Params {
  readonly values: unknown[] = [];

  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }

  /** Ids as a bigint array parameter, for `= ANY(...)`. */
  ids(ids: readonly number[]): string {
    return this.add([...ids], 'bigint[]');
  }
}

/** Short, fixed aliases so compiled SQL reads the same for every question. */
export const ALIAS: Readonly<Record<string, string>> = {
  products: 'p',
  product_brands: 'b',
  product_categories: 'c',
  platforms: 'pf',
  platform_listings: 'l',
  current_prices: 'cp',
  price_history: 'ph',
  price_changes: 'pc',
  membership_prices: 'mp',
  availability_status: 'a',
  delivery_estimates: 'd',
  inventory_levels: 'i',
  cities: 'ci',
  pincodes: 'pin',
  platform_fees: 'f',
  coupon_codes: 'cc',
  flash_sales: 'fs',
  discounts: 'dsc',
};

export function aliasOf(table: string): string {
  return ALIAS[table] ?? table;
}

export interface JoinClause {
  table: string;
  alias: string;
  type: 'JOIN' | 'LEFT JOIN';
  /** Foreign-key condition from the join graph, then any extra conditions. */
  conditions: string[];
}

/** A planned join: the join-graph step plus how the compiler must join it. */
export interface PlannedJoin {
  step: JoinStep;
  type: 'JOIN' | 'LEFT JOIN';
}

export function fkCondition(step: JoinStep): string {
  const right = `${aliasOf(step.on.rightTable)}.${step.on.rightColumn}`;
  const left = `${aliasOf(step.on.leftTable)}.${step.on.leftColumn}`;
  return `${right} = ${left}`;
}

/** `JOIN … ON …` lines, with extra conditions per joined table (city, time) appended to its ON. */
export function renderJoins(
  joins: readonly PlannedJoin[],
  extra: Readonly<Record<string, readonly string[]>> = {},
): string[] {
  return joins.map((join) => {
    const conditions = [fkCondition(join.step), ...(extra[join.step.table] ?? [])];
    return `${join.type} ${join.step.table} ${aliasOf(join.step.table)} ON ${conditions.join(' AND ')}`;
  });
}

/** `FROM root r JOIN … ON …` with extra conditions per joined table appended to its ON. */
export function renderFrom(
  root: string,
  joins: readonly PlannedJoin[],
  extra: Readonly<Record<string, readonly string[]>> = {},
  indent = '  ',
): string {
  return [`FROM ${root} ${aliasOf(root)}`, ...renderJoins(joins, extra)].join(`\n${indent}`);
}

export function whereClause(conditions: readonly string[], indent = '  '): string {
  return conditions.length === 0 ? '' : `\n${indent}WHERE ${conditions.join(`\n${indent}  AND `)}`;
}

/** Money and percentages: two decimals. */
export const money = (expr: string) => `round(${expr}, 2)`;
