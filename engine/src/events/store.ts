import { EVENTS_APPENDED, type Database } from '../db/index.ts';
import type { IncomingEvent } from './segment.ts';

/** A stored event, as the router and the customer timeline read it. */
export interface StoredEvent extends IncomingEvent { seq: number; receivedAt: string }

/** Merges identify traits per customer, in arrival order, so one batch makes one upsert per customer. */
function traitsByCustomer(events: IncomingEvent[]): Array<{ user_id: string; traits: Record<string, unknown> }> {
  const merged = new Map<string, Record<string, unknown>>();
  for (const e of events) {
    if (!e.userId) continue;
    merged.set(e.userId, { ...merged.get(e.userId), ...(e.type === 'identify' ? e.traits : {}) });
  }
  return [...merged].map(([user_id, traits]) => ({ user_id, traits }));
}

const APPENDED = EVENTS_APPENDED;

/**
 * Durable event store. `append` writes events, their outbox rows and customer traits in one
 * transaction; when it resolves the events survive a crash. The same statement notifies the
 * routers (Postgres NOTIFY, delivered on commit, to this process and any other): no polling.
 */
export class EventStore {
  constructor(readonly db: Database) {}

  /** Stores events durably; repeated messageIds are ignored. Returns how many were new. */
  async append(events: IncomingEvent[]): Promise<{ stored: number; duplicates: number }> {
    if (events.length === 0) return { stored: 0, duplicates: 0 };
    const rows = events.map((e) => ({
      message_id: e.messageId, type: e.type, user_id: e.userId ?? null, anonymous_id: e.anonymousId ?? null,
      event: e.event ?? null, properties: e.properties, traits: e.traits, context: e.context, timestamp: e.timestamp,
    }));
    // One statement (so one round trip and one implicit transaction): the events, their outbox rows
    // and the customers they name (identify traits merged; a track only makes sure the customer exists).
    const [result] = await this.db.query<{ stored: number }>(
      `with incoming as (
         select * from jsonb_to_recordset($1::jsonb) as x(message_id text, type text, user_id text, anonymous_id text, event text,
           properties jsonb, traits jsonb, context jsonb, timestamp timestamptz)
       ), stored as (
         insert into events (message_id, type, user_id, anonymous_id, event, properties, traits, context, timestamp)
         select message_id, type, user_id, anonymous_id, event, properties, traits, context, timestamp from incoming
         on conflict (message_id) do nothing returning seq
       ), queued as (
         insert into event_outbox (seq) select seq from stored
       ), customers_named as (
         insert into customers (user_id, traits)
         select user_id, traits from jsonb_to_recordset($2::jsonb) as c(user_id text, traits jsonb)
         where exists (select 1 from stored)
         on conflict (user_id) do update set traits = customers.traits || excluded.traits, updated_at = now()
         where excluded.traits <> '{}'::jsonb
       )
       select count(*)::int as stored, (select count(*) from (select pg_notify('${APPENDED}', '') from stored limit 1) n) as notified from stored`,
      [JSON.stringify(rows), JSON.stringify(traitsByCustomer(events))]);
    const stored = result?.stored ?? 0;
    return { stored, duplicates: events.length - stored };
  }

  /** Calls `listener` whenever new events were stored, by any process; resolves to the unsubscribe function. */
  onAppended(listener: () => void): Promise<() => Promise<void>> {
    return this.db.listen(APPENDED, listener);
  }

  /** The stored events with these sequence numbers, in sequence order. */
  async bySeq(seqs: number[]): Promise<StoredEvent[]> {
    const rows = await this.db.query<EventRow>('select * from events where seq = any($1::bigint[]) order by seq', [seqs]);
    return rows.map(toStoredEvent);
  }

  /** A customer's most recent events, newest first. */
  async timeline(userId: string, limit = 100): Promise<StoredEvent[]> {
    const rows = await this.db.query<EventRow>('select * from events where user_id = $1 order by seq desc limit $2', [userId, limit]);
    return rows.map(toStoredEvent);
  }
}

interface EventRow {
  seq: number | string; message_id: string; type: 'track' | 'identify'; user_id: string | null; anonymous_id: string | null;
  event: string | null; properties: Record<string, unknown>; traits: Record<string, unknown>; context: Record<string, unknown>;
  timestamp: Date | string; received_at: Date | string;
}

function toStoredEvent(r: EventRow): StoredEvent {
  return {
    seq: Number(r.seq), messageId: r.message_id, type: r.type, userId: r.user_id ?? undefined, anonymousId: r.anonymous_id ?? undefined,
    event: r.event ?? undefined, properties: r.properties, traits: r.traits, context: r.context,
    timestamp: new Date(r.timestamp).toISOString(), receivedAt: new Date(r.received_at).toISOString(),
  };
}
