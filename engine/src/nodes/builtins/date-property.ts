import { z } from 'zod';
import { readPath } from '../../interpreter/match.ts';
import { DAILY_EVENT } from '../context.ts';
import { defineTrigger } from '../define.ts';
import { withHints } from '../field-hints.ts';

const DAY_MS = 86_400_000;

/** The calendar day (YYYY-MM-DD, UTC) of a date trait: an ISO string or epoch milliseconds; undefined if it is not a date. */
export function dayOf(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : undefined;
}

const shift = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** True when `today` is a yearly anniversary of `day` (29 February is celebrated on 28 February in other years). */
function isAnniversary(day: string, today: string): boolean {
  const [year, monthDay] = [Number(day.slice(0, 4)), day.slice(5)];
  const thisYear = Number(today.slice(0, 4));
  if (thisYear <= year) return false;
  const celebrated = monthDay === '02-29' && !isLeap(thisYear) ? '02-28' : monthDay;
  return today.slice(5) === celebrated;
}

/**
 * Enrols a customer N days before or after a date trait, or on its yearly anniversary. The router
 * checks every customer once a day (and a customer at once when an identify call changes their traits);
 * the day checked is the correlation key, so each date enrols a customer once.
 */
export const dateProperty = defineTrigger({
  type: 'date-property',
  version: 1,
  label: 'On a date',
  group: 'Triggers',
  icon: 'calendar',
  description:
    'Starts the journey a number of days before or after a date trait such as trialEndsAt, or every year on the anniversary of a date such as createdAt.',
  configSchema: z.object({
    trait: withHints(z.string().min(1), { widget: 'trait' }),
    when: z.enum(['before', 'after', 'anniversary']).default('before'),
    // An anniversary is the date itself, so the number of days only matters before or after it.
    days: withHints(z.number().int().min(0).max(3650), {
      showWhen: { field: 'when', equals: ['before', 'after'] },
    }).default(0),
  }),
  summary: (c) =>
    c.when === 'anniversary'
      ? `Every year on ${c.trait}`
      : `${c.days} day${c.days === 1 ? '' : 's'} ${c.when} ${c.trait}`,
  events: () => [DAILY_EVENT],
  matches: (event, c) => {
    const today = event.properties['date'];
    const day = dayOf(readPath(event.traits, c.trait));
    if (event.type !== 'daily' || typeof today !== 'string' || day === undefined) return false;
    if (c.when === 'anniversary') return isAnniversary(day, today);
    return shift(day, c.when === 'before' ? -c.days : c.days) === today;
  },
  correlationKey: (event) => String(event.properties['date']),
});
