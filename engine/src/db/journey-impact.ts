import type { Queryable } from './database.ts';

/** Which events count, for a journey's impact: what a return, an order, a churn and an NPS answer are. */
export interface ImpactEvents {
  /** A return is any of these events; empty means any tracked event. */
  returnEvents: string[];
  orderEvent: string;
  refundEvent: string;
  /** Order properties holding the amount, first present number wins (Segment: `revenue`, then `total`). */
  revenueProperties: string[];
  /** Only amounts in this currency are summed (an order without a currency is taken to be in it). */
  currency: string;
  churnEvents: string[];
  npsEvent: string;
  npsProperty: string;
}

/**
 * How exposed customers are grouped: by the variant they were assigned (a journey's "entrants" and
 * "holdout"), by variant and the journey version they entered ("entrants:v3"), or, for entrants, by the
 * arm they reached in a split of the journey (its experiment key; entrants who never reached it are
 * "entrants:none"). The holdout is always one group of its own.
 */
export type ImpactGrouping = { by: 'variant' } | { by: 'version' } | { by: 'arm'; splitExperimentKey: string };

/** One group of an experiment's exposed customers, counted over the window after each one's exposure. */
export interface ImpactAggregate {
  /** The group: the variant, or `entrants:v<version>`, or `entrants:<arm>` (see ImpactGrouping). */
  variant: string;
  customers: number;
  returned: number;
  repeatPurchasers: number;
  churned: number;
  revenueSum: number;
  revenueSumOfSquares: number;
  promoters: number;
  passives: number;
  detractors: number;
}

/**
 * Per variant of one experiment (a journey's holdout, or a split), the customers whose window of
 * `windowDays` after exposure has closed by `now`, and what they did inside it: returned, ordered twice
 * or more, churned, revenue net of refunds in the reporting currency (sum and sum of squares per
 * customer, for Welch's interval), and their last NPS answer as promoter, passive or detractor.
 */
export async function impactAggregates(
  db: Queryable,
  experimentKey: string,
  windowDays: number,
  now: Date,
  events: ImpactEvents,
  grouping: ImpactGrouping = { by: 'variant' },
): Promise<ImpactAggregate[]> {
  const group =
    grouping.by === 'variant'
      ? 'x.variant'
      : grouping.by === 'version'
        ? `case when x.variant = 'holdout' then x.variant else x.variant || ':v' || x.version end`
        : `case when x.variant = 'holdout' then x.variant else x.variant || ':' || coalesce((select s.variant from experiment_exposures s where s.experiment_key = $12 and s.user_id = x.user_id), 'none') end`;
  const rows = await db.query<{
    variant: string;
    customers: string;
    returned: string;
    repeat_purchasers: string;
    churned: string;
    revenue_sum: string | null;
    revenue_sum_sq: string | null;
    promoters: string;
    passives: string;
    detractors: string;
  }>(
    `with exposed as (
       select x.user_id, ${group} as variant, x.exposed_at, x.exposed_at + make_interval(days => $2::int) as window_end
       from experiment_exposures x
       where x.experiment_key = $1 and x.exposed_at + make_interval(days => $2::int) <= $3::timestamptz
     ), inside as (
       select x.user_id, x.variant, e.event, e.properties, e.timestamp
       from exposed x join events e on e.user_id = x.user_id
       where e.type = 'track' and e.timestamp > x.exposed_at and e.timestamp <= x.window_end
     ), amounts as (
       select user_id, event, timestamp, properties,
         (select (properties ->> p)::numeric from unnest($7::text[]) with ordinality as r(p, i)
           where jsonb_typeof(properties -> p) = 'number' order by i limit 1) as amount,
         coalesce(properties ->> 'currency', $8) = $8 as in_currency
       from inside
     ), per_customer as (
       select x.user_id, x.variant,
         coalesce(bool_or(case when cardinality($4::text[]) = 0 then a.event is not null else a.event = any($4::text[]) end), false) as returned,
         count(*) filter (where a.event = $5) as orders,
         coalesce(sum(case when not a.in_currency or a.amount is null then 0
                           when a.event = $5 then a.amount when a.event = $6 then -abs(a.amount) else 0 end), 0) as revenue,
         coalesce(bool_or(a.event = any($9::text[])), false) as churned,
         (select (n.properties ->> $11)::numeric from amounts n
           where n.user_id = x.user_id and n.event = $10 and jsonb_typeof(n.properties -> $11) = 'number'
           order by n.timestamp desc limit 1) as score
       from exposed x left join amounts a on a.user_id = x.user_id
       group by x.user_id, x.variant
     )
     select variant, count(*) as customers,
       count(*) filter (where returned) as returned,
       count(*) filter (where orders >= 2) as repeat_purchasers,
       count(*) filter (where churned) as churned,
       sum(revenue) as revenue_sum, sum(revenue * revenue) as revenue_sum_sq,
       count(*) filter (where score >= 9 and score <= 10) as promoters,
       count(*) filter (where score >= 7 and score < 9) as passives,
       count(*) filter (where score >= 0 and score < 7) as detractors
     from per_customer group by variant order by variant`,
    [
      experimentKey,
      windowDays,
      now.toISOString(),
      events.returnEvents,
      events.orderEvent,
      events.refundEvent,
      events.revenueProperties,
      events.currency,
      events.churnEvents,
      events.npsEvent,
      events.npsProperty,
      ...(grouping.by === 'arm' ? [grouping.splitExperimentKey] : []),
    ],
  );
  return rows.map((r) => ({
    variant: r.variant,
    customers: Number(r.customers),
    returned: Number(r.returned),
    repeatPurchasers: Number(r.repeat_purchasers),
    churned: Number(r.churned),
    revenueSum: Number(r.revenue_sum ?? 0),
    revenueSumOfSquares: Number(r.revenue_sum_sq ?? 0),
    promoters: Number(r.promoters),
    passives: Number(r.passives),
    detractors: Number(r.detractors),
  }));
}

/** Everyone exposed to an experiment so far, whether or not their window has closed: per variant, and the first exposure. */
export async function exposuresSoFar(
  db: Queryable,
  experimentKey: string,
): Promise<{ byVariant: Map<string, number>; firstAt: Date | undefined }> {
  const rows = await db.query<{ variant: string; customers: unknown; first_at: Date | string }>(
    `select variant, count(*) as customers, min(exposed_at) as first_at
     from experiment_exposures where experiment_key = $1 group by variant`,
    [experimentKey],
  );
  const firsts = rows.map((r) => new Date(r.first_at).getTime());
  return {
    byVariant: new Map(rows.map((r) => [r.variant, Number(r.customers)])),
    firstAt: firsts.length > 0 ? new Date(Math.min(...firsts)) : undefined,
  };
}
