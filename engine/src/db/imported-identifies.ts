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

/**
 * One statement for a chunk of imported identify calls: the events (repeated messageIds skipped),
 * their outbox rows unless history, and the customers' traits merged in file order. Rows travel as
 * compact JSON arrays with the shared columns bound once, which PGlite and Postgres both parse far
 * faster than one record per row. Routers are notified only when something was queued for them.
 * Returns the messageIds that were new.
 */
export async function insertImportedIdentifies(
  db: Queryable,
  chunk: ImportedChunk,
  rows: ImportedIdentifyRow[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const merged = new Map<string, Record<string, unknown>>();
  for (const r of rows) merged.set(r.userId, { ...merged.get(r.userId), ...r.traits });
  const [result] = await db.query<{ stored: string[] }>(
    `with incoming as (
       select x->>0 as message_id, x->>1 as user_id, x->2 as traits, n
       from jsonb_array_elements($1::jsonb) with ordinality as a(x, n)
     ), stored as (
       insert into events (message_id, type, user_id, traits, context, timestamp)
       select message_id, 'identify', user_id, traits, $2::jsonb, $3::timestamptz from incoming order by n
       on conflict (message_id) do nothing returning seq, message_id
     ), queued as (
       insert into event_outbox (seq) select seq from stored where not $4::boolean returning seq
     ), customers_named as (
       insert into customers (user_id, traits, routed_traits)
       select c->>0, c->1, case when $4::boolean then c->1 end from jsonb_array_elements($5::jsonb) c
       where exists (select 1 from stored)
       on conflict (user_id) do update set traits = customers.traits || excluded.traits, updated_at = now(),
         routed_traits = case when excluded.routed_traits is null then customers.routed_traits else coalesce(customers.routed_traits, '{}'::jsonb) || excluded.routed_traits end
       where excluded.traits <> '{}'::jsonb
     )
     select coalesce((select jsonb_agg(message_id) from stored), '[]'::jsonb) as stored,
       (select count(*) from (select pg_notify('${EVENTS_APPENDED}', '') from queued limit 1) n) as notified`,
    [
      JSON.stringify(rows.map((r) => [r.messageId, r.userId, r.traits])),
      JSON.stringify(chunk.context),
      chunk.timestamp,
      chunk.historical,
      JSON.stringify([...merged]),
    ],
  );
  return new Set(result?.stored ?? []);
}
