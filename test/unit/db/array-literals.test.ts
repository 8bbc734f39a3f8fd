import { describe, expect, it } from 'vitest';
import { withArrayLiterals } from '../../../src/db/array-literals.ts';

describe('array parameters as literals', () => {
  it('joins arrays of numbers, booleans, nulls and plain words', () => {
    expect(
      withArrayLiterals([
        [1, 2.5, null, undefined, -3],
        [true, false],
        ['2026-11-20T06:30:00.000+05:30', 'blinkit', '411001'],
        [],
      ]),
    ).toEqual([
      '{1,2.5,NULL,NULL,-3}',
      '{true,false}',
      '{2026-11-20T06:30:00.000+05:30,blinkit,411001}',
      '{}',
    ]);
  });

  it('leaves to the driver arrays with anything that needs quoting, and non-array values', () => {
    const leftAlone = [
      ['two words'],
      ['a,b'],
      ['say "hi"'],
      ['back\\slash'],
      ['null'],
      ['NULL'],
      [''],
      [Number.NaN],
      [Number.POSITIVE_INFINITY],
      [[1, 2]],
      [new Date(0)],
    ];
    expect(withArrayLiterals(leftAlone)).toEqual(leftAlone);
    expect(withArrayLiterals([7, 'text', null])).toEqual([7, 'text', null]);
  });
});
