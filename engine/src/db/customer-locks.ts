import type { Queryable } from './database.ts';

/**
 * Holds transaction-scoped locks on the given keys (customer ids, anonymous ids) until commit, so
 * two writers of the same customer take turns even before the customer's row exists. Keys are
 * locked in sorted order, so writers of overlapping sets cannot deadlock.
 */
export async function lockKeys(tx: Queryable, keys: string[]): Promise<void> {
  const sorted = [...new Set(keys)].sort();
  if (sorted.length === 0) return;
  await tx.query(
    `select count(*) from (select pg_advisory_xact_lock(hashtextextended(k, 0))
       from (select k from unnest($1::text[]) with ordinality as u(k, n) order by n) ordered) locked`,
    [sorted],
  );
}

/** Stored traits of these customers (absent ones have none). */
export async function traitsOfCustomers(
  db: Queryable,
  userIds: string[],
): Promise<Map<string, Record<string, unknown>>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.query<{ user_id: string; traits: Record<string, unknown> }>(
    'select user_id, traits from customers where user_id = any($1::text[])',
    [userIds],
  );
  return new Map(rows.map((r) => [r.user_id, r.traits]));
}
