import { toPaise, toRupees } from '../catalog/read/lookup.ts';
import { type CartCharges, type CartFees, type Coupon, cartCharges } from './cart-charges.ts';

export interface SplitItem {
  product_id: number;
  product: string;
  quantity: number;
}

export interface SplitPlatform {
  id: number;
  platform: string;
  platform_slug: string;
  /** Null when the platform does not deliver to the city. */
  fees: CartFees | null;
}

export interface BasketLine extends SplitItem {
  price: number;
  line_total: number;
}

export interface PlatformOrder extends CartCharges {
  platform: string;
  platform_slug: string;
  lines: BasketLine[];
}

export interface CheapestSplit<I> {
  orders: PlatformOrder[];
  total: number;
  /** Items no delivering platform can supply. */
  unavailable: I[];
}

/** The line a platform would sell for an item (in stock, best fit), or undefined when it cannot. */
export type LineAt<I> = (platform: SplitPlatform, item: I) => BasketLine | undefined;

/** Sets of platforms are enumerated over at most this many (2^8 sets); beyond, those selling most items. */
const MAX_SPLIT_PLATFORMS = 8;

/**
 * The cheapest way to buy the basket from one or more platforms, fees and coupons included. Fees depend on
 * each order's value (free delivery above a threshold, small-cart fees), so buying every item where it is
 * cheapest is not always cheapest overall: every set of platforms is tried, each item first goes to the
 * cheapest platform in the set, then single items move between orders while that lowers the total. A single
 * platform is one of the sets, so the split never costs more than the cheapest complete single order.
 */
export function cheapestSplit<I>(
  items: I[],
  platforms: SplitPlatform[],
  lineAt: LineAt<I>,
  couponsOf: (platformId: number) => Coupon[],
): CheapestSplit<I> {
  const delivering = platforms.filter((p) => p.fees !== null);
  /** Per item, per delivering platform: the line it would buy there. */
  const linesFor = items.map((item) => new Map(delivering.flatMap((p) => lineEntry(p, lineAt(p, item)))));
  const unavailable = items.filter((_, i) => linesFor[i]!.size === 0);
  const orderable = linesFor.filter((lines) => lines.size > 0);
  const candidates = delivering
    .map((p) => ({ p, sells: orderable.filter((lines) => lines.has(p)).length }))
    .filter((c) => c.sells > 0)
    .sort((a, b) => b.sells - a.sells)
    .slice(0, MAX_SPLIT_PLATFORMS)
    .map((c) => c.p);

  const ordersOf = (assignment: SplitPlatform[]) =>
    [...new Set(assignment)].map((p) =>
      priceOrder(
        p,
        orderable.flatMap((lines, i) => (assignment[i] === p ? [lines.get(p)!] : [])),
        couponsOf,
      ),
    );
  const totalOf = (assignment: SplitPlatform[]) =>
    ordersOf(assignment).reduce((sum, o) => sum + toPaise(o.total), 0);

  let best: { assignment: SplitPlatform[]; total: number } | null = null;
  for (let mask = 1; mask < 1 << candidates.length; mask += 1) {
    const set = candidates.filter((_, i) => mask & (1 << i));
    const assignment: SplitPlatform[] = [];
    for (const lines of orderable) {
      const cheapest = set
        .filter((p) => lines.has(p))
        .sort((a, b) => toPaise(lines.get(a)!.line_total) - toPaise(lines.get(b)!.line_total))[0];
      if (!cheapest) break;
      assignment.push(cheapest);
    }
    if (assignment.length < orderable.length) continue;
    const improved =
      set.length === 1
        ? { assignment, total: totalOf(assignment) }
        : improveByMoves(assignment, set, orderable, totalOf);
    if (!best || improved.total < best.total) best = improved;
  }

  const orders = best ? ordersOf(best.assignment) : [];
  return {
    orders,
    total: toRupees(orders.reduce((sum, o) => sum + toPaise(o.total), 0)),
    unavailable,
  };
}

function lineEntry(platform: SplitPlatform, line: BasketLine | undefined): [SplitPlatform, BasketLine][] {
  return line ? [[platform, line]] : [];
}

/** Moves one item at a time to another platform of the set while that lowers the total (fees are step-shaped). */
function improveByMoves(
  start: SplitPlatform[],
  set: SplitPlatform[],
  linesFor: Map<SplitPlatform, BasketLine>[],
  totalOf: (assignment: SplitPlatform[]) => number,
): { assignment: SplitPlatform[]; total: number } {
  let assignment = start;
  let total = totalOf(assignment);
  for (let improved = true; improved; ) {
    improved = false;
    for (let i = 0; i < linesFor.length; i += 1) {
      for (const p of set) {
        if (p === assignment[i] || !linesFor[i]!.has(p)) continue;
        const moved = assignment.with(i, p);
        const movedTotal = totalOf(moved);
        if (movedTotal < total) {
          assignment = moved;
          total = movedTotal;
          improved = true;
        }
      }
    }
  }
  return { assignment, total };
}

/** One order on a platform: its lines, fees by its rules for the cart value, and its best coupon. */
export function priceOrder(
  platform: SplitPlatform,
  lines: BasketLine[],
  couponsOf: (platformId: number) => Coupon[],
): PlatformOrder {
  const itemsTotal = lines.reduce((sum, l) => sum + toPaise(l.line_total), 0);
  return {
    platform: platform.platform,
    platform_slug: platform.platform_slug,
    ...cartCharges(itemsTotal, platform.fees, couponsOf(platform.id)),
    lines,
  };
}
