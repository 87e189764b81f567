import type { ActivationCounts } from '../retention/activation.ts';
import type { NpsAnswers } from '../retention/feedback.ts';
import type { RetentionSettings } from '../retention/settings.ts';
import type { Queryable } from './database.ts';
import { activationCounts, npsAnswersOfRows } from './retention-feedback-counts.ts';
import type { MonthBucket } from './retention-rollup-reads.ts';
import { Parameters } from './retention-sql.ts';

// NPS per month and score, and each customer's sign-up month with their time to activate (migration 102),
// kept at fold time: the (customer, month) NPS rows a fold touches are subtracted and added back; the
// sign-up rows of the customers it touches are worked out again.

type Statement = { sql: string; values: unknown[] };

/** The (customer, month) NPS rows a fold touches, as `retention_fold_touched_nps`, and the customers whose sign-up or activation it may change, as `retention_fold_touched_signups`. */
export function touchedFeedbackStatements(s: RetentionSettings): Statement[] {
  const nps = new Parameters();
  const signups = new Parameters();
  return [
    {
      sql: `create temp table retention_fold_touched_nps on commit drop as select distinct user_id, date_trunc('month', local)::date as month
        from retention_fold_batch where user_id is not null and type = 'track' and event = ${nps.text(s.nps.event)}`,
      values: nps.values,
    },
    {
      sql: `create temp table retention_fold_touched_signups on commit drop as select distinct user_id from retention_fold_batch
        where user_id is not null and type = 'track' and event in (${signups.text(s.signUpEvent)}, ${signups.text(s.activationEvent)})`,
      values: signups.values,
    },
  ];
}

/** Adds (`sign` 1) or subtracts (-1) the touched NPS rows' scores to the month summary, from `retention_rollup_nps` as it stands. */
export function npsSummaryStatement(sign: 1 | -1): Statement {
  return {
    sql: `insert into retention_summary_nps as t (month, score, customers)
      select a.month, a.score::int, ${sign} * count(*) from retention_rollup_nps a
        join retention_fold_touched_nps k on k.user_id = a.user_id and k.month = a.month
      where a.score in (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10) group by a.month, a.score
      on conflict (month, score) do update set customers = t.customers + excluded.customers`,
    values: [],
  };
}

/** Works out again the sign-up rows of the touched customers, from the customer and activation rollups (after they are folded). */
export function signupSummaryStatements(s: RetentionSettings): Statement[] {
  const p = new Parameters();
  const zone = p.text(s.timeZone);
  return [
    {
      sql: 'delete from retention_summary_signups where user_id in (select user_id from retention_fold_touched_signups)',
      values: [],
    },
    {
      sql: `with signed as (select user_id, signed_up_at as at, date_trunc('month', signed_up_at at time zone ${zone})::date as month
          from retention_rollup_customers where signed_up_at is not null and user_id in (select user_id from retention_fold_touched_signups))
      insert into retention_summary_signups (user_id, month, seconds)
      select u.user_id, u.month, (select extract(epoch from min(a.ts) - u.at)::float8 from retention_rollup_activations a
        where a.user_id = u.user_id and a.ts >= u.at and a.ts < ((u.month + interval '1 month')::timestamp at time zone ${zone}))
      from signed u`,
      values: p.values,
    },
  ];
}

/** The month buckets as `periods(i, s, e)` of local dates. */
const periods = (p: Parameters, buckets: MonthBucket[]) =>
  `periods as (select i::int as i, s, e from unnest(${p.add(buckets.map((b) => b.start))}::date[], ${p.add(buckets.map((b) => b.end))}::date[]) with ordinality as x(s, e, i))`;

/** Per one-month bucket, customers by the NPS score of their last answer in it, from the summary (the same answer as `npsAnswersFromRollups`). */
export async function npsAnswersFromSummaries(db: Queryable, buckets: MonthBucket[]): Promise<NpsAnswers[]> {
  const p = new Parameters();
  const rows = await db.query<{ i: number; score: unknown; n: unknown }>(
    `with ${periods(p, buckets)}
    select x.i, t.score, t.customers as n from periods x join retention_summary_nps t on t.month = x.s where t.customers > 0`,
    p.values,
  );
  return npsAnswersOfRows(rows, buckets.length);
}

/** Per one-month bucket: first sign-ups in it, those who activated before its end, and how long it took, from the summary (the same answer as `activationCountsFromRollups`). */
export async function activationCountsFromSummaries(
  db: Queryable,
  buckets: MonthBucket[],
): Promise<ActivationCounts[]> {
  const p = new Parameters();
  const ctes = `${periods(p, buckets)},
    cohort as (select x.i, u.seconds from periods x join retention_summary_signups u on u.month = x.s),
    activated as (select i, seconds from cohort where seconds is not null)`;
  return activationCounts(db, p, ctes);
}
