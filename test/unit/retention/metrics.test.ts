import { describe, expect, it } from 'vitest';
import {
  activationRate,
  bucketsOf,
  checkRetentionSettings,
  churnRate,
  churnReasons,
  cohortTriangle,
  customerLifetimeValue,
  customerRetentionRate,
  DEFAULT_RETENTION_SETTINGS,
  grossRevenueRetention,
  known,
  mrrChurnRate,
  netPromoterScore,
  netRevenueRetention,
  quickRatio,
  stickiness,
  timeToValue,
  yearOverYearArrGrowth,
  type MrrCounts,
} from '../../../engine/src/retention/index.ts';

// The pure metric functions against hand-worked numbers (each worked out in the comment beside it).

describe('customer retention rate and churn', () => {
  it('the domain page example: 100 at the start, 15 new, 10 cancelled, 105 at the end -> ((105 - 15) / 100) = 90%, churn 10%', () => {
    const counts = { atStart: 100, atEnd: 105, acquired: 15, wonBack: 0 };
    expect(customerRetentionRate(counts)).toEqual({
      value: 0.9,
      inputs: { CS: 100, CE: 105, CN: 15 },
      formula: '(CE - CN) / CS',
    });
    expect(churnRate(counts)).toMatchObject({ value: 0.1, inputs: { lost: 10, CS: 100 } });
  });
  it('won-back customers are in CN: 100 at the start, 5 acquired, 5 won back, 100 at the end -> (100 - 10) / 100 = 90%', () => {
    expect(customerRetentionRate({ atStart: 100, atEnd: 100, acquired: 5, wonBack: 5 }).value).toBe(0.9);
  });
  it('no customers at the start: both are undefined, with the reason', () => {
    const counts = { atStart: 0, atEnd: 7, acquired: 7, wonBack: 0 };
    expect(customerRetentionRate(counts)).toMatchObject({
      value: undefined,
      reason: expect.stringMatching(/no customers at the start/),
    });
    expect(churnRate(counts).value).toBeUndefined();
  });
});

describe('revenue retention', () => {
  // MRR start 1000; churned 100, contraction 50, expansion 300 ->
  // MRR churn (100 + 50) / 1000 = 0.15; GRR (1000 - 100 - 50) / 1000 = 0.85; NRR (1000 + 300 - 50 - 100) / 1000 = 1.15.
  const m: MrrCounts = {
    currency: 'USD',
    atStart: 1000,
    atEnd: 1400,
    new: 250,
    reactivation: 0,
    expansion: 300,
    contraction: 50,
    churned: 100,
    existingAtEnd: 1150,
  };
  it('MRR churn, GRR and NRR', () => {
    expect(mrrChurnRate(m).value).toBeCloseTo(0.15, 12);
    expect(grossRevenueRetention(m).value).toBeCloseTo(0.85, 12);
    expect(netRevenueRetention(m).value).toBeCloseTo(1.15, 12);
  });
  it('GRR is never above 100% however much expansion there is', () => {
    expect(grossRevenueRetention({ ...m, expansion: 1e6, churned: 0, contraction: 0 }).value).toBe(1);
  });
  it('no MRR at the start: undefined with the reason', () => {
    expect(netRevenueRetention({ ...m, atStart: 0 })).toMatchObject({
      value: undefined,
      reason: expect.stringMatching(/no recurring revenue at the start/),
    });
  });
  it('YoY ARR growth: MRR 110 now and 100 a year ago -> (1320 - 1200) / 1200 = 10%; undefined without a year of data or ARR a year ago', () => {
    expect(yearOverYearArrGrowth({ mrrNow: 110, mrrYearAgo: 100, dataReachesBackAYear: true })).toMatchObject({
      inputs: { arrNow: 1320, arrYearAgo: 1200 },
    });
    expect(yearOverYearArrGrowth({ mrrNow: 110, mrrYearAgo: 100, dataReachesBackAYear: true }).value).toBeCloseTo(
      0.1,
      12,
    );
    expect(yearOverYearArrGrowth({ mrrNow: 110, mrrYearAgo: 100, dataReachesBackAYear: false }).value).toBeUndefined();
    expect(yearOverYearArrGrowth({ mrrNow: 110, mrrYearAgo: 0, dataReachesBackAYear: true }).reason).toMatch(
      /no recurring revenue a year ago/,
    );
  });
});

describe('CLV', () => {
  it('AOV 50 x frequency 2 x margin 0.4 / churn 0.1 = 400, stating its inputs', () => {
    const clv = customerLifetimeValue({
      averageOrderValue: known(50, {}, ''),
      purchaseFrequency: known(2, {}, ''),
      grossMargin: 0.4,
      churnRate: known(0.1, {}, ''),
    });
    expect(clv.value).toBeCloseTo(400, 10);
    expect(clv.inputs).toEqual({ AOV: 50, frequency: 2, grossMargin: 0.4, churnRate: 0.1 });
  });
  it('no churn means an unbounded lifetime: undefined, said so', () => {
    const clv = customerLifetimeValue({
      averageOrderValue: known(50, {}, ''),
      purchaseFrequency: known(2, {}, ''),
      grossMargin: 1,
      churnRate: known(0, {}, ''),
    });
    expect(clv).toMatchObject({ value: undefined, reason: expect.stringMatching(/unbounded/) });
  });
});

