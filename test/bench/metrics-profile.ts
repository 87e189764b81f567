// Which of the dashboard's aggregates take the time: each SQL read the 12-month report and the triangle
// make, run one at a time (the report runs them concurrently), on warm rollups; "(raw)" is the raw-event
// query the report uses for other buckets, beside the rollup read it uses for whole months.
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
  const reads: Array<[string, () => Promise<unknown>]> = [
    ['fold (nothing new)', () => db.foldRetentionRollups(handle, s)],
    ['customer counts (raw)', () => db.customerCountsOf(handle, s, buckets)],
    ['customer counts (rollups)', () => db.customerCountsFromRollups(handle, s, months)],
    ['purchases (rollups)', () => db.purchaseCountsFromRollups(handle, s, months)],
    ['MRR movements (raw)', () => db.mrrCountsOf(handle, s, buckets)],
    ['MRR movements (rollups)', () => db.mrrCountsFromRollups(handle, s, months)],
    ['MRR at instants (raw)', () => db.mrrAtInstants(handle, s, instants)],
    ['MRR at month starts (rollups)', () => db.mrrAtMonthStartsFromRollups(handle, monthStarts)],
    ['NPS answers (raw)', () => db.npsAnswersOf(handle, s, buckets)],
    ['NPS answers (rollups)', () => db.npsAnswersFromRollups(handle, s, months)],
    ['churn reasons', () => db.reasonCountsOf(handle, s, buckets)],
    ['activation and sign-ups (raw)', () => db.activationCountsOf(handle, s, buckets)],
    ['activation and sign-ups (rollups)', () => db.activationCountsFromRollups(handle, s, months)],
    ['early cancellations', () => db.cancellationCountsOf(handle, s, buckets)],
    ['early renewals', () => db.renewalCountsOf(handle, s, buckets)],
    ['activity (rollups)', () => db.activityFromRollups(handle, months)],
    [
      'cohort triangle (rollups)',
      () =>
        db.cohortRowsFromRollups(handle, {
          timeZone: s.timeZone,
          cohortBy: 'sign-up',
          start: period.start,
          end: period.end,
          endMonth: months.at(-1)!.end,
        }),
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
