import type { Clock } from '../shared/clock.ts';
import { AppError, ErrorCode } from '../shared/errors.ts';
import {
  asProductMention,
  didYouMean,
  type LinkResult,
  linkEntities,
  type ProductMention,
} from './entity-linker.ts';
import {
  type Aggregation,
  type BasketItem,
  type BasketOption,
  DEFAULT_MAX_RESULTS,
  emptyFilters,
  type Filters,
  type Intent,
  type IR,
  MAX_RESULTS_CAP,
  type ProductSelection,
  type SortKey,
  type TimeWindow,
  type UnitPricePer,
} from './ir.ts';
import { type PreparedQuestion, prepareQuestion, withNamePercents } from './prepare.ts';
import { exampleQuestions, refusalError, refusalReason } from './refusal.ts';
import { stableStringify } from './text.ts';
import {
  defaultChangeWindow,
  defaultHistoryWindow,
  findEndsBy,
  findTimeWindow,
  floorToMinute,
  toIst,
} from './time-window.ts';
import type { Vocabulary } from './vocabulary.ts';

/**
 * Question → IR. Refusals are decided first (nothing else runs for them), then entities are linked and the
 * intent is read from cue words in the question with its entities masked out ("cheapest {product} on
 * {platform}"), so product names never trigger intents.
 */

export interface AskContext {
  city?: string;
  pincode?: string;
  max_results?: number;
}

export interface Interpretation {
  ir: IR;
  prepared: PreparedQuestion;
  link: LinkResult;
  /** Product mentions with more than one candidate product (several names, or one name in several packs). */
  ambiguous: ProductMention[];
  /** Where the city came from. */
  city_source: 'question' | 'question_pincode' | 'context' | 'context_pincode' | null;
  /** Things worth telling the shopper (pack not found, unknown city in context...). */
  warnings: string[];
}

const has = (re: RegExp, text: string) => re.test(text);

