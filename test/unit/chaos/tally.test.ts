import { describe, expect, it } from 'vitest';
import { tallyEmails, tallyPasses } from '../../chaos/tally.ts';

// The chaos harness's count of emails against the relay's log, on small hand-worked cases.
const a1 = { recipient: 'a@example.com', subject: 'one' };
const a2 = { recipient: 'a@example.com', subject: 'two' };
const b1 = { recipient: 'b@example.com', subject: 'one' };
const b2 = { recipient: 'b@example.com', subject: 'two' };
const expected = [a1, a2, b1, b2];

describe("counting a chaos run's emails", () => {
  it('passes when every expected email arrived exactly once', () => {
    const t = tallyEmails(2, expected, [b2, a1, b1, a2], []);
    expect({ sent: t.sent, lost: t.lost, duplicated: t.duplicated, unexpected: t.unexpected }).toEqual({
      sent: 4,
      lost: [],
      duplicated: [],
      unexpected: [],
    });
    expect(tallyPasses(t)).toBe(true);
  });

  it('counts a missing email as lost and a second copy as duplicated, matching addresses case-insensitively', () => {
    const t = tallyEmails(2, expected, [a1, { recipient: 'A@Example.com', subject: 'one' }, b1, b2], []);
    expect(t.sent).toBe(3);
    expect(t.lost).toEqual([a2]);
    expect(t.duplicated).toEqual([{ ...a1, copies: 2 }]);
    expect(tallyPasses(t)).toBe(false);
  });

  it('excuses sends reported in doubt, listing each with what the relay got', () => {
    const t = tallyEmails(2, expected, [a1, b1, b1, b2], [a2, b1]);
    expect(t.lost).toEqual([]);
    expect(t.duplicated).toEqual([]);
    expect(t.inDoubt).toEqual([
      { ...a2, delivered: 0 },
      { ...b1, delivered: 2 },
    ]);
    expect(t.sent).toBe(3);
    expect(tallyPasses(t)).toBe(true);
  });

  it('fails on an email nobody expected (a wrong subject or recipient), listed once', () => {
    const stray = { recipient: 'c@example.com', subject: 'one' };
    const t = tallyEmails(2, expected, [...expected, stray, stray], []);
    expect(t.unexpected).toEqual([stray]);
    expect(tallyPasses(t)).toBe(false);
  });
});
