import type { Queryable } from './database.ts';
import { EVENTS_APPENDED } from './outbox.ts';

/** One event as stored in the events table. */
export interface EventRow {
  seq: number | string;
  message_id: string;
  type: string;
  user_id: string | null;
  anonymous_id: string | null;
  group_id?: string | null;
  previous_id?: string | null;
  event: string | null;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
  timestamp: Date | string;
  received_at: Date | string;
}

/** An event to store, in the events table's columns. */
export interface NewEventRow {
  message_id: string;
  type: string;
  user_id: string | null;
  anonymous_id: string | null;
  event: string | null;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
  timestamp: string;
  group_id: string | null;
  previous_id: string | null;
  original_timestamp: string | null;
  sent_at: string | null;
  /** History: stored, but given no outbox row, so no router ever sees it. */
  historical?: boolean;
}

/**
 * One statement (so one round trip and one implicit transaction): the events, their outbox rows and
 * the customers they name (`customers`: traits merged; empty traits only make sure the customer exists;
 * `routed_traits`, from historical identifies, merged into what the router has seen). Historical events get no outbox row.
 * It notifies the routers (Postgres NOTIFY, delivered on commit). Returns the messageIds that were new.
 */
export async function insertEventRows(
  db: Queryable,
  rows: NewEventRow[],
  customers: Array<{
    user_id: string;
    traits: Record<string, unknown>;
    routed_traits?: Record<string, unknown> | null;
  }>,
): Promise<Set<string>> {
  const [result] = await db.query<{ stored: string[] }>(
    `with incoming as (
       select * from jsonb_to_recordset($1::jsonb) as x(message_id text, type text, user_id text, anonymous_id text, event text,
         properties jsonb, traits jsonb, context jsonb, timestamp timestamptz, group_id text, previous_id text,
         original_timestamp timestamptz, sent_at timestamptz, historical boolean)
     ), stored as (
       insert into events (message_id, type, user_id, anonymous_id, event, properties, traits, context, timestamp, group_id, previous_id, original_timestamp, sent_at)
       select message_id, type, user_id, anonymous_id, event, properties, traits, context, timestamp, group_id, previous_id, original_timestamp, sent_at from incoming
       on conflict (message_id) do nothing returning seq, message_id
     ), queued as (
       insert into event_outbox (seq) select s.seq from stored s
       where exists (select 1 from incoming i where i.message_id = s.message_id and not coalesce(i.historical, false))
     ), customers_named as (
       insert into customers (user_id, traits, routed_traits)
       select user_id, traits, routed_traits from jsonb_to_recordset($2::jsonb) as c(user_id text, traits jsonb, routed_traits jsonb)
       where exists (select 1 from stored)
       on conflict (user_id) do update set traits = customers.traits || excluded.traits, updated_at = now(),
         routed_traits = case when excluded.routed_traits is null then customers.routed_traits else coalesce(customers.routed_traits, '{}'::jsonb) || excluded.routed_traits end
       where excluded.traits <> '{}'::jsonb
     )
     select coalesce((select jsonb_agg(message_id) from stored), '[]'::jsonb) as stored,
       (select count(*) from (select pg_notify('${EVENTS_APPENDED}', '') from stored limit 1) n) as notified`,
    [JSON.stringify(rows), JSON.stringify(customers)],
  );
  return new Set(result?.stored ?? []);
}

/** The stored events with these sequence numbers, in sequence order. */
export async function eventsBySeq(db: Queryable, seqs: number[]): Promise<EventRow[]> {
  return db.query<EventRow>('select * from events where seq = any($1::bigint[]) order by seq', [seqs]);
}

/** A customer's most recent `limit` events, newest first. */
export async function latestEventsOf(db: Queryable, userId: string, limit: number): Promise<EventRow[]> {
  return db.query<EventRow>('select * from events where user_id = $1 order by seq desc limit $2', [userId, limit]);
}
