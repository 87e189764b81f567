import type { Migration } from './migration.ts';

// More retention rollups, subscription groups, sending caps and broadcasts at a local time (96 to 98, 90 to 94), in the order they were released.
// Append-only: a released migration is never edited; add a new one instead.
export const ROLLUPS_GROUPS_AND_CAPS_MIGRATIONS: readonly Migration[] = [
  {
    version: 96,
    name: 'retention-rollup-subscriptions',
    sql: `
-- per customer and local month: the month's last subscription event (started, changed, cancelled), so the
-- state at a month start is the row of the customer's latest earlier month
create table retention_rollup_subscriptions (
  user_id text not null,
  month date not null,
  ts timestamptz not null,
  seq bigint not null,
  active boolean not null,
  mrr numeric not null,
  currency text not null,
  primary key (user_id, month)
);
-- per customer and currency: the first subscription event that made them a customer, and the first with MRR
create table retention_rollup_subscribers (
  user_id text not null,
  currency text not null,
  first_active_at timestamptz,
  first_paid_at timestamptz,
  primary key (user_id, currency)
);
-- the rollups depend on more settings now: rebuild them at the next report
delete from retention_rollup_state;
`,
  },
  {
    version: 97,
    name: 'retention-rollup-nps-activations',
    sql: `
-- per customer and local month: the month's last NPS answer (score null when it is not a number)
create table retention_rollup_nps (
  user_id text not null,
  month date not null,
  ts timestamptz not null,
  seq bigint not null,
  score numeric,
  primary key (user_id, month)
);
-- every activation event of a customer (an activation counts when it comes after the sign-up)
create table retention_rollup_activations (
  seq bigint primary key,
  user_id text not null,
  ts timestamptz not null
);
create index retention_rollup_activations_user on retention_rollup_activations (user_id, ts);
delete from retention_rollup_state;
`,
  },
  {
    version: 98,
    name: 'retention-rollup-month-indexes',
    sql: `
-- the month-bucket reads (purchases, stickiness, NPS) pick each bucket's months: by month, not by customer
create index retention_rollup_months_month on retention_rollup_months (month);
create index retention_rollup_nps_month on retention_rollup_nps (month);
`,
  },
  {
    version: 90,
    name: 'subscription groups',
    sql: `
-- topics a customer can join or leave (product news, offers, surveys); opt-out: in until they leave
create table subscription_groups (
  id text primary key,
  name text not null,
  description text,
  default_state text not null check (default_state in ('opt-in', 'opt-out')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
`,
  },
  {
    version: 91,
    name: 'customer subscription choices',
    sql: `
-- a customer's own choice per group; no row: the group's default
create table customer_subscriptions (
  user_id text not null,
  group_id text not null references subscription_groups (id) on delete cascade,
  subscribed boolean not null,
  source text not null,
  changed_at timestamptz not null default now(),
  primary key (user_id, group_id)
);
`,
  },
  {
    // 92-93: frequency caps and quiet hours across journeys (issue 13, item 5)
    version: 92,
    name: 'sending-settings',
    sql: `
-- the account's caps, per-group caps, quiet hours and time zone: one row
create table sending_settings (
  id boolean primary key default true check (id),
  settings jsonb not null,
  updated_at timestamptz not null default now()
);
`,
  },
  {
    version: 93,
    name: 'send-slots',
    sql: `
-- one row per marketing email let through the caps: reserved (under a per-customer lock) before it is sent, keyed like the send
create table send_slots (
  idempotency_key text primary key,
  user_id text not null,
  grp text,
  journey_id text,
  reserved_at timestamptz not null
);
create index send_slots_user_time on send_slots (user_id, reserved_at);
`,
  },
  {
    version: 94,
    name: 'broadcasts at a local time, or into a journey',
    sql: `
-- a broadcast sends a template or enters each recipient into a journey (exactly one of the two)
alter table broadcasts alter column template drop not null;
alter table broadcasts add column journey_id text;
-- deliver at this wall-clock time in each recipient's zone: {"date": "YYYY-MM-DD", "time": "HH:MM"}
alter table broadcasts add column local_time jsonb;
`,
  },
  {
    version: 99,
    name: 'retention-summary-subscriptions',
    sql: `
-- per local month: how the month changed the customer count (customers at its end minus at its start),
-- and who became a customer in it, never one before (acquired) or again (won back). Maintained at fold
-- time: the customers a fold touches have their old contribution subtracted and their new one added.
-- Customers at a month start are the sum of the changes of the months before it.
create table retention_summary_customers (
  month date primary key,
  changed bigint not null,
  acquired bigint not null,
  won_back bigint not null
);
-- per local month and currency: the change of MRR and of paying-or-free subscribers over the month, and the MRR movements
create table retention_summary_mrr (
  month date not null,
  currency text not null,
  changed numeric not null,
  subscribers bigint not null,
  new numeric not null,
  reactivation numeric not null,
  expansion numeric not null,
  contraction numeric not null,
  churned numeric not null,
  primary key (month, currency)
);
delete from retention_rollup_state;
`,
  },
  {
    version: 100,
    name: 'retention-summary-months',
    sql: `
-- per local month: the customers who ordered in it (once or more, twice or more) and their orders, the
-- customers active in it and their active days, and the customers whose first and second orders fall in
-- it. Maintained at fold time like the subscription summaries: the (customer, month) rows and customers a
-- fold touches have their old contribution subtracted and their new one added.
create table retention_summary_months (
  month date primary key,
  orders bigint not null default 0,
  buyers bigint not null default 0,
  repeat_buyers bigint not null default 0,
  active_customers bigint not null default 0,
  active_days bigint not null default 0,
  first_orders bigint not null default 0,
  second_orders bigint not null default 0
);
delete from retention_rollup_state;
`,
  },
  {
    version: 101,
    name: 'retention-summary-cohorts',
    sql: `
-- the monthly cohort triangle returning by ordering, per cohort (by sign-up or first order): how many
-- customers it holds, and per month they ordered in and the next month they ordered in after it
-- ('infinity' when none), how many customers; so a triangle cut at any month E reads who returned in
-- each month before E and whose last return before E it was (the next one is E or later). Maintained
-- at fold time by subtracting and adding back the customers a fold touches.
create table retention_summary_cohort_sizes (
  cohort_by text not null,
  cohort date not null,
  customers bigint not null,
  primary key (cohort_by, cohort)
);
create table retention_summary_cohorts (
  cohort_by text not null,
  cohort date not null,
  month date not null,
  next_month date not null,
  customers bigint not null,
  primary key (cohort_by, cohort, month, next_month)
);
delete from retention_rollup_state;
`,
  },
  {
    version: 102,
    name: 'retention-summary-nps-signups',
    sql: `
-- per local month and NPS score 0-10: the customers whose last answer in the month gave it
create table retention_summary_nps (
  month date not null,
  score int not null,
  customers bigint not null,
  primary key (month, score)
);
-- per customer: the local month of their first sign-up, and the seconds to their first activation after
-- it within that month (null when none), so a month's activation rate and time to value read its sign-ups only
create table retention_summary_signups (
  user_id text primary key,
  month date not null,
  seconds float8
);
create index retention_summary_signups_month on retention_summary_signups (month);
delete from retention_rollup_state;
`,
  },
  // 105-106: the SMTP sink's throughput (issue 12).
  {
    version: 105,
    name: 'sink-mail-raw',
    sql: `
-- the embedded SMTP sink stores each message as received and parses it when it is read; the parsed
-- columns stay for the rows stored before
alter table sink_mail add column raw bytea;
alter table sink_mail alter column headers drop not null;
`,
  },
];
