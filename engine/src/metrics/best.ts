import betaCdf from '@stdlib/stats-base-dists-beta-cdf';
import betaLogpdf from '@stdlib/stats-base-dists-beta-logpdf';
import type { Arm } from './compare.ts';

// Simpson's rule over this many intervals on a window of +-40 posterior standard deviations: the
// integrand is smooth and the window holds all but a negligible tail, so the error stays far below 1e-9.
const INTERVALS = 4000;
const WINDOW_SD = 40;

/**
 * The probability that each arm has the highest true conversion rate, with Beta(1, 1) priors:
 * P(i best) = integral of posterior_i(x) * prod_{j != i} CDF_j(x) dx, integrated numerically (deterministic).
 */
export function probabilityOfBeingBest(arms: readonly Arm[]): number[] {
  const posteriors = arms.map((a) => ({ alpha: 1 + a.converted, beta: 1 + a.exposed - a.converted }));
  return posteriors.map((own, i) => {
    const mean = own.alpha / (own.alpha + own.beta);
    const sd = Math.sqrt((own.alpha * own.beta) / ((own.alpha + own.beta) ** 2 * (own.alpha + own.beta + 1)));
    const lo = Math.max(0, mean - WINDOW_SD * sd);
    const hi = Math.min(1, mean + WINDOW_SD * sd);
    const h = (hi - lo) / INTERVALS;
    const integrand = (x: number) => {
      let value = Math.exp(betaLogpdf(x, own.alpha, own.beta));
      posteriors.forEach((other, j) => {
        if (j !== i) value *= betaCdf(x, other.alpha, other.beta);
      });
      return Number.isFinite(value) ? value : 0;
    };
    let sum = integrand(lo) + integrand(hi);
    for (let k = 1; k < INTERVALS; k += 1) sum += (k % 2 === 1 ? 4 : 2) * integrand(lo + k * h);
    return (sum * h) / 3;
  });
}
