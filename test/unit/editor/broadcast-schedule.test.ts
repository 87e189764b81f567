import { describe, expect, it } from 'vitest';
import { startsColumnText, startText } from '../../../editor/src/broadcasts/schedule.ts';

// When a broadcast starts, in the words its page and the list use. A local-time broadcast's startAt is
// only when it was made, so the words must come from its local time, never from startAt.
const made = '2026-06-01T08:00:00.000Z';

describe('when a broadcast starts, in words', () => {
  it("says a local time is read in each customer's own time zone, not the instant it was made", () => {
    const local = { startAt: made, localTime: { date: '2027-03-01', time: '10:00' } };
    expect(startText(local)).toBe("at 10:00 on 2027-03-01 in each customer's time zone");
    expect(startsColumnText(local)).toBe("2027-03-01 10:00, each customer's local time");
  });

  it('says an instant in the clock of the one reading it', () => {
    const instant = { startAt: made, localTime: null };
    expect(startText(instant)).toMatch(/^from .*2026/);
    expect(startsColumnText(instant)).toMatch(/2026/);
    expect(startsColumnText(instant)).not.toContain('local time');
  });
});
