import { describe, expect, it } from 'vitest';
import { wakeJitterMs } from '../../../engine/src/interpreter/index.ts';

// Expected values from Python's reference mmh3 (5.3.1): mmh3.hash('wake:' + id, 0, signed=False) % (max + 1).
describe('wakeJitterMs', () => {
  it.each([
    ['journey:loyalty:u1', 60_000, 54_394],
    ['journey:loyalty:u2', 60_000, 25_058],
    ['journey:anniversary:ada', 60_000, 24_857],
    ['journey:loyalty:u1', 1_000, 468],
    ['journey:anniversary:ada', 1_000, 156],
  ])('spreads %s by the hash of its workflow id within %i ms', (id, max, expected) => {
    expect(wakeJitterMs(id, max)).toBe(expected);
  });

  it('is off at 0 and never past its bound', () => {
    expect(wakeJitterMs('journey:loyalty:u1', 0)).toBe(0);
    for (let i = 0; i < 2000; i += 1) {
      const ms = wakeJitterMs(`journey:birthday:customer-${i}`, 5000);
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThanOrEqual(5000);
    }
  });

  it('spreads a crowd due at the same minute evenly: 10,000 customers over 60 s, each 6 s slice holds about a tenth', () => {
    const slices = Array.from({ length: 10 }, () => 0);
    for (let i = 0; i < 10_000; i += 1) {
      const slice = Math.min(9, Math.floor(wakeJitterMs(`journey:birthday:customer-${i}`, 60_000) / 6_000));
      slices[slice] = (slices[slice] ?? 0) + 1;
    }
    // A uniform spread: 1,000 per slice, binomial sd about 30; 5 sd either way.
    for (const n of slices) expect(Math.abs(n - 1000)).toBeLessThan(150);
  });
});
