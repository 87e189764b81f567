import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/** A two-sided interval around an estimate. */
export interface Interval {
  lower: number;
  upper: number;
}

/** The z value of a two-sided interval with the given confidence (1.959964 for 95%). */
export function zFor(confidence: number): number {
  return normalQuantile(1 - (1 - confidence) / 2, 0, 1);
}

/**
 * The Wilson score interval of a proportion `successes / trials` (95% unless told): unlike the Wald
 * interval it stays inside [0, 1] and keeps its coverage near 0 and 1 and for small samples.
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): Interval {
  if (trials <= 0) return { lower: 0, upper: 1 };
  const z = zFor(confidence);
  const z2 = z * z;
  const p = successes / trials;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}
