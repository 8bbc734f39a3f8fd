import type { ListingRecord } from '../src/catalog/feed/records.ts';
import { BankBuilder, type BankEntry } from './bank.ts';
import { type BasketItem, itemMatcher } from './basket-gold.ts';
import { kinds, type ProductRef, type SqlKit } from './kinds.ts';

/**
 * The hand-written question set over shared/fixtures/catalog.jsonl (reference time 2026-11-20 12:00 IST).
 * Phrasings vary on purpose: with and without a city (in the text or as context), pin codes, typos,
 * Hinglish (doodh, dahi, atta, anda, cheeni, sabse sasta, kitne ka, kahan). Gold SQL comes from kinds.ts;
 * `npm run eval:build` turns this file into eval/questions.jsonl.
 */

const ref = (name: string, pack: string): ProductRef => ({ name, pack });

export const P = {
  butter500: ref('Amul Pasteurised Butter', '500 g'),
  butter100: ref('Amul Pasteurised Butter', '100 g'),
  taaza500: ref('Amul Taaza Toned Milk', '500 ml'),
  taaza1l: ref('Amul Taaza Toned Milk', '1 L'),
  gold500: ref('Amul Gold Full Cream Milk', '500 ml'),
  mdMilk: ref('Mother Dairy Full Cream Milk', '500 ml'),
  dahi: ref('Amul Masti Dahi', '400 g'),
  epigamia: ref('Epigamia Greek Yogurt Natural', '90 g'),
  aash10: ref('Aashirvaad Shudh Chakki Atta', '10 kg'),
  aash5: ref('Aashirvaad Shudh Chakki Atta', '5 kg'),
  fortuneAtta: ref('Fortune Chakki Fresh Atta', '5 kg'),
  eggoz: ref('Eggoz Nutrition Brown Eggs', '6 pcs'),
  licious: ref('Licious Classic White Eggs', '6 pcs'),
  sugar: ref('Madhur Pure Sugar', '1 kg'),
  tataSalt: ref('Tata Salt', '1 kg'),
  nutella: ref('Nutella Hazelnut Spread with Cocoa', '350 g'),
  maggi12: ref('Maggi 2-Minute Masala Noodles', '12 x 70 g'),
  maggi4: ref('Maggi 2-Minute Masala Noodles', '4 x 70 g'),
  maggi1: ref('Maggi 2-Minute Masala Noodles', '70 g'),
  tataTeaGold: ref('Tata Tea Gold Leaf Tea', '500 g'),
  tataPremium: ref('Tata Tea Premium Leaf Tea', '500 g'),
  nescafe: ref('Nescafe Classic Instant Coffee', '100 g'),
  bru: ref('Bru Instant Coffee', '100 g'),
  amulGhee: ref('Amul Pure Ghee', '1 L'),
  mustard: ref('Fortune Kachi Ghani Mustard Oil', '1 L'),
  sunflower: ref('Fortune Sunlite Refined Sunflower Oil', '1 L'),
  saffola: ref('Saffola Gold Refined Cooking Oil', '1 L'),
  ariel: ref('Ariel Matic Top Load Detergent Powder', '1 kg'),
  surfPowder: ref('Surf Excel Easy Wash Detergent Powder', '1 kg'),
  surfLiquid: ref('Surf Excel Matic Front Load Liquid Detergent', '1 L'),
  tide: ref('Tide Plus Double Power Detergent Powder', '1 kg'),
  redbull: ref('Red Bull Energy Drink', '250 ml'),
  tropicana: ref('Tropicana 100% Orange Juice', '1 L'),
  coke: ref('Coca-Cola Original Taste Cold Drink', '750 ml'),
  thumsUp750: ref('Thums Up Soft Drink', '750 ml'),
  thumsUp225: ref('Thums Up Soft Drink', '2.25 L'),
  britBread: ref('Britannia 100% Whole Wheat Bread', '450 g'),
  banana: ref('Banana Robusta', '6 pcs'),
  apple: ref('Shimla Apple', '4 pcs'),
  onion: ref('Onion', '1 kg'),
  potato: ref('Potato', '1 kg'),
  daawat: ref('Daawat Rozana Super Basmati Rice', '5 kg'),
  fortuneRice: ref('Fortune Everyday Basmati Rice', '1 kg'),
  indiaGate: ref('India Gate Basmati Rice Feast Rozzana', '5 kg'),
  pampers: ref('Pampers Baby Dry Pants Medium', '56 pcs'),
  kelloggs: ref("Kellogg's Corn Flakes Original", '475 g'),
  quaker: ref('Quaker Oats', '1 kg'),
  jam: ref('Kissan Mixed Fruit Jam', '500 g'),
  lizol: ref('Lizol Disinfectant Surface Cleaner Citrus', '975 ml'),
  harpic: ref('Harpic Power Plus Toilet Cleaner', '1 L'),
  dove: ref('Dove Cream Beauty Bathing Bar', '3 x 100 g'),
  lifebuoy: ref('Lifebuoy Total 10 Germ Protection Soap', '4 x 125 g'),
  colgate: ref('Colgate Strong Teeth Toothpaste', '200 g'),
  parleG: ref('Parle Parle-G Original Gluco Biscuits', '800 g'),
  bournvita: ref('Cadbury Bournvita Chocolate Health Drink', '500 g'),
  harvestGold: ref('Harvest Gold White Bread', '400 g'),
  shimla: ref('Shimla Apple', '4 pcs'),
  garam: ref('Everest Garam Masala', '100 g'),
  coriander: ref('Coriander Leaves', '100 g'),
  laysClassic: ref("Lay's Classic Salted Potato Chips", '50 g'),
  vim: ref('Vim Dishwash Liquid Gel Lemon', '500 ml'),
  pringles: ref('Pringles Sour Cream & Onion', '107 g'),
  mccain: ref('McCain French Fries', '420 g'),
  goCheese: ref('Go Cheese Slices', '200 g'),
} as const;

