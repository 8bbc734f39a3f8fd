import { describe, expect, it } from 'vitest';
import {
  defaultHistoryWindow,
  findEndsBy,
  findTimeWindow,
  istDayStart,
  toIst,
} from '../../../src/nlq/time-window.ts';

const NOW = new Date('2026-11-20T12:00:00+05:30'); // a Friday

function window(text: string) {
  const found = findTimeWindow(text, NOW);
  return found ? { ...found.window, span: text.slice(found.start, found.end) } : null;
}

describe('time windows', () => {
  it('formats instants in India time', () => {
    expect(toIst(Date.parse('2026-11-20T06:30:00Z'))).toBe('2026-11-20T12:00:00+05:30');
    expect(toIst(istDayStart(NOW.getTime()))).toBe('2026-11-20T00:00:00+05:30');
  });

  it('resolves relative days against the injected clock', () => {
    expect(window('what got cheaper today')).toMatchObject({
      kind: 'today',
      from: '2026-11-20T00:00:00+05:30',
      to: '2026-11-20T12:01:00+05:30',
      span: 'today',
    });
    expect(window('price yesterday')).toMatchObject({
      kind: 'yesterday',
      from: '2026-11-19T00:00:00+05:30',
      to: '2026-11-20T00:00:00+05:30',
    });
    expect(window('drops this week')).toMatchObject({
      kind: 'this_week',
      from: '2026-11-16T00:00:00+05:30',
      label: 'this week',
    });
  });

  it('reads "since <date>", "from <date> till now", "after <date>" and "from <date> to <date>"', () => {
    expect(window('average price since 13 november')).toMatchObject({
      kind: 'since',
      from: '2026-11-13T00:00:00+05:30',
      to: '2026-11-20T12:01:00+05:30',
      label: 'since 13 Nov 2026',
      span: 'since 13 november',
    });
    expect(window('avg price since nov 6')).toMatchObject({
      kind: 'since',
      from: '2026-11-06T00:00:00+05:30',
    });
    expect(window('average from 14 november till now on bbnow')).toMatchObject({
      kind: 'since',
      from: '2026-11-14T00:00:00+05:30',
      span: 'from 14 november till now',
    });
    expect(window('drops after 18 nov')).toMatchObject({ kind: 'since', from: '2026-11-19T00:00:00+05:30' });
    expect(window('lowest price from 10 nov to 12 nov')).toMatchObject({
      kind: 'range',
      from: '2026-11-10T00:00:00+05:30',
      to: '2026-11-13T00:00:00+05:30',
      span: 'from 10 nov to 12 nov',
    });
    expect(window('price on 15 nov')).toMatchObject({ kind: 'on_date', from: '2026-11-15T00:00:00+05:30' });
  });

  it('reads when something live must end by', () => {
    expect(findEndsBy('flash sales ending before 3 pm today', NOW)).toBe('2026-11-20T15:00:00+05:30');
    expect(findEndsBy('flash sales that end by 6:30 pm', NOW)).toBe('2026-11-20T18:30:00+05:30');
    expect(findEndsBy('flash sales ending in the next 2 hours', NOW)).toBe('2026-11-20T14:00:00+05:30');
    expect(findEndsBy('flash sales live now', NOW)).toBeNull();
  });

  it('reads last N days, weeks and months, and last week/month as rolling windows', () => {
    expect(window('lowest in the last 7 days')).toMatchObject({
      from: '2026-11-13T12:01:00+05:30',
      to: '2026-11-20T12:01:00+05:30',
      label: 'last 7 days',
      span: 'in the last 7 days',
    });
    expect(window('past 2 weeks')).toMatchObject({
      from: '2026-11-06T12:01:00+05:30',
      label: 'last 2 weeks',
    });
    expect(window('over the last month')).toMatchObject({
      kind: 'last_month',
      from: '2026-10-21T12:01:00+05:30',
    });
    expect(window('last week')).toMatchObject({ label: 'last 7 days' });
  });

  it('reads calendar dates in several forms, in the past year when no year is given', () => {
    for (const text of ['price on 15 nov', 'on 15th November', 'nov 15', 'on 2026-11-15', 'on 15/11']) {
      expect(window(text), text).toMatchObject({
        kind: 'on_date',
        from: '2026-11-15T00:00:00+05:30',
        to: '2026-11-16T00:00:00+05:30',
        label: 'on 15 Nov 2026',
      });
    }
    expect(window('on 25 dec')).toMatchObject({ from: '2025-12-25T00:00:00+05:30' });
    expect(window('on 31 feb')).toBeNull();
  });

  it('prefers the most specific mention and finds nothing in plain questions', () => {
    expect(window('today, what was the price on 15 nov')).toMatchObject({ kind: 'on_date' });
    expect(window('cheapest amul butter 500g')).toBeNull();
    expect(defaultHistoryWindow(NOW)).toMatchObject({ kind: 'default', label: 'last 30 days' });
  });
});
