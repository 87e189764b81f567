import gammaln from '@stdlib/math-base-special-gammaln';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { zFor, type Interval } from './proportion.ts';

/** Conversions out of customers exposed, for one arm. */
export interface Arm {
  converted: number;
  exposed: number;
}

/** A two-sided p-value and the test that produced it. */
export interface PValue {
  pValue: number;
  test: 'z-test' | 'fisher-exact';
}

/** Below this many customers in any cell of the 2x2 table the z-test's normal approximation is not trusted. */
export const SMALL_CELL = 10;

/** Two-sided p-value of the pooled two-proportion z-test (H0: both arms convert at the same rate). */
export function twoProportionZTest(control: Arm, variant: Arm): number {
  const pooled = (control.converted + variant.converted) / (control.exposed + variant.exposed);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / control.exposed + 1 / variant.exposed));
  if (!(se > 0)) return 1;
  const z = (variant.converted / variant.exposed - control.converted / control.exposed) / se;
  return Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1));
}

const logChoose = (n: number, k: number) => gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1);

/**
 * Two-sided p-value of Fisher's exact test on the 2x2 table (converted / not, per arm): the total
 * probability, given the margins, of every table no more likely than the observed one. Like R and
 * SciPy it treats probabilities within a relative 1e-7 of the observed one as equal.
 */
export function fisherExact(control: Arm, variant: Arm): number {
  const n1 = control.exposed;
  const total = control.exposed + variant.exposed;
  const converted = control.converted + variant.converted;
  const logDenominator = logChoose(total, n1);
  const logP = (a: number) => logChoose(converted, a) + logChoose(total - converted, n1 - a) - logDenominator;
  const observed = logP(control.converted);
  const threshold = observed + Math.log1p(1e-7);
  let p = 0;
  for (let a = Math.max(0, converted - variant.exposed); a <= Math.min(n1, converted); a += 1) {
    const l = logP(a);
    if (l <= threshold) p += Math.exp(l);
  }
  return Math.min(1, p);
}

/** The p-value a marketer is shown: Fisher's exact test when any cell is below 10, else the z-test. */
export function pValueVersusControl(control: Arm, variant: Arm): PValue {
  const cells = [
    control.converted,
    control.exposed - control.converted,
    variant.converted,
    variant.exposed - variant.converted,
  ];
  if (cells.some((c) => c < SMALL_CELL)) return { pValue: fisherExact(control, variant), test: 'fisher-exact' };
  return { pValue: twoProportionZTest(control, variant), test: 'z-test' };
}

/** A variant's difference to control: in points (absolute) and as a lift (relative), each with an interval. */
export interface Difference {
  absolute: number;
  absoluteInterval: Interval;
  /** variant rate / control rate - 1; null when control has no conversions. */
  relative: number | null;
  relativeInterval: Interval | null;
}

/**
 * Difference of conversion rates, variant minus control: the absolute one with the unpooled Wald
 * interval, the relative one with the log-ratio (Katz) interval, 95% unless told.
 */
export function differenceToControl(control: Arm, variant: Arm, confidence = 0.95): Difference {
  const z = zFor(confidence);
  const p1 = control.converted / control.exposed;
  const p2 = variant.converted / variant.exposed;
  const absolute = p2 - p1;
  const se = Math.sqrt((p1 * (1 - p1)) / control.exposed + (p2 * (1 - p2)) / variant.exposed);
  const absoluteInterval = { lower: absolute - z * se, upper: absolute + z * se };
  if (control.converted === 0 || variant.converted === 0) {
    return {
      absolute,
      absoluteInterval,
      relative: control.converted === 0 ? null : p2 / p1 - 1,
      relativeInterval: null,
    };
  }
  const logRatio = Math.log(p2 / p1);
  const seLog = Math.sqrt(1 / variant.converted - 1 / variant.exposed + 1 / control.converted - 1 / control.exposed);
  return {
    absolute,
    absoluteInterval,
    relative: p2 / p1 - 1,
    relativeInterval: { lower: Math.exp(logRatio - z * seLog) - 1, upper: Math.exp(logRatio + z * seLog) - 1 },
  };
}
