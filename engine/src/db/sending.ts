import { SendingSettings, DEFAULT_SENDING_SETTINGS, type CountedSend } from '../sending-rules/index.ts';
import { lockKeys } from './customer-locks.ts';
import type { Database, Queryable } from './database.ts';

/** A violation of the sending settings: where (a dot path) and what. */
export interface SendingSettingsViolation {
  path: string;
  message: string;
}

/** The account's sending settings; the defaults (no caps, no quiet hours) until some were saved. */
export async function getSendingSettings(db: Queryable): Promise<SendingSettings> {
  const [row] = await db.query<{ settings: unknown }>('select settings from sending_settings where id');
  const stored = row ? SendingSettings.safeParse(row.settings) : undefined;
  return stored?.success ? stored.data : DEFAULT_SENDING_SETTINGS;
}

/** Validates and stores the sending settings; bad input comes back as violations with paths and nothing is stored. */
export async function saveSendingSettings(
  db: Queryable,
  input: unknown,
): Promise<
  { settings: SendingSettings; violations: [] } | { settings: undefined; violations: SendingSettingsViolation[] }
> {
  const checked = SendingSettings.safeParse(input);
  if (!checked.success)
    return {
      settings: undefined,
      violations: checked.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })),
    };
  await db.query(
    `insert into sending_settings (id, settings) values (true, $1::jsonb)
     on conflict (id) do update set settings = excluded.settings, updated_at = now()`,
    [JSON.stringify(checked.data)],
  );
  return { settings: checked.data, violations: [] };
}

/** One send asking for a slot under the caps; `key` identifies it, so asking again (a retried activity) gets the same answer. */
export interface SlotRequest {
  key: string;
  userId: string;
  group: string | null;
  journeyId: string;
  nowMs: number;
  /** How far back sends count (the longest cap window). */
  windowMs: number;
}

/**
 * Reserves a slot for one send if `decide` allows it, given the customer's sends counted in the window.
 * The check and the reservation run under a per-customer lock in one transaction, so two journeys
 * asking at the same moment take turns and cannot both take the last slot. A key that already holds a
 * slot is let through again without counting twice.
 */
export async function claimSendSlot<T extends { allowed: boolean }>(
  db: Database,
  request: SlotRequest,
  decide: (sent: CountedSend[]) => T,
): Promise<T | { allowed: true }> {
  return db.transaction(async (tx) => {
    await lockKeys(tx, [`send-slots:${request.userId}`]);
    const [held] = await tx.query('select 1 from send_slots where idempotency_key = $1', [request.key]);
    if (held) return { allowed: true };
    const rows = await tx.query<{ reserved_at: Date; grp: string | null }>(
      'select reserved_at, grp from send_slots where user_id = $1 and reserved_at > $2 and reserved_at <= $3',
      [request.userId, new Date(request.nowMs - request.windowMs), new Date(request.nowMs)],
    );
    const verdict = decide(rows.map((r) => ({ atMs: new Date(r.reserved_at).getTime(), group: r.grp })));
    if (verdict.allowed)
      await tx.query(
        'insert into send_slots (idempotency_key, user_id, grp, journey_id, reserved_at) values ($1, $2, $3, $4, $5)',
        [request.key, request.userId, request.group, request.journeyId, new Date(request.nowMs)],
      );
    return verdict;
  });
}
