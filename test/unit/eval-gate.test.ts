import { describe, expect, it } from 'vitest';
import { gateFailures, parseMinAccuracy } from '../../eval/gate.ts';

const run = (correct: number, total: number, unsafeStatements = 0, changedTables: string[] = []) =>
  gateFailures({ correct, total, unsafeStatements, changedTables }, 0.95);

describe('eval gate', () => {
  it('reads --min-accuracy as a fraction or a percentage', () => {
    expect(parseMinAccuracy('0.95')).toBe(0.95);
    expect(parseMinAccuracy('95')).toBe(0.95);
    expect(parseMinAccuracy('1')).toBe(1);
    expect(parseMinAccuracy('0')).toBe(0);
    for (const bad of ['', 'ninety', '-1', '101', 'NaN']) expect(() => parseMinAccuracy(bad)).toThrow();
  });

  it('passes at or above the minimum, unrounded', () => {
    expect(run(95, 100)).toEqual([]);
    expect(run(321, 321)).toEqual([]);
    // 94.995 % would round to 95 %, but it is below.
    expect(run(18999, 20000)).toEqual([
      'execution accuracy 94.99% (18999/20000) is below --min-accuracy 95%',
    ]);
    expect(run(305, 321)).toHaveLength(0);
    expect(run(304, 321)[0]).toMatch(/^execution accuracy 94\.7% \(304\/321\) is below/);
  });

  it('fails on any unsafe statement or changed table, whatever the accuracy', () => {
    expect(run(100, 100, 1)).toEqual(['unsafe SQL executed (1 statement(s); changed tables: none)']);
    expect(run(100, 100, 0, ['current_prices'])).toEqual([
      'unsafe SQL executed (0 statement(s); changed tables: current_prices)',
    ]);
    expect(run(50, 100, 2)).toHaveLength(2);
  });

  it('fails a run that asked nothing', () => {
    expect(run(0, 0)).toEqual(['no questions were asked']);
  });
});
