import type { TimeWindow } from './ir.ts';

/**
 * Relative and absolute dates in a question, resolved against the injected clock in India time (UTC+05:30,
 * no daylight saving): today, yesterday, this week (since Monday), last N days/weeks/months, last week,
 * last month (rolling 30 days), this month, on 15 Nov, Nov 15th, 2026-11-15, 15/11.
 */

const IST_OFFSET_MS = 330 * 60_000;
const DAY_MS = 86_400_000;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_WORD =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';

export interface FoundWindow {
  window: TimeWindow;
  start: number;
  end: number;
}

/** ISO-8601 in India time: 2026-11-20T12:00:00+05:30. */
export function toIst(ms: number): string {
  return `${new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 19)}+05:30`;
}

/** Midnight (India time) of the day containing `ms`. */
export function istDayStart(ms: number): number {
  return Math.floor((ms + IST_OFFSET_MS) / DAY_MS) * DAY_MS - IST_OFFSET_MS;
}

export function floorToMinute(ms: number): number {
  return Math.floor(ms / 60_000) * 60_000;
}

function window(kind: TimeWindow['kind'], from: number, to: number, label: string): TimeWindow {
  return { kind, from: toIst(from), to: toIst(to), label };
}

/** A rolling window ending at the current minute (inclusive). */
function rolling(now: number, days: number, kind: TimeWindow['kind'], label: string): TimeWindow {
  const to = floorToMinute(now) + 60_000;
  return window(kind, to - days * DAY_MS, to, label);
}

function dayLabel(ms: number): string {
  const d = new Date(ms + IST_OFFSET_MS);
  const month = MONTHS[d.getUTCMonth()]!;
  return `${d.getUTCDate()} ${month[0]!.toUpperCase()}${month.slice(1)} ${d.getUTCFullYear()}`;
}

/** Midnight India time of a calendar date; a date later than today without a year means last year. */
function dateAt(now: number, day: number, monthIndex: number, year?: number): number | null {
  if (monthIndex < 0 || monthIndex > 11 || day < 1 || day > 31) return null;
  const today = new Date(now + IST_OFFSET_MS);
  let y = year ?? today.getUTCFullYear();
  if (y < 100) y += 2000;
  let ms = Date.UTC(y, monthIndex, day) - IST_OFFSET_MS;
  if (new Date(ms + IST_OFFSET_MS).getUTCDate() !== day) return null;
  if (year === undefined && ms > now) ms = Date.UTC(y - 1, monthIndex, day) - IST_OFFSET_MS;
  return ms;
}

function onDate(day: number): TimeWindow {
  return window('on_date', day, day + DAY_MS, `on ${dayLabel(day)}`);
}

interface DateMention {
  at: number;
  start: number;
  end: number;
}

