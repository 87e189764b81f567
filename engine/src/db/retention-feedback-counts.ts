import type { ActivationCounts } from '../retention/activation.ts';
import { TTV_BUCKETS } from '../retention/activation.ts';
import type { NpsAnswers } from '../retention/feedback.ts';
import type { Queryable } from './database.ts';
import type { Parameters } from './retention-sql.ts';

// The final queries the NPS and activation reads share, whether they read raw events or the rollups:
// each source defines the relations named below its own way.

/** Per bucket, customers by the NPS score 0-10 of their last answer, from CTEs defining `last(i, score)` (scores that are not 0-10 are ignored). */
export async function npsCounts(db: Queryable, p: Parameters, ctes: string, buckets: number): Promise<NpsAnswers[]> {
  const rows = await db.query<{ i: number; score: unknown; n: unknown }>(
    `with ${ctes}
    select i, score, count(*) as n from last where score in (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10) group by i, score`,
    p.values,
  );
  return npsAnswersOfRows(rows, buckets);
}

/** Rows (i, score, n) as the answers of `buckets` buckets: per bucket the customers of each score 0-10. */
export function npsAnswersOfRows(
  rows: Array<{ i: number; score: unknown; n: unknown }>,
  buckets: number,
): NpsAnswers[] {
  return Array.from({ length: buckets }, (_, index) => {
    const answers = Array.from({ length: 11 }, () => 0);
    for (const r of rows) if (Number(r.i) === index + 1) answers[Number(r.score)] = Number(r.n);
    return answers;
  });
}

/**
 * Per bucket, sign-ups, activations and time to value, from CTEs defining `periods(i, …)`, `cohort(i, …)`
 * (the customers who first signed up in bucket i) and `activated(i, seconds)` (those of them who activated, and how long it took).
 */
export async function activationCounts(db: Queryable, p: Parameters, ctes: string): Promise<ActivationCounts[]> {
  const limits = TTV_BUCKETS.map((b) => b.below).filter(Number.isFinite);
  const bucketOf = `case ${limits.map((limit, n) => `when seconds < ${limit} then ${n}`).join(' ')} else ${limits.length} end`;
  const rows = await db.query<{
    signed_up: unknown;
    activated: unknown;
    median: unknown;
    distribution: Array<[number, number | string]> | null;
  }>(
    `with ${ctes},
    spread as (select i, ${bucketOf} as bucket, count(*) as n from activated group by i, bucket)
    select x.i,
      (select count(*) from cohort c where c.i = x.i) as signed_up,
      (select count(*) from activated a where a.i = x.i) as activated,
      (select percentile_cont(0.5) within group (order by seconds) from activated a where a.i = x.i) as median,
      (select jsonb_agg(jsonb_build_array(bucket, n)) from spread d where d.i = x.i) as distribution
    from periods x order by x.i`,
    p.values,
  );
  return rows.map((r) => {
    const distribution = TTV_BUCKETS.map(() => 0);
    for (const pair of r.distribution ?? []) distribution[Number(pair[0])] = Number(pair[1]);
    return {
      signedUp: Number(r.signed_up),
      activated: Number(r.activated),
      medianSeconds: r.median === null ? null : Number(r.median),
      distribution,
    };
  });
}
