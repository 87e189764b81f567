import { describe, expect, it } from 'vitest';
import {
  differenceToControl,
  fisherExact,
  powerOf,
  probabilityOfBeingBest,
  pValueVersusControl,
  sampleRatioMismatch,
  sampleSizePerArm,
  twoProportionZTest,
  wilsonInterval,
} from '../../../engine/src/metrics/index.ts';

// Reference values were computed independently with Python 3 (scipy 1.17.1, statsmodels 0.15.0):
//   Wilson:      statsmodels.stats.proportion.proportion_confint(x, n, alpha=0.05, method='wilson')
//   z-test:      statsmodels.stats.proportion.proportions_ztest([x2, x1], [n2, n1])  (pooled, two-sided)
//   Fisher:      scipy.stats.fisher_exact([[x1, n1-x1], [x2, n2-x2]], alternative='two-sided')
//   difference:  statsmodels confint_proportions_2indep(x2, n2, x1, n1, method='wald', compare='diff')
//                and (method='log', compare='ratio') minus 1
//   SRM:         scipy.stats.chisquare(observed, f_exp=total * weight / sum(weights))
//   sample size: scipy.optimize.brentq solving the power equation of R's power.prop.test (strict=FALSE)
//                for n; R's manual example p1=.5, p2=.75, power=.9 gives n = 76.7
//   P(best):     scipy.integrate.quad of beta(1+x_i, 1+n_i-x_i).pdf * prod_j beta_j.cdf (epsabs 1e-13)
const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThan(1e-6);

describe('the Wilson 95% interval', () => {
  it.each([
    [0, 10, 0.0, 0.27753279986288926],
    [10, 10, 0.7224672001371106, 1.0],
    [81, 263, 0.2552885198782742, 0.36620957698280004],
    [520, 10000, 0.04781781739856426, 0.05652624514156195],
    [3, 7, 0.15821985525146964, 0.7495416354723428],
  ])('%i of %i converted', (x, n, lower, upper) => {
    const interval = wilsonInterval(x, n);
    close(interval.lower, lower);
    close(interval.upper, upper);
  });
});

describe('the two-proportion z-test', () => {
  it.each([
    [200, 2000, 260, 2000, 0.002942093070459276],
    [520, 10000, 580, 10000, 0.06274863637056431],
    [30, 100, 45, 110, 0.09939953216165574],
  ])('control %i/%i against variant %i/%i', (x1, n1, x2, n2, p) => {
    close(twoProportionZTest({ converted: x1, exposed: n1 }, { converted: x2, exposed: n2 }), p);
  });

  it('says 1 when nobody converted anywhere', () => {
    expect(twoProportionZTest({ converted: 0, exposed: 50 }, { converted: 0, exposed: 50 })).toBe(1);
  });
});

describe("Fisher's exact test", () => {
  it.each([
    [3, 4, 1, 4, 0.48571428571428565], // the lady tasting tea
    [2, 40, 9, 41, 0.048049245708340564],
    [0, 12, 6, 12, 0.013729977116704808],
    [15, 200, 30, 200, 0.02585728106957838],
  ])('control %i/%i against variant %i/%i', (x1, n1, x2, n2, p) => {
    close(fisherExact({ converted: x1, exposed: n1 }, { converted: x2, exposed: n2 }), p);
  });

  it('is the test shown when a cell is below 10, the z-test otherwise', () => {
    expect(pValueVersusControl({ converted: 2, exposed: 40 }, { converted: 9, exposed: 41 })).toEqual({
      test: 'fisher-exact',
      pValue: fisherExact({ converted: 2, exposed: 40 }, { converted: 9, exposed: 41 }),
    });
    expect(pValueVersusControl({ converted: 200, exposed: 2000 }, { converted: 260, exposed: 2000 }).test).toBe(
      'z-test',
    );
  });
});

