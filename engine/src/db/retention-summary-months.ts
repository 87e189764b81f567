import type { PurchaseCounts } from '../retention/purchases.ts';
import type { RetentionSettings } from '../retention/settings.ts';
import type { Queryable } from './database.ts';
import {
  monthPeriods,
  monthPurchaseCounts,
  revenueFromRollups,
  type MonthBucket,
  type MonthPurchasesRow,
} from './retention-rollup-reads.ts';
import { Parameters } from './retention-sql.ts';

// The per-month summary of the month and customer rollups (migration 100): buyers, repeat buyers, orders,
// active customers and days, first and second orders per local month. A fold subtracts the contribution of
// the (customer, month) rows and the customers it touches before folding their events, and adds it back
// after, so a month-bucket report reads one row per month instead of every customer's months.

type Statement = { sql: string; values: unknown[] };

/** The (customer, month) rows and the buyers a fold touches, as temp tables `retention_fold_touched_months` and `retention_fold_touched_buyers`. */
export function touchedMonthsStatements(s: RetentionSettings): Statement[] {
  const p = new Parameters();
  return [
    {
      sql: `create temp table retention_fold_touched_months on commit drop as
        select distinct user_id, date_trunc('month', local)::date as month from retention_fold_batch
        where user_id is not null and type in ('track', 'page', 'screen')`,
      values: [],
    },
    {
      sql: `create temp table retention_fold_touched_buyers on commit drop as
        select distinct user_id from retention_fold_batch where user_id is not null and type = 'track' and event = ${p.text(s.order.event)}`,
      values: p.values,
    },
  ];
}

/** Adds (`sign` 1) or subtracts (-1) the touched (customer, month) rows' contribution to the month summary, from `retention_rollup_months` as it stands. */
export function monthSummaryStatement(sign: 1 | -1): Statement {
  return {
    sql: `insert into retention_summary_months as t (month, orders, buyers, repeat_buyers, active_customers, active_days)
      select m.month, ${sign} * sum(m.orders), ${sign} * count(*) filter (where m.orders > 0), ${sign} * count(*) filter (where m.orders >= 2),
        ${sign} * count(*) filter (where m.active_days <> 0), ${sign} * sum(bit_count(m.active_days::bit(32)))
      from retention_rollup_months m join retention_fold_touched_months k on k.user_id = m.user_id and k.month = m.month
      group by m.month
      on conflict (month) do update set orders = t.orders + excluded.orders, buyers = t.buyers + excluded.buyers,
        repeat_buyers = t.repeat_buyers + excluded.repeat_buyers, active_customers = t.active_customers + excluded.active_customers,
        active_days = t.active_days + excluded.active_days`,
    values: [],
  };
}

/** Adds (`sign` 1) or subtracts (-1) the touched buyers' first and second orders to the month summary, from `retention_rollup_customers` as it stands. */
export function firstOrdersSummaryStatement(s: RetentionSettings, sign: 1 | -1): Statement {
  const p = new Parameters();
  const zone = p.text(s.timeZone);
  return {
    sql: `with touched as (select c.first_order_at, c.second_order_at from retention_rollup_customers c
        where c.user_id in (select user_id from retention_fold_touched_buyers)),
      marks as (select date_trunc('month', first_order_at at time zone ${zone})::date as month, 1 as first, 0 as second from touched where first_order_at is not null
        union all select date_trunc('month', second_order_at at time zone ${zone})::date, 0, 1 from touched where second_order_at is not null)
      insert into retention_summary_months as t (month, first_orders, second_orders)
      select month, ${sign} * sum(first), ${sign} * sum(second) from marks group by month
      on conflict (month) do update set first_orders = t.first_orders + excluded.first_orders, second_orders = t.second_orders + excluded.second_orders`,
    values: p.values,
  };
}

type MonthSummaryRow = MonthPurchasesRow & Record<'active_customers' | 'active_days', unknown>;

/** Per one-month bucket: the summary's purchase columns (orders, buyers, first orders before, in and up to it) and its active customers and days. */
async function monthSummariesOf(db: Queryable, buckets: MonthBucket[]): Promise<MonthSummaryRow[]> {
  const p = new Parameters();
  return db.query<MonthSummaryRow>(
    `with ${monthPeriods(p, buckets)}
    select x.i, coalesce(sum(t.orders) filter (where t.month >= x.s), 0) as orders, coalesce(sum(t.buyers) filter (where t.month >= x.s), 0) as buyers,
      coalesce(sum(t.repeat_buyers) filter (where t.month >= x.s), 0) as repeat_buyers,
      coalesce(sum(t.first_orders) filter (where t.month < x.s), 0) as prior_buyers, coalesce(sum(t.first_orders) filter (where t.month >= x.s), 0) as new_buyers,
      coalesce(sum(t.first_orders), 0) as ever_buyers, coalesce(sum(t.second_orders), 0) as ever_repeat,
      coalesce(sum(t.active_customers) filter (where t.month >= x.s), 0) as active_customers, coalesce(sum(t.active_days) filter (where t.month >= x.s), 0) as active_days
    from periods x left join retention_summary_months t on t.month < x.e group by x.i order by x.i`,
    p.values,
  );
}

/** Per one-month bucket: customer-days active and customers active, from the month summary (the same answer as `activityFromRollups`). */
export async function activityFromSummaries(
  db: Queryable,
  buckets: MonthBucket[],
): Promise<Array<{ activeDays: number; activeInPeriod: number }>> {
  return (await monthSummariesOf(db, buckets)).map((m) => ({
    activeDays: Number(m.active_days),
    activeInPeriod: Number(m.active_customers),
  }));
}

/** Orders, buyers and revenue of each one-month bucket, from the month summary and the money rollups (the same answer as `purchaseCountsFromRollups`). */
export async function purchaseCountsFromSummaries(
  db: Queryable,
  s: RetentionSettings,
  buckets: MonthBucket[],
): Promise<PurchaseCounts[]> {
  const [months, revenue] = await Promise.all([monthSummariesOf(db, buckets), revenueFromRollups(db, s, buckets)]);
  return months.map((m, i) => monthPurchaseCounts(m, revenue[i] ?? []));
}
