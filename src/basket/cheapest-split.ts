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

export interface SplitOffer {
  platform_id: number;
  product_id: number;
  price: number;
  in_stock: boolean;
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

export interface CheapestSplit {
  orders: PlatformOrder[];
  total: number;
  /** Items no delivering platform has in stock. */
  unavailable: SplitItem[];
}

/** Sets of platforms are enumerated over at most this many (2^8 sets); beyond, those selling most items. */
const MAX_SPLIT_PLATFORMS = 8;

/**
 * The cheapest way to buy the basket from one or more platforms, fees and coupons included. Fees depend on
 * each order's value (free delivery above a threshold, small-cart fees), so buying every item where it is
 * cheapest is not always cheapest overall: every set of platforms is tried, each item first goes to the
 * cheapest platform in the set, then single items move between orders while that lowers the total. A single
 * platform is one of the sets, so the split never costs more than the cheapest complete single order.
 */
export function cheapestSplit(
  items: SplitItem[],
  platforms: SplitPlatform[],
  offers: SplitOffer[],
  couponsOf: (platformId: number) => Coupon[],
): CheapestSplit {
  const delivering = platforms.filter((p) => p.fees !== null);
  const priceAt = new Map<string, number>();
  for (const o of offers) {
    if (o.in_stock) priceAt.set(`${o.platform_id}:${o.product_id}`, o.price);
  }
  const sellers = (item: SplitItem) => delivering.filter((p) => priceAt.has(`${p.id}:${item.product_id}`));
  const unavailable = items.filter((item) => sellers(item).length === 0);
  const orderable = items.filter((item) => sellers(item).length > 0);
  const candidates = delivering
    .filter((p) => orderable.some((item) => priceAt.has(`${p.id}:${item.product_id}`)))
    .sort((a, b) => coverage(b) - coverage(a))
    .slice(0, MAX_SPLIT_PLATFORMS);
  function coverage(p: SplitPlatform) {
    return orderable.filter((item) => priceAt.has(`${p.id}:${item.product_id}`)).length;
  }

  const totalOf = (assignment: SplitPlatform[]) => {
    let sum = 0;
    for (const p of new Set(assignment))
      sum += toPaise(priceOrder(p, linesOn(p, assignment), couponsOf).total);
    return sum;
  };
  const linesOn = (p: SplitPlatform, assignment: SplitPlatform[]) =>
    orderable.flatMap((item, i) =>
      assignment[i] === p ? [basketLine(item, priceAt.get(`${p.id}:${item.product_id}`)!)] : [],
    );

  let best: { assignment: SplitPlatform[]; total: number } | null = null;
  for (let mask = 1; mask < 1 << candidates.length; mask += 1) {
    const set = candidates.filter((_, i) => mask & (1 << i));
    const assignment: SplitPlatform[] = [];
    let covered = true;
    for (const item of orderable) {
      const cheapest = set
        .filter((p) => priceAt.has(`${p.id}:${item.product_id}`))
        .sort(
          (a, b) => priceAt.get(`${a.id}:${item.product_id}`)! - priceAt.get(`${b.id}:${item.product_id}`)!,
        )[0];
      if (!cheapest) {
        covered = false;
        break;
      }
      assignment.push(cheapest);
    }
    if (!covered) continue;
    const improved =
      set.length === 1
        ? { assignment, total: totalOf(assignment) }
        : improveByMoves(assignment, set, orderable, priceAt, totalOf);
    if (!best || improved.total < best.total) best = improved;
  }

  const used = best ? [...new Set(best.assignment)] : [];
  const orders = used.map((p) => priceOrder(p, linesOn(p, best!.assignment), couponsOf));
  return {
    orders,
    total: toRupees(orders.reduce((sum, o) => sum + toPaise(o.total), 0)),
    unavailable,
  };
}

/** Moves one item at a time to another platform of the set while that lowers the total (fees are step-shaped). */
function improveByMoves(
  start: SplitPlatform[],
  set: SplitPlatform[],
  items: SplitItem[],
  priceAt: Map<string, number>,
  totalOf: (assignment: SplitPlatform[]) => number,
): { assignment: SplitPlatform[]; total: number } {
  let assignment = start;
  let total = totalOf(assignment);
  for (let improved = true; improved; ) {
    improved = false;
    for (let i = 0; i < items.length; i += 1) {
      for (const p of set) {
        if (p === assignment[i] || !priceAt.has(`${p.id}:${items[i]!.product_id}`)) continue;
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

export function basketLine(item: SplitItem, price: number): BasketLine {
  return { ...item, price, line_total: toRupees(toPaise(price) * item.quantity) };
}
