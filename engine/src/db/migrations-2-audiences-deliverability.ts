import type { Migration } from './migration.ts';

// Audiences, suppressions, senders, tracking and broadcasts (40, 82, 80, 86, 46), in the order they were released.
// Append-only: a released migration is never edited; add a new one instead.
export const AUDIENCES_AND_DELIVERABILITY_MIGRATIONS: readonly Migration[] = [
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
];
