import type { Queryable } from './database.ts';

/** An anonymous visitor known to be a customer. */
export interface AnonymousLink {
  anonymousId: string;
  userId: string;
}

/** The customers these anonymous ids are already linked to. */
export async function linkedCustomers(db: Queryable, anonymousIds: string[]): Promise<Map<string, string>> {
  if (anonymousIds.length === 0) return new Map();
  const rows = await db.query<{ anonymous_id: string; user_id: string }>(
    'select anonymous_id, user_id from anonymous_ids where anonymous_id = any($1::text[])',
    [anonymousIds],
  );
  return new Map(rows.map((r) => [r.anonymous_id, r.user_id]));
}

/**
 * Links anonymous ids to customers (an id already linked keeps its first customer) and gives each
 * linked customer the events stored so far under only that anonymous id (which are not routed to
 * journeys afterwards). Returns how many events moved.
 */
export async function linkAnonymousIds(db: Queryable, links: AnonymousLink[]): Promise<number> {
  if (links.length === 0) return 0;
  await db.query(
    `insert into anonymous_ids (anonymous_id, user_id)
     select anonymous_id, user_id from jsonb_to_recordset($1::jsonb) as l(anonymous_id text, user_id text)
     on conflict (anonymous_id) do nothing`,
    [JSON.stringify(links.map((l) => ({ anonymous_id: l.anonymousId, user_id: l.userId })))],
  );
  // Moved events leave the routing queue too: anonymous events are never routed after the fact,
  // whether or not the router had reached them yet.
  const [moved] = await db.query<{ n: number }>(
    `with moved as (
       update events e set user_id = a.user_id from anonymous_ids a
       where a.anonymous_id = any($1::text[]) and e.anonymous_id = a.anonymous_id and e.user_id is null
       returning e.seq
     ), unqueued as (delete from event_outbox where seq in (select seq from moved))
     select count(*)::int as n from moved`,
    [links.map((l) => l.anonymousId)],
  );
  return moved?.n ?? 0;
}

/** The anonymous ids linked to a customer, oldest link first. */
export async function anonymousIdsOf(db: Queryable, userId: string): Promise<string[]> {
  const rows = await db.query<{ anonymous_id: string }>(
    'select anonymous_id from anonymous_ids where user_id = $1 order by linked_at, anonymous_id',
    [userId],
  );
  return rows.map((r) => r.anonymous_id);
}
