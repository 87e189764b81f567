import { Context } from '@temporalio/activity';
import { findSend, findSuppression, type Database, type Suppression } from '../db/index.ts';
import { isLastAttempt } from './last-attempt.ts';
import { recordBounce, type BouncePolicy } from './record.ts';
import { bounceOfSendError } from './smtp-refusal.ts';
import { returnPath } from './verp.ts';

/** What a send needs to know about bounces: the soft-bounce policy and, with BOUNCE_DOMAIN, where bounces go. */
export interface SendBounces {
  policy: BouncePolicy;
  /** BOUNCE_DOMAIN: the envelope sender becomes `bounce+<signed id>@` there. */
  domain?: string | undefined;
  linkSecret: string;
}

/** Why mail to an address is skipped, given its suppression, in the words a send's error shows (journey emails and broadcasts alike). */
export const whySuppressed = (address: string, s: Suppression): string =>
  `the address ${address} is on the suppression list (${s.reason}, from ${s.source}, ${s.createdAt}${s.detail ? `: ${s.detail}` : ''})`;

/** Why mail to this address is skipped (its suppression, in words), or null when it may be sent. */
export async function suppressedBecause(db: Database, address: string): Promise<string | null> {
  const s = await findSuppression(db, address);
  return s ? whySuppressed(address, s) : null;
}

/** The envelope sender for a send with this Message-ID: its VERP return path with BOUNCE_DOMAIN, else undefined (the From address). */
export function envelopeSenderFor(bounces: SendBounces | undefined, messageId: string): string | undefined {
  if (!bounces?.domain) return undefined;
  return returnPath(bounces.linkSecret, bounces.domain, messageId) ?? undefined;
}

/** Whether the running activity attempt is its last (no Temporal context, as in a resend: one attempt only). */
function lastAttemptNow(): boolean {
  try {
    return isLastAttempt(Context.current().info, Date.now());
  } catch {
    return true;
  }
}

/**
 * Records a bounce when a send was refused: a 5xx to RCPT TO / DATA at once (hard), a 4xx when this
 * was the last attempt (soft). Anything else (a retry to come, a broken connection) records nothing.
 */
export async function noteRefusal(
  db: Database,
  bounces: SendBounces,
  send: { key: string; userId: string; template: string; to: string; messageId: string },
  error: unknown,
): Promise<void> {
  const bounce = bounceOfSendError(error, lastAttemptNow());
  if (!bounce) return;
  const record = await findSend(db, send.key);
  await recordBounce(
    { db, policy: bounces.policy },
    {
      idempotencyKey: send.key,
      userId: send.userId,
      journeyId: record?.journeyId ?? null,
      stepId: record?.stepId ?? null,
      template: send.template,
      address: send.to,
      messageId: send.messageId,
    },
    { ...bounce, source: 'smtp', reportKey: `smtp:${send.key}` },
  );
}
