import type { IR } from '../ir.ts';
import type { Plan } from '../planner.ts';
import type { Vocabulary } from '../vocabulary.ts';
import { compileAvailability, compileDelivery, compileDeliveryByPlatform } from './availability.ts';
import { compileHistory, compilePriceChanges } from './history.ts';
import { compileListings } from './listings.ts';
import {
  compileCoupons,
  compileFees,
  compileFlashSales,
  compileMembership,
  compilePlatformStats,
} from './offers.ts';
import type { CompiledQuery } from './output.ts';

export type { CompiledQuery } from './output.ts';
export { TOTAL_COUNT_COLUMN } from './output.ts';

/**
 * IR + plan → one parameterised SELECT whose result columns use the response's column names; null for a
 * basket, which is priced by the basket module's own queries (src/nlq/basket.ts).
 */
export function compileQuery(ir: IR, plan: Plan, vocab: Vocabulary): CompiledQuery | null {
  switch (plan.template) {
    case 'listings':
      return compileListings(ir, plan, vocab);
    case 'availability':
      return compileAvailability(ir, plan, vocab);
    case 'delivery':
      return compileDelivery(ir, plan, vocab);
    case 'delivery_by_platform':
      return compileDeliveryByPlatform(ir, plan);
    case 'history':
      return compileHistory(ir, plan, vocab);
    case 'price_changes':
      return compilePriceChanges(ir, plan, vocab);
    case 'membership':
      return compileMembership(ir, plan, vocab);
    case 'platform_stats':
      return compilePlatformStats(ir, plan, vocab);
    case 'coupons':
      return compileCoupons(ir, plan);
    case 'flash_sales':
      return compileFlashSales(ir, plan, vocab);
    case 'fees':
      return compileFees(ir, plan);
    case 'basket':
      return null;
  }
}
