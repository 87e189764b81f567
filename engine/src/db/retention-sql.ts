import type { RetentionSettings } from '../retention/settings.ts';

// SQL fragments shared by the retention aggregates. Every name from the settings travels as a query
// parameter, never spliced into the SQL text.

/** Collects query parameters and hands back their `$n` placeholders. */
export class Parameters {
  readonly values: unknown[] = [];
  /** The placeholder of `value`, added as the next parameter. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
  /** The placeholder of `value` typed as text (so `->`, `?` and `coalesce` are not ambiguous). */
  text(value: string): string {
    return `${this.add(value)}::text`;
  }
}

/** A jsonb value read as a number: JSON numbers and numeric strings count, anything else is null (never an error). */
export const numberIn = (json: string) =>
  `(case when jsonb_typeof(${json}) = 'number' then (${json} #>> '{}')::numeric
     when jsonb_typeof(${json}) = 'string' and (${json} #>> '{}') ~ '^\\s*-?[0-9]+(\\.[0-9]+)?\\s*$' then trim(${json} #>> '{}')::numeric end)`;

/** The reporting buckets as a relation `periods(i, s, e)`, i counting from 1. */
export function periodsFrom(p: Parameters, buckets: Array<{ start: string; end: string }>): string {
  return `periods as (select i::int as i, s, e from unnest(${p.add(buckets.map((b) => b.start))}::timestamptz[], ${p.add(buckets.map((b) => b.end))}::timestamptz[]) with ordinality as x(s, e, i))`;
}

/** An order or refund event's amount: the first amount property holding a number, else null. */
export const orderAmount = (p: Parameters, s: RetentionSettings) =>
  `coalesce(${s.order.amountProperties.map((k) => numberIn(`properties -> ${p.text(k)}`)).join(', ')})`;

/** An order or refund event's stated currency in capitals, null when none is stated. */
export const orderCurrency = (p: Parameters, s: RetentionSettings) =>
  `nullif(upper(properties ->> ${p.text(s.order.currencyProperty)}), '')`;

/** Order events as `orders(user_id, ts, seq, amount, currency, order_id)`. */
export function ordersFrom(p: Parameters, s: RetentionSettings, name = 'orders', event = s.order.event): string {
  return `${name} as (select user_id, timestamp as ts, seq, ${orderAmount(p, s)} as amount, ${orderCurrency(p, s)} as currency,
    properties ->> 'order_id' as order_id
    from events where type = 'track' and user_id is not null and event = ${p.text(event)})`;
}

/**
 * The customer relation `members(user_id, ts, seq, active, next_ts)`: each row is a change of state that
 * holds from ts until next_ts. Subscriptions: started/changed make a customer, cancelled ends one.
 * Shops (no-order churn): each order is a row, and a customer lasts `days` days after each order.
 */
export function membersFrom(p: Parameters, s: RetentionSettings): string {
  if (s.churn.kind === 'no-order') {
    return `${ordersFrom(p, s)}, members as (select user_id, ts, seq, true as active from orders)`;
  }
  const sub = s.subscription;
  return `members as (select user_id, timestamp as ts, seq, event <> ${p.text(sub.cancelledEvent)} as active,
      lead(timestamp) over (partition by user_id order by timestamp, seq) as next_ts
    from events where type = 'track' and user_id is not null and event in (${p.text(sub.startedEvent)}, ${p.text(sub.changedEvent)}, ${p.text(sub.cancelledEvent)}))`;
}

/** A condition on `alias` (a members row) that holds when it makes its customer a customer at instant `bound`. */
export function memberAt(p: Parameters, s: RetentionSettings, alias: string, bound: string): string {
  if (s.churn.kind === 'no-order') {
    const zone = p.text(s.timeZone);
    return `(${alias}.ts < ${bound} and ${alias}.ts >= ((${bound} at time zone ${zone}) - make_interval(days => ${p.add(s.churn.days)}::int)) at time zone ${zone})`;
  }
  return `(${alias}.active and ${alias}.ts < ${bound} and (${alias}.next_ts is null or ${alias}.next_ts >= ${bound}))`;
}

/**
 * Recurring revenue as `mrr_rows(user_id, ts, seq, active, mrr, currency, next_ts)`: each row sets the
 * customer's MRR from ts until next_ts (a cancellation sets it to zero).
 */
export function mrrRowsFrom(p: Parameters, s: RetentionSettings): string {
  const reporting = p.text(s.reportingCurrency);
  if (s.mrr.source === 'trait') {
    const trait = p.text(s.mrr.trait);
    return `mrr_rows as (select user_id, timestamp as ts, seq, coalesce(${numberIn(`traits -> ${trait}`)}, 0) > 0 as active,
        coalesce(${numberIn(`traits -> ${trait}`)}, 0) as mrr, ${reporting}::text as currency,
        lead(timestamp) over (partition by user_id order by timestamp, seq) as next_ts
      from events where type = 'identify' and user_id is not null and traits ? ${trait})`;
  }
  const sub = s.subscription;
  const cancelled = p.text(sub.cancelledEvent);
  return `mrr_rows as (select user_id, timestamp as ts, seq, event <> ${cancelled} as active,
      case when event = ${cancelled} then 0 else coalesce(${numberIn(`properties -> ${p.text(s.mrr.property)}`)}, 0) end as mrr,
      coalesce(nullif(upper(properties ->> ${p.text(s.order.currencyProperty)}), ''), ${reporting}) as currency,
      lead(timestamp) over (partition by user_id order by timestamp, seq) as next_ts
    from events where type = 'track' and user_id is not null and event in (${p.text(sub.startedEvent)}, ${p.text(sub.changedEvent)}, ${cancelled}))`;
}
