import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import type { Interval } from './proportion.ts';

/** A group's values summarised the way SQL can: how many, their sum and their sum of squares. */
export interface Moments {
  n: number;
  sum: number;
  sumOfSquares: number;
}

/** The difference of two means, second minus first, with Welch's interval and degrees of freedom. */
export interface MeanDifference {
  difference: number;
  interval: Interval;
  degreesOfFreedom: number;
}

/** Mean and unbiased sample variance from moments; the variance is 0 for a single value. */
export function meanAndVariance(m: Moments): { mean: number; variance: number } {
  const mean = m.sum / m.n;
  const variance = m.n > 1 ? Math.max(0, (m.sumOfSquares - m.n * mean * mean) / (m.n - 1)) : 0;
  return { mean, variance };
}

/**
 * Welch's interval for `mean(second) - mean(first)` (95% unless told), which does not assume equal
 * variances — revenue per customer in a journey and in its holdout rarely has them. Undefined (null)
 * with fewer than two values in either group. When both variances are 0 the interval is the point.
 */
export function welchInterval(first: Moments, second: Moments, confidence = 0.95): MeanDifference | null {
  if (first.n < 2 || second.n < 2) return null;
  const a = meanAndVariance(first);
  const b = meanAndVariance(second);
  const difference = b.mean - a.mean;
  const va = a.variance / first.n;
  const vb = b.variance / second.n;
  const se = Math.sqrt(va + vb);
  if (!(se > 0))
    return { difference, interval: { lower: difference, upper: difference }, degreesOfFreedom: first.n + second.n - 2 };
  const degreesOfFreedom = (va + vb) ** 2 / (va ** 2 / (first.n - 1) + vb ** 2 / (second.n - 1));
  const t = tQuantile(1 - (1 - confidence) / 2, degreesOfFreedom);
  return { difference, interval: { lower: difference - t * se, upper: difference + t * se }, degreesOfFreedom };
}