describe('the difference to control', () => {
  it.each([
    [200, 2000, 260, 2000, 0.010249047029535798, 0.049750952970464196, 0.09281131010537336, 0.546470085340756],
    [30, 100, 45, 110, -0.019396589388140623, 0.23757840756995888, -0.06210218644925469, 0.9826297762563192],
  ])('control %i/%i against variant %i/%i', (x1, n1, x2, n2, absLo, absHi, relLo, relHi) => {
    const d = differenceToControl({ converted: x1, exposed: n1 }, { converted: x2, exposed: n2 });
    close(d.absolute, x2 / n2 - x1 / n1);
    close(d.absoluteInterval.lower, absLo);
    close(d.absoluteInterval.upper, absHi);
    close(d.relative ?? Number.NaN, x2 / n2 / (x1 / n1) - 1);
    close(d.relativeInterval?.lower ?? Number.NaN, relLo);
    close(d.relativeInterval?.upper ?? Number.NaN, relHi);
  });

  it('has no relative difference when control never converted', () => {
    expect(differenceToControl({ converted: 0, exposed: 100 }, { converted: 3, exposed: 100 })).toMatchObject({
      relative: null,
      relativeInterval: null,
    });
  });
});

describe('the sample-ratio-mismatch check', () => {
  it.each([
    [[5100, 4900], [1, 1], 4.0, 0.04550026389635857, false],
    [[5000, 5250], [1, 1], 6.097560975609756, 0.013536859346243508, false],
    [[1000, 2100, 900], [1, 2, 1], 15.0, 0.0005530843701478337, true],
  ])('%j with weights %j', (observed, weights, chiSquare, pValue, mismatch) => {
    const check = sampleRatioMismatch(observed, weights);
    close(check.chiSquare, chiSquare);
    close(check.pValue, pValue);
    expect(check.mismatch).toBe(mismatch);
    expect(check.degreesOfFreedom).toBe(observed.length - 1);
  });
});

describe('the planned sample size per arm', () => {
  it.each([
    [0.5, 0.25, 0.9, 76.70692845177746],
    [0.1, 0.02, 0.8, 3840.8474824362766],
    [0.05, 0.01, 0.8, 8157.731447849279],
    [0.2, 0.05, 0.8, 1093.7390457661654],
  ])('baseline %f, +%f, power %f', (baselineRate, minimumDetectableEffect, power, n) => {
    const plan = { baselineRate, minimumDetectableEffect, power };
    expect(sampleSizePerArm(plan)).toBe(Math.ceil(n));
    close(powerOf(plan, n), power);
  });

  it.each([
    [0.1, 2000, 0.8449191389069484],
    [0.2, 2000, 0.6366426719567633],
  ])('the power at baseline %f, +3 points, %i per arm', (baselineRate, perArm, power) => {
    close(powerOf({ baselineRate, minimumDetectableEffect: 0.03 }, perArm), power);
  });
});

describe('the probability of being best', () => {
  it.each([
    [
      [
        [200, 2000],
        [260, 2000],
      ],
      [0.0014690680716502884, 0.9985309319283479],
    ],
    [
      [
        [10, 100],
        [12, 100],
      ],
      [0.3292795347879191, 0.6707204652120794],
    ],
    [
      [
        [0, 10],
        [1, 10],
      ],
      [0.23809523809523706, 0.7619047619047608],
    ],
    [
      [
        [100, 1000],
        [110, 1000],
        [95, 1000],
      ],
      [0.20432178467472975, 0.7027415047241117, 0.09293671060115564],
    ],
    [
      [
        [3, 50],
        [5, 50],
        [4, 50],
        [6, 50],
      ],
      [0.06962480779826491, 0.2887363600379181, 0.15284574771846332, 0.4887930844453501],
    ],
  ])('arms %j', (arms, expected) => {
    const best = probabilityOfBeingBest(arms.map(([converted = 0, exposed = 0]) => ({ converted, exposed })));
    expect(best).toHaveLength(expected.length);
    best.forEach((p, i) => close(p, expected[i] ?? Number.NaN));
  });
});
