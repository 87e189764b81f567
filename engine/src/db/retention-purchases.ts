import type { PurchaseCounts } from '../retention/purchases.ts';
import type { Bucket } from '../retention/period.ts';
import type { RetentionSettings } from '../retention/settings.ts';
import type { Queryable } from './database.ts';
import { ordersFrom, Parameters, periodsFrom } from './retention-sql.ts';

/**
 * Orders, buyers and revenue of each bucket. A refund without an amount of its own refunds the order
 * with its `order_id`; amounts without a currency are in the reporting currency.
 */
export async function purchaseCountsOf(
  db: Queryable,
  s: RetentionSettings,
  buckets: Bucket[],
): Promise<PurchaseCounts[]> {
  const p = new Parameters();
  const reporting = p.text(s.reportingCurrency);
  const base = `${periodsFrom(p, buckets)}, ${ordersFrom(p, s)}, ${ordersFrom(p, s, 'refund_events', s.order.refundEvent)},
    first_orders as (select distinct on (order_id) order_id, amount, currency from orders where order_id is not null order by order_id, ts, seq),
    refunds as (select r.ts, coalesce(r.amount, o.amount, 0) as amount, coalesce(r.currency, o.currency, ${reporting}) as currency
      from refund_events r left join first_orders o on o.order_id = r.order_id)`;
  const counts = await db.query<
    Record<
      'orders' | 'buyers' | 'repeat_buyers' | 'prior_buyers' | 'prior_returned' | 'ever_buyers' | 'ever_repeat',
      unknown
    >
  >(
    `with ${base},
      in_period as (select x.i, o.user_id, count(*) as n from periods x join orders o on o.ts >= x.s and o.ts < x.e group by x.i, o.user_id),
      ranked as (select user_id, ts, row_number() over (partition by user_id order by ts, seq) as k from orders),
      buyers as (select user_id, min(ts) filter (where k = 1) as first_ts, min(ts) filter (where k = 2) as second_ts from ranked where k <= 2 group by user_id)
    select x.i,
      (select coalesce(sum(n), 0) from in_period a where a.i = x.i) as orders,
      (select count(*) from in_period a where a.i = x.i) as buyers,
      (select count(*) from in_period a where a.i = x.i and a.n >= 2) as repeat_buyers,
      (select count(*) from buyers b where b.first_ts < x.s) as prior_buyers,
      (select count(*) from buyers b join in_period a on a.user_id = b.user_id where a.i = x.i and b.first_ts < x.s) as prior_returned,
      (select count(*) from buyers b where b.first_ts < x.e) as ever_buyers,
      (select count(*) from buyers b where b.second_ts < x.e) as ever_repeat
    from periods x order by x.i`,
    p.values,
  );
  const money = await db.query<RevenueRow>(
    `with ${base}
    , amounts as (select o.ts, coalesce(o.currency, ${reporting}) as currency, 1 as orders, coalesce(o.amount, 0) as gross, 0 as refunds from orders o
        union all
        select r.ts, r.currency, 0, 0, r.amount from refunds r)
    select x.i, m.currency, sum(m.orders) as orders, sum(m.gross) as gross, sum(m.refunds) as refunds
    from periods x join amounts m on m.ts >= x.s and m.ts < x.e
    group by x.i, m.currency order by x.i, m.currency`,
    p.values,
  );
  const revenue = revenueOfRows(money, buckets.length);
  return counts.map((r, index) => ({
    orders: Number(r.orders),
    buyers: Number(r.buyers),
    repeatBuyers: Number(r.repeat_buyers),
    priorBuyers: Number(r.prior_buyers),
    priorBuyersReturned: Number(r.prior_returned),
    everBuyers: Number(r.ever_buyers),
    everRepeatBuyers: Number(r.ever_repeat),
    revenue: revenue[index] ?? [],
  }));
}

/** Orders, gross and refunds of one currency in bucket `i` (counting from 1), as the revenue reads return them. */
export type RevenueRow = { i: number; currency: string; orders: unknown; gross: unknown; refunds: unknown };

/** Each of `bucketCount` buckets' revenue per currency, from the revenue rows of all of them. */
export function revenueOfRows(rows: RevenueRow[], bucketCount: number): Array<PurchaseCounts['revenue']> {
  return Array.from({ length: bucketCount }, (_, index) =>
    rows
      .filter((m) => Number(m.i) === index + 1)
      .map((m) => ({
        currency: m.currency,
        orders: Number(m.orders),
        gross: Number(m.gross),
        refunds: Number(m.refunds),
      })),
  );
}
