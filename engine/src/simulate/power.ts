import type { Plan } from '../interpreter/index.ts';
import { powerOf, pValueVersusControl } from '../metrics/index.ts';
import { simulate, type SimulationOptions } from './many.ts';

/** How often simulated tests of one split found each variant significantly better than control. */
export interface PowerEstimate {
  splitId: string;
  replicates: number;
  customersPerArm: number;
  /** Per variant: the share of replicates in which it beat control at alpha / comparisons. */
  power: Record<string, number>;
  /** The normal-approximation power for the assumed rates, for comparison (two arms only). */
  analyticPower: number | null;
  /** e.g. "2,000 customers per arm, +3 points: power 71%". */
  summary: string;
}

/**
 * Estimates the power of a split's test by running the simulation `replicates` times with seeds
 * seed, seed+1, ...: each replicate is analysed at the end of the horizon as if it were the planned one.
 */
export function estimatePower(
  plan: Plan,
  splitId: string,
  opts: SimulationOptions & { replicates: number },
): PowerEstimate {
  const wins = new Map<string, number>();
  let perArm = 0;
  let controlRate = 0;
  let variantRate = 0;
  let twoArmed = true;
  for (let r = 0; r < opts.replicates; r += 1) {
    const experiment = simulate(plan, { ...opts, seed: opts.seed + r }).experiments.find((e) => e.splitId === splitId);
    if (!experiment) throw new Error(`The plan has no split "${splitId}"`);
    const arms = experiment.counts.filter((a) => !a.holdout);
    const [control, ...variants] = arms;
    if (!control) continue;
    const alpha = 0.05 / Math.max(1, experiment.counts.length - 1);
    perArm += arms.reduce((s, a) => s + a.measured, 0) / arms.length / opts.replicates;
    for (const v of variants) {
      const test = pValueVersusControl(
        { converted: control.converted, exposed: control.measured },
        { converted: v.converted, exposed: v.measured },
      );
      if (test.pValue < alpha && v.converted / v.measured > control.converted / control.measured)
        wins.set(v.name, (wins.get(v.name) ?? 0) + 1);
    }
    const [first] = variants;
    if (variants.length === 1 && first) {
      controlRate += control.converted / control.measured / opts.replicates;
      variantRate += first.converted / first.measured / opts.replicates;
    } else twoArmed = false;
  }
  const step = plan.steps[splitId];
  const names = step?.kind === 'split' ? step.arms.slice(1).map((a) => a.name) : [];
  const power = Object.fromEntries(names.map((n) => [n, (wins.get(n) ?? 0) / opts.replicates]));
  const customersPerArm = Math.round(perArm);
  const observed = twoArmed && opts.replicates > 0 ? { control: controlRate, variant: variantRate } : null;
  const analyticPower = observed
    ? powerOf(
        { baselineRate: observed.control, minimumDetectableEffect: observed.variant - observed.control },
        customersPerArm,
      )
    : null;
  const lift = observed ? observed.variant - observed.control : null;
  const best = Math.max(0, ...Object.values(power));
  const summary = `${customersPerArm.toLocaleString('en-US')} customers per arm${lift === null ? '' : `, ${lift >= 0 ? '+' : ''}${(100 * lift).toFixed(0)} points`}: power ${Math.round(100 * best)}%`;
  return { splitId, replicates: opts.replicates, customersPerArm, power, analyticPower, summary };
}
