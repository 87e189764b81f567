import type { Queryable } from './database.ts';
import type { ChangedStays } from './audience-members.ts';

// Audiences decided in JavaScript (conditions on traits alone): the statement that reads what the
// decision needs, and the one that writes only the stays that change. The caller holds the pairs'
// locks (membershipLockKeys), so both see what no other re-evaluation of these pairs is changing.

/** One (audience, customer) pair. */
export interface AudiencePair {
  audienceId: string;
  userId: string;
}

/** The merged traits of these customers (absent: no such customer) and which of the pairs are current stays. */
export async function traitsAndStays(
  tx: Queryable,
  userIds: string[],
  pairs: AudiencePair[],
): Promise<{ traits: Map<string, Record<string, unknown>>; members: Set<string> }> {
  const [row] = await tx.query<{ traits: Record<string, Record<string, unknown>>; members: Array<[string, string]> }>(
    `select coalesce((select jsonb_object_agg(user_id, traits) from customers where user_id = any($1::text[])), '{}') as traits,
       coalesce((select jsonb_agg(jsonb_build_array(m.audience_id, m.user_id)) from audience_memberships m
         join unnest($2::text[], $3::text[]) as p(audience_id, user_id) on m.audience_id = p.audience_id and m.user_id = p.user_id
         where m.left_at is null), '[]') as members`,
    [userIds, pairs.map((p) => p.audienceId), pairs.map((p) => p.userId)],
  );
  return {
    traits: new Map(Object.entries(row?.traits ?? {})),
    members: new Set((row?.members ?? []).map(([a, u]) => pairKey({ audienceId: a, userId: u }))),
  };
}

/** The key of a pair in `traitsAndStays().members`. */
export function pairKey(p: AudiencePair): string {
  return JSON.stringify([p.audienceId, p.userId]);
}

/** Opens a stay for each pair entering and closes the current stay of each pair leaving, in one statement. */
export async function writeDecidedStays(
  tx: Queryable,
  entering: AudiencePair[],
  leaving: AudiencePair[],
  now: Date,
): Promise<ChangedStays> {
  if (entering.length === 0 && leaving.length === 0) return { entered: [], exited: [] };
  const [row] = await tx.query<ChangedStays>(
    `with opened as (
       insert into audience_memberships (audience_id, user_id, entered_at)
       select audience_id, user_id, $5::timestamptz from unnest($1::text[], $2::text[]) as x(audience_id, user_id)
       on conflict do nothing returning id::text, audience_id, user_id),
     closed as (
       update audience_memberships m set left_at = $5::timestamptz
       from unnest($3::text[], $4::text[]) as x(audience_id, user_id)
       where m.audience_id = x.audience_id and m.user_id = x.user_id and m.left_at is null
       returning m.id::text, m.audience_id, m.user_id)
     select coalesce((select jsonb_agg(o) from opened o), '[]') as entered,
       coalesce((select jsonb_agg(c) from closed c), '[]') as exited`,
    [
      entering.map((p) => p.audienceId),
      entering.map((p) => p.userId),
      leaving.map((p) => p.audienceId),
      leaving.map((p) => p.userId),
      now.toISOString(),
    ],
  );
  return { entered: row?.entered ?? [], exited: row?.exited ?? [] };
}
