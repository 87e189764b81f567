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
    arrived as (select x.i, a.user_id, coalesce(f.ts < x.s, false) as before
      from periods x join at_end a on a.i = x.i left join first_active f on f.user_id = a.user_id
      where not exists (select 1 from at_start b where b.i = x.i and b.user_id = a.user_id))
    select x.i,
      (select count(*) from at_start a where a.i = x.i) as at_start,
      (select count(*) from at_end a where a.i = x.i) as at_end,
      (select count(*) from arrived a where a.i = x.i and not a.before) as acquired,
      (select count(*) from arrived a where a.i = x.i and a.before) as won_back
    from periods x order by x.i`;
  const rows = await db.query<{ at_start: unknown; at_end: unknown; acquired: unknown; won_back: unknown }>(
    sql,
    p.values,
  );
  return rows.map((r) => ({
    atStart: Number(r.at_start),
    atEnd: Number(r.at_end),
    acquired: Number(r.acquired),
    wonBack: Number(r.won_back),
  }));
}
