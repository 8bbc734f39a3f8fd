/**
 * The quick-commerce market of the demo catalog: platforms with their habits (title style, SKU format,
 * discounting, delivery times, fees, coupons), cities with real pincodes, and item-level offer wording.
 */

/** How a platform writes the pack into its titles: none, `(500 ml)`, `500 Ml` / `1 Ltr` / `200 Gm`, `, 500 ml`. */
type TitleStyle = 'plain' | 'paren' | 'caps' | 'comma';

interface Fees {
  delivery: number;
  freeAbove: number;
  handling: number;
  smallCart: number;
  smallCartBelow: number;
}

/** `[code, title kind, value, max discount, minimum cart, new users only]` */
export type CouponSpec = readonly [string, 'flat' | 'percent', number, number, number, boolean];

export interface PlatformSpec {
  slug: string;
  name: string;
  membership: string | null;
  skuPrefix: string;
  titleStyle: TitleStyle;
  /** Minute of the day (IST) at which its daily price crawl lands. */
  crawlMinute: number;
  /** Share of the catalog it sells. */
  breadth: number;
  /** Share of its listings that expose the barcode. */
  eanShare: number;
  /** Share of days its price for an item moves. */
  changeRate: number;
  /** Prices below ₹100 end in .50 as often as in .00 (BigBasket-style); otherwise whole rupees. */
  halfRupees: boolean;
  /** How deep it discounts overall, and per top-level category (>1 deeper). */
  discount: number;
  groupBias: Readonly<Record<string, number>>;
  eta: readonly [number, number];
  inStock: number;
  /** Chance it serves a city other than the first one. */
  coverage: number;
  fees: Fees;
  coupons: readonly CouponSpec[];
}

const MAJOR_PLATFORMS: readonly PlatformSpec[] = [
  {
    slug: 'blinkit',
    name: 'Blinkit',
    membership: null,
    skuPrefix: 'BL',
    titleStyle: 'plain',
    crawlMinute: 6 * 60,
    breadth: 0.9,
    eanShare: 0.72,
    changeRate: 0.18,
    halfRupees: false,
    discount: 1,
    groupBias: { 'Snacks & Munchies': 1.5, 'Cold Drinks & Juices': 1.4, 'Sweet Tooth': 1.3 },
    eta: [8, 14],
    inStock: 0.93,
    coverage: 1,
    fees: { delivery: 30, freeAbove: 199, handling: 11, smallCart: 20, smallCartBelow: 99 },
    coupons: [
      ['BLINKIT75', 'flat', 75, 0, 599, false],
      ['NEWBLINK', 'percent', 50, 100, 199, true],
      ['BLINKHDFC', 'percent', 10, 150, 799, false],
    ],
  },
  {
    slug: 'zepto',
    name: 'Zepto',
    membership: 'Zepto Pass',
    skuPrefix: 'ZP',
    titleStyle: 'paren',
    crawlMinute: 6 * 60 + 30,
    breadth: 0.86,
    eanShare: 0.68,
    changeRate: 0.22,
    halfRupees: false,
    discount: 1.1,
    groupBias: { 'Fruits & Vegetables': 1.5, 'Personal Care': 1.3, 'Dairy, Bread & Eggs': 1.2 },
    eta: [7, 12],
    inStock: 0.91,
    coverage: 1,
    fees: { delivery: 25, freeAbove: 199, handling: 13, smallCart: 35, smallCartBelow: 99 },
    coupons: [
      ['ZEPTO150', 'flat', 150, 0, 1199, false],
      ['ZEPNEW', 'percent', 50, 75, 149, true],
    ],
  },
  {
    slug: 'instamart',
    name: 'Swiggy Instamart',
    membership: 'Swiggy One',
    skuPrefix: 'IM',
    titleStyle: 'plain',
    crawlMinute: 7 * 60,
    breadth: 0.82,
    eanShare: 0.74,
    changeRate: 0.15,
    halfRupees: false,
    discount: 0.95,
    groupBias: { 'Atta, Rice & Dal': 1.5, 'Oil, Ghee & Masala': 1.4, 'Tea, Coffee & Health Drinks': 1.2 },
    eta: [10, 22],
    inStock: 0.92,
    coverage: 0.95,
    fees: { delivery: 35, freeAbove: 199, handling: 8, smallCart: 20, smallCartBelow: 99 },
    coupons: [
      ['INSTA12', 'percent', 12, 120, 599, false],
      ['FIRSTINSTA', 'flat', 100, 0, 299, true],
      ['SWIGGYONE50', 'flat', 50, 0, 399, false],
    ],
  },
  {
    slug: 'bbnow',
    name: 'BigBasket Now',
    membership: 'bbstar',
    skuPrefix: 'BB',
    titleStyle: 'caps',
    crawlMinute: 5 * 60 + 45,
    breadth: 0.8,
    eanShare: 0.7,
    changeRate: 0.12,
    halfRupees: true,
    discount: 1.05,
    groupBias: {
      'Cleaning Essentials': 1.5,
      'Atta, Rice & Dal': 1.3,
      'Baby Care': 1.3,
      'Breakfast & Sauces': 1.2,
    },
    eta: [12, 30],
    inStock: 0.9,
    coverage: 0.85,
    fees: { delivery: 30, freeAbove: 249, handling: 5, smallCart: 0, smallCartBelow: 0 },
    coupons: [
      ['BBNOW100', 'flat', 100, 0, 899, false],
      ['BBFIRST', 'percent', 20, 150, 300, true],
    ],
  },
];