export const C = {
  dairy: 'Dairy, Bread & Eggs',
  milk: 'Dairy, Bread & Eggs > Milk',
  curd: 'Dairy, Bread & Eggs > Curd & Yogurt',
  eggs: 'Dairy, Bread & Eggs > Eggs',
  bread: 'Dairy, Bread & Eggs > Bread & Pav',
  butterCheese: 'Dairy, Bread & Eggs > Butter & Cheese',
  atta: 'Atta, Rice & Dal > Atta & Flours',
  rice: 'Atta, Rice & Dal > Rice',
  dal: 'Atta, Rice & Dal > Dal & Pulses',
  oil: 'Oil, Ghee & Masala > Cooking Oil',
  ghee: 'Oil, Ghee & Masala > Ghee',
  masala: 'Oil, Ghee & Masala > Masala & Spices',
  detergents: 'Cleaning Essentials > Detergents',
  cleaning: 'Cleaning Essentials',
  snacks: 'Snacks & Munchies',
  biscuits: 'Snacks & Munchies > Biscuits & Cookies',
  chips: 'Snacks & Munchies > Chips & Crisps',
  noodles: 'Instant & Frozen Food > Noodles',
  tea: 'Tea, Coffee & Health Drinks > Tea',
  coffee: 'Tea, Coffee & Health Drinks > Coffee',
  softDrinks: 'Cold Drinks & Juices > Soft Drinks',
  juices: 'Cold Drinks & Juices > Juices',
  fruitsVeg: 'Fruits & Vegetables',
  fruits: 'Fruits & Vegetables > Fresh Fruits',
  personalCare: 'Personal Care',
  namkeen: 'Snacks & Munchies > Namkeen',
} as const;

/** Words that cover more than one aisle: the core aisles must be in an answer, the others may be. */
const LOOSE = {
  snacks: { core: ['Snacks & Munchies'], also: ['Instant & Frozen Food > Frozen Snacks'] },
  dairy: {
    core: [
      'Dairy, Bread & Eggs > Milk',
      'Dairy, Bread & Eggs > Curd & Yogurt',
      'Dairy, Bread & Eggs > Butter & Cheese',
      'Dairy, Bread & Eggs > Paneer & Tofu',
    ],
    also: ['Dairy, Bread & Eggs'],
  },
};

const city = (name: string) => ({ city: name });
const pin = (code: string) => ({ pincode: code });

function item(qty: number, label: string, m: Parameters<typeof itemMatcher>[0]): BasketItem {
  return { qty, label, match: itemMatcher(m) };
}

