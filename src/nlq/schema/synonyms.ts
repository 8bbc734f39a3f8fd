/**
 * Shopper words (keys, lower case, multi-word phrases allowed) → schema words they stand for. The table index
 * adds the schema words to a question, so "sasta" finds the price tables although no comment says "sasta".
 * Only vocabulary about *what kind of data* is asked for belongs here: product, brand, city and platform
 * names are values in the data, not table words, and stay out.
 */
export const TABLE_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  // Price. A price asked about without a time word is today's price, hence "current".
  cheapest: ['price', 'current'],
  cheap: ['price', 'current'],
  cost: ['price', 'current'],
  rate: ['price', 'current'],
  expensive: ['price', 'current'],
  'how much': ['price', 'current'],
  compare: ['price', 'current'],
  vs: ['price', 'current'],
  sasta: ['price', 'current'],
  'unit price': ['price', 'base_amount'],
  'per kg': ['price', 'base_amount'],
  // Item offers
  deal: ['discount'],
  offer: ['discount'],
  sale: ['discount'],
  off: ['discount'],
  combo: ['bundle'],
  // Stock
  stock: ['in_stock', 'availability'],
  available: ['in_stock', 'availability'],
  availability: ['in_stock'],
  'sold out': ['in_stock', 'availability'],
  // Delivery
  delivery: ['eta'],
  deliver: ['delivery', 'eta'],
  eta: ['delivery'],
  fast: ['delivery', 'eta'],
  fastest: ['delivery', 'eta'],
  quick: ['delivery', 'eta'],
  jaldi: ['delivery', 'eta'],
  'how long': ['delivery', 'eta'],
  // Cart fees and coupons
  charges: ['fee'],
  'promo code': ['coupon'],
  promo: ['coupon'],
  basket: ['fee', 'coupon', 'price'],
  cart: ['fee', 'coupon', 'price'],
  // Time
  now: ['current'],
  today: ['current'],
  latest: ['current'],
  abhi: ['current'],
  trend: ['history'],
  last: ['history'], // last week, last 30 days
  past: ['history'],
  ago: ['history'],
  next: ['future', 'predicted'],
  tomorrow: ['future', 'predicted'],
  forecast: ['predicted'],
  predict: ['predicted'],
  // Memberships
  pass: ['member'],
  membership: ['member'],
  subscription: ['member', 'loyalty'],
  // Price movements
  drop: ['change'],
  dropped: ['change'],
  cheaper: ['change'],
  // "Is A cheaper than B" compares today's prices rather than asking what changed.
  'cheaper than': ['price', 'current'],
  'went down': ['change'],
  'went up': ['change'],
  hike: ['change'],
  // Places
  'pin code': ['pincode'],
};
