import { probabilityOfBeingBest } from './best.ts';
import { differenceToControl, pValueVersusControl, type Difference, type PValue } from './compare.ts';
import { wilsonInterval, type Interval } from './proportion.ts';
import { sampleSizePerArm } from './sample-size.ts';
import { sampleRatioMismatch, type SampleRatioCheck } from './srm.ts';

/** What one arm of an experiment counted. `measured` customers are those whose goal window has closed. */
export interface ArmCounts {
  name: string;
  weight: number;
  /** The holdout receives nothing further; it is compared but never chosen as the winner. */
  holdout: boolean;
  exposed: number;
  measured: number;
  converted: number;
  revenue: number;
  unsubscribed: number;
}

/** How the test was set up: the planned effect and the error rates (alpha 0.05, power 0.8 unless told). */
export interface ExperimentSetup {
  baselineRate: number;
  minimumDetectableEffect: number;
  alpha?: number;
  power?: number;
}

/** One arm's results, and its comparison with control (null for control itself). */
export interface ArmResult {
  name: string;
  control: boolean;
  holdout: boolean;
  exposed: number;
  measured: number;
  converted: number;
  rate: number | null;
  interval: Interval | null;
  revenuePerCustomer: number | null;
  unsubscribeRate: number | null;
  probabilityBest: number | null;
  versusControl: (Difference & PValue & { significant: boolean }) | null;
}

/** Where the test stands under the fixed-horizon rule. */
export type ExperimentStatus = 'collecting' | 'winner' | 'no-difference' | 'guardrail-failed' | 'sample-ratio-mismatch';

/** The stopping rule in force and whether it is met. */
export interface StoppingRule {
  rule: 'fixed-horizon';
  plannedPerArm: number;
  alpha: number;
  /** alpha divided by the number of comparisons with control (Bonferroni). */
  alphaPerComparison: number;
  power: number;
  met: boolean;
  description: string;
}

/** Everything a marketer reads about one split: per-arm results, the SRM check, the rule and the verdict. */
export interface ExperimentAnalysis {
  arms: ArmResult[];
  sampleRatio: SampleRatioCheck;
  stopping: StoppingRule;
  status: ExperimentStatus;
  winner: string | null;
  verdict: string;
}

// Guardrail: the winner's unsubscribe rate may not be higher than control's at one-sided 5%.
const GUARDRAIL_TWO_SIDED_P = 0.1;

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The planned customers per arm for a split with `comparisons` arms compared with control. */
export function plannedPerArm(setup: ExperimentSetup, comparisons: number): number {
  return sampleSizePerArm({ ...setup, alpha: (setup.alpha ?? 0.05) / Math.max(1, comparisons) });
}

/**
 * Analyses a split with a fixed horizon: no winner before every variant has `plannedPerArm` measured
 * customers; then an arm wins if it beats control at alpha / comparisons (or control beats every
 * variant), unless the split itself looks broken (SRM) or the winner's unsubscribe rate is worse.
 * The first non-holdout arm is control.
 */
