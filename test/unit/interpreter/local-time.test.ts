import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { customerZone, nextLocalTime } from '../../../engine/src/interpreter/index.ts';

const at = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toMillis();
const ALL = [1, 2, 3, 4, 5, 6, 7];

describe('nextLocalTime', () => {
  it.each([
    // [now (local), time, weekdays, zone, expected (local)]
    ['2026-01-05T08:00', '09:00', ALL, 'UTC', '2026-01-05T09:00'], // later today (a Monday)
    ['2026-01-05T09:00', '09:00', ALL, 'UTC', '2026-01-06T09:00'], // strictly after now
    ['2026-01-05T10:00', '09:00', ALL, 'Europe/Paris', '2026-01-06T09:00'],
    ['2026-01-09T10:00', '09:00', [1, 2, 3, 4, 5], 'America/New_York', '2026-01-12T09:00'], // Friday after 9 -> Monday
    ['2026-01-10T07:00', '09:00', [6], 'Asia/Tokyo', '2026-01-10T09:00'], // Saturday morning
    ['2026-01-05T10:00', '09:00', [1], 'UTC', '2026-01-12T09:00'], // next week's Monday
    ['2026-03-28T12:00', '09:00', ALL, 'Europe/Paris', '2026-03-29T09:00'], // across the spring DST change
    ['2026-03-29T01:00', '02:30', ALL, 'Europe/Paris', '2026-03-29T03:30'], // 02:30 does not exist that night
  ])('from %s, %s on %o in %s is %s', (now, time, weekdays, zone, expected) => {
    expect(nextLocalTime(at(now, zone), time, weekdays, zone)).toBe(at(expected, zone));
  });
});

describe('customerZone', () => {
  it.each([
    [{ timezone: 'Asia/Tokyo' }, 'Asia/Tokyo'],
    [{ timezone: 'Nowhere/City' }, 'Europe/Paris'],
    [{ timezone: 42 }, 'Europe/Paris'],
    [{}, 'Europe/Paris'],
  ])('traits %o -> %s', (traits, zone) => {
    expect(customerZone(traits, 'Europe/Paris')).toBe(zone);
  });
});
