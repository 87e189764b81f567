import type { BucketReport, Figure, RetentionReport } from '@boomerang/engine/metric-shapes';
import { changeText, explanation, valueText, type Unit } from './figures.ts';

/** One headline card: the figure of the latest bucket, its change against the bucket before, and how it was computed. */
export interface HeadlineCard {
  title: string;
  /** The bucket the figure is of: "Nov 2026". */
  bucket: string;
  value: string;
  /** "+1.2 pts vs Oct 2026"; null when there is no previous bucket or either figure is undefined. */
  change: string | null;
  /** Whether the change is good news (retention up, churn down); null when there is no change. */
  better: boolean | null;
  explanation: string;
  undefinedBecause: string | null;
}

const CARDS: Array<{ title: string; unit: Unit; pick: (b: BucketReport) => Figure; higherIsBetter: boolean }> = [
  { title: 'Retention rate', unit: 'rate', pick: (b) => b.customerRetentionRate, higherIsBetter: true },
  { title: 'Churn rate', unit: 'rate', pick: (b) => b.churnRate, higherIsBetter: false },
  {
    title: 'Net revenue retention',
    unit: 'rate',
    pick: (b) => b.recurringRevenue.netRevenueRetention,
    higherIsBetter: true,
  },
  { title: 'Early renewal rate', unit: 'rate', pick: (b) => b.earlyRenewalRate, higherIsBetter: true },
  { title: 'NPS', unit: 'score', pick: (b) => b.netPromoterScore, higherIsBetter: true },
  { title: 'Customer lifetime value', unit: 'money', pick: (b) => b.customerLifetimeValue, higherIsBetter: true },
];

/** A bucket's name in words: "Nov 2026", "2026-11-23" for days and weeks, "Q4 2026", "2026". */
export function bucketName(start: string, granularity: RetentionReport['granularity'], timeZone: string): string {
  const date = new Date(start);
  const part = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat('en-GB', { timeZone, ...options }).format(date);
  switch (granularity) {
    case 'year':
      return part({ year: 'numeric' });
    case 'quarter':
      return `Q${Math.floor((Number(part({ month: 'numeric' })) - 1) / 3) + 1} ${part({ year: 'numeric' })}`;
    case 'month':
      return part({ month: 'short', year: 'numeric' });
    default:
      return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
        date,
      );
  }
}

/**
 * The headline cards of a report: each figure of its latest complete bucket (one still running at
 * `nowMs`, such as this month, would read as 100% retained) against the bucket before it.
 */
export function headlineCards(report: RetentionReport, nowMs = Date.now()): HeadlineCard[] {
  const complete = report.buckets.filter((b) => Date.parse(b.end) <= nowMs);
  const shown = complete.length > 0 ? complete : report.buckets;
  const latest = shown.at(-1);
  const previous = shown.at(-2);
  if (!latest) return [];
  const previousName = previous ? bucketName(previous.start, report.granularity, report.timeZone) : '';
  return CARDS.map(({ title, unit, pick, higherIsBetter }) => {
    const now = pick(latest);
    const before = previous ? pick(previous) : undefined;
    const change = changeText(now, before, unit, report.reportingCurrency);
    const delta = now.value !== undefined && before?.value !== undefined ? now.value - before.value : null;
    return {
      title,
      bucket: bucketName(latest.start, report.granularity, report.timeZone),
      value: valueText(now, unit, report.reportingCurrency),
      change: change === null ? null : `${change} vs ${previousName}`,
      better: delta === null || delta === 0 ? null : delta > 0 === higherIsBetter,
      explanation: explanation(now),
      undefinedBecause: now.value === undefined ? (now.reason ?? 'it cannot be computed for this period') : null,
    };
  });
}
