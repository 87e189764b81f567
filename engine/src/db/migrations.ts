import type { Database } from './database.ts';

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
];

/** Applies every migration not yet applied, in order, each in its own transaction. */
export async function migrate(db: Database): Promise<number[]> {
  await db.exec('create table if not exists schema_migrations (version int primary key, name text not null, applied_at timestamptz not null default now())');
  const done = new Set((await db.query<{ version: number }>('select version from schema_migrations')).map((r) => r.version));
  const applied: number[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    await db.transaction(async (tx) => {
      for (const statement of m.sql.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) await tx.query(statement);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
    });
    applied.push(m.version);
  }
  return applied;
}
