import type { Database, Queryable } from './database.ts';
import { EVENTS_APPENDED } from './outbox.ts';

/** An event the router parked after its retries, with why; an operator retries or discards it. */
export interface DeadLetter {
  seq: number;
  messageId: string;
  type: string;
  event: string | null;
  userId: string | null;
  journeyId: string | null;
  error: string;
  attempts: number;
  firstTriedAt: string;
  lastTriedAt: string;
  status: 'parked' | 'discarded' | 'retried';
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  timestamp: string;
}

interface DeadLetterRow {
  seq: string | number;
  message_id: string;
  type: string;
  event: string | null;
  user_id: string | null;
  journey_id: string | null;
  error: string;
  attempts: number;
  first_tried_at: Date | string;
  last_tried_at: Date | string;
  status: DeadLetter['status'];
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  timestamp: Date | string;
}

const iso = (d: Date | string) => new Date(d).toISOString();
const toDeadLetter = (r: DeadLetterRow): DeadLetter => ({
  seq: Number(r.seq),
  messageId: r.message_id,
  type: r.type,
  event: r.event,
  userId: r.user_id,
  journeyId: r.journey_id,
  error: r.error,
  attempts: r.attempts,
  firstTriedAt: iso(r.first_tried_at),
  lastTriedAt: iso(r.last_tried_at),
  status: r.status,
  properties: r.properties,
  traits: r.traits,
  timestamp: iso(r.timestamp),
});

/** Dead letters, most recently parked first (parked ones only unless `status` says otherwise). */
export async function listDeadLetters(
  db: Queryable,
  opts: { status?: DeadLetter['status']; limit?: number } = {},
): Promise<DeadLetter[]> {
  const rows = await db.query<DeadLetterRow>(
    `select d.*, e.message_id, e.type, e.event, e.properties, e.traits, e.timestamp
     from dead_letters d join events e on e.seq = d.seq where d.status = $1 order by d.last_tried_at desc, d.seq desc limit $2`,
    [opts.status ?? 'parked', opts.limit ?? 100],
  );
  return rows.map(toDeadLetter);
}

/** Puts a parked event back in the outbox with fresh attempts and wakes the routers; false when no such parked event. */
export async function retryDeadLetter(db: Database, seq: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const taken = await tx.query(
      `update dead_letters set status = 'retried', updated_at = now() where seq = $1 and status = 'parked' returning seq`,
      [seq],
    );
    if (taken.length === 0) return false;
    await tx.query('insert into event_outbox (seq) values ($1) on conflict (seq) do nothing', [seq]);
    await tx.query(`select pg_notify('${EVENTS_APPENDED}', '')`);
    return true;
  });
}

/** Gives up on a parked event for good; false when no such parked event. */
export async function discardDeadLetter(db: Queryable, seq: number): Promise<boolean> {
  const rows = await db.query(
    `update dead_letters set status = 'discarded', updated_at = now() where seq = $1 and status = 'parked' returning seq`,
    [seq],
  );
  return rows.length > 0;
}
