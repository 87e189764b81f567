import { applyTraitChange, type TraitChange } from '../nodes/index.ts';
import type { Database, Queryable } from './database.ts';

/** A customer as the engine sees them: identify traits and email consent. */
export interface Customer {
  userId: string;
  traits: Record<string, unknown>;
  unsubscribedAt: string | null;
  createdAt: string;
}

interface CustomerRow {
  user_id: string;
  traits: Record<string, unknown>;
  unsubscribed_at: Date | null;
  created_at: Date;
}

const toCustomer = (r: CustomerRow): Customer => ({
  userId: r.user_id,
  traits: r.traits,
  unsubscribedAt: r.unsubscribed_at ? new Date(r.unsubscribed_at).toISOString() : null,
  createdAt: new Date(r.created_at).toISOString(),
});

/** Reads a customer, or undefined when no event named them yet. */
export async function findCustomer(db: Queryable, userId: string): Promise<Customer | undefined> {
  const [row] = await db.query<CustomerRow>('select * from customers where user_id = $1', [userId]);
  return row ? toCustomer(row) : undefined;
}

/** Merges traits into a customer (creating them), returning the traits after the change. */
export async function mergeTraits(
  db: Queryable,
  userId: string,
  traits: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const [row] = await db.query<{ traits: Record<string, unknown> }>(
    `insert into customers (user_id, traits) values ($1, $2::jsonb)
     on conflict (user_id) do update set traits = customers.traits || excluded.traits, updated_at = now()
     returning traits`,
    [userId, JSON.stringify(traits)],
  );
  return row?.traits ?? traits;
}

/** Records that a customer wants no more email. Returns false for an unknown customer. */
export async function unsubscribe(db: Queryable, userId: string): Promise<boolean> {
  const rows = await db.query(
    'update customers set unsubscribed_at = coalesce(unsubscribed_at, now()) where user_id = $1 returning user_id',
    [userId],
  );
  return rows.length > 0;
}

/** Lists customers, most recently changed first. */
export async function listCustomers(db: Queryable, limit = 100): Promise<Customer[]> {
  return (await db.query<CustomerRow>('select * from customers order by updated_at desc limit $1', [limit])).map(
    toCustomer,
  );
}

/**
 * Applies a trait change once per idempotency key (a retried or replayed action changes nothing
 * twice) and returns the traits afterwards. Adding to a trait that is missing or not a number starts from 0.
 */
export async function changeTraits(
  db: Database,
  userId: string,
  change: TraitChange,
  idempotencyKey: string,
): Promise<Record<string, unknown>> {
  return db.transaction(async (tx) => {
    await tx.query(`insert into customers (user_id) values ($1) on conflict (user_id) do nothing`, [userId]);
    const [row] = await tx.query<{ traits: Record<string, unknown> }>(
      'select traits from customers where user_id = $1 for update',
      [userId],
    );
    const traits = row?.traits ?? {};
    const claimed = await tx.query(
      'insert into trait_changes (idempotency_key, user_id) values ($1, $2) on conflict do nothing returning idempotency_key',
      [idempotencyKey, userId],
    );
    if (claimed.length === 0) return traits;
    const next = applyTraitChange(traits, change);
    await tx.query('update customers set traits = $2::jsonb, updated_at = now() where user_id = $1', [
      userId,
      JSON.stringify(next),
    ]);
    return next;
  });
}

/**
 * For the router, in event order: the traits before and after an identify call, as far as routing
 * is concerned. The first identify of a customer routed since migration compares with no traits.
 */
export async function advanceRoutedTraits(
  db: Queryable,
  userId: string,
  incoming: Record<string, unknown>,
): Promise<{ before: Record<string, unknown>; after: Record<string, unknown> }> {
  const [row] = await db.query<{ routed_traits: Record<string, unknown> | null }>(
    'select routed_traits from customers where user_id = $1',
    [userId],
  );
  const before = row?.routed_traits ?? {};
  const after = { ...before, ...incoming };
  await db.query('update customers set routed_traits = $2::jsonb where user_id = $1', [userId, JSON.stringify(after)]);
  return { before, after };
}

/** One page of customers in user id order, after `afterUserId` (use '' for the first page). */
export async function customersAfter(
  db: Queryable,
  afterUserId: string,
  limit: number,
): Promise<Array<{ userId: string; traits: Record<string, unknown> }>> {
  const rows = await db.query<{ user_id: string; traits: Record<string, unknown> }>(
    'select user_id, traits from customers where user_id > $1 order by user_id limit $2',
    [afterUserId, limit],
  );
  return rows.map((r) => ({ userId: r.user_id, traits: r.traits }));
}

/** For the router when no trigger looks at identify calls: the routed traits of these customers catch up with their traits. */
export async function catchUpRoutedTraits(db: Queryable, userIds: string[]): Promise<void> {
  await db.query('update customers set routed_traits = traits where user_id = any($1::text[])', [userIds]);
}
