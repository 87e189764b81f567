import type { Queryable } from './database.ts';

/** An account (company, team) a customer belongs to, from Segment group calls. */
export interface CustomerGroup {
  groupId: string;
  traits: Record<string, unknown>;
  joinedAt: string;
}

/** A group call to apply: the group's traits to merge and, when known, the customer who belongs to it. */
export interface GroupMembership {
  groupId: string;
  userId: string | undefined;
  traits: Record<string, unknown>;
}

/** Merges each group's traits (in call order) and links customers to their groups. */
export async function applyGroupCalls(db: Queryable, calls: GroupMembership[]): Promise<void> {
  if (calls.length === 0) return;
  const traits = new Map<string, Record<string, unknown>>();
  for (const c of calls) traits.set(c.groupId, { ...traits.get(c.groupId), ...c.traits });
  await db.query(
    `insert into groups (group_id, traits)
     select group_id, traits from jsonb_to_recordset($1::jsonb) as g(group_id text, traits jsonb)
     on conflict (group_id) do update set traits = groups.traits || excluded.traits, updated_at = now()`,
    [JSON.stringify([...traits].map(([group_id, t]) => ({ group_id, traits: t })))],
  );
  const members = calls.filter((c) => c.userId).map((c) => ({ user_id: c.userId, group_id: c.groupId }));
  if (members.length === 0) return;
  await db.query(
    `insert into customer_groups (user_id, group_id)
     select distinct user_id, group_id from jsonb_to_recordset($1::jsonb) as m(user_id text, group_id text)
     on conflict do nothing`,
    [JSON.stringify(members)],
  );
}

/** The groups a customer belongs to, with each group's merged traits, first joined first. */
export async function customerGroups(db: Queryable, userId: string): Promise<CustomerGroup[]> {
  const rows = await db.query<{ group_id: string; traits: Record<string, unknown>; joined_at: Date | string }>(
    `select g.group_id, g.traits, m.joined_at from customer_groups m join groups g using (group_id)
     where m.user_id = $1 order by m.joined_at, g.group_id`,
    [userId],
  );
  return rows.map((r) => ({ groupId: r.group_id, traits: r.traits, joinedAt: new Date(r.joined_at).toISOString() }));
}