const CUES = {
  basket:
    /\b(?:basket|cart|shopping list|my list|grocery list|total|in total|altogether|all together|combined|together|whole list|bill)\b|\b(?:with|including|incl|plus|after) (?:the )?(?:delivery|fees?|charges|coupons?)\b/,
  // "charges" is a fee unless it is the verb of a price question ("which platform charges the most for …").
  fees: /\b(?:fees?|charges?(?! (?:the )?(?:most|more|least|less|highest|lowest)\b)|delivery (?:cost|charge|fee)s?|handling|small[- ]cart|free delivery|minimum order|min order|surge)\b/,
  coupons: /\b(?:coupons?|promo ?codes?|promocodes?|codes?|vouchers?|cashback codes?)\b/,
  offersOnly: /\b(?:offers?|promos?)\b/,
  flash: /\b(?:flash|lightning deals?|deal of the day|limited[- ]time)\b/,
  drop: /\b(?:drops?|dropped|dropping|price cuts?|got cheaper|gotten cheaper|became cheaper|become cheaper|went down|gone down|fell|fallen|reduced|decreased|decrease|slashed|cheaper (?:today|now|this week|than yesterday|since))\b/,
  rise: /\b(?:increases?|increased|hikes?|hiked|went up|gone up|rose|risen|costlier|more expensive (?:today|now|this week)|price rise|rising)\b/,
  historyWords:
    /\b(?:history|historical|trend|trends|over time|series|chart|graph|daily|day by day|each day|every day|per day|ever|all[- ]time|used to|was the price|price was|were the prices)\b/,
  series:
    /\b(?:trend|trends|series|chart|graph|daily|day by day|each day|every day|per day|history|historical|over time)\b/,
  lowest: /\b(?:lowest|cheapest|minimum|min|least|sabse kam|sasta)\b/,
  highest: /\b(?:highest|maximum|max|costliest|most expensive|peak)\b/,
  average: /\b(?:average|avg|mean|typical)\b/,
  perPlatform:
    /\b(?:by|per|each|every|across|all|different) (?:platforms?|apps?|stores?)\b|\bplatform[- ]?wise\b|\bwhich (?:platform|app|store) (?:has|gives|offers|have|give|is)\b.*\b(?:most|highest|maximum|more|best|biggest|largest)\b/,
  aggregate: /\b(?:average|avg|mean|how many|number of|count|most|total|highest|maximum|more)\b/,
  count: /\b(?:how many|number of|count of|count)\b/,
  onSale: /\b(?:on sale|discounted|items on discount|offers|deals)\b/,
  membership: /\b(?:membership|member|members|pass|subscription|plus member)\b/,
  savings:
    /\b(?:sav(?:e|es|ing|ings)|worth it|worth|benefits?|cheaper with|how much less|discount for members|member prices?|members? price|membership prices?)\b/,
  unitPrice:
    /\b(?:per|\/|a|every|each)\s*(?:kg|kilo|kilogram|gram|grams|g|100 ?g|100 ?gm|litre|liter|ltr|l|ml|100 ?ml|piece|pc|pcs|unit|egg)\b|\bunit (?:price|cost|rate)\b|\bprice per\b|\brate per\b|\bvalue for money\b|\bbest value\b|\bper \{quantity\}/,
  fastest:
    /\b(?:fastest|quickest|earliest|soonest|quick delivery|fast delivery|delivery time|delivery times|eta|how (?:fast|soon|quickly|long)|deliver(?:s|ed|y)? (?:fastest|quickest|first|soonest|quickly|fast)|jaldi|least time|minimum time)\b/,
  availability:
    /\b(?:in[- ]stock|out of stock|available|availability|stock|stocks|sold out|unavailable|can i (?:buy|get|order)|who (?:sells|has|stocks)|where can i (?:buy|get|find)|which (?:platforms?|apps?|stores?) (?:sells?|has|have|carry|carries|stocks?))\b/,
  inStock:
    /\b(?:in[- ]stock|available|availability|stocked|have it|(?:with|has|have|having) (?:it in )?stock)\b/,
  mrp: /\b(?:mrp|maximum retail price|printed price|list price|marked price)\b/,
  discount: /\b(?:discounts?|discounted|% off|percent off|off|on sale|deals?|offers?|savings on)\b/,
  bestDeals:
    /\b(?:best|top|biggest|highest|max(?:imum)?|great|good|hot|steepest|largest|most)\b.{0,20}\b(?:deals?|discounts?|offers?|savings|sale)\b|\bdeals?\b/,
  mostExpensive:
    /\b(?:charges? (?:the )?(?:most|more|highest)|most expensive|costliest|priciest|highest price|most costly|mehenga|mehnga|expensive)\b/,
  cheapest:
    /\b(?:charges? (?:the )?(?:least|less|lowest)|cheapest|cheaper|lowest|least|cheap|best price|best rate|sasta|saste|sasti|minimum price|low price|lowest price|lowest rate|good price|best deal for|save most)\b|\b(?:where|which (?:platform|app|store|one|site))\b.{0,30}\b(?:buy|get|order|purchase|cheap)\b|\bwhere should i\b/,
  compare: /\b(?:compare|comparison|comparing|vs|versus|difference|or)\b/,
  price: /\b(?:price|prices|pricing|cost|costs|rate|rates|how much|kitna|kitne|kitni|kya daam|daam)\b/,
  newUsers: /\b(?:new users?|first order|new customers?|new account|first time|first-time)\b/,
  list: /\b(?:items?|products?|things|stuff|anything|what can i|show|list)\b/,
  allCities: /\b(?:all|every|each|which|any) cit(?:y|ies)\b|\bacross cities\b|\bin which cit/,
};

const OUT_OF_STOCK = /\b(?:out of stock|sold out|unavailable|not available|not in stock)\b/;

const LIST_CONNECTOR =
  /\{product\}\s*(?:,|and|or|vs\.?|versus|aur|ya|&|\+)\s*\{(?:brand|category)\}|\{(?:brand|category)\}\s*(?:,|and|or|vs\.?|versus|aur|ya|&|\+)\s*\{product\}/;

/** Intents whose answer depends on the current instant beyond current prices. */
const USES_NOW: ReadonlySet<Intent> = new Set(['coupons', 'flash_sales', 'basket']);

/** Which intents need a product, brand or category to make sense. */
const NEEDS_PRODUCT: ReadonlySet<Intent> = new Set([
  'price_comparison',
  'product_mrp',
  'price_history',
  'availability',
]);

