import { describe, expect, it } from 'vitest';
import { BucketReport, CohortReport, RetentionReport, type Figure } from '../../../engine/src/api/metric-shapes.ts';
import { chartToSvg } from '../../../editor/src/charts/echarts.ts';
import { cohortCells, cohortOption } from '../../../editor/src/dashboard/cohort-option.ts';
import { headlineCards } from '../../../editor/src/dashboard/headlines.ts';
import { mrrSeries } from '../../../editor/src/dashboard/mrr-option.ts';
import { presetDates } from '../../../editor/src/dashboard/period.ts';

const f = (value: number | undefined, inputs: Record<string, number> = {}, formula = 'x', reason?: string): Figure => ({
  ...(value === undefined ? {} : { value }),
  inputs,
  formula,
  ...(reason ? { reason } : {}),
});
const none = f(undefined, {}, 'x', 'nothing to count');

/** A month's report where only the figures a test names are set; everything else is undefined. */
function bucket(
  start: string,
  end: string,
  set: { crr?: Figure; churn?: Figure; nrr?: Figure; nps?: Figure; clv?: Figure; movements?: Record<string, number> },
): BucketReport {
  const m = set.movements ?? {};
  const mv = (k: string) => f(m[k] ?? 0);
  return BucketReport.parse({
    start,
    end,
    customerRetentionRate: set.crr ?? none,
    churnRate: set.churn ?? none,
    returningCustomerRate: none,
    repeatPurchaseRatio: none,
    repeatCustomerRate: none,
    purchaseFrequency: none,
    money: { currency: 'USD', netRevenue: none, averageOrderValue: none },
    otherCurrencies: [],
    customerLifetimeValue: set.clv ?? none,
    recurringRevenue: {
      currency: 'USD',
      mrrAtStart: none,
      mrrAtEnd: none,
      movements: {
        new: mv('new'),
        expansion: mv('expansion'),
        contraction: mv('contraction'),
        churned: mv('churned'),
        reactivation: mv('reactivation'),
        net: none,
      },
      mrrChurnRate: none,
      grossRevenueRetention: none,
      netRevenueRetention: set.nrr ?? none,
      existingRevenueGrowth: none,
    },
    otherRecurringRevenue: [],
    yearOverYearArrGrowth: none,
    netPromoterScore: set.nps ?? none,
    npsDistribution: new Array(11).fill(0),
    churnReasons: [],
    earlyCancellationRate: none,
    earlyRenewalRate: none,
    activationRate: none,
    timeToValue: { median: none, distribution: [] },
    stickiness: none,
  });
}

const report = RetentionReport.parse({
  start: '2026-10-01T00:00:00.000Z',
  end: '2026-12-01T00:00:00.000Z',
  granularity: 'month',
  timeZone: 'UTC',
  reportingCurrency: 'USD',
  buckets: [
    bucket('2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z', {
      crr: f(0.88),
      churn: f(0.08),
      nps: f(20),
      movements: { new: 500, churned: 200 },
    }),
    // The domain page's example: 100 at the start, 15 new, 105 at the end → (105 - 15) / 100 = 90%.
    bucket('2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z', {
      crr: f(0.9, { CS: 100, CE: 105, CN: 15 }, '(CE - CN) / CS'),
      churn: f(0.1, { lost: 10, CS: 100 }, 'lost / CS'),
      nps: f(32),
      clv: f(1234.5),
      movements: { new: 300, expansion: 120, reactivation: 40, contraction: 60, churned: 150 },
    }),
  ],
});

describe('the headline cards', () => {
  const cards = headlineCards(report, Date.UTC(2026, 11, 15)); // mid-December: November is the latest complete month
  const card = (title: string) => cards.find((c) => c.title === title);

  it('show the latest month, its change against the month before, and whether that is good news', () => {
    expect(card('Retention rate')).toMatchObject({ value: '90.0%', change: '+2.0 pts vs Oct 2026', better: true });
    expect(card('Churn rate')).toMatchObject({ value: '10.0%', change: '+2.0 pts vs Oct 2026', better: false });
    expect(card('NPS')).toMatchObject({ value: '+32', change: '+12 vs Oct 2026', better: true });
    expect(card('Customer lifetime value')).toMatchObject({ value: 'USD 1,234.50', change: null });
  });

  it('say how each figure was computed, so it can be checked by hand', () => {
    expect(card('Retention rate')?.explanation).toBe('(CE - CN) / CS — CS 100 · CE 105 · CN 15');
  });

  it('leave out a month still running, which would read as everyone retained', () => {
    const early = headlineCards(report, Date.UTC(2026, 10, 20)); // 20 November: only October is complete
    expect(early.find((c) => c.title === 'Retention rate')).toMatchObject({
      bucket: 'Oct 2026',
      value: '88.0%',
      change: null,
    });
    expect(card('Retention rate')?.bucket).toBe('Nov 2026');
  });

  it('say "undefined" and why, never 0, when a figure has no value', () => {
    expect(card('Net revenue retention')).toMatchObject({
      value: 'undefined',
      change: null,
      undefinedBecause: 'nothing to count',
    });
  });
});

