import type { CancellationCounts } from '../retention/cancellations.ts';
import type { Bucket } from '../retention/period.ts';
import type { MrrCounts } from '../retention/recurring-revenue.ts';
import type { RetentionSettings } from '../retention/settings.ts';
import type { Queryable } from './database.ts';
import { mrrMovements } from './retention-mrr-movements.ts';
import { mrrRowsFrom, Parameters, periodsFrom } from './retention-sql.ts';

/** Each customer's MRR (and its currency) holding at instant `bound` of `periods`, as `name(i, user_id, currency, mrr)`. */
const mrrAt = (
  name: string,
  bound: string,
) => `${name} as (select x.i, r.user_id, r.currency, r.mrr from periods x join mrr_rows r
  on r.active and r.ts < ${bound} and (r.next_ts is null or r.next_ts >= ${bound}))`;

/** MRR at the start and end of each bucket and its movements, per currency (customer by customer, start against end). */
export async function mrrCountsOf(db: Queryable, s: RetentionSettings, buckets: Bucket[]): Promise<MrrCounts[][]> {
  const p = new Parameters();
  const ctes = `${periodsFrom(p, buckets)}, ${mrrRowsFrom(p, s)}, ${mrrAt('s0', 'x.s')}, ${mrrAt('e0', 'x.e')},
    first_paid as (select user_id, currency, min(ts) as ts from mrr_rows where active and mrr > 0 group by user_id, currency)`;
  return mrrMovements(db, p, { ctes, startAt: 'x.s' }, buckets.length);
}

/** Total MRR per currency holding at each instant. */
export async function mrrAtInstants(
  db: Queryable,
  s: RetentionSettings,
  instants: string[],
): Promise<Array<Map<string, number>>> {
  const p = new Parameters();
  const rows = await db.query<{ i: number; currency: string; mrr: unknown }>(
    `with ${periodsFrom(
      p,
      instants.map((at) => ({ start: at, end: at })),
    )}, ${mrrRowsFrom(p, s)}, ${mrrAt('held', 'x.s')}
    select i, currency, sum(mrr) as mrr from held group by i, currency`,
    p.values,
  );
  return instants.map(
    (_, index) => new Map(rows.filter((r) => Number(r.i) === index + 1).map((r) => [r.currency, Number(r.mrr)])),
  );
}

/** When the earliest stored event happened, if there is one. */
export async function earliestEventAt(db: Queryable): Promise<string | undefined> {
  const [row] = await db.query<{ at: Date | string | null }>('select min(timestamp) as at from events');
  return row?.at ? new Date(row.at).toISOString() : undefined;
}

/** Per bucket: subscription cancellations, those stating a contract end (a date), and those before it. */
export async function cancellationCountsOf(
  db: Queryable,
  s: RetentionSettings,
  buckets: Bucket[],
): Promise<CancellationCounts[]> {
  const p = new Parameters();
  const rows = await db.query<{ cancellations: unknown; with_end: unknown; early: unknown }>(
    `with ${periodsFrom(p, buckets)},
    cancels as (select timestamp as ts, retention_try_timestamptz(properties ->> ${p.text(s.subscription.contractEndProperty)}) as contract_end
      from events where type = 'track' and user_id is not null and event = ${p.text(s.subscription.cancelledEvent)})
    select x.i, count(c.ts) as cancellations, count(c.contract_end) as with_end, count(*) filter (where c.ts < c.contract_end) as early
    from periods x left join cancels c on c.ts >= x.s and c.ts < x.e group by x.i order by x.i`,
    p.values,
  );
  return rows.map((r) => ({
    cancellations: Number(r.cancellations),
    withContractEnd: Number(r.with_end),
    early: Number(r.early),
  }));
}