export interface ParseOptions {
  vocab: Vocabulary;
  clock: Clock;
}

export function interpretQuestion(
  { vocab, clock }: ParseOptions,
  question: string,
  context: AskContext = {},
): Interpretation {
  const trimmed = question.trim();
  if (trimmed.length === 0) {
    throw new AppError(ErrorCode.InvalidQuery, 'The question is empty.', {
      suggestions: exampleQuestions(vocab),
    });
  }
  const early = refusalReason(trimmed);
  if (early) throw refusalError(early, vocab);
  const prepared = withNamePercents(prepareQuestion(trimmed), vocab.namePercents);
  const late = refusalReason(trimmed, prepared.text);
  if (late) throw refusalError(late, vocab);

  const now = clock.now();
  const timeFound = findTimeWindow(prepared.text, now);
  const reserved = [
    ...prepared.money,
    ...prepared.percents,
    ...(timeFound ? [{ start: timeFound.start, end: timeFound.end }] : []),
  ];
  const link = linkEntities(vocab, {
    text: prepared.text,
    quantities: prepared.quantities,
    reserved,
    nameParts: prepared.nameParts,
  });
  return parseIntent(vocab, now, prepared, link, timeFound?.window ?? null, context);
}

export function parseIntent(
  vocab: Vocabulary,
  now: Date,
  prepared: PreparedQuestion,
  link: LinkResult,
  timeWindow: TimeWindow | null,
  context: AskContext,
): Interpretation {
  const masked = link.masked;
  const warnings: string[] = [];

  // City: the question's city wins, then the question's pincode, then the caller's context.
  let city: IR['city'] = null;
  let pincode: string | null = null;
  let citySource: Interpretation['city_source'] = null;
  const qCity = link.cities[0];
  const qPin = link.pincodes[0];
  if (qPin) {
    pincode = qPin.pincode;
    if (qPin.cityId === null) warnings.push(`Pincode ${qPin.pincode} is not one the platforms report on.`);
  }
  if (qCity) {
    city = { id: qCity.id, name: qCity.name };
    citySource = 'question';
  } else if (qPin && qPin.cityId !== null) {
    city = { id: qPin.cityId, name: vocab.cities.get(qPin.cityId)!.name };
    citySource = 'question_pincode';
  } else if (context.city) {
    const c = vocab.cityByName(context.city) ?? cityByAlias(vocab, context.city);
    if (c) {
      city = { id: c.id, name: c.name };
      citySource = 'context';
    } else warnings.push(`City "${context.city}" is not in the catalog; showing all cities.`);
  } else if (context.pincode) {
    const pin = vocab.pincodes.get(context.pincode.trim());
    if (pin) {
      city = { id: pin.cityId, name: vocab.cities.get(pin.cityId)!.name };
      pincode = pin.pincode;
      citySource = 'context_pincode';
    } else warnings.push(`Pincode ${context.pincode} is not in the catalog; showing all cities.`);
  }

  // A brand or category listed next to a product ("horlicks vs bournvita", "amul butter and eggs") is one
  // more item; otherwise it narrows ("amul products in dairy").
  let products = link.products;
  let brandMentions = link.brands;
  let categoryMentions = link.categories;
  if (
    products.length > 0 &&
    LIST_CONNECTOR.test(masked) &&
    brandMentions.length + categoryMentions.length > 0
  ) {
    products = [...products, ...brandMentions, ...categoryMentions]
      .map((m) => (m.kind === 'product' ? m : asProductMention(vocab, m)))
      .sort((a, b) => a.start - b.start);
    brandMentions = [];
    categoryMentions = [];
  }
  const brandIds = uniqueSorted(brandMentions.map((b) => b.id));
  const categoryIds = uniqueSorted(categoryMentions.flatMap((c) => c.ids));
  const platformIds = uniqueSorted(link.platforms.map((p) => p.id));
  const hasItems = products.length > 0 || brandIds.length > 0 || categoryIds.length > 0;
  const membershipNamed = link.platforms.some((p) => p.membership);

  // Filters.
  const filters: Filters = emptyFilters();
  for (const m of prepared.money) {
    if (m.bound === 'max') filters.max_price = m.amount;
    else if (m.bound === 'min') filters.min_price = m.amount;
    else if (m.bound === 'range') {
      filters.min_price = m.min ?? null;
      filters.max_price = m.amount;
    }
  }
  for (const p of prepared.percents) {
    // "at least 30% off", "30% off", "20-40% off": the discount floor.
    if (p.bound === 'max') continue;
    filters.min_discount_percent = p.bound === 'range' ? (p.min ?? p.value) : p.value;
  }
  filters.member_price = membershipNamed || has(CUES.membership, masked);
  filters.new_users = has(CUES.newUsers, masked);

  // Intent.
  const cue = (re: RegExp) => re.test(masked);
  const countedItems = products.filter((p) => p.count !== null || p.pieces !== null).length;
  let intent: Intent;
  let aggregation: Aggregation | null = null;
  let unit: UnitPricePer | null = null;
  let changeDirection: IR['change_direction'] = null;
  let time: TimeWindow | null = null;
  const historyTime = timeWindow && timeWindow.kind !== 'today' ? timeWindow : null;

  const basketLike =
    (products.length >= 1 && cue(CUES.basket)) ||
    (products.length >= 2 && countedItems >= 1) ||
    (products.length >= 2 && (cue(CUES.cheapest) || cue(CUES.fees)) && !cue(CUES.compare)) ||
    (products.length >= 1 && cue(CUES.fees) && !cue(/\bdelivery time\b/));

  if (basketLike) {
    intent = 'basket';
  } else if (cue(CUES.fees) && !cue(CUES.fastest)) {
    intent = 'fees';
  } else if (
    cue(CUES.coupons) ||
    (cue(CUES.offersOnly) &&
      !hasItems &&
      prepared.percents.length === 0 &&
      !cue(CUES.bestDeals) &&
      !cue(CUES.flash))
  ) {
    intent = 'coupons';
  } else if (cue(CUES.flash)) {
    intent = 'flash_sales';
  } else if ((cue(CUES.drop) || cue(CUES.rise)) && !cue(/\bcheaper than\b/)) {
    intent = 'price_changes';
    changeDirection = cue(CUES.drop) ? 'down' : 'up';
    time = timeWindow ?? defaultChangeWindow(now);
  } else if (hasItems && (cue(CUES.historyWords) || historyTime) && !cue(CUES.availability)) {
    intent = 'price_history';
    time = historyTime ?? (timeWindow?.kind === 'today' ? timeWindow : defaultHistoryWindow(now));
    if (time.kind === 'on_date' || time.kind === 'yesterday') aggregation = 'history_on_date';
    else if (cue(CUES.series) && !cue(CUES.lowest) && !cue(CUES.highest) && !cue(CUES.average))
      aggregation = 'history_series';
    else aggregation = 'history_summary';
  } else if (
    ((cue(CUES.perPlatform) && (cue(CUES.aggregate) || cue(CUES.discount))) ||
      (cue(CUES.average) && cue(CUES.discount)) ||
      cue(CUES.count)) &&
    products.length === 0 &&
    !cue(CUES.fastest)
  ) {
    intent = 'platform_stats';
    aggregation = 'platform_summary';
  } else if ((membershipNamed || cue(CUES.membership)) && (cue(CUES.savings) || !hasItems)) {
    intent = 'membership_savings';
  } else if (cue(CUES.unitPrice)) {
    intent = 'unit_price';
    unit = unitFrom(masked, prepared);
  } else if (cue(CUES.fastest)) {
    intent = 'fastest_delivery';
  } else if (cue(CUES.availability) && !cue(CUES.cheapest) && !cue(CUES.price)) {
    intent = 'availability';
  } else if (
    cue(CUES.mrp) ||
    // "discount on amul butter on blinkit": that product's discount, even when it is none.
    (products.length > 0 &&
      filters.min_discount_percent === null &&
      cue(/\b(?:how much )?(?:discount|off) (?:on|of|for) \{product\}/) &&
      !cue(CUES.bestDeals))
  ) {
    intent = 'product_mrp';
  } else if (filters.min_discount_percent !== null || (cue(CUES.discount) && !cue(CUES.cheapest))) {
    intent = cue(CUES.bestDeals) && filters.min_discount_percent === null ? 'best_deals' : 'discounts';
  } else if (cue(CUES.mostExpensive)) {
    intent = 'most_expensive';
  } else if (filters.max_price !== null && products.length === 0) {
    intent = 'items_under';
  } else if (cue(CUES.cheapest) || (platformIds.length >= 2 && cue(CUES.compare))) {
    intent =
      products.length === 0 && brandIds.length > 0 && categoryIds.length === 0
        ? 'brand_cheapest'
        : 'cheapest_platform';
  } else if (cue(CUES.compare) || cue(CUES.price)) {
    intent = 'price_comparison';
  } else if (hasItems) {
    intent =
      products.length === 0 && brandIds.length > 0 && categoryIds.length === 0
        ? 'brand_cheapest'
        : 'price_comparison';
  } else if (cue(CUES.list) && platformIds.length > 0) {
    intent = 'cheapest_platform';
  } else {
    throw ungrounded(vocab, link);
  }

  const scoped = platformIds.length > 0 || city !== null;
  const needsItems =
    (NEEDS_PRODUCT.has(intent) && !(intent === 'availability' && scoped)) ||
    ((intent === 'cheapest_platform' || intent === 'most_expensive') && platformIds.length === 0);
  if (!hasItems && needsItems) {
    throw ungrounded(vocab, link, intent);
  }
  if (
    !hasItems &&
    link.unknown.length > 0 &&
    (intent === 'cheapest_platform' || intent === 'price_comparison')
  ) {
    throw ungrounded(vocab, link, intent);
  }
  // "best coupon for a ₹1000 order": the amount is the cart value.
  if (intent === 'coupons' && filters.max_price === null && prepared.money.length > 0) {
    filters.max_price = prepared.money[0]!.amount;
  }
  if (intent === 'flash_sales') filters.ends_by = findEndsBy(prepared.text, now);
  if (intent === 'coupons') {
    if (cue(/\b(?:flat|fixed|amount off|rupees off|₹ off)\b/)) filters.coupon_type = 'flat';
    else if (cue(/\b(?:percent(?:age)?|% off)\b/) && prepared.percents.length === 0)
      filters.coupon_type = 'percent';
  }
  if (intent === 'availability') {
    filters.out_of_stock_only = cue(OUT_OF_STOCK);
    filters.in_stock_only =
      !filters.out_of_stock_only && cue(/\b(?:only|just)\b.*\b(?:in stock|available)\b/);
  } else if (intent !== 'basket' && intent !== 'fastest_delivery' && cue(CUES.inStock)) {
    filters.in_stock_only = true;
  }
  if (intent === 'brand_cheapest') aggregation = 'per_product_best';

  // Sort.
  const sort = sortFor(intent, aggregation, masked, changeDirection);

  // Limit: "top 5", "5 cheapest", else the caller's page size.
  const pageSize = clampLimit(context.max_results);
  const asked = askedLimit(masked, link);
  const limit = asked ? Math.min(asked, pageSize) : pageSize;

  const selections: ProductSelection[] =
    intent === 'basket' ? [] : products.map((p) => selectionOf(p)).sort((a, b) => compareKeys(a, b));
  const basket = intent === 'basket' ? basketItems(vocab, products) : null;
  if (intent === 'basket' && basket && basket.length === 0) throw ungrounded(vocab, link, intent);
  // Stock, fees and coupons depend on where the basket goes: without a city there is no total to give.
  if (intent === 'basket' && !city) throw missingCity(vocab, prepared.original);

  for (const p of products) {
    if (p.pack && !p.packMatched && intent !== 'basket') {
      warnings.push(
        `No ${p.pack.label} pack of "${p.label}"; showing ${[...new Set(p.candidates.map((c) => c.pack))].join(', ')}.`,
      );
    }
  }

  const ir: IR = {
    intent,
    products: selections,
    brand_ids: intent === 'basket' ? [] : brandIds,
    category_ids: intent === 'basket' ? [] : categoryIds,
    platform_ids: platformIds,
    city,
    pincode,
    filters,
    time,
    at: USES_NOW.has(intent) ? toIst(floorToMinute(now.getTime())) : null,
    sort,
    limit,
    aggregation,
    unit,
    change_direction: changeDirection,
    basket,
  };
  return {
    ir,
    prepared,
    link,
    ambiguous: products.filter((p) => p.candidates.length > 1),
    city_source: citySource,
    warnings,
  };
}