/** Further real or plausible platforms, named as they are, for catalogs with more than four. */
const OTHER_PLATFORMS: readonly (readonly [string, string, string | null])[] = [
  ['flipkart_minutes', 'Flipkart Minutes', null],
  ['jiomart', 'JioMart', null],
  ['amazon_now', 'Amazon Now', 'Prime'],
  ['dunzo', 'Dunzo Daily', 'Dunzo Daily Pass'],
  ['magicnow', 'magicNOW', null],
  ['tata_neu', 'Tata Neu', 'NeuPass'],
  ['country_delight', 'Country Delight', null],
  ['milkbasket', 'Milkbasket', null],
  ['ola_dash', 'Ola Dash', null],
];
const NAME_STARTS = ['Swift', 'Kirana', 'Daily', 'Nukkad', 'Apna', 'Turbo', 'Rapid', 'Fresh'];
const NAME_ENDS = ['Basket', 'Mart', 'Bazaar', 'Dash', 'Express', 'Cart'];
const TITLE_STYLES: readonly TitleStyle[] = ['comma', 'paren', 'caps', 'plain'];

export const MAX_PLATFORMS =
  MAJOR_PLATFORMS.length + OTHER_PLATFORMS.length + NAME_STARTS.length * NAME_ENDS.length;

/** Platform `index` (0-based): the four majors, then the other real ones, then invented local apps. */
export function platformSpec(index: number, draw: () => number): PlatformSpec {
  const major = MAJOR_PLATFORMS[index];
  if (major) return major;
  const otherIndex = index - MAJOR_PLATFORMS.length;
  const local = otherIndex - OTHER_PLATFORMS.length;
  const [slug, name, membership] = OTHER_PLATFORMS[otherIndex] ?? [
    `${NAME_STARTS[local % NAME_STARTS.length]}_${NAME_ENDS[Math.floor(local / NAME_STARTS.length)]}`.toLowerCase(),
    `${NAME_STARTS[local % NAME_STARTS.length]} ${NAME_ENDS[Math.floor(local / NAME_STARTS.length)]}`,
    null,
  ];
  const words = name.split(/[\s_]+/);
  const skuPrefix = (words.length > 1 ? `${words[0]![0]}${words[1]![0]}` : name.slice(0, 2)).toUpperCase();
  const etaFloor = 10 + Math.floor(draw() * 8);
  const code = slug.replace(/_/g, '').slice(0, 6).toUpperCase();
  return {
    slug,
    name,
    membership,
    skuPrefix,
    titleStyle: TITLE_STYLES[otherIndex % TITLE_STYLES.length]!,
    crawlMinute: 5 * 60 + Math.floor(draw() * 12) * 15,
    breadth: 0.3 + draw() * 0.3,
    eanShare: 0.55 + draw() * 0.3,
    changeRate: 0.1 + draw() * 0.15,
    halfRupees: draw() < 0.3,
    discount: 0.8 + draw() * 0.5,
    groupBias: {},
    eta: [etaFloor, Math.min(30, etaFloor + 8 + Math.floor(draw() * 8))],
    inStock: 0.85 + draw() * 0.1,
    coverage: 0.6 + draw() * 0.3,
    fees: {
      delivery: [15, 20, 25, 30][Math.floor(draw() * 4)]!,
      freeAbove: [149, 199, 249][Math.floor(draw() * 3)]!,
      handling: 2 + Math.floor(draw() * 10),
      smallCart: [0, 15, 20, 25][Math.floor(draw() * 4)]!,
      smallCartBelow: 99,
    },
    coupons: [
      [`${code}50`, 'flat', 50, 0, 399, false],
      [`NEW${code}`, 'percent', 40, 80, 149, true],
      ...(draw() < 0.5 ? [[`${code}SAVE10`, 'percent', 10, 100, 699, false] as const] : []),
    ],
  };
}

export const DEFAULT_CITIES = ['Bengaluru', 'Mumbai', 'Delhi', 'Hyderabad', 'Pune'] as const;

/** Pincodes of neighbourhoods with dark stores, per city. Cities not listed get no pincode. */
export const CITY_PINCODES: Readonly<Record<string, readonly string[]>> = {
  Bengaluru: ['560001', '560034', '560038', '560102', '560066', '560076', '560037', '560011'],
  Mumbai: ['400050', '400076', '400053', '400064', '400028', '400092', '400071'],
  Delhi: ['110001', '110017', '110024', '110085', '110092', '110048', '110075'],
  Hyderabad: ['500081', '500032', '500034', '500033', '500072', '500016'],
  Pune: ['411001', '411038', '411014', '411057', '411045', '411028'],
  Chennai: ['600017', '600020', '600040', '600041', '600096'],
  Kolkata: ['700019', '700091', '700029', '700156'],
  Gurugram: ['122002', '122018', '122001'],
  Noida: ['201301', '201304'],
  Ahmedabad: ['380015', '380054', '380009'],
  Jaipur: ['302017', '302021', '302001'],
  Lucknow: ['226010', '226001'],
  Chandigarh: ['160017', '160022'],
  Kochi: ['682024', '682016'],
  Indore: ['452010', '452001'],
};

/** Extra delivery minutes in cities known for traffic. */
export const CITY_ETA_DELAY: Readonly<Record<string, number>> = {
  Mumbai: 3,
  Bengaluru: 2,
  Delhi: 2,
  Gurugram: 2,
};

export const WALLETS = ['Paytm', 'Amazon Pay', 'MobiKwik', 'CRED', 'PhonePe'] as const;
export const BANKS = ['HDFC Bank', 'ICICI Bank', 'SBI', 'Axis Bank', 'Kotak', 'IDFC FIRST Bank'] as const;
