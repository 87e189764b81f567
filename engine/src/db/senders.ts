import type { Queryable } from './database.ts';

/** A stored sender identity. */
export interface SenderRecord {
  id: string;
  name: string;
  address: string;
  replyTo: string | null;
}

interface SenderRow {
  id: string;
  name: string;
  address: string;
  reply_to: string | null;
}

const toSender = (row: SenderRow): SenderRecord => ({
  id: row.id,
  name: row.name,
  address: row.address,
  replyTo: row.reply_to,
});

/** Every stored sender identity, by id. */
export async function listSenders(db: Queryable): Promise<SenderRecord[]> {
  return (await db.query<SenderRow>('select id, name, address, reply_to from senders order by id')).map(toSender);
}

/** One stored sender identity, or undefined. */
export async function findSender(db: Queryable, id: string): Promise<SenderRecord | undefined> {
  const [row] = await db.query<SenderRow>('select id, name, address, reply_to from senders where id = $1', [id]);
  return row ? toSender(row) : undefined;
}

/** Creates or replaces a sender identity; true when it was new. */
export async function saveSender(db: Queryable, sender: SenderRecord): Promise<boolean> {
  const [row] = await db.query<{ created: boolean }>(
    `insert into senders (id, name, address, reply_to) values ($1, $2, $3, $4)
     on conflict (id) do update set name = excluded.name, address = excluded.address, reply_to = excluded.reply_to, updated_at = now()
     returning (xmax = 0) as created`,
    [sender.id, sender.name, sender.address, sender.replyTo],
  );
  return row?.created ?? false;
}

/** Deletes a sender identity; false when there was none. */
export async function deleteSender(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('delete from senders where id = $1 returning id', [id])).length > 0;
}
