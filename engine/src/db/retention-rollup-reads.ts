import { DateTime } from 'luxon';
import type { PurchaseCounts } from '../retention/purchases.ts';
import type { RetentionSettings } from '../retention/settings.ts';
import type { Queryable } from './database.ts';
import { revenueOfRows, type RevenueRow } from './retention-purchases.ts';
import { cohortTriangleRows, type CohortRows } from './retention-triangle.ts';
import { Parameters } from './retention-sql.ts';

// The retention aggregates read from the folded rollups. They answer buckets made of whole local months
// (the first of a month to the first of a later one, 'YYYY-MM-DD'), exactly as the raw-event queries do.

/** A month bucket [start, end) as local dates. */
export interface MonthBucket {
  start: string;
  end: string;
}

/** The month buckets as a relation `periods(i, s, e)` of dates, i counting from 1. */
export const monthPeriods = (p: Parameters, buckets: MonthBucket[]) =>
  `periods as (select i::int as i, s, e from unnest(${p.add(buckets.map((b) => b.start))}::date[], ${p.add(buckets.map((b) => b.end))}::date[]) with ordinality as x(s, e, i))`;

/** Orders, buyers and revenue of each month bucket, from the rollups (the same answer as `purchaseCountsOf`). */
export async function purchaseCountsFromRollups(
  db: Queryable,
  s: RetentionSettings,
  buckets: MonthBucket[],
): Promise<PurchaseCounts[]> {
  const p = new Parameters();
  const zone = p.text(s.timeZone);
  const counts = await db.query<MonthPurchasesRow>(
    `with ${monthPeriods(p, buckets)},
    in_period as (select x.i, m.user_id, sum(m.orders) as n from periods x
      join retention_rollup_months m on m.month >= x.s and m.month < x.e and m.orders > 0 group by x.i, m.user_id),
    per_period as (select i, sum(n) as orders, count(*) as buyers, count(*) filter (where n >= 2) as repeat_buyers from in_period group by i),
    firsts as (select date_trunc('month', first_order_at at time zone ${zone})::date as m, count(*) as n
      from retention_rollup_customers where first_order_at is not null group by 1),
    seconds as (select date_trunc('month', second_order_at at time zone ${zone})::date as m, count(*) as n
      from retention_rollup_customers where second_order_at is not null group by 1)
    select x.i, coalesce(a.orders, 0) as orders, coalesce(a.buyers, 0) as buyers, coalesce(a.repeat_buyers, 0) as repeat_buyers,
      (select coalesce(sum(n), 0) from firsts f where f.m < x.s) as prior_buyers,
      (select coalesce(sum(n), 0) from firsts f where f.m >= x.s and f.m < x.e) as new_buyers,
      (select coalesce(sum(n), 0) from firsts f where f.m < x.e) as ever_buyers,
      (select coalesce(sum(n), 0) from seconds f where f.m < x.e) as ever_repeat
    from periods x left join per_period a on a.i = x.i order by x.i`,
    p.values,
  );
  const revenue = await revenueFromRollups(db, s, buckets);
  return counts.map((r, index) => monthPurchaseCounts(r, revenue[index] ?? []));
}

/** A month bucket's purchase columns, as the rollup and the summary reads both return them. */
export type MonthPurchasesRow = Record<
  'orders' | 'buyers' | 'repeat_buyers' | 'prior_buyers' | 'new_buyers' | 'ever_buyers' | 'ever_repeat',
  unknown
>;

/** A month bucket's purchase counts from its purchase columns and its revenue. */
export function monthPurchaseCounts(r: MonthPurchasesRow, revenue: PurchaseCounts['revenue']): PurchaseCounts {
  const buyers = Number(r.buyers);
  return {
    orders: Number(r.orders),
    buyers,
    repeatBuyers: Number(r.repeat_buyers),
    priorBuyers: Number(r.prior_buyers),
    // every customer whose first order falls in the bucket bought in it; the other buyers had bought before
    priorBuyersReturned: buyers - Number(r.new_buyers),
    everBuyers: Number(r.ever_buyers),
    everRepeatBuyers: Number(r.ever_repeat),
    revenue,
  };
}

