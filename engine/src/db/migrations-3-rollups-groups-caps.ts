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
];
