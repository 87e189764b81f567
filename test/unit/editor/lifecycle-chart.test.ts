import { describe, expect, it } from 'vitest';
import { BucketReport, LifecycleReport, RetentionReport, type Figure } from '../../../engine/src/api/metric-shapes.ts';
import { lifecycleColumns, lifecycleOption } from '../../../editor/src/dashboard/lifecycle-option.ts';

// The lifecycle chart joins two answers of the same period: lifecycle buckets, named by their local
// wall-clock start, and report buckets, named by their UTC instant. In Paris, March 2026 starts at
// 2026-02-28T23:00Z and April at 2026-03-31T22:00Z (summer time from 29 March).
const none: Figure = { inputs: {}, formula: 'x', reason: 'nothing to count' };
const figures = (stickiness: Figure) =>
  Object.fromEntries(
    Object.entries(BucketReport.shape).map(([key]) => [key, key === 'stickiness' ? stickiness : none]),
  );
function bucket(start: string, end: string, stickiness: Figure): BucketReport {
  return BucketReport.parse({
    ...figures(stickiness),
    start,
    end,
    money: { currency: 'EUR', netRevenue: none, averageOrderValue: none },
    otherCurrencies: [],
    recurringRevenue: {
      currency: 'EUR',
      mrrAtStart: none,
      mrrAtEnd: none,
      movements: { new: none, expansion: none, contraction: none, churned: none, reactivation: none, net: none },
      mrrChurnRate: none,
      grossRevenueRetention: none,
      netRevenueRetention: none,
      existingRevenueGrowth: none,
    },
    otherRecurringRevenue: [],
    npsDistribution: new Array(11).fill(0),
    churnReasons: [],
    timeToValue: { median: none, distribution: [] },
  });
}
const report = RetentionReport.parse({
  start: '2026-02-28T23:00:00.000Z',
  end: '2026-04-30T22:00:00.000Z',
  granularity: 'month',
  timeZone: 'Europe/Paris',
  reportingCurrency: 'EUR',
  buckets: [
    bucket('2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z', { value: 0.25, inputs: {}, formula: 'x' }),
    bucket('2026-03-31T22:00:00.000Z', '2026-04-30T22:00:00.000Z', none),
  ],
});
const lifecycle = LifecycleReport.parse({
  granularity: 'month',
  timeZone: 'Europe/Paris',
  buckets: [
    { bucket: '2026-03-01T00:00:00', new: 5, returning: 3, resurrecting: 1, dormant: 2, quickRatio: none },
    { bucket: '2026-04-01T00:00:00', new: 0, returning: 0, resurrecting: 0, dormant: 9, quickRatio: none },
  ],
});

describe('the lifecycle chart', () => {
  it("puts each report bucket's stickiness with the lifecycle bucket of the same local month", () => {
    expect(lifecycleColumns(lifecycle, report)).toEqual([
      { bucket: 'Mar 2026', new: 5, returning: 3, resurrecting: 1, dormant: 2, stickiness: 0.25 },
      { bucket: 'Apr 2026', new: 0, returning: 0, resurrecting: 0, dormant: 9, stickiness: null },
    ]);
  });

  it('stacks new, returning and resurrecting above zero and dormant below it', () => {
    const series = lifecycleOption(lifecycle, report).series;
    if (!Array.isArray(series)) throw new Error('no series');
    expect(series.map((s: { name: string; data: unknown }) => [s.name, s.data])).toEqual([
      ['New', [5, 0]],
      ['Returning', [3, 0]],
      ['Resurrecting', [1, 0]],
      ['Dormant', [-2, -9]],
      ['Stickiness', [0.25, null]],
    ]);
  });
});