/** Orders, gross and refunds per currency of each month bucket, from the money and refund rollups. */
export async function revenueFromRollups(
  db: Queryable,
  s: RetentionSettings,
  buckets: MonthBucket[],
): Promise<Array<PurchaseCounts['revenue']>> {
  const q = new Parameters();
  const reporting = q.text(s.reportingCurrency);
  const money = await db.query<RevenueRow>(
    `with ${monthPeriods(q, buckets)},
    amounts as (select month, coalesce(nullif(currency, ''), ${reporting}) as currency, orders, gross, 0 as refunds from retention_rollup_money
      union all
      select r.month, coalesce(r.currency, o.currency, ${reporting}), 0, 0, coalesce(r.amount, o.amount, 0)
      from retention_rollup_refunds r left join retention_rollup_order_ids o on o.order_id = r.order_id)
    select x.i, m.currency, sum(m.orders) as orders, sum(m.gross) as gross, sum(m.refunds) as refunds
    from periods x join amounts m on m.month >= x.s and m.month < x.e
    group by x.i, m.currency order by x.i, m.currency`,
    q.values,
  );
  return revenueOfRows(money, buckets.length);
}

/** Per month bucket: customer-days active (any track, page or screen call) and distinct active customers, in one query. */
export async function activityFromRollups(
  db: Queryable,
  buckets: MonthBucket[],
): Promise<Array<{ activeDays: number; activeInPeriod: number }>> {
  const p = new Parameters();
  const rows = await db.query<{ days: unknown; customers: unknown }>(
    `with ${monthPeriods(p, buckets)}
    select x.i, coalesce(sum(bit_count(m.active_days::bit(32))), 0) as days, count(distinct m.user_id) as customers
    from periods x left join retention_rollup_months m on m.month >= x.s and m.month < x.e
    group by x.i order by x.i`,
    p.values,
  );
  return rows.map((r) => ({ activeDays: Number(r.days), activeInPeriod: Number(r.customers) }));
}

/**
 * The monthly cohort rows (the same answer as `cohortRowsOf` by month) when the return event is the order
 * event and the cohorts are by sign-up or first order, from the rollups; [start, end) are local month starts.
 */
export async function cohortRowsFromRollups(
  db: Queryable,
  q: { timeZone: string; cohortBy: 'sign-up' | 'first-order'; start: string; end: string; endMonth: string },
): Promise<CohortRows[]> {
  const p = new Parameters();
  const first = q.cohortBy === 'sign-up' ? 'signed_up_at' : 'first_order_at';
  return cohortTriangleRows(db, p, {
    cohort: `cohort as (select user_id, ${first} as first_at, date_trunc('month', ${first} at time zone ${p.text(q.timeZone)})::date as c
      from retention_rollup_customers where ${first} >= ${p.add(q.start)}::timestamptz and ${first} < ${p.add(q.end)}::timestamptz)`,
    returns: `returns as (select k.user_id, k.c, ((extract(year from m.month) - extract(year from k.c)) * 12 + extract(month from m.month) - extract(month from k.c))::int as n
      from cohort k join retention_rollup_months m on m.user_id = k.user_id and m.orders > 0 and m.month >= k.c and m.month < ${p.add(q.endMonth)}::date
        and (m.month > k.c or m.last_order_at >= k.first_at))`,
  });
}

/** The buckets as whole local months, or undefined when one of them does not start and end on the first of a month. */
export function monthBucketsOf(
  buckets: Array<{ start: string; end: string }>,
  timeZone: string,
): MonthBucket[] | undefined {
  const months: MonthBucket[] = [];
  for (const b of buckets) {
    const start = monthStartOf(b.start, timeZone);
    const end = monthStartOf(b.end, timeZone);
    if (start === undefined || end === undefined) return undefined;
    months.push({ start, end });
  }
  return months;
}

/** The local date of `instant` when it is the first of a month at midnight in `timeZone`. */
export function monthStartOf(instant: string, timeZone: string): string | undefined {
  const local = DateTime.fromISO(instant, { zone: timeZone });
  return local.isValid && +local === +local.startOf('month') ? local.toFormat('yyyy-MM-dd') : undefined;
}
