import type { Unit } from '../feed/records.ts';

/**
 * Curated vocabulary of the demo catalog: real Indian grocery brands, product lines, typical packs and
 * MRP per pack. Generated products combine these; variants extend them when more products are requested.
 */
export interface ProductLine {
  category: [string, string];
  brand: string | null;
  name: string;
  /** [quantity, unit, packCount, typical MRP in rupees] */
  packs: [number, Unit, number, number][];
  /** Variant words that make further real-sounding products of the same line. */
  variants?: string[];
}

const DAIRY = 'Dairy, Bread & Eggs';
const STAPLES = 'Atta, Rice & Dal';
const MASALA = 'Oil, Ghee & Masala';
const SNACKS = 'Snacks & Munchies';
const DRINKS = 'Cold Drinks & Juices';
const TEA = 'Tea, Coffee & Health Drinks';
const INSTANT = 'Instant & Frozen Food';
const CLEANING = 'Cleaning Essentials';
const PERSONAL = 'Personal Care';
const FRESH = 'Fruits & Vegetables';
const BABY = 'Baby Care';
const BREAKFAST = 'Breakfast & Sauces';

export const PRODUCT_LINES: ProductLine[] = [
  {
    category: [DAIRY, 'Milk'],
    brand: 'Amul',
    name: 'Taaza Toned Milk',
    packs: [
      [500, 'ml', 1, 28],
      [1, 'l', 1, 56],
    ],
    variants: ['Gold Full Cream', 'Slim n Trim Double Toned'],
  },
  {
    category: [DAIRY, 'Milk'],
    brand: 'Mother Dairy',
    name: 'Toned Milk',
    packs: [
      [500, 'ml', 1, 27],
      [1, 'l', 1, 54],
    ],
    variants: ['Full Cream', 'Cow'],
  },
  {
    category: [DAIRY, 'Milk'],
    brand: 'Nandini',
    name: 'Pasteurised Toned Milk',
    packs: [
      [500, 'ml', 1, 24],
      [1, 'l', 1, 46],
    ],
    variants: ['Shubham', 'Homogenised'],
  },
  {
    category: [DAIRY, 'Butter & Cheese'],
    brand: 'Amul',
    name: 'Pasteurised Butter',
    packs: [
      [100, 'g', 1, 58],
      [500, 'g', 1, 285],
    ],
    variants: ['Garlic Herbs', 'Lite'],
  },
  {
    category: [DAIRY, 'Butter & Cheese'],
    brand: 'Amul',
    name: 'Cheese Slices',
    packs: [
      [200, 'g', 1, 145],
      [750, 'g', 1, 480],
    ],
    variants: ['Processed Cheese Block', 'Mozzarella'],
  },
  {
    category: [DAIRY, 'Curd & Yogurt'],
    brand: 'Mother Dairy',
    name: 'Classic Curd',
    packs: [
      [400, 'g', 1, 50],
      [1, 'kg', 1, 110],
    ],
    variants: ['Probiotic Dahi', 'Mishti Doi'],
  },
  {
    category: [DAIRY, 'Curd & Yogurt'],
    brand: 'Epigamia',
    name: 'Greek Yogurt',
    packs: [
      [90, 'g', 1, 45],
      [400, 'g', 1, 180],
    ],
    variants: ['Natural', 'Strawberry', 'Blueberry'],
  },
  {
    category: [DAIRY, 'Paneer & Tofu'],
    brand: 'Amul',
    name: 'Malai Paneer',
    packs: [
      [200, 'g', 1, 95],
      [1, 'kg', 1, 440],
    ],
    variants: ['Fresh', 'Low Fat'],
  },
  {
    category: [DAIRY, 'Eggs'],
    brand: 'Eggoz',
    name: 'Farm Fresh White Eggs',
    packs: [
      [6, 'pcs', 1, 60],
      [12, 'pcs', 1, 115],
      [30, 'pcs', 1, 270],
    ],
    variants: ['Brown', 'Protein Rich'],
  },
  {
    category: [DAIRY, 'Bread & Pav'],
    brand: 'Britannia',
    name: 'Whole Wheat Bread',
    packs: [[450, 'g', 1, 55]],
    variants: ['Milk', 'Multigrain', 'Sandwich'],
  },
  {
    category: [STAPLES, 'Atta & Flours'],
    brand: 'Aashirvaad',
    name: 'Shudh Chakki Atta',
    packs: [
      [1, 'kg', 1, 68],
      [5, 'kg', 1, 300],
      [10, 'kg', 1, 560],
    ],
    variants: ['Multigrain', 'Select Sharbati'],
  },
  {
    category: [STAPLES, 'Atta & Flours'],
    brand: 'Fortune',
    name: 'Chakki Fresh Atta',
    packs: [
      [5, 'kg', 1, 275],
      [10, 'kg', 1, 520],
    ],
    variants: ['Besan', 'Maida'],
  },
  {
    category: [STAPLES, 'Rice'],
    brand: 'India Gate',
    name: 'Basmati Rice',
    packs: [
      [1, 'kg', 1, 150],
      [5, 'kg', 1, 699],
    ],
    variants: ['Classic', 'Super', 'Dubar', 'Tibar'],
  },
  {
    category: [STAPLES, 'Rice'],
    brand: 'Daawat',
    name: 'Rozana Basmati Rice',
    packs: [
      [1, 'kg', 1, 110],
      [5, 'kg', 1, 499],
    ],
    variants: ['Super', 'Gold'],
  },
  {
    category: [STAPLES, 'Dal & Pulses'],
    brand: 'Tata Sampann',
    name: 'Unpolished Toor Dal',
    packs: [
      [500, 'g', 1, 99],
      [1, 'kg', 1, 189],
    ],
    variants: ['Moong Dal', 'Chana Dal', 'Masoor Dal', 'Urad Dal'],
  },
  {
    category: [MASALA, 'Cooking Oil'],
    brand: 'Fortune',
    name: 'Sunlite Refined Sunflower Oil',
    packs: [
      [1, 'l', 1, 185],
      [5, 'l', 1, 875],
    ],
    variants: ['Kachi Ghani Mustard', 'Rice Bran'],
  },
  {
    category: [MASALA, 'Cooking Oil'],
    brand: 'Saffola',
    name: 'Gold Refined Cooking Oil',
    packs: [
      [1, 'l', 1, 210],
      [5, 'l', 1, 999],
    ],
    variants: ['Active', 'Tasty'],
  },
  {
    category: [MASALA, 'Ghee'],
    brand: 'Amul',
    name: 'Pure Ghee',
    packs: [
      [500, 'ml', 1, 330],
      [1, 'l', 1, 650],
    ],
    variants: ['Cow', 'Danedar'],
  },
  {
    category: [MASALA, 'Masala & Spices'],
    brand: 'MDH',
    name: 'Chana Masala',
    packs: [[100, 'g', 1, 88]],
    variants: ['Kitchen King', 'Garam Masala', 'Deggi Mirch', 'Chaat Masala'],
  },
  {
    category: [MASALA, 'Masala & Spices'],
    brand: 'Everest',
    name: 'Garam Masala',
    packs: [[100, 'g', 1, 92]],
    variants: ['Turmeric Powder', 'Kashmiri Lal Chilli', 'Pav Bhaji Masala'],
  },
  {
    category: [MASALA, 'Salt & Sugar'],
    brand: 'Tata',
    name: 'Salt Iodised',
    packs: [[1, 'kg', 1, 28]],
    variants: ['Lite Low Sodium', 'Rock'],
  },
  {
    category: [MASALA, 'Salt & Sugar'],
    brand: 'Madhur',
    name: 'Pure Sugar',
    packs: [
      [1, 'kg', 1, 60],
      [5, 'kg', 1, 285],
    ],
    variants: ['Sulphurless', 'Brown'],
  },
  {
    category: [SNACKS, 'Chips & Crisps'],
    brand: "Lay's",
    name: 'Classic Salted Potato Chips',
    packs: [
      [52, 'g', 1, 20],
      [90, 'g', 1, 50],
    ],
    variants: ["India's Magic Masala", 'American Style Cream & Onion', 'Chile Limon'],
  },
  {
    category: [SNACKS, 'Chips & Crisps'],
    brand: 'Bingo',
    name: 'Mad Angles Achaari Masti',
    packs: [[72, 'g', 1, 30]],
    variants: ['Tomato Madness', 'Tedhe Medhe'],
  },
  {
    category: [SNACKS, 'Namkeen'],
    brand: "Haldiram's",
    name: 'Aloo Bhujia',
    packs: [
      [200, 'g', 1, 55],
      [400, 'g', 1, 105],
    ],
    variants: ['Moong Dal', 'Navrattan Mix', 'Khatta Meetha'],
  },
  {
    category: [SNACKS, 'Biscuits & Cookies'],
    brand: 'Parle',
    name: 'G Gold Biscuits',
    packs: [[1, 'kg', 1, 150]],
    variants: ['Hide & Seek', 'Monaco', 'Krackjack'],
  },
  {
    category: [SNACKS, 'Biscuits & Cookies'],
    brand: 'Britannia',
    name: 'Good Day Cashew Cookies',
    packs: [
      [200, 'g', 1, 40],
      [600, 'g', 1, 110],
    ],
    variants: ['Marie Gold', 'Bourbon', 'NutriChoice Digestive'],
  },
  {
    category: [SNACKS, 'Biscuits & Cookies'],
    brand: 'Sunfeast',
    name: 'Dark Fantasy Choco Fills',
    packs: [
      [75, 'g', 1, 40],
      [300, 'g', 1, 160],
    ],
    variants: ['Mom’s Magic', 'Bounce'],
  },
  {
    category: [DRINKS, 'Soft Drinks'],
    brand: 'Coca-Cola',
    name: 'Original Taste Soft Drink',
    packs: [
      [750, 'ml', 1, 40],
      [2.25, 'l', 1, 99],
    ],
    variants: ['Zero Sugar', 'Diet Coke'],
  },
  {
    category: [DRINKS, 'Soft Drinks'],
    brand: 'Thums Up',
    name: 'Soft Drink',
    packs: [
      [750, 'ml', 1, 40],
      [2.25, 'l', 1, 99],
      [300, 'ml', 6, 240],
    ],
    variants: ['Charged'],
  },
  {
    category: [DRINKS, 'Juices'],
    brand: 'Tropicana',
    name: '100% Orange Juice',
    packs: [[1, 'l', 1, 135]],
    variants: ['Mixed Fruit Delight', 'Guava Delight', 'Apple'],
  },
  {
    category: [DRINKS, 'Energy Drinks'],
    brand: 'Red Bull',
    name: 'Energy Drink',
    packs: [
      [250, 'ml', 1, 125],
      [250, 'ml', 4, 480],
    ],
    variants: ['Sugarfree'],
  },
  {
    category: [TEA, 'Tea'],
    brand: 'Tata Tea',
    name: 'Gold Leaf Tea',
    packs: [
      [250, 'g', 1, 160],
      [500, 'g', 1, 310],
      [1, 'kg', 1, 590],
    ],
    variants: ['Premium', 'Agni'],
  },
  {
    category: [TEA, 'Tea'],
    brand: 'Red Label',
    name: 'Leaf Tea',
    packs: [
      [250, 'g', 1, 150],
      [500, 'g', 1, 290],
    ],
    variants: ['Natural Care'],
  },
  {
    category: [TEA, 'Coffee'],
    brand: 'Nescafe',
    name: 'Classic Instant Coffee',
    packs: [
      [50, 'g', 1, 190],
      [100, 'g', 1, 360],
    ],
    variants: ['Gold Blend', 'Sunrise'],
  },
  {
    category: [TEA, 'Coffee'],
    brand: 'Bru',
    name: 'Instant Coffee',
    packs: [[100, 'g', 1, 240]],
    variants: ['Gold', 'Filter Coffee'],
  },
  {
    category: [TEA, 'Health Drinks'],
    brand: 'Bournvita',
    name: 'Chocolate Health Drink',
    packs: [
      [500, 'g', 1, 250],
      [1, 'kg', 1, 470],
    ],
    variants: ['Pro-Health', 'Little Champs'],
  },
  {
    category: [TEA, 'Health Drinks'],
    brand: 'Horlicks',
    name: 'Classic Malt Health Drink',
    packs: [
      [500, 'g', 1, 260],
      [1, 'kg', 1, 499],
    ],
    variants: ['Chocolate', 'Women’s Plus'],
  },
  {
    category: [INSTANT, 'Noodles'],
    brand: 'Maggi',
    name: '2-Minute Masala Noodles',
    packs: [
      [70, 'g', 1, 14],
      [70, 'g', 4, 56],
      [70, 'g', 12, 168],
    ],
    variants: ['Atta', 'Chicken', 'Special Masala'],
  },
  {
    category: [INSTANT, 'Noodles'],
    brand: 'Yippee',
    name: 'Magic Masala Noodles',
    packs: [[60, 'g', 6, 90]],
    variants: ['Power Up Atta', 'Mood Masala'],
  },
  {
    category: [INSTANT, 'Frozen Snacks'],
    brand: 'McCain',
    name: 'French Fries',
    packs: [
      [420, 'g', 1, 125],
      [750, 'g', 1, 199],
    ],
    variants: ['Smiles', 'Aloo Tikki', 'Chilli Garlic Potato Bites'],
  },
  {
    category: [INSTANT, 'Pasta'],
    brand: 'Del Monte',
    name: 'Penne Rigate Pasta',
    packs: [[500, 'g', 1, 130]],
    variants: ['Fusilli', 'Spaghetti', 'Macaroni'],
  },
  {
    category: [CLEANING, 'Detergents'],
    brand: 'Surf Excel',
    name: 'Easy Wash Detergent Powder',
    packs: [
      [1, 'kg', 1, 140],
      [4, 'kg', 1, 540],
    ],
    variants: ['Matic Front Load Liquid', 'Quick Wash'],
  },
  {
    category: [CLEANING, 'Detergents'],
    brand: 'Ariel',
    name: 'Matic Top Load Detergent Powder',
    packs: [
      [1, 'kg', 1, 320],
      [2, 'kg', 1, 620],
    ],
    variants: ['Matic Front Load Liquid', 'Complete'],
  },
  {
    category: [CLEANING, 'Detergents'],
    brand: 'Tide',
    name: 'Plus Double Power Detergent Powder',
    packs: [
      [1, 'kg', 1, 135],
      [4, 'kg', 1, 480],
    ],
    variants: ['Jasmine & Rose', 'Lemon & Mint'],
  },
  {
    category: [CLEANING, 'Dishwash'],
    brand: 'Vim',
    name: 'Dishwash Liquid Gel Lemon',
    packs: [
      [500, 'ml', 1, 115],
      [750, 'ml', 1, 165],
    ],
    variants: ['Bar', 'Pudina'],
  },
  {
    category: [CLEANING, 'Floor & Surface Cleaners'],
    brand: 'Lizol',
    name: 'Disinfectant Floor Cleaner Citrus',
    packs: [
      [975, 'ml', 1, 239],
      [2, 'l', 1, 449],
    ],
    variants: ['Floral', 'Lavender', 'Pine'],
  },
  {
    category: [CLEANING, 'Toilet Cleaners'],
    brand: 'Harpic',
    name: 'Power Plus Toilet Cleaner Original',
    packs: [
      [500, 'ml', 1, 110],
      [1, 'l', 1, 209],
    ],
    variants: ['Rose', 'Citrus'],
  },
  {
    category: [PERSONAL, 'Bath & Body'],
    brand: 'Dove',
    name: 'Cream Beauty Bathing Bar',
    packs: [[100, 'g', 3, 195]],
    variants: ['Pink Rosa', 'Fresh Moisture'],
  },
  {
    category: [PERSONAL, 'Bath & Body'],
    brand: 'Lux',
    name: 'Soft Glow Soap',
    packs: [[100, 'g', 4, 160]],
    variants: ['Velvet Touch', 'Fresh Splash'],
  },
  {
    category: [PERSONAL, 'Oral Care'],
    brand: 'Colgate',
    name: 'Strong Teeth Toothpaste',
    packs: [
      [200, 'g', 1, 125],
      [100, 'g', 2, 130],
    ],
    variants: ['MaxFresh', 'Visible White'],
  },
  {
    category: [PERSONAL, 'Hair Care'],
    brand: 'Head & Shoulders',
    name: 'Anti Dandruff Shampoo',
    packs: [
      [180, 'ml', 1, 210],
      [340, 'ml', 1, 380],
    ],
    variants: ['Cool Menthol', 'Smooth & Silky'],
  },
  {
    category: [BABY, 'Diapers & Wipes'],
    brand: 'Pampers',
    name: 'Active Baby Taped Diapers Medium',
    packs: [[62, 'pcs', 1, 1299]],
    variants: ['Large', 'Small', 'Baby Dry Pants XL'],
  },
  {
    category: [BREAKFAST, 'Breakfast Cereals'],
    brand: "Kellogg's",
    name: 'Corn Flakes Original',
    packs: [
      [475, 'g', 1, 200],
      [1.2, 'kg', 1, 450],
    ],
    variants: ['Chocos', 'Muesli Fruit & Nut'],
  },
  {
    category: [BREAKFAST, 'Sauces & Ketchup'],
    brand: 'Kissan',
    name: 'Fresh Tomato Ketchup',
    packs: [
      [950, 'g', 1, 150],
      [500, 'g', 1, 95],
    ],
    variants: ['No Onion No Garlic', 'Sweet & Spicy'],
  },
  {
    category: [BREAKFAST, 'Spreads, Jams & Honey'],
    brand: 'Dabur',
    name: 'Honey',
    packs: [
      [500, 'g', 1, 255],
      [1, 'kg', 1, 475],
    ],
    variants: ['Organic'],
  },
  {
    category: [FRESH, 'Fresh Vegetables'],
    brand: null,
    name: 'Onion',
    packs: [
      [1, 'kg', 1, 45],
      [2, 'kg', 1, 85],
    ],
    variants: ['Red'],
  },
  {
    category: [FRESH, 'Fresh Vegetables'],
    brand: null,
    name: 'Potato',
    packs: [
      [1, 'kg', 1, 40],
      [2, 'kg', 1, 75],
    ],
    variants: ['Baby'],
  },
  {
    category: [FRESH, 'Fresh Vegetables'],
    brand: null,
    name: 'Tomato Hybrid',
    packs: [
      [500, 'g', 1, 30],
      [1, 'kg', 1, 55],
    ],
    variants: ['Local'],
  },
  {
    category: [FRESH, 'Fresh Fruits'],
    brand: null,
    name: 'Banana Robusta',
    packs: [
      [6, 'pcs', 1, 50],
      [12, 'pcs', 1, 95],
    ],
    variants: ['Yelakki'],
  },
  {
    category: [FRESH, 'Fresh Fruits'],
    brand: null,
    name: 'Apple Shimla',
    packs: [
      [4, 'pcs', 1, 160],
      [1, 'kg', 1, 220],
    ],
    variants: ['Royal Gala', 'Kinnaur'],
  },
  {
    category: [FRESH, 'Leafy Greens & Herbs'],
    brand: null,
    name: 'Coriander Leaves',
    packs: [[100, 'g', 1, 20]],
    variants: ['Mint Leaves', 'Curry Leaves', 'Spinach'],
  },
];

