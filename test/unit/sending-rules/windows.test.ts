import { describe, expect, it } from 'vitest';
import { firstFreeMoment, judgeSend, quietUntil, SendingSettings } from '../../../engine/src/sending-rules/index.ts';

// Expected instants are worked out by hand from the calendar (offsets of the zones on those dates).
const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const overnight = { start: '21:00', end: '08:00' };

describe('quiet hours on the customer clock', () => {
  it.each([
    // Amsterdam, spring forward (Sun 28 Mar 2027, 02:00 CET -> 03:00 CEST): 22:00 CET Saturday ends at 08:00 CEST = 06:00Z
    ['Europe/Amsterdam', '2027-03-27T21:00:00Z', '2027-03-28T06:00:00Z'],
    // Amsterdam, fall back (Sun 31 Oct 2027, 03:00 CEST -> 02:00 CET): 23:30 CEST Saturday ends at 08:00 CET = 07:00Z
    ['Europe/Amsterdam', '2027-10-30T21:30:00Z', '2027-10-31T07:00:00Z'],
    // after midnight, before the end: the same morning's 08:00 (CET, UTC+1)
    ['Europe/Amsterdam', '2027-01-12T05:59:00Z', '2027-01-12T07:00:00Z'],
    // exactly at the start is quiet
    ['UTC', '2027-01-12T21:00:00Z', '2027-01-13T08:00:00Z'],
    // New York in winter (UTC-5): 22:15 local
    ['America/New_York', '2027-01-13T03:15:00Z', '2027-01-13T13:00:00Z'],
  ])('%s at %s is quiet until %s', (zone, now, end) => {
    expect(quietUntil(at(now), overnight, zone)).toBe(at(end));
  });

  it.each([
    ['UTC', '2027-01-12T08:00:00Z'], // exactly at the end: allowed
    ['UTC', '2027-01-12T20:59:00Z'],
    ['Europe/Amsterdam', '2027-01-12T19:59:00Z'], // 20:59 CET
  ])('%s at %s is outside quiet hours', (zone, now) => {
    expect(quietUntil(at(now), overnight, zone)).toBeNull();
  });

  it('reads a daytime window (start before end) within one day', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(quietUntil(at('2027-01-12T12:10:00Z'), lunch, 'UTC')).toBe(at('2027-01-12T13:30:00Z'));
    expect(quietUntil(at('2027-01-12T13:30:00Z'), lunch, 'UTC')).toBeNull();
    expect(quietUntil(at('2027-01-12T11:59:00Z'), lunch, 'UTC')).toBeNull();
  });
});

describe('frequency cap windows', () => {
  const t0 = at('2027-01-10T09:00:00Z');

  it('frees a 1-per-day cap 24 hours after the email that filled it', () => {
    expect(firstFreeMoment([{ max: 1, days: 1 }], [t0], t0 + HOUR, 'normal')).toBe(t0 + DAY);
  });

  it('lets an email through once the earlier one has left the window', () => {
    expect(firstFreeMoment([{ max: 1, days: 1 }], [t0], t0 + DAY, 'normal')).toBe(t0 + DAY);
  });

  it('frees 3 per 7 days when the oldest of the three leaves, and takes the later of two caps', () => {
    const sent = [t0, t0 + 2 * DAY, t0 + 3 * DAY];
    // 3/7d is full until t0 + 7d; 1/1d is full until (t0 + 3d) + 1d: the later one wins.
    const caps = [
      { max: 3, days: 7 },
      { max: 1, days: 1 },
    ];
    expect(firstFreeMoment(caps, sent, t0 + 3 * DAY + HOUR, 'high')).toBe(t0 + 7 * DAY);
    expect(firstFreeMoment([{ max: 1, days: 1 }], sent, t0 + 3 * DAY + HOUR, 'high')).toBe(t0 + 4 * DAY);
  });

  it('keeps the last slot for high priority: a normal email needs two to leave, a high one only fits', () => {
    const sent = [t0, t0 + DAY, t0 + 2 * DAY];
    const cap = [{ max: 4, days: 7 }];
    expect(firstFreeMoment(cap, sent, t0 + 3 * DAY, 'high')).toBe(t0 + 3 * DAY); // 3 < 4: now
    expect(firstFreeMoment(cap, sent, t0 + 3 * DAY, 'normal')).toBe(t0 + 7 * DAY); // needs < 3: the first leaves
  });

  it('reserves nothing under a cap of 1 (a normal email may take it)', () => {
    expect(firstFreeMoment([{ max: 1, days: 1 }], [], t0, 'normal')).toBe(t0);
  });
});

describe('judging one send', () => {
  const now = at('2027-01-12T22:30:00Z');
  const settings = SendingSettings.parse({
    caps: [{ max: 1, days: 1 }],
    groups: { surveys: { caps: [{ max: 2, days: 1 }] } },
    quietHours: overnight,
    timezone: 'Europe/Amsterdam',
  });

  it("falls back to the account's zone when the customer has no valid timezone trait", () => {
    // 22:30Z is 23:30 in Amsterdam (quiet) and 17:30 in New York (not quiet, but the cap is full).
    const sent = [{ atMs: now - HOUR, group: null }];
    expect(judgeSend({ settings, priority: 'normal', traits: { timezone: 'Mars/Olympus' }, nowMs: now, sent })).toEqual(
      {
        allowed: false,
        reason: 'quiet-hours',
        untilMs: at('2027-01-13T07:00:00Z'),
      },
    );
    expect(
      judgeSend({ settings, priority: 'normal', traits: { timezone: 'America/New_York' }, nowMs: now, sent }),
    ).toEqual({ allowed: false, reason: 'capped', untilMs: now - HOUR + DAY });
  });

  it("holds a group's email to its own caps, counting that group's emails only", () => {
    const traits = { timezone: 'America/New_York' };
    const sent = [
      { atMs: now - 2 * HOUR, group: null },
      { atMs: now - HOUR, group: 'surveys' },
    ];
    // surveys: 2 per day, normal priority may fill only 1, and one survey went an hour ago
    expect(judgeSend({ settings, group: 'surveys', priority: 'normal', traits, nowMs: now, sent })).toEqual({
      allowed: false,
      reason: 'capped',
      untilMs: now - HOUR + DAY,
    });
    expect(judgeSend({ settings, group: 'surveys', priority: 'high', traits, nowMs: now, sent })).toEqual({
      allowed: true,
    });
  });

  it('lets transactional email through quiet hours and full caps', () => {
    const sent = [{ atMs: now - HOUR, group: null }];
    expect(judgeSend({ settings, group: 'transactional', priority: 'normal', traits: {}, nowMs: now, sent })).toEqual({
      allowed: true,
    });
  });

  it('refuses bad settings with the path of each mistake', () => {
    const bad = SendingSettings.safeParse({
      caps: [{ max: 0, days: 7 }],
      quietHours: { start: '25:00', end: '08:00' },
      timezone: 'Nowhere/Else',
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'caps.0.max',
      'quietHours.start',
      'timezone',
    ]);
  });
});
