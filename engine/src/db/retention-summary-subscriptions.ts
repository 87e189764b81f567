import type { CustomerCounts } from '../retention/customers.ts';
import type { MrrCounts } from '../retention/recurring-revenue.ts';
import type { RetentionSettings } from '../retention/settings.ts';
import type { Queryable } from './database.ts';
import { customerCountsOfRows, type CustomerCountsRow } from './retention-customers.ts';
import { monthPeriods, type MonthBucket } from './retention-rollup-reads.ts';
import { mrrCountsOfRows } from './retention-mrr-movements.ts';
import { Parameters } from './retention-sql.ts';

// Per-month summaries of the subscription rollup (migration 99), so a month-bucket report reads one row per
// month instead of every customer's months. A customer's contribution to month M depends only on their
// rows: the state at M's start is their row of the latest earlier month, the state at its end their row of
// M, so only months with a row contribute. A fold subtracts the contribution of the customers it touches
// (`retention_fold_touched`) before it folds their events and adds it back after; stocks (customers and MRR
// at a month start) are the sums of the changes of the months before it.

/** The customers a fold touches, as the temp table `retention_fold_touched`: those with subscription events in the batch. */
export const touchedStatement = {
  sql: `create temp table retention_fold_touched on commit drop as
    select distinct user_id from retention_fold_batch where user_id is not null and sub_active is not null`,
  values: [],
};

/** Each touched customer's month rows with the state before them, as `rows`, and their first subscription, as `first_active`. */
const touchedRows = (p: Parameters, s: RetentionSettings) =>
  `rows as (select user_id, month, active, mrr, currency, month::timestamp at time zone ${p.text(s.timeZone)} as month_at,
      coalesce(lag(active) over w, false) as was_active, lag(mrr) over w as was_mrr, lag(currency) over w as was_currency
    from retention_rollup_subscriptions where user_id in (select user_id from retention_fold_touched)
    window w as (partition by user_id order by month))`;

/**
 * The statements that add (`sign` 1) or subtract (-1) the touched customers' contributions to the
 * month summaries, from the subscription rollups as they stand.
 */
export function subscriptionSummaryStatements(
  s: RetentionSettings,
  sign: 1 | -1,
): Array<{ sql: string; values: unknown[] }> {
  const customers = new Parameters();
  const mrr = new Parameters();
  return [
    {
      sql: `with ${touchedRows(customers, s)},
      first_active as (select user_id, min(first_active_at) as ts from retention_rollup_subscribers
        where user_id in (select user_id from retention_fold_touched) group by user_id)
      insert into retention_summary_customers as c (month, changed, acquired, won_back)
      select r.month, ${sign} * sum(r.active::int - r.was_active::int),
        ${sign} * count(*) filter (where r.active and not r.was_active and not coalesce(f.ts < r.month_at, false)),
        ${sign} * count(*) filter (where r.active and not r.was_active and coalesce(f.ts < r.month_at, false))
      from rows r left join first_active f on f.user_id = r.user_id group by r.month
      on conflict (month) do update set changed = c.changed + excluded.changed,
        acquired = c.acquired + excluded.acquired, won_back = c.won_back + excluded.won_back`,
      values: customers.values,
    },
    {
      // a customer's MRR at M's start (in the currency of that row) against their MRR at its end, per currency
      sql: `with ${touchedRows(mrr, s)},
      sides as (select user_id, month, month_at, was_currency as currency, was_mrr as m0, 0::numeric as m1, 1 as s0, 0 as e1 from rows where was_active
        union all select user_id, month, month_at, currency, 0, mrr, 0, 1 from rows where active),
      pairs as (select user_id, month, min(month_at) as month_at, currency, sum(m0) as m0, sum(m1) as m1, max(s0) as s0, max(e1) as e1
        from sides group by user_id, month, currency),
      classified as (select q.*, coalesce(f.first_paid_at < q.month_at, false) as had_mrr from pairs q
        left join retention_rollup_subscribers f on f.user_id = q.user_id and f.currency = q.currency)
      insert into retention_summary_mrr as t (month, currency, changed, subscribers, new, reactivation, expansion, contraction, churned)
      select month, currency, ${sign} * sum(m1 - m0), ${sign} * sum(e1 - s0),
        ${sign} * sum(case when m0 = 0 and m1 > 0 and not had_mrr then m1 else 0 end),
        ${sign} * sum(case when m0 = 0 and m1 > 0 and had_mrr then m1 else 0 end),
        ${sign} * sum(case when m0 > 0 and m1 > m0 then m1 - m0 else 0 end),
        ${sign} * sum(case when m0 > 0 and m1 > 0 and m1 < m0 then m0 - m1 else 0 end),
        ${sign} * sum(case when m0 > 0 and m1 = 0 then m0 else 0 end)
      from classified group by month, currency
      on conflict (month, currency) do update set changed = t.changed + excluded.changed, subscribers = t.subscribers + excluded.subscribers,
        new = t.new + excluded.new, reactivation = t.reactivation + excluded.reactivation, expansion = t.expansion + excluded.expansion,
        contraction = t.contraction + excluded.contraction, churned = t.churned + excluded.churned`,
      values: mrr.values,
    },
  ];
}