export function fixtureBank(kit: SqlKit): BankEntry[] {
  const K = kinds(kit);
  const b = new BankBuilder();
  const add = b.add.bind(b);

  // — cheapest platform for a product —
  add('cheapest_platform', 'Where is Amul butter 500g cheapest?', K.cheapestPlatform(P.butter500));
  add('cheapest_platform', 'cheapest platform for Nutella 350g', K.cheapestPlatform(P.nutella));
  add(
    'cheapest_platform',
    'which app sells Tata Tea Gold 500g for the lowest price',
    K.cheapestPlatform(P.tataTeaGold),
  );
  add('cheapest_platform', 'amul taaza 1 litre sabse sasta kahan hai', K.cheapestPlatform(P.taaza1l));
  add('cheapest_platform', 'Aashirvaad atta 10kg kahan sasta milega', K.cheapestPlatform(P.aash10));
  add('cheapest_platform', 'lowest price for Fortune sunflower oil 1L', K.cheapestPlatform(P.sunflower));
  add('cheapest_platform', 'cheepest red bull 250ml', K.cheapestPlatform(P.redbull));
  add('cheapest_platform', 'where can i get the maggi 12 pack cheapest', K.cheapestPlatform(P.maggi12));
  add('cheapest_platform', 'Best price for Daawat Rozana basmati rice 5kg?', K.cheapestPlatform(P.daawat));
  add('cheapest_platform', 'cheapest Surf Excel Easy Wash 1kg', K.cheapestPlatform(P.surfPowder));
  add('cheapest_platform', 'Parle-G 800g sabse sasta kaun de raha hai', K.cheapestPlatform(P.parleG));
  add(
    'cheapest_platform',
    "Which platform has the cheapest Kellogg's corn flakes?",
    K.cheapestPlatform(P.kelloggs),
  );
  add(
    'cheapest_platform',
    'Mother Dairy full cream milk 500ml - where is it cheapest',
    K.cheapestPlatform(P.mdMilk),
  );
  add(
    'cheapest_platform',
    'cheapest Amul Gold 500ml',
    K.cheapestPlatform(P.gold500, city('Bengaluru')),
    city('Bengaluru'),
  );
  add(
    'cheapest_platform',
    'where is Tropicana orange juice 1L cheapest in Mumbai',
    K.cheapestPlatform(P.tropicana, city('Mumbai')),
  );
  add('cheapest_platform', 'cheapest Harpic 1L in Delhi', K.cheapestPlatform(P.harpic, city('Delhi')));
  add(
    'cheapest_platform',
    'Britannia whole wheat bread ka sabse kam daam kahan hai',
    K.cheapestPlatform(P.britBread),
  );
  add('cheapest_platform', 'lowest price on Dove soap 3 pack', K.cheapestPlatform(P.dove));
  add(
    'cheapest_platform',
    'where is Quaker oats 1kg cheapest',
    K.cheapestPlatform(P.quaker, pin('560034')),
    pin('560034'),
  );
  add('cheapest_platform', 'cheapest anda', K.cheapestInCategory(C.eggs), undefined, 'anda = eggs');
  add(
    'cheapest_platform',
    'cheeni sabse sasta kahan hai',
    K.cheapestPlatform(P.sugar),
    undefined,
    'cheeni = sugar',
  );
  add(
    'cheapest_platform',
    'doodh sabse sasta kahan milega',
    K.cheapestInCategory(C.milk),
    undefined,
    'doodh = milk',
  );
  add('cheapest_platform', 'whr is Lizol cheepest', K.cheapestPlatform(P.lizol));
  add('cheapest_platform', 'cheapest dahi', K.cheapestInCategory(C.curd), undefined, 'dahi = curd');
  add(
    'cheapest_platform',
    'Cheapest place to buy Kissan mixed fruit jam in Hyderabad?',
    K.cheapestPlatform(P.jam, city('Hyderabad')),
  );

  // — a product's price on every platform —
  add('platform_prices', 'Compare Amul butter 500g prices across platforms', K.platformPrices(P.butter500));
  add('platform_prices', 'price of Nutella on every platform', K.platformPrices(P.nutella));
  add('platform_prices', 'Tata Salt 1 kg price on all apps', K.platformPrices(P.tataSalt));
  add(
    'platform_prices',
    'how much is Red Bull 250ml on blinkit, zepto, instamart and bbnow',
    K.platformPrices(P.redbull),
  );
  add(
    'platform_prices',
    'show me prices for Fortune chakki atta 5kg everywhere',
    K.platformPrices(P.fortuneAtta),
  );
  add('platform_prices', 'Maggi 4 pack kitne ka hai har app pe', K.platformPrices(P.maggi4));
  add(
    'platform_prices',
    'amul gold doodh 500ml kitne ka hai',
    K.platformPrices(P.gold500),
    undefined,
    'kitne ka = how much',
  );
  add('platform_prices', 'compare prices: Saffola Gold 1L', K.platformPrices(P.saffola));
  add('platform_prices', 'Nescafe classic 100g price comparison', K.platformPrices(P.nescafe));
  add('platform_prices', 'what does Bournvita 500g cost on each platform', K.platformPrices(P.bournvita));
  add('platform_prices', 'pricess of surf excel matic liquid 1l', K.platformPrices(P.surfLiquid));
  add('platform_prices', 'price list for Epigamia greek yogurt', K.platformPrices(P.epigamia));
  add(
    'platform_prices',
    'compare India Gate basmati 5 kg prices in Hyderabad',
    K.platformPrices(P.indiaGate, city('Hyderabad')),
  );
  add('platform_prices', 'onion 1kg ka rate sab jagah', K.platformPrices(P.onion));
  add('platform_prices', 'Colgate strong teeth 200g prices', K.platformPrices(P.colgate));
  add(
    'platform_prices',
    'price of tata tea premium 500g on each app',
    K.platformPrices(P.tataPremium, city('Delhi')),
    city('Delhi'),
  );
  add(
    'platform_prices',
    'How much does Amul Pure Ghee 1 litre cost on the different apps?',
    K.platformPrices(P.amulGhee),
  );

  // — most expensive —
  add('most_expensive', 'Where is Tata Tea Gold most expensive?', K.dearestPlatform(P.tataTeaGold));
  add(
    'most_expensive',
    'which platform charges the most for Amul butter 500g',
    K.dearestPlatform(P.butter500),
  );
  add('most_expensive', 'most expensive platform for Nutella', K.dearestPlatform(P.nutella));
  add('most_expensive', 'highest price for Red Bull 250ml', K.dearestPlatform(P.redbull));
  add('most_expensive', 'sabse mehenga Parle-G kahan hai', K.dearestPlatform(P.parleG));
  add('most_expensive', 'most expensive ghee', K.dearestInCategory(C.ghee));
  add('most_expensive', 'priciest coffee', K.dearestInCategory(C.coffee));
  add('most_expensive', 'most expensive cooking oil', K.dearestInCategory(C.oil));
  add('most_expensive', 'what is the costliest detergent', K.dearestInCategory(C.detergents));
  add('most_expensive', 'most expensive tea in Pune', K.dearestInCategory(C.tea, city('Pune')));
  add('most_expensive', 'where is Kissan jam the most expensive', K.dearestPlatform(P.jam));

  // — discounts above N% —
  add(
    'discount_filter',
    'detergents over 20% off on zepto in pune',
    K.discountFilter({ threshold: 20, platform: 'zepto', category: C.detergents, loc: city('Pune') }),
  );
  add('discount_filter', 'items with more than 25% discount', K.discountFilter({ threshold: 25 }));
  add(
    'discount_filter',
    'show products with at least 30% off',
    K.discountFilter({ threshold: 30, inclusive: true }),
  );
  add(
    'discount_filter',
    'discounts above 15% on blinkit',
    K.discountFilter({ threshold: 15, platform: 'blinkit' }),
  );
  add(
    'discount_filter',
    'dairy items over 10% off',
    K.discountFilter({ threshold: 10, category: LOOSE.dairy }),
  );
  add(
    'discount_filter',
    'which snacks have more than 15% discount',
    K.discountFilter({ threshold: 15, category: LOOSE.snacks }),
  );
  add(
    'discount_filter',
    '20% se zyada discount wale items bbnow pe',
    K.discountFilter({ threshold: 20, platform: 'bbnow' }),
  );
  add('discount_filter', 'anything over 40% off?', K.discountFilter({ threshold: 40 }));
  add(
    'discount_filter',
    'milk with discount above 10 percent',
    K.discountFilter({ threshold: 10, category: C.milk }),
  );
  add(
    'discount_filter',
    'products on instamart with over 20% off in Mumbai',
    K.discountFilter({ threshold: 20, platform: 'instamart', loc: city('Mumbai') }),
  );
  add(
    'discount_filter',
    'cooking oil discounts over 10%',
    K.discountFilter({ threshold: 10, category: C.oil }),
  );
  add(
    'discount_filter',
    'biscuits more than 10% off',
    K.discountFilter({ threshold: 10, category: C.biscuits }),
  );
  add(
    'discount_filter',
    'Amul products with more than 10% off',
    K.discountFilter({ threshold: 10, brand: 'Amul' }),
  );
  add(
    'discount_filter',
    'tea over 10% off in Delhi',
    K.discountFilter({ threshold: 10, category: C.tea, loc: city('Delhi') }),
  );
  add(
    'discount_filter',
    'items discounted by more than 30 percent on zepto',
    K.discountFilter({ threshold: 30, platform: 'zepto' }),
  );
  add(
    'discount_filter',
    'fruits and vegetables over 20% off',
    K.discountFilter({ threshold: 20, category: C.fruitsVeg }),
  );
  add(
    'discount_filter',
    'personal care products above 10% discount',
    K.discountFilter({ threshold: 10, category: C.personalCare }),
  );
  add(
    'discount_filter',
    'dicsounts over 25% on instamart',
    K.discountFilter({ threshold: 25, platform: 'instamart' }),
  );
  add(
    'discount_filter',
    'chips with more than 10% off',
    K.discountFilter({ threshold: 10, category: C.chips }),
    city('Bengaluru'),
  );

  // — best deals in a category —
  add('best_deals', 'best deals on biscuits', K.bestDeals({ category: C.biscuits }));
  add('best_deals', 'top discounts in dairy', K.bestDeals({ category: LOOSE.dairy }));
  add('best_deals', 'best offers on cooking oil', K.bestDeals({ category: C.oil }));
  add('best_deals', 'biggest discounts on zepto', K.bestDeals({ platform: 'zepto' }));
  add(
    'best_deals',
    'best deals in snacks in Bengaluru',
    K.bestDeals({ category: LOOSE.snacks, loc: city('Bengaluru') }),
  );
  add('best_deals', 'sabse achhi deals chips pe', K.bestDeals({ category: C.chips }));
  add('best_deals', 'which tea has the best discount', K.bestDeals({ category: C.tea }));
  add(
    'best_deals',
    'best discount on noodles on blinkit',
    K.bestDeals({ category: C.noodles, platform: 'blinkit' }),
  );
  add('best_deals', 'best deals on Amul products', K.bestDeals({ brand: 'Amul' }));
  add('best_deals', 'best detergent deals', K.bestDeals({ category: C.detergents }));
  add('best_deals', 'top discounted fruits', K.bestDeals({ category: C.fruits }));
  add('best_deals', 'beste deals on coffee', K.bestDeals({ category: C.coffee }));
  add('best_deals', 'best deals on atta', K.bestDeals({ category: C.atta }), city('Delhi'));

  // — items under ₹N —
  add('under_price', 'milk under ₹30', K.underPrice({ max: 30, category: C.milk }));
  add('under_price', 'chips under 20 rupees', K.underPrice({ max: 20, category: C.chips }));
  add(
    'under_price',
    'snacks below ₹50 on zepto',
    K.underPrice({ max: 50, category: LOOSE.snacks, platform: 'zepto' }),
  );
  add('under_price', 'noodles under 60', K.underPrice({ max: 60, category: C.noodles }));
  add('under_price', 'show all items under ₹25', K.underPrice({ max: 25 }));
  add(
    'under_price',
    'biscuits under ₹40 in Pune',
    K.underPrice({ max: 40, category: C.biscuits, loc: city('Pune') }),
  );
  add('under_price', 'atta under 250', K.underPrice({ max: 250, category: C.atta }));
  add('under_price', 'curd under Rs 40', K.underPrice({ max: 40, category: C.curd }));
  add('under_price', 'cold drinks under 40 rs', K.underPrice({ max: 40, category: C.softDrinks }));
  add('under_price', 'cleaning stuff under ₹150', K.underPrice({ max: 150, category: C.cleaning }));
  add('under_price', 'Amul products under ₹50', K.underPrice({ max: 50, brand: 'Amul' }));
  add('under_price', 'fruits below 50', K.underPrice({ max: 50, category: C.fruits }));
  add(
    'under_price',
    'doodh 25 rupaye se kam',
    K.underPrice({ max: 25, category: C.milk }),
    undefined,
    'doodh = milk',
  );

  // — price history —
  add(
    'price_history',
    'lowest price of Amul butter 500g in the last 30 days',
    K.historyAggregate(P.butter500, 'min', 30),
  );
  add(
    'price_history',
    'What was the cheapest Nutella has been in the last 7 days?',
    K.historyAggregate(P.nutella, 'min', 7),
  );
  add(
    'price_history',
    'highest price of Tata Tea Gold over the last 14 days',
    K.historyAggregate(P.tataTeaGold, 'max', 14),
  );
  add(
    'price_history',
    'average price of Red Bull on zepto since 13 November',
    K.historyAverageSince(P.redbull, '2026-11-13', 'zepto'),
  );
  add(
    'price_history',
    'Amul Gold 500ml price on Zepto on 10 November',
    K.priceOnDate(P.gold500, 'zepto', '2026-11-10'),
  );
  add(
    'price_history',
    'what did Fortune sunflower oil cost on blinkit on 1 Nov 2026',
    K.priceOnDate(P.sunflower, 'blinkit', '2026-11-01'),
  );
  add(
    'price_history',
    'lowest Saffola Gold price in the last 14 days',
    K.historyAggregate(P.saffola, 'min', 14),
  );
  add('price_history', 'pichle 7 din mein amul dahi ka sabse kam daam', K.historyAggregate(P.dahi, 'min', 7));
  add(
    'price_history',
    'average price of Maggi 12 pack on instamart this month',
    K.historyAverageSince(P.maggi12, '2026-11-01', 'instamart'),
  );
  add(
    'price_history',
    'max price of Tata salt in the past 10 days',
    K.historyAggregate(P.tataSalt, 'max', 10),
  );
  add(
    'price_history',
    'lowest price of aashirvaad atta 10kg in the last 5 days on bbnow',
    K.historyAggregate(P.aash10, 'min', 5, 'bbnow'),
  );
  add(
    'price_history',
    'highest price of onion 1kg on blinkit in the last 7 days',
    K.historyAggregate(P.onion, 'max', 7, 'blinkit'),
  );
  add(
    'price_history',
    'avg price of Nescafe classic on bbnow since Nov 6',
    K.historyAverageSince(P.nescafe, '2026-11-06', 'bbnow'),
  );
  add(
    'price_history',
    'price of Bru coffee on instamart on 15th November',
    K.priceOnDate(P.bru, 'instamart', '2026-11-15'),
  );
  add(
    'price_history',
    'How much was Harpic 1L on zepto on Nov 5?',
    K.priceOnDate(P.harpic, 'zepto', '2026-11-05'),
  );
  add(
    'price_history',
    'lowest price of Kissan jam on zepto in the last 30 days',
    K.historyAggregate(P.jam, 'min', 30, 'zepto'),
  );
  add(
    'price_history',
    'Parle-G ka price zepto pe 12 november ko kya tha',
    K.priceOnDate(P.parleG, 'zepto', '2026-11-12'),
  );
  add(
    'price_history',
    'highest price of eggoz eggs in the last 30 days',
    K.historyAggregate(P.eggoz, 'max', 30),
  );
  add(
    'price_history',
    'average price of Coca-Cola 750ml on bbnow from 14 November till now',
    K.historyAverageSince(P.coke, '2026-11-14', 'bbnow'),
  );
  add(
    'price_history',
    'what was the highest price of Nutella on instamart in the last 2 weeks',
    K.historyAggregate(P.nutella, 'max', 14, 'instamart'),
  );

  // — price drops —
  add('price_drops', 'biggest price drops this week', K.biggestDrops({ window: 'week' }));
  add(
    'price_drops',
    'biggest percentage price drops in the last 7 days on zepto',
    K.biggestDrops({ window: 7, platform: 'zepto' }),
  );
  add(
    'price_drops',
    'which products dropped the most in price in the last 3 days',
    K.biggestDrops({ window: 3 }),
  );
  add('price_drops', 'what got cheaper today', K.cheaperToday({}));
  add('price_drops', 'what got cheaper today on blinkit', K.cheaperToday({ platform: 'blinkit' }));
  add('price_drops', 'dairy items that got cheaper today', K.cheaperToday({ category: LOOSE.dairy }));
  add('price_drops', 'aaj zepto pe kya sasta hua', K.cheaperToday({ platform: 'zepto' }));
  add(
    'price_drops',
    'largest price drops this week in snacks',
    K.biggestDrops({ window: 'week', category: LOOSE.snacks }),
  );
  add(
    'price_drops',
    'biggest price cuts on instamart in the last 7 days',
    K.biggestDrops({ window: 7, platform: 'instamart' }),
  );
  add(
    'price_drops',
    'what became cheaper today in cleaning essentials',
    K.cheaperToday({ category: C.cleaning }),
  );
  add('price_drops', 'prices that dropped today on bbnow', K.cheaperToday({ platform: 'bbnow' }));

  // — availability —
  add(
    'availability',
    'Is Amul Gold milk 500ml in stock on Zepto in Pune?',
    K.stockOnPlatform(P.gold500, 'zepto', city('Pune')),
  );
  add('availability', 'where is Nutella in stock in Mumbai', K.whereInStock(P.nutella, city('Mumbai')));
  add(
    'availability',
    'which platforms have Amul butter 500g in stock in Delhi',
    K.whereInStock(P.butter500, city('Delhi')),
  );
  add(
    'availability',
    'Pampers diapers available in Bengaluru?',
    K.whereInStock(P.pampers, city('Bengaluru')),
  );
  add(
    'availability',
    'where can I get Tata Salt in stock',
    K.whereInStock(P.tataSalt, pin('110017')),
    pin('110017'),
  );
  add(
    'availability',
    'is Red Bull available on blinkit in Hyderabad',
    K.stockOnPlatform(P.redbull, 'blinkit', city('Hyderabad')),
  );
  add(
    'availability',
    'which cities have the Maggi 12 pack in stock on bbnow',
    K.citiesInStock(P.maggi12, 'bbnow'),
  );
  add(
    'availability',
    'out of stock items on blinkit in Pune',
    K.outOfStock({ platform: 'blinkit', loc: city('Pune') }),
  );
  add(
    'availability',
    "what's out of stock on zepto in Mumbai in dairy",
    K.outOfStock({ platform: 'zepto', loc: city('Mumbai'), category: LOOSE.dairy }),
  );
  add('availability', 'amul dahi kahan milega Bengaluru mein', K.whereInStock(P.dahi, city('Bengaluru')));
  add(
    'availability',
    'is Epigamia yogurt in stock on instamart',
    K.stockOnPlatform(P.epigamia, 'instamart', city('Hyderabad')),
    city('Hyderabad'),
  );
  add(
    'availability',
    'in which cities are Licious eggs in stock on zepto',
    K.citiesInStock(P.licious, 'zepto'),
  );
  add(
    'availability',
    'stock status of Aashirvaad atta 5kg on instamart in Delhi',
    K.stockOnPlatform(P.aash5, 'instamart', city('Delhi')),
  );
  add(
    'availability',
    'which apps have Coca-Cola 750ml in stock',
    K.whereInStock(P.coke, pin('400076')),
    pin('400076'),
  );
  add('availability', 'Onion in stock where in Pune?', K.whereInStock(P.onion, city('Pune')));
  add(
    'availability',
    'is Ariel detergent 1kg in stock on zepto in Mumbai',
    K.stockOnPlatform(P.ariel, 'zepto', city('Mumbai')),
  );

  // — fastest delivery —
  add(
    'fastest_delivery',
    'which platform delivers Amul Taaza 500ml fastest in Bengaluru',
    K.fastestForProduct(P.taaza500, city('Bengaluru')),
  );
  add(
    'fastest_delivery',
    'fastest delivery for Nutella in Mumbai',
    K.fastestForProduct(P.nutella, city('Mumbai')),
  );
  add('fastest_delivery', 'quickest delivery in Delhi', K.fastestPlatform(city('Delhi')));
  add('fastest_delivery', 'who delivers fastest', K.fastestPlatform(pin('560102')), pin('560102'));
  add('fastest_delivery', 'sabse jaldi delivery Pune mein kaun karta hai', K.fastestPlatform(city('Pune')));
  add(
    'fastest_delivery',
    'fastest delivery of Red Bull in Hyderabad from an app that has it in stock',
    K.fastestForProduct(P.redbull, city('Hyderabad'), { explicitStock: true }),
  );
  add(
    'fastest_delivery',
    'fastest delivery for Tata Salt',
    K.fastestForProduct(P.tataSalt, city('Delhi')),
    city('Delhi'),
  );
  add(
    'fastest_delivery',
    'which app delivers eggoz eggs quickest in Pune',
    K.fastestForProduct(P.eggoz, city('Pune')),
  );
  add(
    'fastest_delivery',
    'fastest delivery of Maggi 4 pack in Mumbai',
    K.fastestForProduct(P.maggi4, city('Mumbai')),
  );
  add(
    'fastest_delivery',
    'quickest delivery for Britannia whole wheat bread in Hyderabad',
    K.fastestForProduct(P.britBread, city('Hyderabad')),
  );
  add('fastest_delivery', 'which platform is fastest in Mumbai', K.fastestPlatform(city('Mumbai')));

  // — unit price —
  add('unit_price', 'cheapest atta per kg', K.cheapestPerUnit({ category: C.atta }));
  add('unit_price', 'cheapest milk per litre', K.cheapestPerUnit({ category: C.milk }));
  add('unit_price', 'which eggs are cheapest per piece', K.cheapestPerUnit({ category: C.eggs }));
  add('unit_price', 'best value cooking oil per litre', K.cheapestPerUnit({ category: C.oil }));
  add('unit_price', 'cheapest rice per kg', K.cheapestPerUnit({ category: C.rice }));
  add('unit_price', 'tea with the lowest price per kg', K.cheapestPerUnit({ category: C.tea }));
  add(
    'unit_price',
    'cheapest dal per kg on zepto',
    K.cheapestPerUnit({ category: C.dal, platform: 'zepto' }),
  );
  add('unit_price', 'price per kg of the Maggi 12 pack on each platform', K.unitPricesOf(P.maggi12));
  add('unit_price', 'unit price of Thums Up 2.25L on every app', K.unitPricesOf(P.thumsUp225));
  add('unit_price', 'cheapest coffee per kg', K.cheapestPerUnit({ category: C.coffee }));
  add(
    'unit_price',
    'cheapest juice per litre in Delhi',
    K.cheapestPerUnit({ category: C.juices, loc: city('Delhi') }),
  );
  add('unit_price', 'per litre cheapest soft drink', K.cheapestPerUnit({ category: C.softDrinks }));
  add('unit_price', 'biscuits cheapest per kg', K.cheapestPerUnit({ category: C.biscuits }));
  add(
    'unit_price',
    'atta ka per kg rate sabse kam kahan',
    K.cheapestPerUnit({ category: C.atta, loc: city('Mumbai') }),
    city('Mumbai'),
  );

  // — membership savings —
  add(
    'membership',
    'how much do I save with Zepto Pass on Amul Taaza 500ml',
    K.memberSaving(P.taaza500, 'zepto'),
  );
  add(
    'membership',
    'member price of Amul Pure Ghee on bbnow',
    K.memberSaving(P.amulGhee, 'bbnow', ['platform_slug', 'member_price']),
  );
  add('membership', 'which products have a Zepto Pass price', K.memberItems('zepto'));
  add('membership', 'Swiggy One member prices in dairy', K.memberItems('instamart', LOOSE.dairy));
  add('membership', 'biggest membership savings', K.biggestMemberSavings());
  add('membership', 'bbstar ke saath sabse zyada bachat kis product pe', K.biggestMemberSavings('bbnow'));
  add('membership', 'member prices for Fortune Everyday Basmati Rice 1kg', K.memberPrices(P.fortuneRice));
  add('membership', 'Swiggy One savings on Lifebuoy soap', K.memberSaving(P.lifebuoy, 'instamart'));
  add('membership', 'membership prices for Banana Robusta', K.memberPrices(P.banana));
  add('membership', 'biggest Zepto Pass savings', K.biggestMemberSavings('zepto'));
  add(
    'membership',
    'what is the bbstar price of Kissan ketchup',
    K.memberSaving(ref('Kissan Fresh Tomato Ketchup', '950 g'), 'bbnow', ['platform_slug', 'member_price']),
  );

  // — per-platform aggregates —
  add('platform_aggregates', 'average discount by platform for namkeen', K.avgDiscountByPlatform(C.namkeen));
  add('platform_aggregates', 'average discount on each platform', K.avgDiscountByPlatform());
  add('platform_aggregates', 'avg discount per platform on milk', K.avgDiscountByPlatform(C.milk));
  add('platform_aggregates', 'how many items are on sale on blinkit', K.itemsOnSale({ platform: 'blinkit' }));
  add('platform_aggregates', 'number of items on sale on each platform', K.itemsOnSale({}));
  add(
    'platform_aggregates',
    'which platform has the highest average discount on cooking oil',
    K.topPlatformByAvgDiscount(C.oil),
  );
  add('platform_aggregates', 'how many products does zepto sell', K.itemCount('zepto'));
  add(
    'platform_aggregates',
    'instamart pe kitne items sale pe hain',
    K.itemsOnSale({ platform: 'instamart' }),
  );
  add(
    'platform_aggregates',
    'how many milk products are discounted on bbnow',
    K.itemsOnSale({ platform: 'bbnow', category: C.milk }),
  );
  add(
    'platform_aggregates',
    'which platform gives the best average discount on tea',
    K.topPlatformByAvgDiscount(C.tea),
  );
  add('platform_aggregates', 'number of noodle products on instamart', K.itemCount('instamart', C.noodles));

  // — coupons and offers —
  add('coupons', 'what coupons does zepto have', K.coupons({ platform: 'zepto' }));
  add('coupons', 'coupons on blinkit', K.coupons({ platform: 'blinkit' }));
  add('coupons', 'any coupon codes for instamart?', K.coupons({ platform: 'instamart' }));
  add('coupons', 'all active coupon codes', K.coupons({}));
  add('coupons', 'coupons for new users', K.coupons({ newUsers: true }));
  add('coupons', 'flat discount coupons', K.coupons({ flatOnly: true }));
  add('coupons', 'which coupons work on orders with a minimum below ₹600', K.coupons({ maxMinCart: 600 }));
  add('coupons', 'bbnow promo code', K.coupons({ platform: 'bbnow' }));
  add('coupons', 'koi coupon hai bigbasket now pe?', K.coupons({ platform: 'bbnow' }));

  // — flash sales —
  add('flash_sales', 'flash sales live now', K.flashSales({}));
  add('flash_sales', 'flash deals on zepto', K.flashSales({ platform: 'zepto' }));
  add('flash_sales', 'any flash sale on Red Bull?', K.flashSales({ product: P.redbull }));
  add(
    'flash_sales',
    'flash sales ending before 3 pm today',
    K.flashSales({ endsBy: '2026-11-20T15:00:00+05:30' }),
  );
  add('flash_sales', 'lightning deals on blinkit right now', K.flashSales({ platform: 'blinkit' }));
  add('flash_sales', 'flash sale on dairy items', K.flashSales({ category: LOOSE.dairy }));
  add('flash_sales', 'koi flash sale chal raha hai instamart pe', K.flashSales({ platform: 'instamart' }));
  add('flash_sales', 'is there a flash sale on the Maggi 70g pack', K.flashSales({ product: P.maggi1 }));

  // — two named platforms —
  add('two_platforms', 'Zepto or Blinkit for Nutella?', K.twoPlatforms(P.nutella, 'zepto', 'blinkit'));
  add(
    'two_platforms',
    'is Amul butter 500g cheaper on instamart or bbnow',
    K.twoPlatforms(P.butter500, 'instamart', 'bbnow'),
  );
  add('two_platforms', 'blinkit vs zepto for Red Bull', K.twoPlatforms(P.redbull, 'blinkit', 'zepto'));
  add(
    'two_platforms',
    'Tata Tea Gold: bbnow or instamart?',
    K.twoPlatforms(P.tataTeaGold, 'bbnow', 'instamart'),
  );
  add(
    'two_platforms',
    'should I buy Aashirvaad atta 10kg on blinkit or zepto',
    K.twoPlatforms(P.aash10, 'blinkit', 'zepto'),
  );
  add(
    'two_platforms',
    'zepto ya blinkit, amul gold 500ml kahan sasta',
    K.twoPlatforms(P.gold500, 'zepto', 'blinkit'),
  );
  add(
    'two_platforms',
    'compare Instamart and BigBasket Now for Saffola Gold',
    K.twoPlatforms(P.saffola, 'instamart', 'bbnow'),
  );
  add(
    'two_platforms',
    'Swiggy Instamart vs Zepto price for Bru coffee',
    K.twoPlatforms(P.bru, 'instamart', 'zepto'),
  );
  add('two_platforms', 'blinkit or bb now for Dove soap', K.twoPlatforms(P.dove, 'blinkit', 'bbnow'));
  add('two_platforms', 'Zepto vs Instamart for onion 1kg', K.twoPlatforms(P.onion, 'zepto', 'instamart'));
  add(
    'two_platforms',
    'Fortune mustard oil: zepto or blinkit in Bengaluru',
    K.twoPlatforms(P.mustard, 'zepto', 'blinkit', city('Bengaluru')),
  );
  add(
    'two_platforms',
    "Blinkit or Zepto for Kellogg's corn flakes",
    K.twoPlatforms(P.kelloggs, 'blinkit', 'zepto', city('Bengaluru')),
    city('Bengaluru'),
  );

  // — cheapest among platforms with it in stock in a city —
  const inStock = (r: ProductRef, c: string) => K.cheapestPlatform(r, city(c), { explicitStock: true });
  add('cheapest_in_stock', 'cheapest Aashirvaad atta 10kg in stock in Pune', inStock(P.aash10, 'Pune'));
  add('cheapest_in_stock', 'cheapest Amul Gold 500ml that is in stock in Delhi', inStock(P.gold500, 'Delhi'));
  add(
    'cheapest_in_stock',
    'Amul butter 500g in stock in Mumbai - where is it cheapest?',
    inStock(P.butter500, 'Mumbai'),
  );
  add('cheapest_in_stock', 'cheapest in-stock Ariel matic 1kg', inStock(P.ariel, 'Mumbai'), city('Mumbai'));
  add(
    'cheapest_in_stock',
    'lowest price for Nescafe Classic among apps that have it in stock in Bengaluru',
    inStock(P.nescafe, 'Bengaluru'),
  );
  add(
    'cheapest_in_stock',
    'Red Bull 250ml in stock in Hyderabad, cheapest option?',
    inStock(P.redbull, 'Hyderabad'),
  );
  add(
    'cheapest_in_stock',
    'tata tea premium abhi stock mein sabse sasta kahan',
    inStock(P.tataPremium, 'Bengaluru'),
    city('Bengaluru'),
  );
  add('cheapest_in_stock', 'cheapest Parle-G 800g available in stock in Delhi', inStock(P.parleG, 'Delhi'));
  add(
    'cheapest_in_stock',
    'where is Surf Excel Easy Wash cheapest among platforms with stock in Pune',
    inStock(P.surfPowder, 'Pune'),
  );
  add('cheapest_in_stock', 'in stock Eggoz eggs cheapest in Mumbai', inStock(P.eggoz, 'Mumbai'));
  add('cheapest_in_stock', 'cheapest Fortune sunflower oil in stock in Pune', inStock(P.sunflower, 'Pune'));
  add(
    'cheapest_in_stock',
    'Cheapest place to buy Tide detergent 1 kg that has it in stock in Hyderabad?',
    inStock(P.tide, 'Hyderabad'),
  );

  // — MRP and discount on one platform —
  add(
    'mrp_discount',
    "What's the MRP and discount on Tata Salt 1kg at instamart?",
    K.mrpDiscount(P.tataSalt, 'instamart'),
  );
  add('mrp_discount', 'MRP of Nutella on zepto and how much off', K.mrpDiscount(P.nutella, 'zepto'));
  add('mrp_discount', 'discount on Amul butter 500g on blinkit', K.mrpDiscount(P.butter500, 'blinkit'));
  add(
    'mrp_discount',
    "what's the mrp of saffola gold 1L on bbnow and the discount %",
    K.mrpDiscount(P.saffola, 'bbnow'),
  );
  add(
    'mrp_discount',
    'how much discount does instamart give on Surf Excel Easy Wash',
    K.mrpDiscount(P.surfPowder, 'instamart'),
  );
  add('mrp_discount', 'Ariel matic 1kg zepto pe mrp aur discount', K.mrpDiscount(P.ariel, 'zepto'));
  add('mrp_discount', 'mrp and selling price of Parle-G 800g on zepto', K.mrpDiscount(P.parleG, 'zepto'));
  add('mrp_discount', 'discount percentage on Shimla apples at bbnow', K.mrpDiscount(P.shimla, 'bbnow'));
  add('mrp_discount', 'Potato 1kg mrp and discount on zepto', K.mrpDiscount(P.potato, 'zepto'));
  add('mrp_discount', 'Everest garam masala discount on zepto', K.mrpDiscount(P.garam, 'zepto'));

  // — a brand's cheapest items —
  add('brand_cheapest', 'cheapest Amul products', K.brandCheapest('Amul'));
  add('brand_cheapest', "Haldiram's cheapest items", K.brandCheapest("Haldiram's"));
  add('brand_cheapest', 'cheapest Tata Sampann products', K.brandCheapest('Tata Sampann'));
  add('brand_cheapest', 'cheapest Fortune products', K.brandCheapest('Fortune'));
  add('brand_cheapest', 'cheapest Britannia items', K.brandCheapest('Britannia'));
  add('brand_cheapest', 'Maggi products sorted by price', K.brandCheapest('Maggi'));
  add('brand_cheapest', "sabse saste Lay's chips", K.brandCheapest("Lay's"));
  add('brand_cheapest', 'cheapest Cadbury items', K.brandCheapest('Cadbury'));
  add(
    'brand_cheapest',
    'Mother Dairy cheapest products in Delhi',
    K.brandCheapest('Mother Dairy', city('Delhi')),
  );
  add('brand_cheapest', 'cheapest Kissan items', K.brandCheapest('Kissan'));
  add('brand_cheapest', 'lowest priced Sunfeast products', K.brandCheapest('Sunfeast'));

  // — fees per platform and city —
  add('fees', 'delivery fee on zepto in Pune', K.feesFor('zepto', city('Pune')));
  add('fees', 'what are the fees on blinkit in Mumbai', K.feesFor('blinkit', city('Mumbai')));
  add('fees', 'fees of all platforms in Delhi', K.feesInCity(city('Delhi')));
  add('fees', 'which platform has the lowest delivery fee in Mumbai', K.lowestDeliveryFee(city('Mumbai')));
  add('fees', 'handling fee on instamart', K.platformFeeEverywhere('instamart', 'handling_fee'));
  add(
    'fees',
    'minimum order for free delivery on bbnow',
    K.platformFeeEverywhere('bbnow', 'free_delivery_above'),
  );
  add('fees', 'delivery charges in Bengaluru on each app', K.feesInCity(city('Bengaluru')));
  add('fees', 'zepto delivery fee', K.feesFor('zepto', pin('500081')), pin('500081'));
  add(
    'fees',
    'instamart ka delivery charge Hyderabad mein kitna hai',
    K.feesFor('instamart', city('Hyderabad')),
  );
  add('fees', 'small cart fee on zepto', K.platformFeeEverywhere('zepto', 'small_cart_fee'));

  // — baskets (computed in TypeScript from the feed records) —
  const butter500 = item(2, 'Amul butter 500 g', {
    brand: 'Amul',
    words: ['butter'],
    quantity: 500,
    unit: 'g',
  });
  const aash5 = item(1, 'Aashirvaad atta 5 kg', {
    brand: 'Aashirvaad',
    words: ['atta'],
    quantity: 5,
    unit: 'kg',
  });
  const anyEggs = (qty: number): BasketItem => ({
    qty,
    label: '6 eggs (cheapest 6-pack)',
    match: (l: ListingRecord) =>
      l.unit === 'pcs' && l.quantity === 6 && / eggs? /.test(` ${l.name.toLowerCase()} `),
  });
  const eggoz = item(1, 'Eggoz eggs 6 pcs', { brand: 'Eggoz', words: ['eggs'], quantity: 6, unit: 'pcs' });
  const licious = item(1, 'Licious eggs 6 pcs', {
    brand: 'Licious',
    words: ['eggs'],
    quantity: 6,
    unit: 'pcs',
  });
  add('basket', 'cheapest platform for 2 Amul butter 500g, 1 Aashirvaad atta 5kg and 6 eggs in Bengaluru', {
    basket: {
      city: 'Bengaluru',
      items: [butter500, aash5, anyEggs(1)],
      alts: [
        { label: 'eggs = Eggoz', items: [butter500, aash5, eggoz] },
        { label: 'eggs = Licious', items: [butter500, aash5, licious] },
      ],
    },
  });
  add('basket', 'total cost of 1 Nutella 350g and 2 Red Bull 250ml on each platform in Mumbai', {
    basket: {
      city: 'Mumbai',
      items: [
        item(1, 'Nutella 350 g', { brand: 'Nutella', words: ['nutella'], quantity: 350, unit: 'g' }),
        item(2, 'Red Bull 250 ml', { brand: 'Red Bull', words: ['red', 'bull'], quantity: 250, unit: 'ml' }),
      ],
    },
  });
  add('basket', 'cheapest app for 3 Maggi 4-packs and 2 Thums Up 750ml in Hyderabad', {
    basket: {
      city: 'Hyderabad',
      items: [
        item(3, 'Maggi masala noodles 4 x 70 g', {
          brand: 'Maggi',
          words: ['noodles'],
          quantity: 70,
          unit: 'g',
          packCount: 4,
        }),
        item(2, 'Thums Up 750 ml', { brand: 'Thums Up', words: ['thums'], quantity: 750, unit: 'ml' }),
      ],
    },
  });
  add(
    'basket',
    'where should I order 1 Saffola Gold 1L, 1 Fortune chakki atta 5kg and 1 Tata Tea Premium 500g in Hyderabad',
    {
      basket: {
        city: 'Hyderabad',
        items: [
          item(1, 'Saffola Gold 1 L', { brand: 'Saffola', words: ['gold'], quantity: 1, unit: 'l' }),
          item(1, 'Fortune chakki atta 5 kg', { brand: 'Fortune', words: ['atta'], quantity: 5, unit: 'kg' }),
          item(1, 'Tata Tea Premium 500 g', {
            brand: 'Tata Tea',
            words: ['premium'],
            quantity: 500,
            unit: 'g',
          }),
        ],
      },
    },
  );
  add('basket', "2 Lay's classic salted 50g and 1 Coca-Cola 750ml: cheapest platform in Bengaluru", {
    basket: {
      city: 'Bengaluru',
      items: [
        item(2, "Lay's classic salted 50 g", {
          brand: "Lay's",
          words: ['classic', 'salted'],
          quantity: 50,
          unit: 'g',
        }),
        item(1, 'Coca-Cola 750 ml', {
          brand: 'Coca-Cola',
          words: ['coca', 'cola'],
          quantity: 750,
          unit: 'ml',
        }),
      ],
    },
  });
  add(
    'basket',
    'cheapest place to buy 1 Amul Pure Ghee 1L and 1 India Gate basmati rice 5kg',
    {
      basket: {
        city: 'Mumbai',
        items: [
          item(1, 'Amul Pure Ghee 1 L', { brand: 'Amul', words: ['ghee'], quantity: 1, unit: 'l' }),
          item(1, 'India Gate basmati 5 kg', {
            brand: 'India Gate',
            words: ['basmati'],
            quantity: 5,
            unit: 'kg',
          }),
        ],
      },
    },
    city('Mumbai'),
  );
  add(
    'basket',
    '2 Amul Gold doodh 500ml, 1 Amul Masti dahi aur 1 Britannia whole wheat bread - sabse sasta kahan, Pune',
    {
      basket: {
        city: 'Pune',
        items: [
          item(2, 'Amul Gold milk 500 ml', { brand: 'Amul', words: ['gold'], quantity: 500, unit: 'ml' }),
          item(1, 'Amul Masti Dahi 400 g', { brand: 'Amul', words: ['dahi'], quantity: 400, unit: 'g' }),
          item(1, 'Britannia whole wheat bread 450 g', {
            brand: 'Britannia',
            words: ['bread'],
            quantity: 450,
            unit: 'g',
          }),
        ],
      },
    },
  );
  add(
    'basket',
    "Which platform is cheapest overall for 1 Nescafe Classic 100g, 1 Kellogg's Corn Flakes 475g and 2 Parle-G 800g in Delhi",
    {
      basket: {
        city: 'Delhi',
        items: [
          item(1, 'Nescafe Classic 100 g', {
            brand: 'Nescafe',
            words: ['classic'],
            quantity: 100,
            unit: 'g',
          }),
          item(1, "Kellogg's Corn Flakes 475 g", {
            brand: "Kellogg's",
            words: ['corn', 'flakes'],
            quantity: 475,
            unit: 'g',
          }),
          item(2, 'Parle-G 800 g', { brand: 'Parle', words: ['parle'], quantity: 800, unit: 'g' }),
        ],
      },
    },
  );
  add('basket', 'basket total for 1 Surf Excel Matic liquid 1L, 1 Vim gel 500ml and 1 Harpic 1L in Mumbai', {
    basket: {
      city: 'Mumbai',
      items: [
        item(1, 'Surf Excel Matic liquid 1 L', {
          brand: 'Surf Excel',
          words: ['liquid'],
          quantity: 1,
          unit: 'l',
        }),
        item(1, 'Vim gel 500 ml', { brand: 'Vim', words: ['gel'], quantity: 500, unit: 'ml' }),
        item(1, 'Harpic 1 L', { brand: 'Harpic', words: ['toilet'], quantity: 1, unit: 'l' }),
      ],
    },
  });
  add('basket', 'cheapest platform for 4 Amul Taaza 500ml and 2 Maggi 70g in Delhi', {
    basket: {
      city: 'Delhi',
      items: [
        item(4, 'Amul Taaza 500 ml', { brand: 'Amul', words: ['taaza'], quantity: 500, unit: 'ml' }),
        item(2, 'Maggi masala noodles 70 g', { brand: 'Maggi', words: ['noodles'], quantity: 70, unit: 'g' }),
      ],
    },
  });

  b.addRefusals();
  return b.entries;
}
