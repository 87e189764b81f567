import type { CustomerCounts } from '../retention/customers.ts';
import type { Bucket } from '../retention/period.ts';
import type { RetentionSettings } from '../retention/settings.ts';
import type { Queryable } from './database.ts';
import { memberAt, membersFrom, Parameters, periodsFrom } from './retention-sql.ts';

/** Customers at the start and end of each bucket, and of those at the end, how many were acquired or won back in it. */
export async function customerCountsOf(
  db: Queryable,
  s: RetentionSettings,
  buckets: Bucket[],
): Promise<CustomerCounts[]> {
  const p = new Parameters();
  const sql = `with ${periodsFrom(p, buckets)}, ${membersFrom(p, s)},
    at_start as (select distinct x.i, m.user_id from periods x join members m on ${memberAt(p, s, 'm', 'x.s')}),
    at_end as (select distinct x.i, m.user_id from periods x join members m on ${memberAt(p, s, 'm', 'x.e')}),
    first_active as (select user_id, min(ts) as ts from members where active group by user_id),
    -- one row per period and customer there at its start, its end, or both; counted in one pass
    both_ends as (select coalesce(a.i, b.i) as i, coalesce(a.user_id, b.user_id) as user_id, a.user_id is not null as s0, b.user_id is not null as e1
      from at_start a full join at_end b on a.i = b.i and a.user_id = b.user_id)
    select x.i,
      count(q.user_id) filter (where q.s0) as at_start,
      count(q.user_id) filter (where q.e1) as at_end,
      count(q.user_id) filter (where q.e1 and not q.s0 and not coalesce(f.ts < x.s, false)) as acquired,
      count(q.user_id) filter (where q.e1 and not q.s0 and coalesce(f.ts < x.s, false)) as won_back
    from periods x left join both_ends q on q.i = x.i left join first_active f on f.user_id = q.user_id
    group by x.i order by x.i`;
  return customerCountsOfRows(await db.query<CustomerCountsRow>(sql, p.values));
}

/** A bucket's customer counts as every customer read returns them (raw events, rollups, summaries). */
export type CustomerCountsRow = Record<'at_start' | 'at_end' | 'acquired' | 'won_back', unknown>;

/** The customer counts of each bucket's row. */
export function customerCountsOfRows(rows: CustomerCountsRow[]): CustomerCounts[] {
  return rows.map((r) => ({
    atStart: Number(r.at_start),
    atEnd: Number(r.at_end),
    acquired: Number(r.acquired),
    wonBack: Number(r.won_back),
  }));
}