export function analyseExperiment(counts: readonly ArmCounts[], setup: ExperimentSetup): ExperimentAnalysis {
  const alpha = setup.alpha ?? 0.05;
  const power = setup.power ?? 0.8;
  const control = counts.find((a) => !a.holdout);
  if (!control) throw new Error('An experiment needs at least one arm that is not the holdout');
  const comparisons = counts.length - 1;
  const alphaPerComparison = alpha / Math.max(1, comparisons);
  const planned = plannedPerArm(setup, comparisons);
  const best = counts.every((a) => a.measured > 0)
    ? probabilityOfBeingBest(counts.map((a) => ({ converted: a.converted, exposed: a.measured })))
    : null;
  const arms: ArmResult[] = counts.map((a, i) => {
    const rate = a.measured > 0 ? a.converted / a.measured : null;
    const comparable = a !== control && a.measured > 0 && control.measured > 0;
    const p = comparable
      ? pValueVersusControl(
          { converted: control.converted, exposed: control.measured },
          { converted: a.converted, exposed: a.measured },
        )
      : null;
    const versusControl =
      comparable && p
        ? {
            ...differenceToControl(
              { converted: control.converted, exposed: control.measured },
              { converted: a.converted, exposed: a.measured },
            ),
            ...p,
            significant: p.pValue < alphaPerComparison,
          }
        : null;
    return {
      name: a.name,
      control: a === control,
      holdout: a.holdout,
      exposed: a.exposed,
      measured: a.measured,
      converted: a.converted,
      rate,
      interval: a.measured > 0 ? wilsonInterval(a.converted, a.measured) : null,
      revenuePerCustomer: a.measured > 0 ? a.revenue / a.measured : null,
      unsubscribeRate: a.measured > 0 ? a.unsubscribed / a.measured : null,
      probabilityBest: best ? (best[i] ?? null) : null,
      versusControl,
    };
  });
  const sampleRatio = sampleRatioMismatch(
    counts.map((a) => a.exposed),
    counts.map((a) => a.weight),
  );
  const variants = counts.filter((a) => !a.holdout);
  const met = variants.every((a) => a.measured >= planned);
  const fewest = Math.min(...variants.map((a) => a.measured));
  const stopping: StoppingRule = {
    rule: 'fixed-horizon',
    plannedPerArm: planned,
    alpha,
    alphaPerComparison,
    power,
    met,
    description: `Fixed horizon: ${planned.toLocaleString('en-US')} measured customers per arm (to detect ${pct(setup.baselineRate)} -> ${pct(setup.baselineRate + setup.minimumDetectableEffect)} with ${Math.round(power * 100)}% power at alpha ${alpha}${comparisons > 1 ? `, ${alphaPerComparison.toFixed(4)} per comparison` : ''}); no winner before then.`,
  };
  const decide = (status: ExperimentStatus, winner: string | null, verdict: string): ExperimentAnalysis => ({
    arms,
    sampleRatio,
    stopping,
    status,
    winner,
    verdict,
  });

  if (sampleRatio.mismatch)
    return decide(
      'sample-ratio-mismatch',
      null,
      `The split is off its weights (SRM chi-square p = ${sampleRatio.pValue.toExponential(2)} < 0.001); check the split before trusting any result.`,
    );
  if (!met)
    return decide(
      'collecting',
      null,
      `Not yet: ${fewest.toLocaleString('en-US')} of ${planned.toLocaleString('en-US')} measured customers in the smallest arm.`,
    );
  const results = arms.filter((a) => !a.holdout);
  const beating = results.filter((a) => a.versusControl?.significant && a.versusControl.absolute > 0);
  const controlResult = results.find((a) => a.control);
  let winner: ArmResult | undefined;
  if (beating.length > 0) winner = beating.reduce((w, a) => ((a.rate ?? 0) > (w.rate ?? 0) ? a : w));
  else if (results.every((a) => a.control || (a.versusControl?.significant && a.versusControl.absolute < 0)))
    winner = controlResult;
  if (!winner)
    return decide(
      'no-difference',
      null,
      `No arm differs from control at alpha ${alphaPerComparison.toFixed(4)}; keep control (or test a bigger change).`,
    );
  if (!winner.control) {
    const worse = pValueVersusControl(
      { converted: control.unsubscribed, exposed: control.measured },
      { converted: counts.find((a) => a.name === winner.name)?.unsubscribed ?? 0, exposed: winner.measured },
    );
    if ((winner.unsubscribeRate ?? 0) > (controlResult?.unsubscribeRate ?? 0) && worse.pValue < GUARDRAIL_TWO_SIDED_P) {
      return decide(
        'guardrail-failed',
        null,
        `"${winner.name}" converts better but its unsubscribe rate (${pct(winner.unsubscribeRate ?? 0)}) is worse than control's (${pct(controlResult?.unsubscribeRate ?? 0)}); no winner.`,
      );
    }
  }
  return decide(
    'winner',
    winner.name,
    `"${winner.name}" wins: ${pct(winner.rate ?? 0)} converted${winner.versusControl ? ` (${winner.versusControl.absolute >= 0 ? '+' : ''}${(100 * winner.versusControl.absolute).toFixed(1)} points, p = ${winner.versusControl.pValue.toPrecision(2)})` : ''}.`,
  );
}
