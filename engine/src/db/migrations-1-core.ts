import type { Migration } from './migration.ts';

// The first migrations: events and the outbox, customers, journeys, sends, experiments, retention settings and the first retention rollup (1 to 72).
// Append-only: a released migration is never edited; add a new one instead.
export const CORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'spine',
    sql: `
create table customers (
  user_id text primary key,
  traits jsonb not null default '{}',
  unsubscribed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create table events (
  seq bigserial primary key,
  message_id text not null unique,
  type text not null,
  user_id text,
  anonymous_id text,
  event text,
  properties jsonb not null default '{}',
  traits jsonb not null default '{}',
  context jsonb not null default '{}',
  timestamp timestamptz not null,
  received_at timestamptz not null default now()
);
create index events_user on events (user_id, seq);
create index events_name on events (event, timestamp);
-- events not yet routed to journeys; the router deletes a row once its event is routed
create table event_outbox (seq bigint primary key references events (seq));
create table journeys (
  id text primary key,
  name text not null,
  draft jsonb not null,
  status text not null default 'draft' check (status in ('draft', 'live', 'paused')),
  live_version int,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create table journey_versions (
  journey_id text not null references journeys (id) on delete cascade,
  version int not null,
  graph jsonb not null,
  plan jsonb not null,
  note text,
  published_at timestamptz not null default now(),
  primary key (journey_id, version)
);
create table enrollments (
  workflow_id text primary key,
  journey_id text not null,
  user_id text not null,
  version int not null,
  status text not null check (status in ('active', 'completed')),
  step_id text,
  entries int not null default 1,
  entered_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index enrollments_user on enrollments (user_id) where status = 'active';
create table step_visits (
  id bigserial primary key,
  workflow_id text not null,
  journey_id text not null,
  version int not null,
  user_id text not null,
  step_id text,
  status text not null,
  at timestamptz not null default now()
);
create index step_visits_journey on step_visits (journey_id, version);
create table messages (
  idempotency_key text primary key,
  user_id text not null,
  journey_id text,
  version int,
  step_id text,
  template text not null,
  template_version text,
  recipient text,
  subject text,
  status text not null,
  smtp_message_id text,
  error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index messages_user on messages (user_id, created_at);
create table sink_mail (
  id bigserial primary key,
  message_id text,
  mail_from text,
  mail_to jsonb not null,
  subject text,
  html text,
  text text,
  headers jsonb not null,
  received_at timestamptz not null default now()
);
`,
  },
  // 10-19: plugins and node versions (issue 4).
  {
    version: 10,
    name: 'trait-changes',
    sql: `
-- trait changes made by journey actions, by idempotency key: a retried "add 10 points" adds them once
create table trait_changes (
  idempotency_key text primary key,
  user_id text not null,
  at timestamptz not null default now()
);
-- the traits as of the last identify call the router has routed: "previous traits" for trait-changed triggers
alter table customers add column routed_traits jsonb;
update customers set routed_traits = traits;
`,
  },
  {
    // 20-29: experiments (A/B splits)
    version: 20,
    name: 'experiments',
    sql: `
create table experiment_exposures (
  experiment_key text not null,
  journey_id text not null,
  split_id text not null,
  user_id text not null,
  variant text not null,
  version int not null,
  workflow_id text not null,
  exposed_at timestamptz not null,
  primary key (experiment_key, user_id)
);
create index experiment_exposures_split on experiment_exposures (journey_id, split_id);
create table experiment_decisions (
  experiment_key text primary key,
  journey_id text not null,
  split_id text not null,
  winner text not null,
  published_version int not null,
  numbers jsonb not null,
  decided_at timestamptz not null default now()
);
`,
  },
  {
    // 30-39: the whole Segment tracking API (page, screen, group, alias, clock skew)
    version: 30,
    name: 'segment-calls',
    sql: `
alter table events add column group_id text;
alter table events add column previous_id text;
-- the sender's clocks as sent (events.timestamp is corrected for their skew)
alter table events add column original_timestamp timestamptz;
alter table events add column sent_at timestamptz;
create index events_anonymous on events (anonymous_id) where user_id is null;
-- anonymous visitors known to be a customer (identify with both ids, or alias), the first link wins
create table anonymous_ids (
  anonymous_id text primary key,
  user_id text not null,
  linked_at timestamptz not null default now()
);
create index anonymous_ids_user on anonymous_ids (user_id);
-- accounts from group calls, their traits merged call after call
create table groups (
  group_id text primary key,
  traits jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create table customer_groups (
  user_id text not null,
  group_id text not null references groups (group_id),
  joined_at timestamptz not null default now(),
  primary key (user_id, group_id)
);
`,
  },
  {
    // 50-59: sends that need a person (failed, in-doubt) and their resends
    version: 50,
    name: 'send-content-and-resends',
    sql: `
-- what a send renders besides template and traits (subject override, trigger event), so it can be sent again
alter table messages add column content jsonb;
-- a resend points at the send it repeats
alter table messages add column resend_of text;
create index messages_resend_of on messages (resend_of) where resend_of is not null;
create index messages_needing_attention on messages (created_at) where status in ('failed', 'in-doubt');
`,
  },
  {
    // 60-69: routing that never stalls (dead letters, several routers)
    version: 60,
    name: 'dead-letters',
    sql: `
-- per-event routing state: a failed event waits (attempts, next_attempt_at) while the rest flow on;
-- a router leases the rows it is routing, so several routers never route one event side by side
alter table event_outbox add column attempts int not null default 0;
alter table event_outbox add column next_attempt_at timestamptz;
alter table event_outbox add column first_tried_at timestamptz;
alter table event_outbox add column last_error text;
alter table event_outbox add column lease_owner text;
alter table event_outbox add column lease_until timestamptz;
-- events that could not be routed after their retries, kept for an operator to retry or discard
create table dead_letters (
  seq bigint primary key references events (seq),
  user_id text,
  journey_id text,
  error text not null,
  attempts int not null,
  first_tried_at timestamptz not null,
  last_tried_at timestamptz not null,
  status text not null default 'parked' check (status in ('parked', 'discarded', 'retried')),
  updated_at timestamptz not null default now()
);
create index dead_letters_parked on dead_letters (last_tried_at) where status = 'parked';
-- periodic jobs that must run once across every process (the automatic-winner check)
create table job_runs (
  name text primary key,
  last_run_at timestamptz not null
);
`,
  },
  {
    // 70-79: retention analytics (issue 11)
    version: 70,
    name: 'retention-settings',
    sql: `
-- what the events mean for retention metrics: one row for the account
create table retention_settings (
  id boolean primary key default true check (id),
  settings jsonb not null,
  updated_at timestamptz not null default now()
);
-- the metrics look events up by customer and name in time order
create index events_user_event_time on events (user_id, event, timestamp) where user_id is not null;
-- a customer-sent date read without failing the query when it is not one (early cancellations read contract ends)
create function retention_try_timestamptz(value text) returns timestamptz language plpgsql stable as $$ begin return value::timestamptz; exception when others then return null; end $$;
`,
  },
  {
    version: 71,
    name: 'events-by-time',
    sql: `
-- the retention report's per-period reads of every customer's events (stickiness: active days) scan one period, not the whole table
create index events_customer_time on events (timestamp) where user_id is not null;
`,
  },
  {
    version: 72,
    name: 'retention-rollups',
    sql: `
-- Rollups the retention reports read instead of raw events, folded lazily by each report (events with
-- seq above folded_seq, plus events that gained a customer since); rebuilt when the settings they depend on change.
create table retention_rollup_state (
  id boolean primary key default true check (id),
  settings jsonb not null,
  folded_seq bigint not null,
  earliest_at timestamptz,
  untyped_names bigint not null default 0
);
-- per customer and local month: orders, the last order, and the local days active (bit d-1 for day d)
create table retention_rollup_months (
  user_id text not null,
  month date not null,
  orders int not null,
  last_order_at timestamptz,
  active_days int not null,
  primary key (user_id, month)
);
-- per local month and stated currency ('' when none): orders and their gross amount
create table retention_rollup_money (
  month date not null,
  currency text not null,
  orders bigint not null,
  gross numeric not null,
  primary key (month, currency)
);
-- per customer: first sign-up and the first two orders
create table retention_rollup_customers (
  user_id text primary key,
  signed_up_at timestamptz,
  first_order_at timestamptz,
  second_order_at timestamptz
);
-- the first order event of each order_id (a refund without an amount refunds it)
create table retention_rollup_order_ids (
  order_id text primary key,
  ts timestamptz not null,
  seq bigint not null,
  amount numeric,
  currency text
);
create table retention_rollup_refunds (
  seq bigint primary key,
  month date not null,
  amount numeric,
  currency text,
  order_id text
);
-- events already stored that gained a customer (an anonymous id linked later): folded at the next report
create table retention_rollup_pending (seq bigint primary key);
create function retention_rollup_note_linked() returns trigger language plpgsql as $$ begin insert into retention_rollup_pending (seq) values (new.seq) on conflict do nothing; return null; end $$;
create trigger retention_rollup_linked after update of user_id on events for each row
  when (old.user_id is null and new.user_id is not null) execute function retention_rollup_note_linked();
-- deleting events (an erasure, a reset) makes the next report rebuild the rollups
create function retention_rollup_forget() returns trigger language plpgsql as $$ begin delete from retention_rollup_state; return null; end $$;
create trigger retention_rollup_deleted after delete on events for each statement execute function retention_rollup_forget();
create trigger retention_rollup_truncated after truncate on events for each statement execute function retention_rollup_forget();
`,
  },
];
