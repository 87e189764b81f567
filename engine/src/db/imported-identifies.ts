import type { Queryable } from './database.ts';
import { EVENTS_APPENDED } from './outbox.ts';

/** One imported row as stored: its identify call's messageId, customer and traits. */
export interface ImportedIdentifyRow {
  messageId: string;
  userId: string;
  traits: Record<string, unknown>;
}

/** What every row of one imported chunk shares. */
export interface ImportedChunk {
  context: Record<string, unknown>;
  timestamp: string;
  /** History: no outbox row (no journey sees it) and the traits count as already routed. */
  historical: boolean;
}

/** A chunk's rows as the JSON text its statement reads (see encodeImportedRows). */
export interface EncodedImportedRows {
  json: string;
  count: number;
}

/**
 * The rows of a chunk as one JSON text: `[messageId, userId, traits]` per row, and on the last row of
 * each customer a fourth element saying what the customer's traits merge with: `1` when that row is
 * the customer's only one (its own traits), else the customer's rows merged in file order. Each
 * row's traits are written once (the customers' traits used to be a second copy, which PGlite's
 * JavaScript side measures and copies character by character, and its database parses again).
 */
export function encodeImportedRows(rows: ImportedIdentifyRow[]): EncodedImportedRows {
  const last = new Map<string, number>();
  const merged = new Map<string, Record<string, unknown>>();
  rows.forEach((r, i) => {
    if (last.has(r.userId))
      merged.set(r.userId, { ...(merged.get(r.userId) ?? rows[last.get(r.userId)!]!.traits), ...r.traits });
    last.set(r.userId, i);
  });
  const encoded = rows.map((r, i) =>
    last.get(r.userId) === i
      ? [r.messageId, r.userId, r.traits, merged.get(r.userId) ?? 1]
      : [r.messageId, r.userId, r.traits],
  );
  return { json: JSON.stringify(encoded), count: rows.length };
}

/**
 * One statement for a chunk of imported identify calls: the events (repeated messageIds skipped),
 * their outbox rows unless history, and the customers' traits merged in file order. Rows travel as
 * one compact JSON array (encodeImportedRows) with the shared columns bound once, which PGlite and
 * Postgres both parse far faster than one record per row. Routers are notified only when something
 * was queued for them. Returns the messageIds that were new.
 */
export async function insertImportedIdentifies(
  db: Queryable,
  chunk: ImportedChunk,
  rows: EncodedImportedRows,
): Promise<Set<string>> {
  if (rows.count === 0) return new Set();
  const [result] = await db.query<{ stored: string[] }>(
    `with incoming as materialized (
       select x->>0 as message_id, x->>1 as user_id, x->2 as traits, x->3 as customer, n
       from jsonb_array_elements($1::jsonb) with ordinality as a(x, n)
     ), stored as (
       insert into events (message_id, type, user_id, traits, context, timestamp)
       select message_id, 'identify', user_id, traits, $2::jsonb, $3::timestamptz from incoming order by n
       on conflict (message_id) do nothing returning seq, message_id
     ), queued as (
       insert into event_outbox (seq) select seq from stored where not $4::boolean returning seq
     ), customers_named as (
       insert into customers (user_id, traits, routed_traits)
       select user_id, merged, case when $4::boolean then merged end
       from (select user_id, case when jsonb_typeof(customer) = 'object' then customer else traits end as merged
             from incoming where customer is not null) c
       where exists (select 1 from stored)
       on conflict (user_id) do update set traits = customers.traits || excluded.traits, updated_at = now(),
         routed_traits = case when excluded.routed_traits is null then customers.routed_traits else coalesce(customers.routed_traits, '{}'::jsonb) || excluded.routed_traits end
       where excluded.traits <> '{}'::jsonb
     )
     select coalesce((select jsonb_agg(message_id) from stored), '[]'::jsonb) as stored,
       (select count(*) from (select pg_notify('${EVENTS_APPENDED}', '') from queued limit 1) n) as notified`,
    [rows.json, JSON.stringify(chunk.context), chunk.timestamp, chunk.historical],
  );
  return new Set(result?.stored ?? []);
}
