import type { ActivationCounts } from '../retention/activation.ts';
import { TTV_BUCKETS } from '../retention/activation.ts';
import type { NpsAnswers } from '../retention/feedback.ts';
import type { RetentionSettings } from '../retention/settings.ts';
import type { Queryable } from './database.ts';
import type { MonthBucket } from './retention-rollup-reads.ts';
import { Parameters } from './retention-sql.ts';

/** The month buckets as `periods(i, s, e, s_at, e_at)`: local dates and the instants they start at. */
const monthPeriods = (p: Parameters, zone: string, buckets: MonthBucket[]) =>
  `periods as (select i::int as i, s, e, s::timestamp at time zone ${zone} as s_at, e::timestamp at time zone ${zone} as e_at
    from unnest(${p.add(buckets.map((b) => b.start))}::date[], ${p.add(buckets.map((b) => b.end))}::date[]) with ordinality as x(s, e, i))`;

/** Per month bucket, how many customers gave each NPS score 0-10 as their last answer in it (the same answer as `npsAnswersOf`). */
export async function npsAnswersFromRollups(
  db: Queryable,
  s: RetentionSettings,
  buckets: MonthBucket[],
): Promise<NpsAnswers[]> {
  const p = new Parameters();
  const rows = await db.query<{ i: number; score: unknown; n: unknown }>(
    `with ${monthPeriods(p, p.text(s.timeZone), buckets)},
    last as (select distinct on (x.i, a.user_id) x.i, a.score from periods x
      join retention_rollup_nps a on a.month >= x.s and a.month < x.e order by x.i, a.user_id, a.month desc)
    select i, score, count(*) as n from last where score in (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10) group by i, score`,
    p.values,
  );
  return buckets.map((_, index) => {
    const answers = Array.from({ length: 11 }, () => 0);
    for (const r of rows) if (Number(r.i) === index + 1) answers[Number(r.score)] = Number(r.n);
    return answers;
  });
}

/** Per month bucket: first sign-ups in it, those who activated after signing up and before its end, and how long it took (the same answer as `activationCountsOf`). */
export async function activationCountsFromRollups(
  db: Queryable,
  s: RetentionSettings,
  buckets: MonthBucket[],
): Promise<ActivationCounts[]> {
  const p = new Parameters();
  const limits = TTV_BUCKETS.map((b) => b.below).filter(Number.isFinite);
  const bucketOf = `case ${limits.map((limit, n) => `when seconds < ${limit} then ${n}`).join(' ')} else ${limits.length} end`;
  const rows = await db.query<{
    signed_up: unknown;
    activated: unknown;
    median: unknown;
    distribution: Array<[number, number | string]> | null;
  }>(
    `with ${monthPeriods(p, p.text(s.timeZone), buckets)},
    cohort as (select x.i, x.e_at as e, u.user_id, u.signed_up_at as at from periods x
      join retention_rollup_customers u on u.signed_up_at >= x.s_at and u.signed_up_at < x.e_at),
    activated as (select c.i, extract(epoch from min(a.ts) - c.at)::float8 as seconds from cohort c
      join retention_rollup_activations a on a.user_id = c.user_id and a.ts >= c.at and a.ts < c.e group by c.i, c.user_id, c.at),
    spread as (select i, ${bucketOf} as bucket, count(*) as n from activated group by i, bucket)
    select x.i,
      (select count(*) from cohort c where c.i = x.i) as signed_up,
      (select count(*) from activated a where a.i = x.i) as activated,
      (select percentile_cont(0.5) within group (order by seconds) from activated a where a.i = x.i) as median,
      (select jsonb_agg(jsonb_build_array(bucket, n)) from spread d where d.i = x.i) as distribution
    from periods x order by x.i`,
    p.values,
  );
  return rows.map((r) => {
    const distribution = TTV_BUCKETS.map(() => 0);
    for (const pair of r.distribution ?? []) distribution[Number(pair[0])] = Number(pair[1]);
    return {
      signedUp: Number(r.signed_up),
      activated: Number(r.activated),
      medianSeconds: r.median === null ? null : Number(r.median),
      distribution,
    };
  });
}
