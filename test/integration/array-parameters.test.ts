import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';

describeEachDatabase('array parameters', (ctx) => {
  it('round-trips numbers, nulls, booleans, times and words, and text that must stay quoted', async () => {
    const { rows } = await ctx.db.query<{ n: string[]; b: boolean[]; t: string[]; w: string[] }>(
      `SELECT $1::numeric[]::text[] AS n, $2::bool[] AS b,
              array(SELECT to_char(x AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM unnest($3::timestamptz[]) x) AS t,
              $4::text[] AS w`,
      [
        [1.25, null, 30],
        [true, null, false],
        ['2026-11-20T06:30:00+05:30', '2026-11-20T01:00:00.000Z'],
        ['null', 'a b', 'plain_word', 'x,y', 'q"uote'],
      ],
    );
    expect(rows[0]).toEqual({
      n: ['1.25', null, '30'],
      b: [true, null, false],
      t: ['2026-11-20 01:00', '2026-11-20 01:00'],
      w: ['null', 'a b', 'plain_word', 'x,y', 'q"uote'],
    });
  });
});
