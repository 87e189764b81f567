import type { RetentionSettings } from '../retention/settings.ts';
import type { Database, Queryable } from './database.ts';
import {
  npsSummaryStatement,
  signupSummaryStatements,
  touchedFeedbackStatements,
} from './retention-summary-feedback.ts';
import { cohortSummaryStatements, touchedCohortsStatement } from './retention-summary-cohorts.ts';
import {
  firstOrdersSummaryStatement,
  monthSummaryStatement,
  touchedMonthsStatements,
} from './retention-summary-months.ts';
import { subscriptionSummaryStatements, touchedStatement } from './retention-summary-subscriptions.ts';
import { numberIn, orderAmount, orderCurrency, Parameters } from './retention-sql.ts';

// The retention rollups are folded lazily: each report first folds the events stored since the last
// fold (seq above the watermark, and older events that have since gained a customer). Every rollup
// merges commutatively (sums, bit-or, least/greatest, the smaller (ts, seq)), so late-arriving historical
// events (old timestamps, new seqs) land where they belong.

/** The advisory lock folds hold, so two processes never fold the same events twice ("boomrl" in ASCII). */
const FOLD_LOCK = 0x626f6f6d726c;

/** The parts of the settings the rollups depend on; a change to any of them rebuilds the rollups. */
export function rollupSettingsOf(s: RetentionSettings): Record<string, unknown> {
  return {
    timeZone: s.timeZone,
    signUpEvent: s.signUpEvent,
    order: s.order,
    subscription: s.subscription,
    mrr: s.mrr,
    reportingCurrency: s.reportingCurrency,
    activationEvent: s.activationEvent,
    nps: s.nps,
  };
}

/** The subscription events' names (started, changed, cancelled) as an SQL list of parameters. */
const subscriptionNames = (p: Parameters, s: RetentionSettings) =>
  `(${p.text(s.subscription.startedEvent)}, ${p.text(s.subscription.changedEvent)}, ${p.text(s.subscription.cancelledEvent)})`;

/**
 * Copies the events one fold reads into `retention_fold_batch`, one consistent read: seq in (lo, hi], and
 * older events listed as pending (they gained a customer since). Amounts and currencies are read once here.
 */
function batchStatement(s: RetentionSettings, lo: number, hi: number): { sql: string; values: unknown[] } {
  const p = new Parameters();
  const named = `type = 'track' and event in (${p.text(s.order.event)}, ${p.text(s.order.refundEvent)})`;
  const subscription = `type = 'track' and event in ${subscriptionNames(p, s)}`;
  const cancelled = p.text(s.subscription.cancelledEvent);
  // the MRR property of subscription events (an `mrr` trait instead is read from raw events)
  const mrrProperty = s.mrr.source === 'subscription-events' ? s.mrr.property : 'mrr';
  return {
    sql: `create temp table retention_fold_batch on commit drop as
      select seq, type, user_id, event, timestamp, timestamp at time zone ${p.text(s.timeZone)} as local,
        case when ${named} then ${orderAmount(p, s)} end as amount, case when ${named} then ${orderCurrency(p, s)} end as currency,
        case when ${named} then properties ->> 'order_id' end as order_id,
        case when ${subscription} then event <> ${cancelled} end as sub_active,
        case when ${subscription} then case when event = ${cancelled} then 0 else coalesce(${numberIn(`properties -> ${p.text(mrrProperty)}`)}, 0) end end as sub_mrr,
        case when type = 'track' and event = ${p.text(s.nps.event)} then ${numberIn(`properties -> ${p.text(s.nps.property)}`)} end as nps_score,
        case when ${subscription} then coalesce(nullif(upper(properties ->> ${p.text(s.order.currencyProperty)}), ''), ${p.text(s.reportingCurrency)}) end as sub_currency
      from events where (seq > ${p.add(lo)} and seq <= ${p.add(hi)})
        or seq in (select seq from retention_rollup_pending where seq <= ${p.add(hi)})`,
    values: p.values,
  };
}