/** Calendar dates written out: 2026-11-15, 15 Nov, 15th of November 2026, Nov 15, on 15/11. */
function calendarDates(text: string, now: number): DateMention[] {
  const out: DateMention[] = [];
  const n = (s: string | undefined) => Number(s);
  const scan = (re: RegExp, read: (m: RegExpMatchArray) => number | null) => {
    for (const m of text.matchAll(re)) {
      const at = read(m);
      if (at !== null && !out.some((d) => d.start < m.index + m[0].length && m.index < d.end)) {
        out.push({ at, start: m.index, end: m.index + m[0].length });
      }
    }
  };
  scan(/\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g, (m) => dateAt(now, n(m[3]), n(m[2]) - 1, n(m[1])));
  scan(
    new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s*(?:of\\s+)?${MONTH_WORD}\\b(?:,?\\s*(\\d{4}))?`, 'g'),
    (m) => dateAt(now, n(m[1]), MONTHS.indexOf(m[2]!.slice(0, 3)), m[3] ? n(m[3]) : undefined),
  );
  scan(new RegExp(`\\b${MONTH_WORD}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s*(\\d{4}))?`, 'g'), (m) =>
    dateAt(now, n(m[2]), MONTHS.indexOf(m[1]!.slice(0, 3)), m[3] ? n(m[3]) : undefined),
  );
  // Slashed dates only after "on": "1/2 kg" is a weight.
  scan(/\bon\s+(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?\b/g, (m) =>
    dateAt(now, n(m[1]), n(m[2]) - 1, m[3] ? n(m[3]) : undefined),
  );
  return out.sort((a, b) => a.start - b.start);
}

const SINCE_BEFORE = /\b(since|from|after|starting(?: from)?)\s+(?:the\s+)?$/;
const UNTIL_AFTER = /^\s*(?:to|till|until|upto|up to|through|-)\s+/;
const UNTIL_NOW_AFTER = /^\s*(?:till|until|to|upto|up to)\s+(?:now|today|date)\b/;

/**
 * Dates as windows: "on 15 Nov" is that day, "since 13 November" (or "from 13 November till now") runs from
 * that day to now, "after 13 Nov" from the next day, "from 10 Nov to 12 Nov" covers both days.
 */
function datesIn(text: string, now: number): FoundWindow[] {
  const dates = calendarDates(text, now);
  const out: FoundWindow[] = [];
  const nowEnd = floorToMinute(now) + 60_000;
  for (let i = 0; i < dates.length; i++) {
    const d = dates[i]!;
    const lead = SINCE_BEFORE.exec(text.slice(0, d.start));
    if (!lead) {
      out.push({ window: onDate(d.at), start: d.start, end: d.end });
      continue;
    }
    const start = lead.index;
    const rest = text.slice(d.end);
    const next = dates[i + 1];
    const until = UNTIL_AFTER.exec(rest);
    if (until && next && next.start === d.end + until[0].length && next.at >= d.at) {
      const label = `from ${dayLabel(d.at)} to ${dayLabel(next.at)}`;
      out.push({ window: window('range', d.at, next.at + DAY_MS, label), start, end: next.end });
      i += 1;
      continue;
    }
    const from = lead[1] === 'after' ? d.at + DAY_MS : d.at;
    if (from >= nowEnd) continue;
    const tail = UNTIL_NOW_AFTER.exec(rest);
    out.push({
      window: window('since', from, nowEnd, `since ${dayLabel(from)}`),
      start,
      end: tail ? d.end + tail[0].length : d.end,
    });
  }
  return out;
}

export function findTimeWindow(input: string, nowDate: Date): FoundWindow | null {
  const text = input.toLowerCase();
  const now = nowDate.getTime();
  const found: FoundWindow[] = [];
  const add = (match: RegExpMatchArray | null, make: (m: RegExpMatchArray) => TimeWindow | null) => {
    if (!match || match.index === undefined) return;
    const w = make(match);
    if (w) found.push({ window: w, start: match.index, end: match.index + match[0].length });
  };
  const n = (s: string | undefined) => Number(s);

  for (const d of datesIn(text, now)) found.push(d);
  add(
    text.match(
      /\b(?:in\s+the\s+|over\s+the\s+|for\s+the\s+|during\s+the\s+)?(?:last|past|previous|pichle|pichhle)\s+(\d{1,3})\s*(days?|din|weeks?|hafte|months?|mahine)\b/,
    ),
    (m) => {
      const count = n(m[1]);
      const unit = m[2]!;
      const days = /^(?:week|hafte)/.test(unit)
        ? count * 7
        : /^(?:month|mahine)/.test(unit)
          ? count * 30
          : count;
      if (days < 1 || days > 3650) return null;
      const label = `last ${count} ${unit.replace(/s$/, '')}${count === 1 ? '' : 's'}`;
      return rolling(
        now,
        days,
        'last_days',
        label
          .replace(/dins?$/, 'days')
          .replace(/haftes?$/, 'weeks')
          .replace(/mahines?$/, 'months'),
      );
    },
  );
  add(
    text.match(/\b(?:in\s+the\s+|over\s+the\s+)?(?:last|past|previous)\s+(?:week|7 days)\b|\bpichle hafte\b/),
    () => rolling(now, 7, 'last_days', 'last 7 days'),
  );
  add(text.match(/\b(?:in\s+the\s+|over\s+the\s+)?(?:last|past|previous)\s+month\b|\bpichle mahine\b/), () =>
    rolling(now, 30, 'last_month', 'last 30 days'),
  );
  add(text.match(/\bthis\s+month\b/), () => {
    const d = new Date(now + IST_OFFSET_MS);
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - IST_OFFSET_MS;
    return window('last_days', start, floorToMinute(now) + 60_000, 'this month');
  });
  add(text.match(/\b(?:this|is)\s+(?:week|hafte)\b/), () => {
    const dayStart = istDayStart(now);
    const weekday = (new Date(dayStart + IST_OFFSET_MS).getUTCDay() + 6) % 7; // Monday = 0
    return window('this_week', dayStart - weekday * DAY_MS, floorToMinute(now) + 60_000, 'this week');
  });
  add(text.match(/\byesterday\b/), () => {
    const dayStart = istDayStart(now);
    return window('yesterday', dayStart - DAY_MS, dayStart, 'yesterday');
  });
  add(text.match(/\b(?:today|aaj|tonight|right now)\b/), () =>
    window('today', istDayStart(now), floorToMinute(now) + 60_000, 'today'),
  );
  add(text.match(/\b(?:ever|all[- ]time)\b/), () => rolling(now, 3650, 'last_days', 'all time'));

  if (found.length === 0) return null;
  // The most specific mention wins: a date over a relative day over "today".
  const rank: Record<TimeWindow['kind'], number> = {
    since: 0,
    range: 0,
    on_date: 0,
    yesterday: 1,
    last_days: 2,
    last_month: 2,
    this_week: 3,
    today: 4,
    default: 5,
  };
  found.sort((a, b) => rank[a.window.kind] - rank[b.window.kind] || a.start - b.start);
  return found[0]!;
}

/** The history window when the question names none: the last 30 days. */
export function defaultHistoryWindow(nowDate: Date): TimeWindow {
  return { ...rolling(nowDate.getTime(), 30, 'default', 'last 30 days') };
}

/** The window for price changes when the question names none: the last 7 days. */
export function defaultChangeWindow(nowDate: Date): TimeWindow {
  return { ...rolling(nowDate.getTime(), 7, 'default', 'last 7 days') };
}

/**
 * The latest end of something live ("flash sales ending before 3 pm", "ending in the next 2 hours",
 * "ending by 6:30 pm today"), as an ISO instant; null when the question sets no such limit. A clock time
 * means today, India time.
 */
export function findEndsBy(input: string, nowDate: Date): string | null {
  const text = input.toLowerCase();
  const now = nowDate.getTime();
  const ending = '\\b(?:ending|ends?|expir(?:ing|es?)|over|closing|closes?|valid)\\s+';
  const clock = new RegExp(
    `${ending}(?:before|by|until|till)\\s+(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm)\\b`,
  ).exec(text);
  if (clock) {
    const hour = (Number(clock[1]) % 12) + (clock[3] === 'pm' ? 12 : 0);
    const minute = clock[2] ? Number(clock[2]) : 0;
    if (hour > 23 || minute > 59) return null;
    return toIst(istDayStart(now) + (hour * 60 + minute) * 60_000);
  }
  const within = new RegExp(
    `${ending}(?:in|within)\\s+(?:the\\s+)?(?:next\\s+)?(\\d{1,3}|an?|one)\\s*(hours?|hrs?|minutes?|mins?)\\b`,
  ).exec(text);
  if (within) {
    const count = /^\d/.test(within[1]!) ? Number(within[1]) : 1;
    const minutes = /^h/.test(within[2]!) ? count * 60 : count;
    return toIst(floorToMinute(now) + minutes * 60_000);
  }
  return null;
}
