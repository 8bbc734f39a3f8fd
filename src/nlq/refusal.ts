import { AppError, ErrorCode } from '../shared/errors.ts';
import type { Vocabulary } from './vocabulary.ts';

/**
 * Questions the engine must not answer, recognised before anything is interpreted or executed: requests to
 * change data, personal data, topics outside grocery prices, and SQL or prompt injection pasted into the
 * question. Each refusal is an AppError (QUERY_REFUSED) with questions the engine can answer instead.
 */

export type RefusalReason =
  | 'write'
  | 'personal_data'
  | 'out_of_scope'
  | 'injection'
  | 'ungrounded'
  | 'too_expensive';

interface Rule {
  reason: RefusalReason;
  pattern: RegExp;
}

const DATA_WORDS =
  '(?:price|prices|mrp|rate|rates|stock|inventory|table|tables|product|products|data|database|db|record|records|rows?|columns?|coupons?|users?|catalog|catalogue|listings?|discounts?|schema|everything|all)';

const RULES: readonly Rule[] = [
  // Prompt injection and attempts to steer the engine.
  {
    reason: 'injection',
    pattern:
      /\b(?:ignore|disregard|forget|override|bypass)\b.{0,40}\b(?:instructions?|prompts?|rules?|guardrails?|polic(?:y|ies)|above|previous|prior|system)\b/i,
  },
  {
    reason: 'injection',
    pattern:
      /\b(?:system prompt|developer mode|jailbreak|you are now|act as (?:an?|the) |pretend (?:to be|you)|do anything now)\b/i,
  },
  // SQL pasted into the question.
  { reason: 'injection', pattern: /'\s*(?:;|--)|'\s*or\s+'?\d+'?\s*=\s*'?\d/i },
  { reason: 'injection', pattern: /;\s*(?:drop|delete|update|insert|alter|truncate|select|create|grant)\b/i },
  {
    reason: 'injection',
    pattern:
      /\bunion\s+(?:all\s+)?select\b|\bor\s+1\s*=\s*1\b|\bpg_sleep\b|\bpg_catalog\b|\binformation_schema\b/i,
  },
  { reason: 'injection', pattern: /\bselect\b[\s\S]{0,200}\bfrom\b\s+[a-z_"]/i },
  { reason: 'injection', pattern: /(?:--|\/\*|\*\/)|\bexec(?:ute)?\s*\(|\bcopy\s+\w+\s+(?:to|from)\b/i },
  // Changing data, in SQL or in words.
  {
    reason: 'write',
    pattern: /\b(?:drop|truncate|alter)\s+(?:the\s+)?(?:table|database|schema|index|column|view|all)\b/i,
  },
  {
    reason: 'write',
    pattern:
      /\b(?:delete\s+from|insert\s+into|update\s+\w+\s+set|create\s+(?:table|index|view|database|user|role))\b/i,
  },
  {
    reason: 'write',
    pattern: new RegExp(
      `^\\s*(?:please\\s+|pls\\s+|can you\\s+|could you\\s+|kindly\\s+)?(?:delete|remove|drop|erase|wipe|truncate|purge|update|set|change|modify|edit|alter|insert|create|increase|decrease|raise|reset|overwrite|replace)\\b(?!\\s+(?:in|of|me|us|on)\\b).{0,60}\\b${DATA_WORDS}\\b`,
      'i',
    ),
  },
  {
    reason: 'write',
    pattern: new RegExp(`\\b(?:delete|erase|wipe|truncate|purge)\\b.{0,40}\\b${DATA_WORDS}\\b`, 'i'),
  },
  // Changing a status in words: "mark all products out of stock", "flag zepto listings as unavailable".
  {
    reason: 'write',
    pattern:
      /^\s*(?:please\s+|pls\s+|can you\s+|could you\s+|kindly\s+)?(?:mark|flag|disable|enable|deactivate|activate|hide|unlist|make)\b.{0,60}\b(?:as\s+)?(?:out[- ]of[- ]stock|in[- ]stock|sold out|unavailable|available|inactive|active|hidden|free|deleted)\b/i,
  },
  // Personal and internal data.
  {
    reason: 'personal_data',
    pattern:
      /\b(?:e-?mails?|email ids?|phone numbers?|mobile numbers?|passwords?|passwd|api[\s_-]?keys?|credentials?|access tokens?|auth tokens?|session tokens?|credit cards?|card numbers?|aadhaar|pan numbers?|home address(?:es)?|user data|user details|customer data|customer details|personal (?:data|details|info(?:rmation)?)|search history|query logs?|error logs?|user behaviou?r|user analytics|shopping lists? of|who (?:bought|searched|ordered))\b/i,
  },
  {
    reason: 'personal_data',
    pattern:
      /\b(?:list|show|get|give|fetch|dump|export|display|select|find|all|every)\b(?:\s+(?:me|all|the|of|our|registered|signed up))*\s+(?:users?|customers?|accounts?|shoppers?|members?\s+(?:list|details|names))\b/i,
  },
  {
    reason: 'personal_data',
    pattern: /\b(?:users?|customers?|accounts?)\s+(?:table|list|names?|info|details)\b/i,
  },
  // Out of scope.
  {
    reason: 'out_of_scope',
    pattern:
      /\b(?:weather|temperature|rain(?:ing)?|cricket|football|ipl|world cup|who won|match score|live score|election|prime minister|president|capital of|news|headlines|movie|film|song|lyrics|poem|poetry|story|joke|essay|homework|horoscope|stock market|share price|sensex|nifty|bitcoin|crypto|ethereum|petrol|diesel price|flight|train|hotel|recipe|how to cook|translate|meaning of life|girlfriend|boyfriend)\b/i,
  },
  // Cooking, not shopping: "how do I make paneer butter masala" (but not "how do I make my cart cheaper").
  {
    reason: 'out_of_scope',
    pattern:
      /\bhow (?:do|can|should|would|to) (?:i |we |you )?(?:make|cook|prepare|bake|fry)\b(?!.*\b(?:cheaper|cheap|order|basket|cart|payment|saving|savings|save)\b)|\bingredients (?:for|of|to make)\b/i,
  },
  {
    reason: 'out_of_scope',
    pattern:
      /\b(?:write|compose|generate|draft)\b.{0,30}\b(?:poem|story|essay|code|program|script|letter|email|song|article|tweet)\b/i,
  },
];

const MESSAGES: Record<RefusalReason, string> = {
  write:
    'I can only read prices, not change data. Questions that add, change or delete anything are refused.',
  personal_data:
    'I cannot show personal or internal data (users, emails, keys, logs). I answer grocery price questions.',
  out_of_scope:
    'That is outside what I know: I compare grocery prices, discounts, stock and delivery across quick-commerce platforms.',
  injection: 'The question contains SQL or instructions aimed at the engine itself; it was not run.',
  ungrounded: 'I could not find a grocery product, brand, category, platform or price question in that.',
  too_expensive:
    'That question would scan too much data at once; narrow it to a product, category, platform or a shorter period.',
};

/** Example questions built from the live catalog, so suggestions always name things that exist. */
export function exampleQuestions(vocab: Vocabulary): string[] {
  const products = [...vocab.products.values()].sort(
    (a, b) =>
      b.platformIds.length - a.platformIds.length ||
      Number(b.brandId !== null) - Number(a.brandId !== null) ||
      a.id - b.id,
  );
  const product = products[0];
  const platforms = [...vocab.platforms.values()].sort((a, b) => a.id - b.id);
  const category = [...vocab.categories.values()]
    .filter((c) => c.depth > 0 || vocab.categories.size === 1)
    .sort((a, b) => a.id - b.id)[0];
  const city = [...vocab.cities.values()].sort((a, b) => a.id - b.id)[0];
  const out: string[] = [];
  if (product) out.push(`Which platform has the cheapest ${product.name} ${product.packLabel}?`);
  if (category) out.push(`Best deals in ${category.name}${city ? ` in ${city.name}` : ''}`);
  if (product) out.push(`Lowest price of ${product.name} ${product.packLabel} in the last 30 days`);
  if (platforms[0]) out.push(`Which coupons work on ${platforms[0].name} right now?`);
  if (platforms.length > 1) out.push(`Delivery fees on ${platforms[0]!.name} and ${platforms[1]!.name}`);
  return out.slice(0, 4);
}

export function refusalError(
  reason: RefusalReason,
  vocab: Vocabulary,
  extra: { hint?: string } = {},
): AppError {
  return new AppError(ErrorCode.QueryRefused, MESSAGES[reason], {
    details: { reason },
    suggestions: exampleQuestions(vocab),
    ...(extra.hint ? { hint: extra.hint } : {}),
  });
}

/** The reason to refuse the raw question, or null. Checked on the question as typed and as normalised. */
export function refusalReason(question: string, normalized?: string): RefusalReason | null {
  for (const text of normalized && normalized !== question ? [question, normalized] : [question]) {
    for (const rule of RULES) if (rule.pattern.test(text)) return rule.reason;
  }
  return null;
}

/** Throws QUERY_REFUSED when the question must not be answered. */
export function assertAnswerable(vocab: Vocabulary, question: string, normalized?: string): void {
  const reason = refusalReason(question, normalized);
  if (reason) throw refusalError(reason, vocab);
}