function cityByAlias(vocab: Vocabulary, name: string) {
  const link = linkEntities(vocab, { text: name.toLowerCase() });
  const c = link.cities[0];
  return c ? vocab.cities.get(c.id) : undefined;
}

function uniqueSorted(ids: number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

function compareKeys(a: unknown, b: unknown): number {
  const x = stableStringify(a);
  const y = stableStringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function selectionOf(p: ProductMention): ProductSelection {
  return {
    ids: uniqueSorted(p.candidates.map((c) => c.id)),
    label: p.label,
    ambiguous: p.candidates.length > 1,
    pack: p.pack ? { amount: p.pack.amount, base_unit: p.pack.baseUnit } : null,
    pack_matched: p.packMatched,
  };
}

function basketItems(vocab: Vocabulary, products: readonly ProductMention[]): BasketItem[] {
  return products.map((p) => {
    const count = p.count ?? 1;
    const options: BasketOption[] = p.candidates.map((c) => {
      const product = vocab.products.get(c.id)!;
      if (!p.pack || product.baseUnit !== p.pack.baseUnit) return { product_id: c.id, packs: count, fit: 0 };
      const wantedPerItem = p.pack.amount;
      const total = wantedPerItem * (p.pieces !== null && p.count === null ? 1 : count);
      if (Math.abs(product.baseAmount - wantedPerItem) < 1e-6) {
        return { product_id: c.id, packs: p.pieces !== null && p.count === null ? 1 : count, fit: 0 };
      }
      if (product.baseAmount < wantedPerItem) {
        return { product_id: c.id, packs: Math.ceil(total / product.baseAmount - 1e-9), fit: 1 };
      }
      return { product_id: c.id, packs: Math.max(1, Math.ceil(total / product.baseAmount - 1e-9)), fit: 2 };
    });
    options.sort((a, b) => a.product_id - b.product_id);
    return {
      label:
        p.groups.length === 1
          ? `${p.groups[0]!.name}${p.pack?.baseUnit === 'pcs' ? '' : p.groups[0]!.packs.length === 1 ? ` ${p.groups[0]!.packs[0]}` : ''}`
          : p.label,
      quantity: p.pieces ?? count,
      pieces: p.pieces,
      options,
    };
  });
}

function unitFrom(masked: string, prepared: PreparedQuestion): UnitPricePer | null {
  if (/\b(?:kg|kilo|kilogram|gram|grams|g|100 ?g|100 ?gm)\b/.test(masked)) return 'kg';
  if (/\b(?:litre|liter|ltr|l|ml|100 ?ml)\b/.test(masked)) return 'l';
  if (/\b(?:per|a|each|every|\/)\s*(?:piece|pc|pcs|egg)\b/.test(masked)) return 'pc';
  const q = prepared.quantities.find((x) => /per\s*$/.test(prepared.text.slice(0, x.start)));
  if (q) return q.unit === 'g' || q.unit === 'kg' ? 'kg' : q.unit === 'pcs' ? 'pc' : 'l';
  return null;
}

function sortFor(
  intent: Intent,
  aggregation: Aggregation | null,
  masked: string,
  direction: IR['change_direction'],
): IR['sort'] {
  const asc = (key: SortKey): IR['sort'] => ({ key, direction: 'asc' });
  const desc = (key: SortKey): IR['sort'] => ({ key, direction: 'desc' });
  switch (intent) {
    case 'most_expensive':
      return desc('price');
    case 'discounts':
    case 'best_deals':
      return desc('discount_percent');
    case 'unit_price':
      return asc('unit_price');
    case 'fastest_delivery':
      return asc('eta_minutes');
    case 'availability':
      return OUT_OF_STOCK.test(masked) ? asc('in_stock') : desc('in_stock');
    case 'price_changes':
      return direction === 'up' ? desc('change_percent') : asc('change_percent');
    case 'membership_savings':
      return desc('member_savings');
    case 'platform_stats':
      if (CUES.average.test(masked)) return desc('average_discount_percent');
      if (CUES.onSale.test(masked) || CUES.discount.test(masked) || /\bmost (?:deals|offers)\b/.test(masked))
        return desc('items_on_sale');
      return CUES.count.test(masked) || /\bmost (?:items|products)\b/.test(masked)
        ? desc('item_count')
        : desc('average_discount_percent');
    case 'coupons':
      return asc('platform');
    case 'flash_sales':
      return desc('percent_off');
    case 'fees':
      return feeSort(masked);
    case 'basket':
      return asc('total');
    case 'price_history':
      if (aggregation === 'history_series') return asc('date');
      if (aggregation === 'history_on_date') return asc('price');
      if (CUES.highest.test(masked) && !CUES.lowest.test(masked)) return desc('highest_price');
      if (CUES.average.test(masked)) return asc('average_price');
      return asc('lowest_price');
    default:
      return asc('price');
  }
}

/** "lowest delivery fee", "highest handling charge": that fee, in that direction; else by platform. */
function feeSort(masked: string): IR['sort'] {
  const low = /\b(?:lowest|cheapest|least|minimum|min|smallest|low)\b/.test(masked);
  const high = /\b(?:highest|most|maximum|max|biggest|largest|high|most expensive)\b/.test(masked);
  if (low === high) return { key: 'platform', direction: 'asc' };
  const key: SortKey = /\bhandling\b/.test(masked)
    ? 'handling_fee'
    : /\bsmall[- ]cart\b/.test(masked)
      ? 'small_cart_fee'
      : /\b(?:free delivery|minimum order|min order|threshold)\b/.test(masked)
        ? 'free_delivery_above'
        : 'delivery_fee';
  return { key, direction: low ? 'asc' : 'desc' };
}

function clampLimit(maxResults: number | undefined): number {
  if (maxResults === undefined || !Number.isFinite(maxResults)) return DEFAULT_MAX_RESULTS;
  return Math.max(1, Math.min(MAX_RESULTS_CAP, Math.floor(maxResults)));
}

function askedLimit(masked: string, link: LinkResult): number | null {
  const m =
    masked.match(/\b(?:top|first|best|show(?: me)?|list|give(?: me)?)\s+(\d{1,3})\b/) ??
    masked.match(
      /\b(\d{1,3})\s+(?:cheapest|best|top|biggest|most|highest|lowest|items|products|deals|offers|options|things|platforms)\b/,
    );
  if (!m) return null;
  const value = Number(m[1]);
  if (!link.numbers.some((n) => n.value === value)) return null;
  return value >= 1 ? value : null;
}

function missingCity(vocab: Vocabulary, question: string): AppError {
  const cities = [...vocab.cities.values()].map((c) => c.name).sort();
  return new AppError(ErrorCode.InvalidQuery, 'Which city should the basket be delivered to?', {
    details: { reason: 'missing_city', intent: 'basket' },
    hint: 'Stock, delivery fees and coupons differ by city; name one in the question or the context.',
    suggestions: cities.slice(0, 3).map((c) => `${question.replace(/[?.!\s]+$/, '')} in ${c}`),
  });
}

function ungrounded(vocab: Vocabulary, link: LinkResult, intent?: Intent): AppError {
  const unknown = link.unknown.filter((u) => u.text.length >= 3);
  if (unknown.length > 0) {
    const words = unknown.map((u) => `"${u.text}"`).join(', ');
    const suggestions = [...new Set(unknown.flatMap((u) => didYouMean(vocab, u.word)))];
    return new AppError(ErrorCode.InvalidQuery, `I could not find ${words} in the catalog.`, {
      details: { reason: 'unknown_product', unknown: unknown.map((u) => u.text), intent: intent ?? null },
      suggestions:
        suggestions.length > 0 ? suggestions.map((s) => `Did you mean ${s}?`) : exampleQuestions(vocab),
    });
  }
  if (intent && link.platforms.length + link.cities.length > 0) {
    return new AppError(ErrorCode.InvalidQuery, 'Which product, brand or category do you mean?', {
      details: { reason: 'missing_product', intent },
      suggestions: exampleQuestions(vocab),
    });
  }
  return refusalError('ungrounded', vocab);
}
