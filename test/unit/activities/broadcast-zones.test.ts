import { describe, expect, it } from 'vitest';
import { localInstant, planZones } from '../../../engine/src/activities/broadcast-zones.ts';

// Expected instants worked by hand from the tz database's rules for each zone and date.
describe('the instant a local time comes in a zone', () => {
  it.each([
    ['an ordinary day, UTC+9', 'Asia/Tokyo', '2027-03-28', '02:30', '2027-03-27T17:30:00.000Z'],
    ['a winter day in Paris (CET, UTC+1)', 'Europe/Paris', '2027-01-10', '10:00', '2027-01-10T09:00:00.000Z'],
    ['a summer day in Paris (CEST, UTC+2)', 'Europe/Paris', '2027-07-10', '10:00', '2027-07-10T08:00:00.000Z'],
    [
      'spring forward: 02:30 does not exist in Paris, read at CET (03:30 CEST)',
      'Europe/Paris',
      '2027-03-28',
      '02:30',
      '2027-03-28T01:30:00.000Z',
    ],
    [
      'spring forward in New York (14 March 2027): 02:30 becomes 03:30 EDT',
      'America/New_York',
      '2027-03-14',
      '02:30',
      '2027-03-14T07:30:00.000Z',
    ],
    [
      'just after the gap in New York: 03:00 EDT',
      'America/New_York',
      '2027-03-14',
      '03:00',
      '2027-03-14T07:00:00.000Z',
    ],
    [
      'fall back: 02:30 happens twice in Paris; the first (CEST)',
      'Europe/Paris',
      '2027-10-31',
      '02:30',
      '2027-10-31T00:30:00.000Z',
    ],
    [
      'fall back: 01:30 happens twice in New York (7 Nov 2027); the first (EDT)',
      'America/New_York',
      '2027-11-07',
      '01:30',
      '2027-11-07T05:30:00.000Z',
    ],
    ['a half-hour zone, UTC+5:30', 'Asia/Kolkata', '2027-03-28', '09:00', '2027-03-28T03:30:00.000Z'],
    ['across the date line, UTC+14', 'Pacific/Kiritimati', '2027-03-28', '09:00', '2027-03-27T19:00:00.000Z'],
  ])('%s', (_what, zone, date, time, expected) => {
    expect(new Date(localInstant({ date, time }, zone)).toISOString()).toBe(expected);
  });
});

describe('grouping an audience by send instant', () => {
  it('merges zones with one instant, gives the unzoned and invalid the fallback zone, orders by instant', () => {
    const plan = planZones(
      [
        { zone: null, members: 4 },
        { zone: 'America/New_York', members: 2 },
        { zone: 'Europe/Paris', members: 3 },
        { zone: 'Europe/Berlin', members: 1 },
        { zone: 'Not/AZone', members: 5 },
        { zone: 'UTC', members: 7 },
      ],
      { date: '2027-06-01', time: '09:00' },
      'UTC',
    );
    expect(plan).toEqual({
      fallbackZone: 'UTC',
      invalidZones: [{ zone: 'Not/AZone', members: 5 }],
      groups: [
        { sendAt: '2027-06-01T07:00:00.000Z', zones: ['Europe/Berlin', 'Europe/Paris'], unzoned: false, members: 4 },
        { sendAt: '2027-06-01T09:00:00.000Z', zones: ['UTC'], unzoned: true, members: 16 },
        { sendAt: '2027-06-01T13:00:00.000Z', zones: ['America/New_York'], unzoned: false, members: 2 },
      ],
    });
  });
});
