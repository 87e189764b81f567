import type { Queryable } from './database.ts';

/** How many emails left for the mail server since `since` (the denominator of complaint and bounce rates). */
export async function sentSince(db: Queryable, since: Date): Promise<number> {
  const [row] = await db.query<{ n: number | string }>(
    `select count(*) as n from messages where status = 'sent' and sent_at >= $1`,
    [since.toISOString()],
  );
  return Number(row?.n ?? 0);
}
