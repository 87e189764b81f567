import type { Queryable } from './database.ts';

/** A customer as the engine sees them: identify traits and email consent. */
export interface Customer {
  userId: string;
  traits: Record<string, unknown>;
  unsubscribedAt: string | null;
  createdAt: string;
}

interface CustomerRow { user_id: string; traits: Record<string, unknown>; unsubscribed_at: Date | null; created_at: Date }

const toCustomer = (r: CustomerRow): Customer => ({
  userId: r.user_id, traits: r.traits, unsubscribedAt: r.unsubscribed_at ? new Date(r.unsubscribed_at).toISOString() : null,
  createdAt: new Date(r.created_at).toISOString(),
});

/** Reads a customer, or undefined when no event named them yet. */
export async function findCustomer(db: Queryable, userId: string): Promise<Customer | undefined> {
  const [row] = await db.query<CustomerRow>('select * from customers where user_id = $1', [userId]);
  return row ? toCustomer(row) : undefined;
}

/** Merges traits into a customer (creating them), returning the traits after the change. */
export async function mergeTraits(db: Queryable, userId: string, traits: Record<string, unknown>): Promise<Record<string, unknown>> {
  const [row] = await db.query<{ traits: Record<string, unknown> }>(
    `insert into customers (user_id, traits) values ($1, $2::jsonb)
     on conflict (user_id) do update set traits = customers.traits || excluded.traits, updated_at = now()
     returning traits`, [userId, JSON.stringify(traits)]);
  return row?.traits ?? traits;
}

/** Records that a customer wants no more email. Returns false for an unknown customer. */
export async function unsubscribe(db: Queryable, userId: string): Promise<boolean> {
  const rows = await db.query('update customers set unsubscribed_at = coalesce(unsubscribed_at, now()) where user_id = $1 returning user_id', [userId]);
  return rows.length > 0;
}

/** Lists customers, most recently changed first. */
export async function listCustomers(db: Queryable, limit = 100): Promise<Customer[]> {
  return (await db.query<CustomerRow>('select * from customers order by updated_at desc limit $1', [limit])).map(toCustomer);
}
