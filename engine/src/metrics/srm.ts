import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';

/** Below this p-value the split itself is suspect (a sample ratio mismatch). */
export const SRM_THRESHOLD = 0.001;

/** The sample-ratio-mismatch check: did customers land in the arms in the proportions the weights promise? */
export interface SampleRatioCheck {
  chiSquare: number;
  degreesOfFreedom: number;
  pValue: number;
  mismatch: boolean;
}

/** Pearson's chi-square goodness-of-fit test of exposures per arm against the arms' weights. */
export function sampleRatioMismatch(exposed: readonly number[], weights: readonly number[]): SampleRatioCheck {
  const total = exposed.reduce((s, n) => s + n, 0);
  const weightSum = weights.reduce((s, w) => s + w, 0);
  let chiSquare = 0;
  exposed.forEach((observed, i) => {
    const expected = (total * (weights[i] ?? 0)) / weightSum;
    if (expected > 0) chiSquare += (observed - expected) ** 2 / expected;
  });
  const degreesOfFreedom = Math.max(1, exposed.length - 1);
  const pValue = total === 0 ? 1 : 1 - chisquareCdf(chiSquare, degreesOfFreedom);
  return { chiSquare, degreesOfFreedom, pValue, mismatch: pValue < SRM_THRESHOLD };
}