/** The fold statements over `retention_fold_batch`, each one INSERT ... SELECT ... ON CONFLICT DO UPDATE. */
function foldStatements(s: RetentionSettings, hi: number): Array<{ sql: string; values: unknown[] }> {
  const statement = (build: (p: Parameters) => string) => {
    const p = new Parameters();
    return { sql: build(p), values: p.values };
  };
  const isOrder = (p: Parameters) => `type = 'track' and event = ${p.text(s.order.event)}`;
  return [
    // the month summaries lose the contributions of the rows and customers this fold touches, and regain them once folded
    ...touchedMonthsStatements(s),
    touchedCohortsStatement(s),
    ...touchedFeedbackStatements(s),
    monthSummaryStatement(-1),
    ...cohortSummaryStatements(s, -1),
    statement(
      (p) => `insert into retention_rollup_months as m (user_id, month, orders, last_order_at, active_days)
      select user_id, date_trunc('month', local)::date, count(*) filter (where ${isOrder(p)}),
        max(timestamp) filter (where ${isOrder(p)}), bit_or(1 << (extract(day from local)::int - 1))
      from retention_fold_batch where user_id is not null and type in ('track', 'page', 'screen') group by 1, 2
      on conflict (user_id, month) do update set orders = m.orders + excluded.orders,
        last_order_at = greatest(m.last_order_at, excluded.last_order_at), active_days = m.active_days | excluded.active_days`,
    ),
    monthSummaryStatement(1),
    statement(
      (p) => `insert into retention_rollup_money as m (month, currency, orders, gross)
      select date_trunc('month', local)::date, coalesce(currency, ''), count(*), sum(coalesce(amount, 0))
      from retention_fold_batch where user_id is not null and ${isOrder(p)} group by 1, 2
      on conflict (month, currency) do update set orders = m.orders + excluded.orders, gross = m.gross + excluded.gross`,
    ),
    firstOrdersSummaryStatement(s, -1),
    statement(
      // a customer's two earliest order times are the two smallest of the stored pair and the batch's pair
      (
        p,
      ) => `with ranked as (select user_id, timestamp, row_number() over (partition by user_id order by timestamp, seq) as k
        from retention_fold_batch where user_id is not null and ${isOrder(p)}),
      orders as (select user_id, min(timestamp) filter (where k = 1) as o1, min(timestamp) filter (where k = 2) as o2 from ranked where k <= 2 group by user_id),
      signups as (select user_id, min(timestamp) as at from retention_fold_batch where user_id is not null and type = 'track' and event = ${p.text(s.signUpEvent)} group by user_id)
      insert into retention_rollup_customers as c (user_id, signed_up_at, first_order_at, second_order_at)
      select coalesce(o.user_id, u.user_id), u.at, o.o1, o.o2 from orders o full join signups u on u.user_id = o.user_id
      on conflict (user_id) do update set signed_up_at = least(c.signed_up_at, excluded.signed_up_at),
        first_order_at = least(c.first_order_at, excluded.first_order_at),
        second_order_at = nullif(least(greatest(coalesce(c.first_order_at, 'infinity'), coalesce(excluded.first_order_at, 'infinity')),
          coalesce(c.second_order_at, 'infinity'), coalesce(excluded.second_order_at, 'infinity')), 'infinity')`,
    ),
    firstOrdersSummaryStatement(s, 1),
    ...cohortSummaryStatements(s, 1),
    statement(
      (p) => `insert into retention_rollup_order_ids as o (order_id, ts, seq, amount, currency)
      select distinct on (order_id) order_id, timestamp, seq, amount, currency from retention_fold_batch
      where user_id is not null and ${isOrder(p)} and order_id is not null order by order_id, timestamp, seq
      on conflict (order_id) do update set ts = excluded.ts, seq = excluded.seq, amount = excluded.amount, currency = excluded.currency
        where (excluded.ts, excluded.seq) < (o.ts, o.seq)`,
    ),
    statement(
      (p) => `insert into retention_rollup_refunds (seq, month, amount, currency, order_id)
      select seq, date_trunc('month', local)::date, amount, currency, order_id
      from retention_fold_batch where user_id is not null and type = 'track' and event = ${p.text(s.order.refundEvent)}
      on conflict (seq) do nothing`,
    ),
    // likewise the subscription summaries
    touchedStatement,
    ...subscriptionSummaryStatements(s, -1),
    statement(
      // each month keeps its last subscription event: the larger (ts, seq) wins
      () => `insert into retention_rollup_subscriptions as r (user_id, month, ts, seq, active, mrr, currency)
      select distinct on (user_id, date_trunc('month', local)::date) user_id, date_trunc('month', local)::date, timestamp, seq, sub_active, sub_mrr, sub_currency
      from retention_fold_batch where user_id is not null and sub_active is not null
      order by user_id, date_trunc('month', local)::date, timestamp desc, seq desc
      on conflict (user_id, month) do update set ts = excluded.ts, seq = excluded.seq, active = excluded.active, mrr = excluded.mrr, currency = excluded.currency
        where (excluded.ts, excluded.seq) > (r.ts, r.seq)`,
    ),
    statement(
      () => `insert into retention_rollup_subscribers as r (user_id, currency, first_active_at, first_paid_at)
      select user_id, sub_currency, min(timestamp) filter (where sub_active), min(timestamp) filter (where sub_active and sub_mrr > 0)
      from retention_fold_batch where user_id is not null and sub_active is not null group by 1, 2
      on conflict (user_id, currency) do update set first_active_at = least(r.first_active_at, excluded.first_active_at),
        first_paid_at = least(r.first_paid_at, excluded.first_paid_at)`,
    ),
    ...subscriptionSummaryStatements(s, 1),
    npsSummaryStatement(-1),
    statement(
      // each month keeps its last NPS answer, numeric or not: the larger (ts, seq) wins
      (p) => `insert into retention_rollup_nps as r (user_id, month, ts, seq, score)
      select distinct on (user_id, date_trunc('month', local)::date) user_id, date_trunc('month', local)::date, timestamp, seq, nps_score
      from retention_fold_batch where user_id is not null and type = 'track' and event = ${p.text(s.nps.event)}
      order by user_id, date_trunc('month', local)::date, timestamp desc, seq desc
      on conflict (user_id, month) do update set ts = excluded.ts, seq = excluded.seq, score = excluded.score
        where (excluded.ts, excluded.seq) > (r.ts, r.seq)`,
    ),
    npsSummaryStatement(1),
    statement(
      (p) => `insert into retention_rollup_activations (seq, user_id, ts)
      select seq, user_id, timestamp from retention_fold_batch where user_id is not null and type = 'track' and event = ${p.text(s.activationEvent)}
      on conflict (seq) do nothing`,
    ),
    ...signupSummaryStatements(s),
    statement(
      (
        p,
      ) => `with seen as (select min(timestamp) as earliest, count(*) filter (where user_id is not null and type <> 'track'
        and event in (${p.text(s.signUpEvent)}, ${p.text(s.order.event)})) as untyped from retention_fold_batch)
      update retention_rollup_state set folded_seq = greatest(folded_seq, ${p.add(hi)}::bigint),
        earliest_at = least(earliest_at, (select earliest from seen)), untyped_names = untyped_names + (select untyped from seen)`,
    ),
    // an event still without a customer in this batch keeps its pending row (if it gained one since), to be folded next time
    statement(
      () =>
        `delete from retention_rollup_pending where seq in (select seq from retention_fold_batch where user_id is not null)`,
    ),
  ];
}

