import type { Bucket } from '../retention/period.ts';
import type { RenewalCounts } from '../retention/renewals.ts';
import type { RetentionSettings } from '../retention/settings.ts';
import type { Queryable } from './database.ts';
import { Parameters, periodsFrom } from './retention-sql.ts';

// A renewal is early when it comes before the end of the contract in force: the latest contract end the
// customer stated before renewing, on a subscription event (started, changed, an earlier renewal) or as
// an identify trait. A renewal's own contract end is the next term's, so it judges only later renewals.
// A value that is not a date states nothing. Cancellations are left out: theirs is the end they cut short.

/** Renewals in each bucket, those with a known contract end in force, and those made before it. */
export async function renewalCountsOf(
  db: Queryable,
  s: RetentionSettings,
  buckets: Bucket[],
): Promise<RenewalCounts[]> {
  const p = new Parameters();
  const sub = s.subscription;
  const property = p.text(sub.contractEndProperty);
  const renewed = p.text(sub.renewedEvent);
  const rows = await db.query<{ renewals: unknown; with_end: unknown; early: unknown }>(
    `with ${periodsFrom(p, buckets)},
    renewals as (select user_id, timestamp as ts, seq from events
      where type = 'track' and user_id is not null and event = ${renewed}
        and timestamp >= (select min(s) from periods) and timestamp < (select max(e) from periods)),
    stated as (
      select user_id, timestamp as ts, seq, retention_try_timestamptz(properties ->> ${property}) as contract_end from events
        where type = 'track' and user_id is not null and event in (${p.text(sub.startedEvent)}, ${p.text(sub.changedEvent)}, ${renewed})
          and properties ? ${property}
      union all
      select user_id, timestamp, seq, retention_try_timestamptz(traits ->> ${property}) from events
        where type = 'identify' and user_id is not null and traits ? ${property}),
    judged as (select r.ts, (select t.contract_end from stated t
        where t.user_id = r.user_id and t.contract_end is not null and (t.ts, t.seq) < (r.ts, r.seq)
        order by t.ts desc, t.seq desc limit 1) as contract_end
      from renewals r)
    select x.i, count(j.ts) as renewals, count(j.contract_end) as with_end, count(*) filter (where j.ts < j.contract_end) as early
    from periods x left join judged j on j.ts >= x.s and j.ts < x.e group by x.i order by x.i`,
    p.values,
  );
  return rows.map((r) => ({
    renewals: Number(r.renewals),
    withContractEnd: Number(r.with_end),
    early: Number(r.early),
  }));
}
