import { describe, expect, it } from 'vitest';
import { isFinished, progressOf, reasonText } from '../../../editor/src/broadcasts/progress.ts';

const counts = (c: Partial<Parameters<typeof progressOf>[0]>) => ({
  sent: 0,
  skipped: {},
  failed: 0,
  inDoubt: 0,
  heldOut: 0,
  enrolled: 0,
  total: null,
  ...c,
});

// Hand-worked: every recipient handled counts once, whatever happened to them.
describe('a broadcast’s progress', () => {
  it.each([
    [counts({}), 0, null, 'Not started'],
    [counts({ total: 0 }), 0, 100, '0 of 0 handled'],
    [counts({ sent: 3, total: 3 }), 3, 100, '3 of 3 handled'],
    [
      counts({
        sent: 2,
        skipped: { 'skipped-unsubscribed': 1, 'skipped-suppressed': 2 },
        failed: 1,
        heldOut: 2,
        total: 16,
      }),
      8,
      50,
      '8 of 16 handled',
    ],
    [counts({ sent: 1, inDoubt: 1, total: 8 }), 2, 25, '2 of 8 handled'],
    [counts({ sent: 1200, total: 2400 }), 1200, 50, '1,200 of 2,400 handled'],
    [counts({ enrolled: 5, skipped: { 'skipped-in-journey': 1 }, total: 12 }), 6, 50, '6 of 12 handled'],
  ])('%j -> %i handled, %s %%', (c, handled, percent, text) => {
    const p = progressOf(c);
    expect([p.handled, p.percent, p.text]).toEqual([handled, percent, text]);
  });

  it('adds up the skips of every reason into one part of the bar', () => {
    const p = progressOf(counts({ skipped: { 'skipped-unsubscribed': 1, 'skipped-no-address': 4 }, total: 9 }));
    expect(p.segments.find((s) => s.kind === 'skipped')?.count).toBe(5);
  });

  it('names skip reasons in words and knows when a broadcast is done for good', () => {
    expect(reasonText('skipped-no-address')).toBe('no address');
    expect([
      isFinished({ state: 'completed' }),
      isFinished({ state: 'cancelled' }),
      isFinished({ state: 'paused' }),
    ]).toEqual([true, true, false]);
  });
});
