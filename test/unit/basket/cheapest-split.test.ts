import { describe, expect, it } from 'vitest';
import type { CartFees, Coupon } from '../../../src/basket/cart-charges.ts';
import { cheapestSplit, type LineAt, type SplitPlatform } from '../../../src/basket/cheapest-split.ts';

const noFees: CartFees = {
  delivery_fee: 0,
  free_delivery_above: 0,
  handling_fee: 0,
  small_cart_fee: 0,
  small_cart_below: 0,
};
const platform = (id: number, fees: Partial<CartFees> | null = {}): SplitPlatform => ({
  id,
  platform: `P${id}`,
  platform_slug: `p${id}`,
  fees: fees && { ...noFees, ...fees },
});
interface Offer {
  platform_id: number;
  product_id: number;
  price: number;
  in_stock: boolean;
}
const offer = (platform_id: number, product_id: number, price: number, in_stock = true): Offer => ({
  platform_id,
  product_id,
  price,
  in_stock,
});
type Item = ReturnType<typeof item>;
const item = (product_id: number, quantity = 1) => ({ product_id, product: `item ${product_id}`, quantity });
/** What a platform sells for an item: its in-stock offer for the product, times the quantity. */
const sold =
  (offers: Offer[]): LineAt<Item> =>
  (p, i) => {
    const o = offers.find((x) => x.platform_id === p.id && x.product_id === i.product_id && x.in_stock);
    return o && { ...i, price: o.price, line_total: o.price * i.quantity };
  };
const noCoupons = () => [];
const placement = (split: ReturnType<typeof cheapestSplit<Item>>) =>
  Object.fromEntries(split.orders.flatMap((o) => o.lines.map((l) => [l.product_id, o.platform_slug])));

describe('cheapest split', () => {
  it('buys each item where it is cheapest when nothing else costs anything', () => {
    const split = cheapestSplit(
      [item(1, 2), item(2)],
      [platform(1), platform(2)],
      sold([offer(1, 1, 10), offer(2, 1, 12), offer(1, 2, 30), offer(2, 2, 25)]),
      noCoupons,
    );
    expect(placement(split)).toEqual({ 1: 'p1', 2: 'p2' });
    expect(split.total).toBe(45);
    expect(split.unavailable).toEqual([]);
  });

  it('keeps one order when a second order’s fees cost more than its cheaper items save', () => {
    // Item by item P2 is cheaper for item 2, but its delivery and small-cart fees outweigh the ₹5 saved.
    const split = cheapestSplit(
      [item(1), item(2)],
      [platform(1), platform(2, { delivery_fee: 30, small_cart_fee: 20, small_cart_below: 99 })],
      sold([offer(1, 1, 100), offer(1, 2, 60), offer(2, 2, 55)]),
      noCoupons,
    );
    expect(placement(split)).toEqual({ 1: 'p1', 2: 'p1' });
    expect(split.total).toBe(160);
  });

  it('moves an item to reach a free-delivery threshold when that is cheaper', () => {
    // P1 delivers free from ₹150; item 2 is ₹2 cheaper on P2, but keeping it on P1 saves P1's ₹40 delivery.
    const split = cheapestSplit(
      [item(1), item(2), item(3)],
      [platform(1, { delivery_fee: 40, free_delivery_above: 150 }), platform(2)],
      sold([offer(1, 1, 100), offer(1, 2, 52), offer(2, 2, 50), offer(2, 3, 20)]),
      noCoupons,
    );
    expect(placement(split)).toEqual({ 1: 'p1', 2: 'p1', 3: 'p2' });
    expect(split.total).toBe(172);
  });

  it('counts each order’s best coupon', () => {
    const coupons = (id: number): Coupon[] =>
      id === 2
        ? [
            {
              platform_id: 2,
              code: 'BIG',
              percent_off: null,
              amount_off: 50,
              max_discount: null,
              min_cart_value: 100,
            },
          ]
        : [];
    const split = cheapestSplit(
      [item(1), item(2)],
      [platform(1), platform(2)],
      sold([offer(1, 1, 60), offer(2, 1, 70), offer(1, 2, 40), offer(2, 2, 45)]),
      coupons,
    );
    expect(placement(split)).toEqual({ 1: 'p2', 2: 'p2' });
    expect(split.orders[0]!.coupon_code).toBe('BIG');
    expect(split.total).toBe(65);
  });

  it('lists items no delivering platform has in stock, and ignores platforms that do not deliver', () => {
    const split = cheapestSplit(
      [item(1), item(2), item(3)],
      [platform(1), platform(2, null)],
      sold([offer(1, 1, 10), offer(1, 2, 20, false), offer(2, 2, 5), offer(2, 3, 5)]),
      noCoupons,
    );
    expect(split.unavailable.map((i) => i.product_id)).toEqual([2, 3]);
    expect(placement(split)).toEqual({ 1: 'p1' });
    expect(split.total).toBe(10);
  });

  it('never costs more than the cheapest complete single order, on random baskets', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 200; round += 1) {
      const platforms = [1, 2, 3, 4].map((id) =>
        platform(id, {
          delivery_fee: Math.round(random() * 40),
          free_delivery_above: Math.round(random() * 300),
          handling_fee: Math.round(random() * 10),
          small_cart_fee: Math.round(random() * 30),
          small_cart_below: Math.round(random() * 150),
        }),
      );
      const items = [1, 2, 3, 4, 5]
        .slice(0, 1 + Math.floor(random() * 5))
        .map((id) => item(id, 1 + (id % 2)));
      const offers = platforms.flatMap((p) =>
        items
          .filter(() => random() < 0.8)
          .map((i) => offer(p.id, i.product_id, 10 + Math.round(random() * 200))),
      );
      const split = cheapestSplit(items, platforms, sold(offers), noCoupons);
      const placed = split.orders.flatMap((o) => o.lines.map((l) => l.product_id)).sort();
      expect([...placed, ...split.unavailable.map((i) => i.product_id)].sort()).toEqual(
        items.map((i) => i.product_id).sort(),
      );
      for (const p of platforms) {
        const own = offers.filter((o) => o.platform_id === p.id);
        if (split.unavailable.length > 0 || own.length < items.length) continue;
        const single = cheapestSplit(items, [p], sold(own), noCoupons);
        expect(split.total).toBeLessThanOrEqual(single.total);
      }
    }
  });
});
