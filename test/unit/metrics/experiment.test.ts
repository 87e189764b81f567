import { describe, expect, it } from 'vitest';
import {
  analyseExperiment,
  countArms,
  cumulativeByDay,
  goalOutcomes,
  plannedPerArm,
  type ArmCounts,
} from '../../../engine/src/metrics/index.ts';

const DAY = 86_400_000;
const setup = { baselineRate: 0.1, minimumDetectableEffect: 0.03 };
const planned = plannedPerArm(setup, 1);
const arm = (name: string, measured: number, converted: number, extra: Partial<ArmCounts> = {}): ArmCounts => ({
  name,
  weight: 1,
  holdout: false,
  exposed: measured,
  measured,
  converted,
  revenue: 0,
  unsubscribed: 0,
  ...extra,
});

describe('the fixed-horizon verdict', () => {
  it('plans 1,774 customers per arm for 10% -> 13% (R power.prop.test: n = 1773.98) (and more when three arms share alpha)', () => {
    expect(planned).toBe(1774);
    expect(plannedPerArm(setup, 2)).toBeGreaterThan(planned);
  });

  it('says "not yet" below the planned sample size, however good the variant looks', () => {
    const a = analyseExperiment([arm('a', 1000, 100), arm('b', 1000, 200)], setup);
    expect(a).toMatchObject({ status: 'collecting', winner: null, stopping: { met: false, plannedPerArm: planned } });
    expect(a.verdict).toBe(`Not yet: 1,000 of 1,774 measured customers in the smallest arm.`);
    expect(a.arms[1]?.versusControl?.significant).toBe(true);
  });

  it('declares a variant that beats control significantly at the horizon', () => {
    expect(analyseExperiment([arm('a', 2000, 200), arm('b', 2000, 260)], setup)).toMatchObject({
      status: 'winner',
      winner: 'b',
    });
  });

  it('declares control when every variant is significantly worse', () => {
    expect(analyseExperiment([arm('a', 2000, 260), arm('b', 2000, 200)], setup)).toMatchObject({
      status: 'winner',
      winner: 'a',
    });
  });

  it('declares nothing when the difference is not significant', () => {
    expect(analyseExperiment([arm('a', 2000, 200), arm('b', 2000, 215)], setup)).toMatchObject({
      status: 'no-difference',
      winner: null,
    });
  });

  it('divides alpha between comparisons: p = 0.03 wins with two arms, not with three', () => {
    // 200/2000 vs 240/2000: z-test p = 0.0325
    const three = analyseExperiment([arm('a', 2200, 220), arm('b', 2200, 264), arm('c', 2200, 220)], setup);
    expect(three.arms[1]?.versusControl?.pValue).toBeGreaterThan(0.025);
    expect(three.arms[1]?.versusControl?.pValue).toBeLessThan(0.05);
    expect(three).toMatchObject({ status: 'no-difference', stopping: { alphaPerComparison: 0.025 } });
    expect(analyseExperiment([arm('a', 2200, 220), arm('b', 2200, 264)], setup)).toMatchObject({
      status: 'winner',
      winner: 'b',
    });
  });

  it('withholds the winner when its unsubscribe rate is worse (the guardrail)', () => {
    const a = analyseExperiment(
      [arm('a', 2000, 200, { unsubscribed: 20 }), arm('b', 2000, 260, { unsubscribed: 45 })],
      setup,
    );
    expect(a).toMatchObject({ status: 'guardrail-failed', winner: null });
    const fine = analyseExperiment(
      [arm('a', 2000, 200, { unsubscribed: 20 }), arm('b', 2000, 260, { unsubscribed: 22 })],
      setup,
    );
    expect(fine).toMatchObject({ status: 'winner', winner: 'b' });
  });

  it('trusts nothing when the split is off its weights (SRM)', () => {
    const a = analyseExperiment([arm('a', 2000, 200), arm('b', 2400, 320)], setup);
    expect(a.sampleRatio.mismatch).toBe(true);
    expect(a).toMatchObject({ status: 'sample-ratio-mismatch', winner: null });
  });

  it('compares the holdout with control but never makes it the winner', () => {
    const a = analyseExperiment(
      [arm('a', 2000, 200), arm('b', 2000, 205), arm('holdout', 2000, 300, { holdout: true })],
      setup,
    );
    expect(a.arms[2]).toMatchObject({ holdout: true, versusControl: { significant: true } });
    expect(a.winner).not.toBe('holdout');
  });
});

