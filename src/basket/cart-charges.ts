import { toPaise, toRupees } from '../catalog/read/lookup.ts';

export interface CartFees {
  delivery_fee: number;
  free_delivery_above: number;
  handling_fee: number;
  small_cart_fee: number;
  small_cart_below: number;
}

export interface Coupon {
  platform_id: number;
  code: string;
  percent_off: number | null;
  amount_off: number | null;
  max_discount: number | null;
  min_cart_value: number;
}

export interface CartCharges {
  items_total: number;
  delivery_charge: number;
  handling_charge: number;
  small_cart_charge: number;
  coupon_code: string | null;
  coupon_discount: number;
  total: number;
}

/**
 * What one order costs on a platform: fees by its rules for the cart value, minus the coupon (already valid
 * now) that saves most. An empty cart, or a platform without fees in the city, is no order and costs 0.
 */
export function cartCharges(itemsTotal: number, fees: CartFees | null, coupons: Coupon[]): CartCharges {
  if (!fees || itemsTotal === 0) {
    return {
      items_total: toRupees(itemsTotal),
      delivery_charge: 0,
      handling_charge: 0,
      small_cart_charge: 0,
      coupon_code: null,
      coupon_discount: 0,
      total: toRupees(itemsTotal),
    };
  }
  const delivery = itemsTotal >= toPaise(fees.free_delivery_above) ? 0 : toPaise(fees.delivery_fee);
  const handling = toPaise(fees.handling_fee);
  const smallCart = itemsTotal < toPaise(fees.small_cart_below) ? toPaise(fees.small_cart_fee) : 0;
  const coupon = bestCoupon(itemsTotal, coupons);
  return {
    items_total: toRupees(itemsTotal),
    delivery_charge: toRupees(delivery),
    handling_charge: toRupees(handling),
    small_cart_charge: toRupees(smallCart),
    coupon_code: coupon?.code ?? null,
    coupon_discount: toRupees(coupon?.discount ?? 0),
    total: toRupees(itemsTotal + delivery + handling + smallCart - (coupon?.discount ?? 0)),
  };
}

/** The coupon saving most on this cart value, in paise; percent coupons are capped by max_discount. */
export function bestCoupon(itemsTotal: number, coupons: Coupon[]): { code: string; discount: number } | null {
  let best: { code: string; discount: number } | null = null;
  for (const c of coupons) {
    if (itemsTotal < toPaise(c.min_cart_value)) continue;
    const raw =
      c.percent_off !== null ? Math.round((itemsTotal * c.percent_off) / 100) : toPaise(c.amount_off ?? 0);
    const capped = c.max_discount !== null ? Math.min(raw, toPaise(c.max_discount)) : raw;
    const discount = Math.min(capped, itemsTotal);
    if (discount > 0 && (!best || discount > best.discount)) best = { code: c.code, discount };
  }
  return best;
}
