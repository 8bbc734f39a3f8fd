/** Display formats: rupees the Indian way (₹1,299.00) and times in India Standard Time, whatever the browser. */

const INR = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR' });
const NUMBER = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 2 });
const IST_DATE_TIME = new Intl.DateTimeFormat('en-IN', {
  timeZone: 'Asia/Kolkata',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: true,
});
const IST_TIME = new Intl.DateTimeFormat('en-IN', {
  timeZone: 'Asia/Kolkata',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: true,
});
const IST_DAY = new Intl.DateTimeFormat('en-IN', {
  timeZone: 'Asia/Kolkata',
  day: 'numeric',
  month: 'short',
});

export const inr = (rupees: number): string => INR.format(rupees);
export const number = (value: number): string => NUMBER.format(value);
export const percent = (value: number): string => `${NUMBER.format(value)}%`;
export const istDateTime = (iso: string | Date): string => `${IST_DATE_TIME.format(new Date(iso))} IST`;
export const istTime = (iso: string | Date): string => `${IST_TIME.format(new Date(iso))} IST`;
export const istDay = (iso: string | Date): string => IST_DAY.format(new Date(iso));
export const minutes = (value: number): string => `${NUMBER.format(value)} min`;

/** "2h 05m 09s" until the end; "ended" once it has passed. */
export function countdown(ms: number): string {
  if (ms <= 0) return 'ended';
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}h ${pad(m)}m ${pad(s)}s` : `${m}m ${pad(s)}s`;
}

/** Result columns the NL engine names by convention (src/nlq/response.ts) and how to show them. */
const MONEY_COLUMNS = new Set([
  'price',
  'mrp',
  'member_price',
  'member_savings',
  'unit_price',
  'lowest_price',
  'highest_price',
  'average_price',
  'old_price',
  'new_price',
  'change_amount',
  'amount_off',
  'max_discount',
  'min_cart_value',
  'delivery_fee',
  'free_delivery_above',
  'handling_fee',
  'small_cart_fee',
  'small_cart_below',
  'items_total',
  'delivery_charge',
  'handling_charge',
  'small_cart_charge',
  'coupon_discount',
  'total',
  'savings',
]);
const PERCENT_COLUMNS = new Set([
  'discount_percent',
  'change_percent',
  'percent_off',
  'average_discount_percent',
]);
const TIME_COLUMNS = new Set(['recorded_at', 'changed_at', 'valid_until', 'ends_at', 'date', 'last_updated']);

export type Cell = string | number | boolean | null;

export function formatCell(column: string, value: Cell): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') {
    if (column === 'in_stock') return value ? 'In stock' : 'Out of stock';
    return value ? 'Yes' : 'No';
  }
  if (typeof value === 'number') {
    if (MONEY_COLUMNS.has(column)) return inr(value);
    if (PERCENT_COLUMNS.has(column)) return percent(value);
    if (column === 'eta_minutes') return minutes(value);
    return number(value);
  }
  if (TIME_COLUMNS.has(column) && !Number.isNaN(Date.parse(value))) return istDateTime(value);
  return value;
}

/** "discount_percent" → "Discount %", "eta_minutes" → "ETA (min)". */
export function columnLabel(column: string): string {
  const special: Record<string, string> = {
    discount_percent: 'Discount',
    eta_minutes: 'ETA',
    mrp: 'MRP',
    in_stock: 'Stock',
    stock_qty: 'Stock qty',
    unit_price_per: 'Per',
  };
  const label = special[column] ?? column.replaceAll('_', ' ');
  return label.charAt(0).toUpperCase() + label.slice(1);
}