describe('goal outcomes and counts', () => {
  const t0 = Date.UTC(2026, 0, 1);
  const goal = {
    event: 'Order Completed',
    where: [{ property: 'total', op: 'gte' as const, value: 10 }],
    revenueProperty: 'total',
    withinDays: 7,
  };
  const exposures = [
    { userId: 'u1', variant: 'a', exposedAtMs: t0 },
    { userId: 'u2', variant: 'a', exposedAtMs: t0 },
    { userId: 'u3', variant: 'b', exposedAtMs: t0 + DAY },
    { userId: 'u4', variant: 'b', exposedAtMs: t0 + 9 * DAY },
  ];
  const events = [
    { userId: 'u1', event: 'Order Completed', properties: { total: 20 }, atMs: t0 + 2 * DAY },
    { userId: 'u1', event: 'Order Completed', properties: { total: 30 }, atMs: t0 + 3 * DAY },
    { userId: 'u2', event: 'Order Completed', properties: { total: 5 }, atMs: t0 + DAY }, // below the filter
    { userId: 'u3', event: 'Order Completed', properties: { total: 50 }, atMs: t0 + 9 * DAY }, // after the 7-day window
    { userId: 'u4', event: 'Order Completed', properties: { total: 15 }, atMs: t0 + 10 * DAY },
  ];
  const outcomes = goalOutcomes(goal, exposures, events, new Map([['u2', t0 + 3 * DAY]]));

  it('counts a conversion only for a matching event inside the window, with its revenue', () => {
    expect(outcomes).toEqual([
      { variant: 'a', exposedAtMs: t0, convertedAtMs: t0 + 2 * DAY, revenue: 50, unsubscribedAtMs: null },
      { variant: 'a', exposedAtMs: t0, convertedAtMs: null, revenue: 0, unsubscribedAtMs: t0 + 3 * DAY },
      { variant: 'b', exposedAtMs: t0 + DAY, convertedAtMs: null, revenue: 0, unsubscribedAtMs: null },
      { variant: 'b', exposedAtMs: t0 + 9 * DAY, convertedAtMs: t0 + 10 * DAY, revenue: 15, unsubscribedAtMs: null },
    ]);
  });

  it('measures only customers whose window has closed', () => {
    const arms = [
      { name: 'a', weight: 1, holdout: false },
      { name: 'b', weight: 1, holdout: false },
    ];
    expect(countArms(outcomes, arms, 7, t0 + 12 * DAY)).toEqual([
      { name: 'a', weight: 1, holdout: false, exposed: 2, measured: 2, converted: 1, revenue: 50, unsubscribed: 1 },
      { name: 'b', weight: 1, holdout: false, exposed: 2, measured: 1, converted: 0, revenue: 0, unsubscribed: 0 },
    ]);
  });

  it('charts the cumulative rate by day with Wilson bands', () => {
    const series = cumulativeByDay(outcomes, ['a', 'b'], t0, t0 + 12 * DAY);
    expect(series['a']).toHaveLength(12);
    expect(series['a']?.slice(0, 3).map((p) => [p.exposed, p.converted])).toEqual([
      [2, 0],
      [2, 0],
      [2, 1],
    ]);
    expect(series['b']?.[0]).toMatchObject({ exposed: 0, rate: null, interval: null });
    expect(series['b']?.[10]).toMatchObject({ exposed: 2, converted: 1, rate: 0.5 });
    expect(series['b']?.[10]?.interval?.lower).toBeGreaterThan(0);
  });
});
