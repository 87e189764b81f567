import { capsFor, judgeSend, longestWindowMs, TRANSACTIONAL_GROUP, type SendVerdict } from '../sending-rules/index.ts';
import { claimSendSlot, findCustomer, getSendingSettings, type Database } from '../db/index.ts';
import type { SendSlotAnswer, SendSlotInput } from '../temporal/contract.ts';
import { stepIdempotencyKey } from './idempotency.ts';

/**
 * The caps-and-quiet-hours check of one send step: judged on the workflow's clock (`nowMs`) and the
 * customer's stored traits, and, when allowed, its slot reserved atomically under the send's key.
 */
export async function reserveSendSlot(db: Database, input: SendSlotInput): Promise<SendSlotAnswer> {
  if (input.group === TRANSACTIONAL_GROUP) return { allowed: true }; // never counted, never held
  const settings = await getSendingSettings(db);
  const customer = await findCustomer(db, input.userId);
  const traits = customer?.traits ?? input.traits;
  const question = { settings, group: input.group, priority: input.priority, traits, nowMs: input.nowMs };
  return claimSendSlot(
    db,
    {
      key: stepIdempotencyKey(input),
      userId: input.userId,
      group: input.group ?? null,
      journeyId: input.journeyId,
      nowMs: input.nowMs,
      windowMs: longestWindowMs(capsFor(settings, input.group).caps),
    },
    (sent): SendVerdict => judgeSend({ ...question, sent }),
  );
}
