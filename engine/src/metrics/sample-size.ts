import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/** What a fixed-horizon test is planned from. */
export interface PowerPlan {
  /** The control arm's expected conversion rate, e.g. 0.10. */
  baselineRate: number;
  /** The smallest absolute lift worth detecting, in rate units, e.g. 0.02 for +2 points. */
  minimumDetectableEffect: number;
  alpha?: number;
  power?: number;
}

const rates = (plan: PowerPlan) => {
  const p1 = plan.baselineRate;
  const p2 = Math.min(1, plan.baselineRate + plan.minimumDetectableEffect);
  return { p1, p2, pBar: (p1 + p2) / 2, delta: Math.abs(p2 - p1) };
};

/**
 * Customers needed per arm for a two-sided two-proportion z-test (alpha 0.05, power 0.8 unless told):
 * the normal-approximation formula without continuity correction (Fleiss), as R's power.prop.test
 * solves it, rounded up.
 */
export function sampleSizePerArm(plan: PowerPlan): number {
  const { p1, p2, pBar, delta } = rates(plan);
  const zAlpha = normalQuantile(1 - (plan.alpha ?? 0.05) / 2, 0, 1);
  const zBeta = normalQuantile(plan.power ?? 0.8, 0, 1);
  const n =
    (zAlpha * Math.sqrt(2 * pBar * (1 - pBar)) + zBeta * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / delta ** 2;
  return Math.ceil(n);
}

/** The power of the same test with `perArm` customers in each arm, for the plan's effect (its power field is ignored). */
export function powerOf(plan: PowerPlan, perArm: number): number {
  const { p1, p2, pBar, delta } = rates(plan);
  const zAlpha = normalQuantile(1 - (plan.alpha ?? 0.05) / 2, 0, 1);
  return normalCdf(
    (Math.sqrt(perArm) * delta - zAlpha * Math.sqrt(2 * pBar * (1 - pBar))) / Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2)),
    0,
    1,
  );
}
