import type { CustomerCounts } from '../retention/customers.ts';
import type { MrrCounts } from '../retention/recurring-revenue.ts';
import type { RetentionSettings } from '../retention/settings.ts';
import type { Queryable } from './database.ts';
import { customerCountsOfRows, type CustomerCountsRow } from './retention-customers.ts';
import { monthPeriods, type MonthBucket } from './retention-rollup-reads.ts';
import { mrrMovements } from './retention-mrr-movements.ts';
import { Parameters } from './retention-sql.ts';

// Customers and MRR from the subscription rollup: a customer's state at a local month start is the last
// subscription event of their latest earlier month, so each row holds from its month until the next one's.

/** The month buckets as `periods(i, s, e)` of local dates, and each customer's month rows as `spans` with the month the next one starts. */
const periodsAndSpans = (p: Parameters, buckets: MonthBucket[]) =>
  `${monthPeriods(p, buckets)},
    spans as (select user_id, month, active, mrr, currency, lead(month) over (partition by user_id order by month) as next_month
      from retention_rollup_subscriptions)`;

/** The span rows holding at local month start `bound`, as `name(i, user_id, mrr, currency)` (active subscriptions only). */
const heldAt = (name: string, bound: string) =>
  `${name} as (select x.i, r.user_id, r.mrr, r.currency from periods x join spans r
    on r.active and r.month < ${bound} and (r.next_month is null or r.next_month >= ${bound}))`;

/** Customers at the start and end of each month bucket, acquired and won back (the same answer as `customerCountsOf` when churn is a cancelled subscription). */
export async function customerCountsFromRollups(
  db: Queryable,
  s: RetentionSettings,
  buckets: MonthBucket[],
): Promise<CustomerCounts[]> {
  const p = new Parameters();
  const zone = p.text(s.timeZone);
  const rows = await db.query<CustomerCountsRow>(
    `with ${periodsAndSpans(p, buckets)}, ${heldAt('at_start', 'x.s')}, ${heldAt('at_end', 'x.e')},
    first_active as (select user_id, min(first_active_at) as ts from retention_rollup_subscribers group by user_id),
    both_ends as (select coalesce(a.i, b.i) as i, coalesce(a.user_id, b.user_id) as user_id, a.user_id is not null as s0, b.user_id is not null as e1
      from at_start a full join at_end b on a.i = b.i and a.user_id = b.user_id),
    marked as (select q.*, coalesce(f.ts < (x.s::timestamp at time zone ${zone}), false) as before from both_ends q
      join periods x on x.i = q.i left join first_active f on f.user_id = q.user_id)
    select x.i, count(q.user_id) filter (where q.s0) as at_start, count(q.user_id) filter (where q.e1) as at_end,
      count(q.user_id) filter (where q.e1 and not q.s0 and not q.before) as acquired,
      count(q.user_id) filter (where q.e1 and not q.s0 and q.before) as won_back
    from periods x left join marked q on q.i = x.i group by x.i order by x.i`,
    p.values,
  );
  return customerCountsOfRows(rows);
}

/** MRR at the start and end of each month bucket and its movements per currency (the same answer as `mrrCountsOf` for MRR on subscription events). */
export async function mrrCountsFromRollups(
  db: Queryable,
  s: RetentionSettings,
  buckets: MonthBucket[],
): Promise<MrrCounts[][]> {
  const p = new Parameters();
  const ctes = `${periodsAndSpans(p, buckets)}, ${heldAt('s0', 'x.s')}, ${heldAt('e0', 'x.e')},
    first_paid as (select user_id, currency, first_paid_at as ts from retention_rollup_subscribers)`;
  return mrrMovements(db, p, { ctes, startAt: `(x.s::timestamp at time zone ${p.text(s.timeZone)})` }, buckets.length);
}

/** Total MRR per currency holding at each local month start ('YYYY-MM-DD'; the same answer as `mrrAtInstants` at those instants). */
export async function mrrAtMonthStartsFromRollups(
  db: Queryable,
  monthStarts: string[],
): Promise<Array<Map<string, number>>> {
  const p = new Parameters();
  const rows = await db.query<{ i: number; currency: string; mrr: unknown }>(
    `with ${periodsAndSpans(
      p,
      monthStarts.map((at) => ({ start: at, end: at })),
    )}, ${heldAt('held', 'x.s')}
    select i, currency, sum(mrr) as mrr from held group by i, currency`,
    p.values,
  );
  return monthStarts.map(
    (_, index) => new Map(rows.filter((r) => Number(r.i) === index + 1).map((r) => [r.currency, Number(r.mrr)])),
  );
}