export const PLATFORMS = [
  { slug: 'blinkit', name: 'Blinkit', membership: null, sku: 'BL', eta: [8, 15], depth: 0.1, member: 0 },
  {
    slug: 'zepto',
    name: 'Zepto',
    membership: 'Zepto Pass',
    sku: 'ZP',
    eta: [7, 14],
    depth: 0.14,
    member: 0.2,
  },
  {
    slug: 'instamart',
    name: 'Swiggy Instamart',
    membership: 'Swiggy One',
    sku: 'IM',
    eta: [10, 20],
    depth: 0.12,
    member: 0.15,
  },
  {
    slug: 'bbnow',
    name: 'BigBasket Now',
    membership: 'bbstar',
    sku: 'BB',
    eta: [12, 30],
    depth: 0.16,
    member: 0.1,
  },
  {
    slug: 'flipkart_minutes',
    name: 'Flipkart Minutes',
    membership: null,
    sku: 'FK',
    eta: [10, 18],
    depth: 0.13,
    member: 0,
  },
  { slug: 'jiomart', name: 'JioMart', membership: null, sku: 'JM', eta: [20, 45], depth: 0.18, member: 0 },
] as const;

export const CITY_PINCODES: Record<string, string[]> = {
  Bengaluru: ['560034', '560102', '560038', '560001'],
  Mumbai: ['400076', '400050', '400001'],
  Delhi: ['110001', '110017', '110092'],
  Hyderabad: ['500081', '500032', '500001'],
  Pune: ['411001', '411014', '411038'],
  Chennai: ['600017', '600041'],
  Kolkata: ['700019', '700091'],
};

export const DEFAULT_CITIES = ['Bengaluru', 'Mumbai', 'Delhi', 'Hyderabad', 'Pune'];
