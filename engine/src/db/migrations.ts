import type { Database, Queryable } from './database.ts';

// Append-only: a released migration is never edited; add a new one instead.
const migrations: ReadonlyArray<{ version: number; name: string; sql: string }> = [
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
  {
    // 40-44: audiences (issue 12)
    version: 40,
    name: 'audiences',
    sql: `
-- audience definitions; each save is a numbered version
create table audiences (
  id text primary key,
  name text not null,
  definition jsonb not null,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create table audience_versions (
  audience_id text not null references audiences (id) on delete cascade,
  version int not null,
  definition jsonb not null,
  saved_at timestamptz not null default now(),
  primary key (audience_id, version)
);
-- one row per stay of a customer in an audience; left_at is null while they are in it
create table audience_memberships (
  id bigserial primary key,
  audience_id text not null references audiences (id) on delete cascade,
  user_id text not null,
  entered_at timestamptz not null,
  left_at timestamptz
);
create unique index audience_memberships_current on audience_memberships (audience_id, user_id) where left_at is null;
create index audience_memberships_of_customer on audience_memberships (user_id) where left_at is null;
create index audience_memberships_history on audience_memberships (audience_id, entered_at);
-- when a customer's answer for an audience can next change by time passing alone (member or not); a due row is claimed (leased) by one router
create table audience_checks (
  audience_id text not null references audiences (id) on delete cascade,
  user_id text not null,
  next_check_at timestamptz not null,
  claimed_until timestamptz,
  primary key (audience_id, user_id)
);
create index audience_checks_due on audience_checks (next_check_at);
-- customers the audiences have seen: a customer's first routed call is checked against every audience (they may meet one with no data at all, like "never ordered")
create table audience_known_customers (user_id text primary key);
-- a date trait as an instant: YYYY-MM-DD (midnight UTC) or YYYY-MM-DDTHH:MM:SS(.fff) with Z or an offset; anything else is null, never an error
create function audience_instant(value jsonb) returns timestamptz language plpgsql stable as $$ declare s text := value #>> '{}'; begin if jsonb_typeof(value) is distinct from 'string' then return null; end if; if s ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then return (s || 'T00:00:00Z')::timestamptz; end if; if s ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,3})?(Z|[+-][0-9]{2}:[0-9]{2})$' then return s::timestamptz; end if; return null; exception when others then return null; end $$;
`,
  },
  {
    // 82-85: bounces, complaints and the suppression list
    version: 82,
    name: 'suppressions-and-bounces',
    sql: `
-- addresses no email goes to (lower-cased): why, what reported it, and when
create table suppressions (
  address text primary key,
  reason text not null check (reason in ('hard-bounce', 'soft-bounce', 'complaint', 'manual')),
  source text not null,
  detail text,
  user_id text,
  created_at timestamptz not null default now()
);
create index suppressions_created on suppressions (created_at desc);
-- every bounce and complaint report once (report_key: what makes a repeated report the same one)
create table bounces (
  report_key text primary key,
  address text not null,
  kind text not null check (kind in ('hard', 'soft', 'complaint')),
  send_key text,
  diagnostic text,
  source text not null,
  received_at timestamptz not null default now()
);
create index bounces_address_time on bounces (address, received_at) where kind = 'soft';
-- a bounce names its send by the local part of the Message-ID Boomerang gave it, whatever the domain
create index messages_message_id_local on messages ((split_part(smtp_message_id, '@', 1))) where smtp_message_id is not null;
`,
  },
  {
    // 80-81: sender identities (issue 13)
    version: 80,
    name: 'senders',
    sql: `
-- From identities journeys and email steps choose by id; the default sender (MAIL_FROM) is not stored
create table senders (
  id text primary key,
  name text not null,
  address text not null,
  reply_to text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
`,
  },
  {
    // 86-89: open and click tracking (issue 13)
    version: 86,
    name: 'email-tracking-stats',
    sql: `
-- the per-step email rates read tracking events by journey, and bounce reports by send
create index events_email_tracking on events ((properties->>'journey'), event) where event in ('Email Opened', 'Email Link Clicked');
create index bounces_send_key on bounces (send_key) where send_key is not null;
`,
  },
  {
    // 46-49: broadcasts (issue 12)
    version: 46,
    name: 'broadcasts',
    sql: `
-- one-off sends of a template to an audience; counts come from broadcast_recipients
create table broadcasts (
  id text primary key,
  name text not null,
  audience_id text not null,
  template text not null,
  subject text,
  rate_per_second double precision not null,
  holdout_percent double precision not null default 0,
  start_at timestamptz not null,
  state text not null default 'scheduled' check (state in ('scheduled', 'sending', 'paused', 'cancelled', 'completed')),
  total int,
  workflow_id text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- one row per recipient handled: the message log's status ('sent', 'skipped-...', 'failed', 'in-doubt') or 'held-out'
create table broadcast_recipients (
  broadcast_id text not null references broadcasts (id) on delete cascade,
  user_id text not null,
  status text not null,
  reason text,
  message_key text,
  updated_at timestamptz not null default now(),
  primary key (broadcast_id, user_id)
);
create index broadcast_recipients_status on broadcast_recipients (broadcast_id, status);
`,
  },
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

/** The advisory lock key migrations hold (any fixed 64-bit number; "boomerang" in ASCII, truncated). */
const MIGRATION_LOCK = 0x626f6f6d6572;

/**
 * Applies every migration not yet applied, in order, each in its own transaction. Each transaction
 * first takes an advisory lock and then looks again at what is applied, so processes started together
 * on one database apply every migration exactly once instead of crashing into each other.
 */
export async function migrate(db: Database): Promise<number[]> {
  const versions = migrations.map((m) => m.version);
  const repeated = versions.filter((v, i) => versions.indexOf(v) !== i);
  // A repeated version would be skipped silently as "already applied": refuse it instead.
  if (repeated.length) throw new Error(`Migration versions appear twice in migrations.ts: ${repeated.join(', ')}`);
  const applied: number[] = [];
  for (const m of migrations) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await tx.query(
        'create table if not exists schema_migrations (version int primary key, name text not null, applied_at timestamptz not null default now())',
      );
      const [done] = await tx.query('select 1 from schema_migrations where version = $1', [m.version]);
      if (done) return false;
      for (const statement of m.sql
        .split(/;\s*\n/)
        .map((s) => s.trim())
        .filter(Boolean))
        await tx.query(statement);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (ran) applied.push(m.version);
  }
  return applied;
}

/** One migration this version of Boomerang knows: its version number and name, in the order they are applied. */
export interface MigrationInfo {
  version: number;
  name: string;
}

/** Every migration this version of Boomerang knows, in the order `migrate` applies them. */
export function knownMigrations(): MigrationInfo[] {
  return migrations.map(({ version, name }) => ({ version, name }));
}

/** The migrations applied to `db` (none on a database Boomerang never opened), by version. */
export async function appliedMigrations(db: Queryable): Promise<Array<MigrationInfo & { appliedAt: string }>> {
  const [exists] = await db.query<{ found: boolean }>("select to_regclass('schema_migrations') is not null as found");
  if (!exists?.found) return [];
  return db.query<MigrationInfo & { appliedAt: string }>(
    `select version, name, to_char(applied_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "appliedAt"
       from schema_migrations order by version`,
  );
}