describe('the MRR movements chart', () => {
  it('puts new, expansion and reactivation above zero, contraction and churn below, and the net through them', () => {
    const series = mrrSeries(report);
    expect(series.buckets).toEqual(['Oct 2026', 'Nov 2026']);
    expect(series.movements.map((m) => [m.name, m.values[1]])).toEqual([
      ['New', 300],
      ['Expansion', 120],
      ['Reactivation', 40],
      ['Contraction', -60],
      ['Churned', -150],
    ]);
    expect(series.net).toEqual([300, 250]); // 500 - 200; 300 + 120 + 40 - 60 - 150
  });
});

describe('the cohort heatmap', () => {
  const cohorts = CohortReport.parse({
    unit: 'month',
    cohortEvent: 'Signed Up',
    returnEvent: 'Order Completed',
    timeZone: 'UTC',
    rows: [
      {
        cohort: '2026-10-01',
        size: 40,
        exact: [f(1, { returnedInPeriod0: 40, cohortSize: 40 }), f(0.25, { returnedInPeriod1: 10, cohortSize: 40 })],
        unbounded: [f(1), f(0.25)],
      },
      {
        cohort: '2026-11-01',
        size: 20,
        exact: [f(0.5, { returnedInPeriod0: 10, cohortSize: 20 })],
        unbounded: [f(0.5)],
      },
    ],
    meanExact: [f(50 / 60), f(0.25)],
    meanUnbounded: [f(50 / 60), f(0.25)],
  });

  it('has a cell per observed period of each cohort, in percent, with the customers behind it', () => {
    expect(cohortCells(cohorts, 'exact')).toEqual([
      { x: 0, y: 0, percent: 100, returned: 40, size: 40 },
      { x: 1, y: 0, percent: 25, returned: 10, size: 40 },
      { x: 0, y: 1, percent: 50, returned: 10, size: 20 },
    ]);
  });

  it('renders the cohorts with their sizes and the periods on the axes', () => {
    const svg = chartToSvg(cohortOption(cohorts, 'exact'), 640, 240);
    expect(svg).toContain('2026-10-01 (40)');
    expect(svg).toContain('month 1');
    expect(svg).toContain('>25%<');
  });
});

describe('the period picker', () => {
  // 2026-12-01 03:00 UTC is still Monday 30 November in New York.
  const now = Date.UTC(2026, 11, 1, 3);
  it('ends each period with the bucket that holds today in the account’s time zone', () => {
    expect(presetDates('last-12-months', now, 'UTC')).toEqual({
      start: '2026-01-01',
      end: '2027-01-01',
      granularity: 'month',
    });
    expect(presetDates('last-12-months', now, 'America/New_York')).toEqual({
      start: '2025-12-01',
      end: '2026-12-01',
      granularity: 'month',
    });
    expect(presetDates('last-30-days', now, 'America/New_York')).toEqual({
      start: '2026-11-01',
      end: '2026-12-01',
      granularity: 'day',
    });
    // Today (UTC) is Tuesday 1 Dec: its week began Monday 30 Nov; 11 weeks before is 14 Sep, 12 weeks in all.
    expect(presetDates('last-12-weeks', now, 'UTC')).toEqual({
      start: '2026-09-14',
      end: '2026-12-07',
      granularity: 'week',
    });
    expect(presetDates('last-8-quarters', now, 'UTC')).toEqual({
      start: '2025-01-01',
      end: '2027-01-01',
      granularity: 'quarter',
    });
    expect(presetDates('last-3-years', now, 'UTC')).toEqual({
      start: '2024-01-01',
      end: '2027-01-01',
      granularity: 'year',
    });
  });
});
