// Which of the dashboard's aggregates take the time: each SQL read the 12-month report and the triangle
// make, run one at a time (the report runs them concurrently), on warm rollups; "(summaries)" is the
// per-month summary read one-month buckets use, beside the per-customer rollup read that quarters and
// years still use; "(raw)" reads events.
import * as db from '../../engine/src/db/index.ts';
import { bucketsOf, yearBefore, type RetentionSettings } from '../../engine/src/retention/index.ts';
import { fmt } from './stats.ts';

/** Times each aggregate of the 12-month report over [start, end) once and prints them, slowest first. */
export async function profileDashboard(
  handle: db.Database,
  s: RetentionSettings,
  period: { start: string; end: string },
  label: string,
): Promise<void> {
  const buckets = bucketsOf({ ...period, granularity: 'month' }, s.timeZone);
  const months = db.monthBucketsOf(buckets, s.timeZone);
  if (!months) throw new Error('the profile expects whole local months');
  const instants = [...buckets.map((b) => yearBefore(b.end, s.timeZone)), ...buckets.map((b) => b.end)];
  const monthStarts = instants.map((at) => db.monthStartOf(at, s.timeZone) ?? at.slice(0, 10));
  await db.foldRetentionRollups(handle, s);
  const triangle = { timeZone: s.timeZone, cohortBy: 'sign-up' as const, start: period.start, end: period.end };
  const endMonth = months.at(-1)!.end;
  const reads: Array<[string, () => Promise<unknown>]> = [
    ['fold (nothing new)', () => db.foldRetentionRollups(handle, s)],
    ['customer counts (rollups)', () => db.customerCountsFromRollups(handle, s, months)],
    ['customer counts (summaries)', () => db.customerCountsFromSummaries(handle, months)],
    ['purchases (rollups)', () => db.purchaseCountsFromRollups(handle, s, months)],
    ['purchases (summaries)', () => db.purchaseCountsFromSummaries(handle, s, months)],
    ['MRR movements (rollups)', () => db.mrrCountsFromRollups(handle, s, months)],
    ['MRR movements (summaries)', () => db.mrrCountsFromSummaries(handle, months)],
    ['MRR at month starts (rollups)', () => db.mrrAtMonthStartsFromRollups(handle, monthStarts)],
    ['MRR at month starts (summaries)', () => db.mrrAtMonthStartsFromSummaries(handle, monthStarts)],
    ['NPS answers (rollups)', () => db.npsAnswersFromRollups(handle, s, months)],
    ['NPS answers (summaries)', () => db.npsAnswersFromSummaries(handle, months)],
    ['activation and sign-ups (rollups)', () => db.activationCountsFromRollups(handle, s, months)],
    ['activation and sign-ups (summaries)', () => db.activationCountsFromSummaries(handle, months)],
    ['activity (rollups)', () => db.activityFromRollups(handle, months)],
    ['activity (summaries)', () => db.activityFromSummaries(handle, months)],
    ['churn reasons (raw)', () => db.reasonCountsOf(handle, s, buckets)],
    ['early cancellations (raw)', () => db.cancellationCountsOf(handle, s, buckets)],
    ['early renewals (raw)', () => db.renewalCountsOf(handle, s, buckets)],
    ['cohort triangle (rollups)', () => db.cohortRowsFromRollups(handle, { ...triangle, endMonth })],
    [
      'cohort triangle (summaries)',
      () => db.cohortRowsFromSummaries(handle, { cohortBy: 'sign-up', startMonth: months[0]!.start, endMonth }),
    ],
  ];
  const timed: Array<[string, number]> = [];
  for (const [name, read] of reads) {
    const t0 = performance.now();
    await read();
    timed.push([name, performance.now() - t0]);
  }
  timed.sort((a, b) => b[1] - a[1]);
  console.log(`  ${label}: each aggregate alone (warm): ${timed.map(([n, ms]) => `${n} ${fmt(ms, 0)} ms`).join('; ')}`);
}