describe('NPS, reasons, activation', () => {
  it('NPS: 5 promoters (9, 10), 3 passives, 2 detractors of 10 -> 50% - 20% = 30', () => {
    // scores:           0  1  2  3  4  5  6  7  8  9  10
    const answers = [1, 0, 0, 0, 0, 0, 1, 2, 1, 3, 2];
    expect(netPromoterScore(answers)).toMatchObject({
      value: 30,
      inputs: { promoters: 5, passives: 3, detractors: 2, answered: 10 },
    });
    expect(netPromoterScore(Array.from({ length: 11 }, () => 0)).value).toBeUndefined();
  });
  it('churn reasons, most frequent first with shares', () => {
    expect(
      churnReasons([
        { reason: 'b', count: 1 },
        { reason: 'a', count: 3 },
        { reason: 'c', count: 0 },
      ]),
    ).toEqual([
      { reason: 'a', count: 3, share: 0.75 },
      { reason: 'b', count: 1, share: 0.25 },
    ]);
  });
  it('activation 3 of 4 = 75%; no activations leaves the median undefined', () => {
    expect(activationRate({ signedUp: 4, activated: 3, medianSeconds: 60, distribution: [3, 0, 0, 0, 0] }).value).toBe(
      0.75,
    );
    expect(
      timeToValue({ signedUp: 4, activated: 0, medianSeconds: null, distribution: [0, 0, 0, 0, 0] }).median.value,
    ).toBeUndefined();
  });
});

describe('cohorts and lifecycle (pure parts)', () => {
  it('triangle: a cohort of 4 returning [3, 2, 1] with last returns [1, 1, 1] (one never back) -> exact and unbounded 75/50/25%; mean curve weighted by size', () => {
    // Customers: w returned in 0 only; x in 0 and 1; y in 0, 1, 2; z never. returnedIn = [3, 2, 1]; lastReturnIn = [1, 1, 1].
    // Unbounded "in N or later": N=0 {w,x,y} 3/4; N=1 {x,y} 2/4; N=2 {y} 1/4.
    // A second cohort of 2 observed for one period, returnedIn [1], lastReturnIn [1].
    // Mean exact: N=0 (3 + 1) / (4 + 2) = 2/3; N=1 2/4 (only the first cohort has reached period 1).
    const t = cohortTriangle([
      { cohort: '2026-01-01', size: 4, observed: 3, returnedIn: [3, 2, 1], lastReturnIn: [1, 1, 1] },
      { cohort: '2026-02-01', size: 2, observed: 1, returnedIn: [1], lastReturnIn: [1] },
    ]);
    expect(t.rows[0]!.exact.map((f) => f.value)).toEqual([0.75, 0.5, 0.25]);
    expect(t.rows[0]!.unbounded.map((f) => f.value)).toEqual([0.75, 0.5, 0.25]);
    expect(t.meanExact.map((f) => f.value)).toEqual([4 / 6, 0.5, 0.25]);
  });
  it('unbounded differs from exact when customers skip a period: returnedIn [2, 0, 1], lastReturnIn [1, 0, 1] of 2 -> unbounded N=1 is 50%', () => {
    const t = cohortTriangle([
      { cohort: '2026-01-05', size: 2, observed: 3, returnedIn: [2, 0, 1], lastReturnIn: [1, 0, 1] },
    ]);
    expect(t.rows[0]!.exact.map((f) => f.value)).toEqual([1, 0, 0.5]);
    expect(t.rows[0]!.unbounded.map((f) => f.value)).toEqual([1, 0.5, 0.5]);
  });
  it('quick ratio (3 new + 1 resurrecting) / 2 dormant = 2; stickiness 60 customer-days over 30 days of 10 active = 20%', () => {
    expect(quickRatio({ bucket: 'x', new: 3, returning: 5, resurrecting: 1, dormant: 2 }).value).toBe(2);
    expect(quickRatio({ bucket: 'x', new: 3, returning: 5, resurrecting: 1, dormant: 0 }).value).toBeUndefined();
    expect(stickiness({ activeDays: 60, days: 30, activeInPeriod: 10 }).value).toBeCloseTo(0.2, 12);
  });
});

describe('periods and settings', () => {
  it('a month in Paris runs from local midnight to local midnight across the DST change (23:00Z to 22:00Z)', () => {
    expect(
      bucketsOf({ start: '2026-02-28T23:00:00Z', end: '2026-04-30T22:00:00Z', granularity: 'month' }, 'Europe/Paris'),
    ).toEqual([
      { start: '2026-02-28T23:00:00.000Z', end: '2026-03-31T22:00:00.000Z' },
      { start: '2026-03-31T22:00:00.000Z', end: '2026-04-30T22:00:00.000Z' },
    ]);
  });
  it("defaults follow Segment's specs; bad settings give paths and messages", () => {
    expect(DEFAULT_RETENTION_SETTINGS).toMatchObject({
      signUpEvent: 'Signed Up',
      order: { event: 'Order Completed', amountProperties: ['revenue', 'total'] },
      subscription: { cancelledEvent: 'Subscription Cancelled' },
      mrr: { source: 'subscription-events', property: 'mrr' },
    });
    const bad = checkRetentionSettings({
      order: { amountProperties: [] },
      mrr: { source: 'crystal-ball' },
      grossMargin: 2,
    });
    expect(bad.violations.map((v) => v.path).sort()).toEqual(['grossMargin', 'mrr.source', 'order.amountProperties']);
    expect(bad.violations.find((v) => v.path === 'mrr.source')?.message).toMatch(/subscription-events/);
  });
});