/** What the rollups know beyond their tables: the earliest event, and whether the cohort reports may read them. */
export interface RollupState {
  earliestAt: string | undefined;
  /** Non-track events carry the sign-up or order event's name: cohorts (which match by name alone) read raw events. */
  untypedNames: boolean;
}

/** The rollup state as last folded (undefined before the first fold). */
export async function rollupStateOf(db: Queryable): Promise<RollupState | undefined> {
  const [row] = await db.query<{ earliest_at: Date | string | null; untyped_names: unknown }>(
    'select earliest_at, untyped_names from retention_rollup_state where id',
  );
  if (!row) return undefined;
  return {
    earliestAt: row.earliest_at ? new Date(row.earliest_at).toISOString() : undefined,
    untypedNames: Number(row.untyped_names) > 0,
  };
}

/**
 * Brings the retention rollups up to date with the stored events (rebuilding them when the settings
 * they depend on changed) and returns their state. Writers still inserting when it starts are waited
 * for, so no event with a lower seq can commit after the watermark has passed it.
 */
export async function foldRetentionRollups(db: Database, s: RetentionSettings): Promise<RollupState> {
  const settings = JSON.stringify(rollupSettingsOf(s));
  // A share lock waits for the transactions inserting events; once granted, every seq up to max(seq) is settled.
  const hi = await db.transaction(async (tx) => {
    await tx.query('lock table events in share mode');
    const [row] = await tx.query<{ hi: unknown }>('select coalesce(max(seq), 0) as hi from events');
    return Number(row?.hi ?? 0);
  });
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [FOLD_LOCK]);
    const [state] = await tx.query<{ folded_seq: unknown; same: boolean }>(
      'select folded_seq, settings = $1::jsonb as same from retention_rollup_state where id',
      [settings],
    );
    let lo = Number(state?.folded_seq ?? 0);
    if (!state || !state.same) {
      await tx.query(
        `truncate retention_rollup_months, retention_rollup_money, retention_rollup_customers, retention_rollup_order_ids, retention_rollup_refunds,
          retention_rollup_subscriptions, retention_rollup_subscribers, retention_rollup_nps, retention_rollup_activations,
          retention_summary_customers, retention_summary_mrr, retention_summary_months,
          retention_summary_cohort_sizes, retention_summary_cohorts, retention_summary_nps, retention_summary_signups`,
      );
      await tx.query(
        `insert into retention_rollup_state (id, settings, folded_seq, earliest_at, untyped_names) values (true, $1::jsonb, 0, null, 0)
         on conflict (id) do update set settings = excluded.settings, folded_seq = 0, earliest_at = null, untyped_names = 0`,
        [settings],
      );
      lo = 0;
    }
    const [pending] = await tx.query<{ n: unknown }>(
      'select count(*) as n from retention_rollup_pending where seq <= $1',
      [hi],
    );
    if (hi <= lo && Number(pending?.n ?? 0) === 0) return;
    for (const { sql, values } of [batchStatement(s, lo, hi), ...foldStatements(s, hi)]) await tx.query(sql, values);
  });
  const state = await rollupStateOf(db);
  if (!state) throw new Error('the retention rollup state row is missing right after a fold');
  return state;
}

/** Folds the rollups and returns their state when `db` can run transactions; undefined (read raw events) inside one. */
export async function rollupsFor(db: Queryable, s: RetentionSettings): Promise<RollupState | undefined> {
  return isDatabase(db) ? foldRetentionRollups(db, s) : undefined;
}

const isDatabase = (db: Queryable): db is Database => 'transaction' in db && typeof db.transaction === 'function';
