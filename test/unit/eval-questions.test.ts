import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, type EvalQuestion } from '../../eval/gold.ts';

/** The checked-in question set (eval/questions.jsonl, built by eval/build-expectations.ts) stays well-formed. */
const questions: EvalQuestion[] = readFileSync(new URL('../../eval/questions.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as EvalQuestion);

describe('eval question set', () => {
  it('has at least 300 questions, 40 of them refusals, and every intent kind', () => {
    expect(questions.length).toBeGreaterThanOrEqual(300);
    expect(questions.filter((q) => q.expect.refuse).length).toBeGreaterThanOrEqual(40);
    const seen = new Set(questions.map((q) => q.category));
    for (const category of CATEGORIES) expect(seen, category).toContain(category);
  });

  it('has unique ids and a gold source for every answerable question', () => {
    expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
    for (const q of questions) {
      if (q.expect.refuse) {
        expect(q.category).toBe('refusal');
        continue;
      }
      expect(q.gold_tables?.length ?? 0, q.id).toBeGreaterThan(0);
      expect(Object.keys(q.expect).length, q.id).toBeGreaterThan(0);
      if (q.category !== 'basket') expect(q.gold_sql, q.id).toMatch(/^\s*(WITH|SELECT)\b/i);
    }
  });

  it('gives context only as a city or a 6-digit pin code', () => {
    for (const q of questions.filter((x) => x.context)) {
      const keys = Object.keys(q.context!);
      expect(
        keys.every((k) => k === 'city' || k === 'pincode'),
        q.id,
      ).toBe(true);
      if (q.context!.pincode) expect(q.context!.pincode).toMatch(/^\d{6}$/);
    }
  });
});
