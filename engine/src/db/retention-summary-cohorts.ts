import type { RetentionSettings } from '../retention/settings.ts';
import type { Queryable } from './database.ts';
import { cohortRowsOfRows, type CohortRows } from './retention-triangle.ts';
import { Parameters } from './retention-sql.ts';

// The monthly cohort triangle returning by ordering, summarised per cohort and month (migration 101): a
// fold subtracts the contribution of the customers it touches (orders or sign-ups in the batch) before it
// folds their events and adds it back after, so the triangle reads a few hundred rows, not every
// customer's months.

type Statement = { sql: string; values: unknown[] };

/** The customers whose cohort or returns a fold may change, as the temp table `retention_fold_touched_cohorts`. */
export function touchedCohortsStatement(s: RetentionSettings): Statement {
  const p = new Parameters();
  return {
    sql: `create temp table retention_fold_touched_cohorts on commit drop as select distinct user_id from retention_fold_batch
      where user_id is not null and type = 'track' and event in (${p.text(s.signUpEvent)}, ${p.text(s.order.event)})`,
    values: p.values,
  };
}

/** The touched customers' cohorts both ways, as `k(user_id, cohort_by, first_at, c)`. */
const cohortsOfTouched = (p: Parameters, s: RetentionSettings) =>
  `k as (select c.user_id, b.cohort_by, b.first_at, date_trunc('month', b.first_at at time zone ${p.text(s.timeZone)})::date as c
    from retention_rollup_customers c cross join lateral (values ('sign-up', c.signed_up_at), ('first-order', c.first_order_at)) as b(cohort_by, first_at)
    where c.user_id in (select user_id from retention_fold_touched_cohorts) and b.first_at is not null)`;

/** Adds (`sign` 1) or subtracts (-1) the touched customers' contributions to the cohort summaries, from the rollups as they stand. */
export function cohortSummaryStatements(s: RetentionSettings, sign: 1 | -1): Statement[] {
  const sizes = new Parameters();
  const returns = new Parameters();
  return [
    {
      sql: `with ${cohortsOfTouched(sizes, s)}
      insert into retention_summary_cohort_sizes as t (cohort_by, cohort, customers)
      select cohort_by, c, ${sign} * count(*) from k group by cohort_by, c
      on conflict (cohort_by, cohort) do update set customers = t.customers + excluded.customers`,
      values: sizes.values,
    },
    {
      // a return is an order month from the cohort's month on (in the cohort's month: an order at or after the first)
      sql: `with ${cohortsOfTouched(returns, s)},
      r as (select k.cohort_by, k.c, m.month, lead(m.month, 1, 'infinity'::date) over (partition by k.user_id, k.cohort_by order by m.month) as next_month
        from k join retention_rollup_months m on m.user_id = k.user_id and m.orders > 0 and m.month >= k.c
          and (m.month > k.c or m.last_order_at >= k.first_at))
      insert into retention_summary_cohorts as t (cohort_by, cohort, month, next_month, customers)
      select cohort_by, c, month, next_month, ${sign} * count(*) from r group by 1, 2, 3, 4
      on conflict (cohort_by, cohort, month, next_month) do update set customers = t.customers + excluded.customers`,
      values: returns.values,
    },
  ];
}

/**
 * The monthly cohort rows (the same answer as `cohortRowsFromRollups`) for cohorts starting in local
 * months [startMonth, endMonth), returns counted before endMonth, from the cohort summaries.
 */
export async function cohortRowsFromSummaries(
  db: Queryable,
  q: { cohortBy: 'sign-up' | 'first-order'; startMonth: string; endMonth: string },
): Promise<CohortRows[]> {
  const p = new Parameters();
  const [by, from, to] = [p.text(q.cohortBy), p.add(q.startMonth), p.add(q.endMonth)];
  const rows = await db.query<{ cohort: string; size: unknown; n: number | null; exact: unknown; last: unknown }>(
    `with sizes as (select cohort, customers as size from retention_summary_cohort_sizes
        where cohort_by = ${by} and cohort >= ${from}::date and cohort < ${to}::date and customers > 0),
      returns as (select cohort, ((extract(year from month) - extract(year from cohort)) * 12 + extract(month from month) - extract(month from cohort))::int as n,
          sum(customers) as exact, nullif(coalesce(sum(customers) filter (where next_month >= ${to}::date), 0), 0) as last
        from retention_summary_cohorts where cohort_by = ${by} and cohort >= ${from}::date and cohort < ${to}::date and month < ${to}::date
        group by cohort, month having sum(customers) > 0)
    select to_char(s.cohort, 'YYYY-MM-DD') as cohort, s.size, r.n, r.exact, r.last from sizes s
      left join returns r on r.cohort = s.cohort order by s.cohort, r.n`,
    p.values,
  );
  return cohortRowsOfRows(rows);
}