/** Whether every bucket is exactly one local month (the summaries' flows are per month; a quarter's are not their sum). */
export function singleMonths(buckets: MonthBucket[]): boolean {
  return buckets.every((b) => {
    const [y, m] = b.start.split('-').map(Number);
    if (y === undefined || m === undefined) return false;
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    return b.end === next;
  });
}

/** Customers at the start and end of each one-month bucket, acquired and won back, from the month summaries (the same answer as `customerCountsFromRollups`). */
export async function customerCountsFromSummaries(db: Queryable, buckets: MonthBucket[]): Promise<CustomerCounts[]> {
  const p = new Parameters();
  const rows = await db.query<CustomerCountsRow>(
    `with ${monthPeriods(p, buckets)}
    select x.i, coalesce(sum(c.changed) filter (where c.month < x.s), 0) as at_start, coalesce(sum(c.changed), 0) as at_end,
      coalesce(sum(c.acquired) filter (where c.month >= x.s), 0) as acquired, coalesce(sum(c.won_back) filter (where c.month >= x.s), 0) as won_back
    from periods x left join retention_summary_customers c on c.month < x.e group by x.i order by x.i`,
    p.values,
  );
  return customerCountsOfRows(rows);
}

/** MRR at the start and end of each one-month bucket and its movements per currency, from the month summaries (the same answer as `mrrCountsFromRollups`). */
export async function mrrCountsFromSummaries(db: Queryable, buckets: MonthBucket[]): Promise<MrrCounts[][]> {
  const p = new Parameters();
  const rows = await db.query<
    { i: number; currency: string } & Record<
      'at_start' | 'at_end' | 'new' | 'reactivation' | 'expansion' | 'contraction' | 'churned' | 'existing_at_end',
      unknown
    >
  >(
    `with ${monthPeriods(p, buckets)},
    sums as (select x.i, t.currency,
        coalesce(sum(t.changed) filter (where t.month < x.s), 0) as at_start, sum(t.changed) as at_end,
        coalesce(sum(t.subscribers) filter (where t.month < x.s), 0) as subscribers_start, sum(t.subscribers) as subscribers_end,
        coalesce(sum(t.new) filter (where t.month >= x.s), 0) as new, coalesce(sum(t.reactivation) filter (where t.month >= x.s), 0) as reactivation,
        coalesce(sum(t.expansion) filter (where t.month >= x.s), 0) as expansion, coalesce(sum(t.contraction) filter (where t.month >= x.s), 0) as contraction,
        coalesce(sum(t.churned) filter (where t.month >= x.s), 0) as churned
      from periods x join retention_summary_mrr t on t.month < x.e group by x.i, t.currency)
    -- the MRR at the end of those who paid at the start: all of it but what came from nothing
    select *, at_end - new - reactivation as existing_at_end from sums where subscribers_start > 0 or subscribers_end > 0 order by i, currency`,
    p.values,
  );
  return buckets.map((_, index) => mrrCountsOfRows(rows.filter((r) => Number(r.i) === index + 1)));
}

/** Total MRR per currency holding at each local month start ('YYYY-MM-DD'), from the month summaries (the same answer as `mrrAtMonthStartsFromRollups`). */
export async function mrrAtMonthStartsFromSummaries(
  db: Queryable,
  monthStarts: string[],
): Promise<Array<Map<string, number>>> {
  const p = new Parameters();
  const rows = await db.query<{ i: number; currency: string; mrr: unknown }>(
    `with x as (select i::int as i, at from unnest(${p.add(monthStarts)}::date[]) with ordinality as x(at, i))
    select x.i, t.currency, sum(t.changed) as mrr from x join retention_summary_mrr t on t.month < x.at
    group by x.i, t.currency having sum(t.subscribers) > 0`,
    p.values,
  );
  return monthStarts.map(
    (_, index) => new Map(rows.filter((r) => Number(r.i) === index + 1).map((r) => [r.currency, Number(r.mrr)])),
  );
}
