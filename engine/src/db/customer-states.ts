import type { Queryable } from './database.ts';

/** A customer's traits and when they last changed, as a customer import compares rows with them. */
export interface CustomerState {
  traits: Record<string, unknown>;
  updatedAt: string;
}

/** The stored traits and last change of these customers (absent ones are not in the map). */
export async function customerStates(db: Queryable, userIds: string[]): Promise<Map<string, CustomerState>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.query<{ user_id: string; traits: Record<string, unknown>; updated_at: string | Date }>(
    'select user_id, traits, updated_at from customers where user_id = any($1::text[])',
    [userIds],
  );
  return new Map(rows.map((r) => [r.user_id, { traits: r.traits, updatedAt: new Date(r.updated_at).toISOString() }]));
}
