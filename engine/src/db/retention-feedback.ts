import type { ActivationCounts } from '../retention/activation.ts';
import type { NpsAnswers } from '../retention/feedback.ts';
import type { Bucket } from '../retention/period.ts';
import type { RetentionSettings } from '../retention/settings.ts';
import type { Queryable } from './database.ts';
import { activationCounts, npsCounts } from './retention-feedback-counts.ts';
import { numberIn, Parameters, periodsFrom } from './retention-sql.ts';

/** Per bucket, how many customers gave each NPS score 0-10 as their last answer in it (answers that are not 0-10 are ignored). */
export async function npsAnswersOf(db: Queryable, s: RetentionSettings, buckets: Bucket[]): Promise<NpsAnswers[]> {
  const p = new Parameters();
  const ctes = `${periodsFrom(p, buckets)},
    answers as (select user_id, timestamp as ts, seq, ${numberIn(`properties -> ${p.text(s.nps.property)}`)} as score
      from events where type = 'track' and user_id is not null and event = ${p.text(s.nps.event)}),
    last as (select distinct on (x.i, a.user_id) x.i, a.score from periods x join answers a on a.ts >= x.s and a.ts < x.e
      order by x.i, a.user_id, a.ts desc, a.seq desc)`;
  return npsCounts(db, p, ctes, buckets.length);
}

/** Per bucket, how many cancellation-survey answers gave each reason. */
export async function reasonCountsOf(
  db: Queryable,
  s: RetentionSettings,
  buckets: Bucket[],
): Promise<Array<Array<{ reason: string; count: number }>>> {
  const p = new Parameters();
  const rows = await db.query<{ i: number; reason: string; n: unknown }>(
    `with ${periodsFrom(p, buckets)}
    select x.i, e.properties ->> ${p.text(s.cancellationReason.property)} as reason, count(*) as n
    from periods x join events e on e.type = 'track' and e.user_id is not null and e.event = ${p.text(s.cancellationReason.event)}
      and e.timestamp >= x.s and e.timestamp < x.e
    where nullif(e.properties ->> ${p.text(s.cancellationReason.property)}, '') is not null
    group by x.i, reason`,
    p.values,
  );
  return buckets.map((_, index) =>
    rows.filter((r) => Number(r.i) === index + 1).map((r) => ({ reason: r.reason, count: Number(r.n) })),
  );
}

/** Per bucket: customers whose first sign-up falls in it, those who activated after signing up and before its end, and how long it took. */
export async function activationCountsOf(
  db: Queryable,
  s: RetentionSettings,
  buckets: Bucket[],
): Promise<ActivationCounts[]> {
  const p = new Parameters();
  const ctes = `${periodsFrom(p, buckets)},
    signups as (select user_id, min(timestamp) as at from events where type = 'track' and user_id is not null and event = ${p.text(s.signUpEvent)} group by user_id),
    cohort as (select x.i, x.e, u.user_id, u.at from periods x join signups u on u.at >= x.s and u.at < x.e),
    activated as (select c.i, extract(epoch from min(a.timestamp) - c.at)::float8 as seconds from cohort c
      join events a on a.user_id = c.user_id and a.type = 'track' and a.event = ${p.text(s.activationEvent)} and a.timestamp >= c.at and a.timestamp < c.e
      group by c.i, c.user_id, c.at)`;
  return activationCounts(db, p, ctes);
}
