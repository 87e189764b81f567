import { describe, expect, it } from 'vitest';
import { welchInterval, type Moments } from '../../../engine/src/metrics/index.ts';

const moments = (values: number[]): Moments => ({
  n: values.length,
  sum: values.reduce((s, v) => s + v, 0),
  sumOfSquares: values.reduce((s, v) => s + v * v, 0),
});

// Revenue per customer in a holdout (first) and among a journey's entrants (second).
const holdout = [12, 0, 0, 30, 45, 0, 7, 0, 0, 22];
const entrants = [0, 0, 15, 0, 0, 9, 0, 0, 0, 0, 11, 0];

describe("Welch's interval for a difference of means", () => {
  // Expected values from SciPy 1.x, not from this code:
  //   stats.ttest_ind(second, first, equal_var=False).confidence_interval(confidence), and .df
  it.each([
    {
      first: holdout,
      second: entrants,
      confidence: 0.95,
      difference: -8.683333333333334,
      lower: -20.262523890150746,
      upper: 2.8958572234840805,
      df: 10.769067206659948,
    },
    {
      first: entrants,
      second: holdout,
      confidence: 0.9,
      difference: 8.683333333333334,
      lower: -0.7584725074458927,
      upper: 18.125139174112554,
      df: 10.769067206659948,
    },
    {
      first: [3, 3],
      second: [5, 1, 2],
      confidence: 0.95,
      difference: -1 / 3,
      lower: -5.5044783458755955,
      upper: 4.837811679208929,
      df: 2,
    },
  ])('matches SciPy for $confidence confidence', ({ first, second, confidence, difference, lower, upper, df }) => {
    const answer = welchInterval(moments(first), moments(second), confidence);
    expect(answer?.difference).toBeCloseTo(difference, 9);
    expect(answer?.interval.lower).toBeCloseTo(lower, 6);
    expect(answer?.interval.upper).toBeCloseTo(upper, 6);
    expect(answer?.degreesOfFreedom).toBeCloseTo(df, 6);
  });

  it('is undefined with fewer than two customers in a group, and a point when nobody varies', () => {
    expect(welchInterval(moments([5]), moments([1, 2, 3]))).toBeNull();
    expect(welchInterval(moments([4, 4]), moments([6, 6, 6]))).toEqual({
      difference: 2,
      interval: { lower: 2, upper: 2 },
      degreesOfFreedom: 3,
    });
  });
});
