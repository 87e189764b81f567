import type { Queryable } from './database.ts';
import { Parameters } from './retention-sql.ts';
import { cohortTriangleRows, type CohortRows } from './retention-triangle.ts';

export type { CohortRows } from './retention-triangle.ts';

/**
 * Customers by the week or month (account time zone) of their first `cohortEvent` in [start, end), and
 * for each, the periods after it in which they sent `returnEvent` (at or after their first event, before `end`).
 * Events match by name, so "Page Viewed" counts page calls.
 */
export async function cohortRowsOf(
  db: Queryable,
  q: { unit: 'week' | 'month'; timeZone: string; cohortEvent: string; returnEvent: string; start: string; end: string },
): Promise<CohortRows[]> {
  const p = new Parameters();
  const unit = p.text(q.unit);
  const zone = p.text(q.timeZone);
  const end = `${p.add(q.end)}::timestamptz`;
  const local = (ts: string) => `date_trunc(${unit}, ${ts} at time zone ${zone})`;
  const offset =
    q.unit === 'month'
      ? '((extract(year from r) - extract(year from c)) * 12 + extract(month from r) - extract(month from c))::int'
      : '((r::date - c::date) / 7)';
  return cohortTriangleRows(db, p, {
    cohort: `firsts as (select user_id, min(timestamp) as first_at from events where user_id is not null and event = ${p.text(q.cohortEvent)} group by user_id),
    cohort as (select user_id, first_at, ${local('first_at')} as c from firsts where first_at >= ${p.add(q.start)}::timestamptz and first_at < ${end})`,
    returns: `returns as (select distinct user_id, c, ${offset} as n from (select k.user_id, k.c, ${local('e.timestamp')} as r from cohort k
      join events e on e.user_id = k.user_id and e.event = ${p.text(q.returnEvent)} and e.timestamp >= k.first_at and e.timestamp < ${end}) t)`,
  });
}

/** The interval one lifecycle bucket spans, in local calendar terms. */
const STEP = { day: '1 day', week: '7 days', month: '1 month', quarter: '3 months', year: '1 year' } as const;

/**
 * Per bucket (account time zone, calendar-aligned) that begins in [start, end): customers active in it
 * by lifecycle class (new, returning, resurrecting) and those gone dormant. Active means sending
 * `activityEvent` (or any track, page or screen call when it is not given).
 */
export async function lifecycleRowsOf(
  db: Queryable,
  q: { unit: keyof typeof STEP; timeZone: string; activityEvent: string | undefined; start: string; end: string },
): Promise<Array<{ bucket: string; kind: 'new' | 'returning' | 'resurrecting' | 'dormant'; count: number }>> {
  const p = new Parameters();
  const unit = p.text(q.unit);
  const zone = p.text(q.timeZone);
  const step = `${p.text(STEP[q.unit])}::interval`;
  const end = `${p.add(q.end)}::timestamptz`;
  const which =
    q.activityEvent === undefined ? "type in ('track', 'page', 'screen')" : `event = ${p.text(q.activityEvent)}`;
  const rows = await db.query<{ bucket: string; kind: 'new' | 'returning' | 'resurrecting' | 'dormant'; n: unknown }>(
    `with act as (select distinct user_id, date_trunc(${unit}, timestamp at time zone ${zone}) as b from events
       where user_id is not null and ${which} and timestamp < ${end}),
    ordered as (select user_id, b, lag(b) over w as prev_b, lead(b) over w as next_b from act window w as (partition by user_id order by b)),
    classes as (
      select b as bucket, case when prev_b is null then 'new' when prev_b + ${step} = b then 'returning' else 'resurrecting' end as kind from ordered
      union all
      select b + ${step}, 'dormant' from ordered where next_b is null or next_b > b + ${step})
    select to_char(bucket, 'YYYY-MM-DD"T"HH24:MI:SS') as bucket, kind, count(*) as n from classes
    where bucket >= date_trunc(${unit}, ${p.add(q.start)}::timestamptz at time zone ${zone}) and bucket < (${end} at time zone ${zone})
    group by bucket, kind order by bucket, kind`,
    p.values,
  );
  return rows.map((r) => ({ bucket: r.bucket, kind: r.kind, count: Number(r.n) }));
}

/** Customer-days (distinct customer and local date) and distinct active customers in [start, end). */
export async function activityOf(
  db: Queryable,
  q: { timeZone: string; activityEvent: string | undefined; start: string; end: string },
): Promise<{ activeDays: number; activeInPeriod: number }> {
  const p = new Parameters();
  const which =
    q.activityEvent === undefined ? "type in ('track', 'page', 'screen')" : `event = ${p.text(q.activityEvent)}`;
  const [row] = await db.query<{ days: unknown; customers: unknown }>(
    `select count(distinct (user_id, (timestamp at time zone ${p.text(q.timeZone)})::date)) as days, count(distinct user_id) as customers
     from events where user_id is not null and ${which} and timestamp >= ${p.add(q.start)}::timestamptz and timestamp < ${p.add(q.end)}::timestamptz`,
    p.values,
  );
  return { activeDays: Number(row?.days ?? 0), activeInPeriod: Number(row?.customers ?? 0) };
}
