import type { Granularity } from '@boomerang/engine/metric-shapes';

/** A period the dashboard can show: [start, end) cut into buckets. */
export interface Period {
  start: string;
  end: string;
  granularity: Granularity;
}

/** The periods the picker offers, each ending with the current bucket. */
export const PRESETS = [
  { id: 'last-30-days', label: 'Last 30 days, by day', granularity: 'day', count: 30 },
  { id: 'last-12-weeks', label: 'Last 12 weeks, by week', granularity: 'week', count: 12 },
  { id: 'last-12-months', label: 'Last 12 months, by month', granularity: 'month', count: 12 },
  { id: 'last-8-quarters', label: 'Last 8 quarters, by quarter', granularity: 'quarter', count: 8 },
  { id: 'last-3-years', label: 'Last 3 years, by year', granularity: 'year', count: 3 },
] as const satisfies ReadonlyArray<{ id: string; label: string; granularity: Granularity; count: number }>;
export type PresetId = (typeof PRESETS)[number]['id'];

/** The parts of an instant's calendar date in a time zone. */
function localParts(ms: number, timeZone: string): { year: number; month: number; day: number; weekday: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')),
  };
}

/** A calendar date "YYYY-MM-DD" plus n days (n may be negative). */
function plusDays(y: number, m: number, d: number, n: number): { year: number; month: number; day: number } {
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

const isoDate = (p: { year: number; month: number; day: number }) =>
  `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;

/**
 * The local calendar dates [start, end) of a preset, ending with the bucket that holds `nowMs` in the
 * account's time zone (weeks start on Monday). The server reads them as midnights in that zone.
 */
export function presetDates(
  id: PresetId,
  nowMs: number,
  timeZone: string,
): { start: string; end: string; granularity: Granularity } {
  const preset = PRESETS.find((p) => p.id === id) ?? PRESETS[2];
  const today = localParts(nowMs, timeZone);
  const n = preset.count;
  switch (preset.granularity) {
    case 'day':
      return {
        start: isoDate(plusDays(today.year, today.month, today.day, 1 - n)),
        end: isoDate(plusDays(today.year, today.month, today.day, 1)),
        granularity: 'day',
      };
    case 'week': {
      const monday = plusDays(today.year, today.month, today.day, -today.weekday);
      return {
        start: isoDate(plusDays(monday.year, monday.month, monday.day, -7 * (n - 1))),
        end: isoDate(plusDays(monday.year, monday.month, monday.day, 7)),
        granularity: 'week',
      };
    }
    case 'month': {
      const first = today.year * 12 + (today.month - 1) - (n - 1);
      const next = today.year * 12 + today.month;
      return {
        start: isoDate({ year: Math.floor(first / 12), month: (first % 12) + 1, day: 1 }),
        end: isoDate({ year: Math.floor(next / 12), month: (next % 12) + 1, day: 1 }),
        granularity: 'month',
      };
    }
    case 'quarter': {
      const q = Math.floor((today.month - 1) / 3);
      const first = today.year * 4 + q - (n - 1);
      const next = today.year * 4 + q + 1;
      return {
        start: isoDate({ year: Math.floor(first / 4), month: (first % 4) * 3 + 1, day: 1 }),
        end: isoDate({ year: Math.floor(next / 4), month: (next % 4) * 3 + 1, day: 1 }),
        granularity: 'quarter',
      };
    }
    case 'year':
      return {
        start: isoDate({ year: today.year - n + 1, month: 1, day: 1 }),
        end: isoDate({ year: today.year + 1, month: 1, day: 1 }),
        granularity: 'year',
      };
  }
}
