import type { Queryable } from './database.ts';

/** A subscription group as stored. */
export interface StoredGroup {
  id: string;
  name: string;
  description: string | null;
  default: 'opt-in' | 'opt-out';
  createdAt: string;
  updatedAt: string;
}

interface GroupRow {
  id: string;
  name: string;
  description: string | null;
  default_state: 'opt-in' | 'opt-out';
  created_at: Date | string;
  updated_at: Date | string;
}

const toGroup = (r: GroupRow): StoredGroup => ({
  id: r.id,
  name: r.name,
  description: r.description,
  default: r.default_state,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** Every subscription group, by name. */
export async function listSubscriptionGroups(db: Queryable): Promise<StoredGroup[]> {
  return (await db.query<GroupRow>('select * from subscription_groups order by name, id')).map(toGroup);
}

/** One subscription group, or undefined. */
export async function findSubscriptionGroup(db: Queryable, id: string): Promise<StoredGroup | undefined> {
  const [row] = await db.query<GroupRow>('select * from subscription_groups where id = $1', [id]);
  return row ? toGroup(row) : undefined;
}

/** Adds a group; undefined when a group of that id exists already. */
export async function insertSubscriptionGroup(
  db: Queryable,
  g: { id: string; name: string; description: string | null; default: 'opt-in' | 'opt-out' },
): Promise<StoredGroup | undefined> {
  const [row] = await db.query<GroupRow>(
    `insert into subscription_groups (id, name, description, default_state) values ($1, $2, $3, $4)
     on conflict (id) do nothing returning *`,
    [g.id, g.name, g.description, g.default],
  );
  return row ? toGroup(row) : undefined;
}

/** Changes a group's name, description or default (fields left undefined stay); undefined for an unknown group. */
export async function updateSubscriptionGroup(
  db: Queryable,
  id: string,
  change: {
    name?: string | undefined;
    description?: string | null | undefined;
    default?: 'opt-in' | 'opt-out' | undefined;
  },
): Promise<StoredGroup | undefined> {
  const [row] = await db.query<GroupRow>(
    `update subscription_groups set name = coalesce($2, name),
       description = case when $3::boolean then $4 else description end,
       default_state = coalesce($5, default_state), updated_at = now()
     where id = $1 returning *`,
    [id, change.name ?? null, change.description !== undefined, change.description ?? null, change.default ?? null],
  );
  return row ? toGroup(row) : undefined;
}

/** Deletes a group and every customer's choice in it; false for an unknown group. */
export async function deleteSubscriptionGroup(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('delete from subscription_groups where id = $1 returning id', [id])).length > 0;
}

/** A customer's own choices, by group id. */
export async function subscriptionChoicesOf(
  db: Queryable,
  userId: string,
): Promise<Map<string, { subscribed: boolean; source: string; changedAt: string }>> {
  const rows = await db.query<{ group_id: string; subscribed: boolean; source: string; changed_at: Date | string }>(
    'select group_id, subscribed, source, changed_at from customer_subscriptions where user_id = $1',
    [userId],
  );
  return new Map(
    rows.map((r) => [
      r.group_id,
      { subscribed: r.subscribed, source: r.source, changedAt: new Date(r.changed_at).toISOString() },
    ]),
  );
}

/** Stores a customer's choice in each group named (the latest choice wins). */
export async function saveSubscriptionChoices(
  db: Queryable,
  userId: string,
  choices: Array<{ group: string; subscribed: boolean }>,
  source: string,
): Promise<void> {
  for (const c of choices)
    await db.query(
      `insert into customer_subscriptions (user_id, group_id, subscribed, source) values ($1, $2, $3, $4)
       on conflict (user_id, group_id) do update set subscribed = excluded.subscribed, source = excluded.source, changed_at = now()`,
      [userId, c.group, c.subscribed, source],
    );
}

/** Takes back a customer's unsubscribe from all email (they joined a group again); true when they had left all. */
export async function resubscribe(db: Queryable, userId: string): Promise<boolean> {
  const rows = await db.query(
    'update customers set unsubscribed_at = null where user_id = $1 and unsubscribed_at is not null returning user_id',
    [userId],
  );
  return rows.length > 0;
}
