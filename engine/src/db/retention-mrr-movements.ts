import type { MrrCounts } from '../retention/recurring-revenue.ts';
import type { Queryable } from './database.ts';
import type { Parameters } from './retention-sql.ts';

/** What the MRR movements are read from: relations each source (raw events, rollups) defines its own way. */
export interface MrrSources {
  /** CTEs defining `periods(i, …)`, `s0` and `e0` (i, user_id, currency, mrr: who pays what at each bucket's start and end) and `first_paid(user_id, currency, ts)`. */
  ctes: string;
  /** The SQL instant a bucket `x` of `periods` starts at. */
  startAt: string;
}

/**
 * MRR at the start and end of each of `buckets` buckets and its movements per currency, customer by
 * customer, start against end: the one final query of the raw-event and the rollup reads.
 */
export async function mrrMovements(
  db: Queryable,
  p: Parameters,
  sources: MrrSources,
  buckets: number,
): Promise<MrrCounts[][]> {
  const rows = await db.query<
    { i: number; currency: string } & Record<
      'at_start' | 'at_end' | 'new' | 'reactivation' | 'expansion' | 'contraction' | 'churned' | 'existing_at_end',
      unknown
    >
  >(
    `with ${sources.ctes},
    pairs as (select coalesce(a.i, b.i) as i, coalesce(a.user_id, b.user_id) as user_id, coalesce(a.currency, b.currency) as currency,
        coalesce(a.mrr, 0) as m0, coalesce(b.mrr, 0) as m1
      from s0 a full join e0 b on a.i = b.i and a.user_id = b.user_id and a.currency = b.currency),
    classified as (select q.*, coalesce(f.ts < ${sources.startAt}, false) as had_mrr from pairs q join periods x on x.i = q.i
      left join first_paid f on f.user_id = q.user_id and f.currency = q.currency)
    select i, currency, sum(m0) as at_start, sum(m1) as at_end,
      sum(case when m0 = 0 and m1 > 0 and not had_mrr then m1 else 0 end) as new,
      sum(case when m0 = 0 and m1 > 0 and had_mrr then m1 else 0 end) as reactivation,
      sum(case when m0 > 0 and m1 > m0 then m1 - m0 else 0 end) as expansion,
      sum(case when m0 > 0 and m1 > 0 and m1 < m0 then m0 - m1 else 0 end) as contraction,
      sum(case when m0 > 0 and m1 = 0 then m0 else 0 end) as churned,
      sum(case when m0 > 0 then m1 else 0 end) as existing_at_end
    from classified group by i, currency order by i, currency`,
    p.values,
  );
  return Array.from({ length: buckets }, (_, index) => mrrCountsOfRows(rows.filter((r) => Number(r.i) === index + 1)));
}

/** MRR rows of one bucket as the figures read them (numbers from SQL numerics). */
export function mrrCountsOfRows(
  rows: Array<
    { currency: string } & Record<
      'at_start' | 'at_end' | 'new' | 'reactivation' | 'expansion' | 'contraction' | 'churned' | 'existing_at_end',
      unknown
    >
  >,
): MrrCounts[] {
  return rows.map((r) => ({
    currency: r.currency,
    atStart: Number(r.at_start),
    atEnd: Number(r.at_end),
    new: Number(r.new),
    reactivation: Number(r.reactivation),
    expansion: Number(r.expansion),
    contraction: Number(r.contraction),
    churned: Number(r.churned),
    existingAtEnd: Number(r.existing_at_end),
  }));
}
