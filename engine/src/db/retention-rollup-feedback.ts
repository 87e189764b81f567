import type { ActivationCounts } from '../retention/activation.ts';
import type { NpsAnswers } from '../retention/feedback.ts';
import type { RetentionSettings } from '../retention/settings.ts';
import type { Queryable } from './database.ts';
import { activationCounts, npsCounts } from './retention-feedback-counts.ts';
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
  const ctes = `${monthPeriods(p, p.text(s.timeZone), buckets)},
    last as (select distinct on (x.i, a.user_id) x.i, a.score from periods x
      join retention_rollup_nps a on a.month >= x.s and a.month < x.e order by x.i, a.user_id, a.month desc)`;
  return npsCounts(db, p, ctes, buckets.length);
}

/** Per month bucket: first sign-ups in it, those who activated after signing up and before its end, and how long it took (the same answer as `activationCountsOf`). */
export async function activationCountsFromRollups(
  db: Queryable,
  s: RetentionSettings,
  buckets: MonthBucket[],
): Promise<ActivationCounts[]> {
  const p = new Parameters();
  const ctes = `${monthPeriods(p, p.text(s.timeZone), buckets)},
    cohort as (select x.i, x.e_at as e, u.user_id, u.signed_up_at as at from periods x
      join retention_rollup_customers u on u.signed_up_at >= x.s_at and u.signed_up_at < x.e_at),
    activated as (select c.i, extract(epoch from min(a.ts) - c.at)::float8 as seconds from cohort c
      join retention_rollup_activations a on a.user_id = c.user_id and a.ts >= c.at and a.ts < c.e group by c.i, c.user_id, c.at)`;
  return activationCounts(db, p, ctes);
}
