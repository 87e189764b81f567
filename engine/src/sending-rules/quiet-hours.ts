import { DateTime } from 'luxon';
import { nextLocalTime } from '../interpreter/local-time.ts';
import type { QuietHours } from './settings.ts';

const minutesOf = (time: string) => {
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  return hour * 60 + minute;
};

/**
 * When the quiet hours that `nowMs` falls in end on the clock of `zone` (the first moment after now
 * when that clock shows `end`, so a DST change in between is accounted for), or null outside them.
 * @example quietUntil(Date.parse('2027-03-27T21:00:00Z'), { start: '21:00', end: '08:00' }, 'Europe/Amsterdam') // 2027-03-28T06:00:00Z
 */
export function quietUntil(nowMs: number, quiet: QuietHours, zone: string): number | null {
  const local = DateTime.fromMillis(nowMs, { zone });
  const now = local.hour * 60 + local.minute;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  return inside ? nextLocalTime(nowMs, quiet.end, [], zone) : null;
}
