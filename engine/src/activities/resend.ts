import { ApplicationFailure } from '@temporalio/common';
import { claimResend, findCustomer, findSend, type MessageRecord, type SendContent } from '../db/index.ts';
import { deliverClaimed, type SendEmailDeps } from './send-email.ts';

/** What a resend request came to: the resend's own record, or why there is nothing to resend. */
export type ResendResult =
  | { ok: true; resend: MessageRecord; repeated: boolean }
  | { ok: false; problem: 'unknown-send' | 'not-resendable'; message: string };

// Sends from before content was kept rendered without a subject override or trigger properties.
const NO_CONTENT: SendContent = { subject: null, event: { event: '', properties: {} } };

/**
 * Sends a failed or in-doubt email again, now, as a new line of the message log (`resendOf` the
 * original) keyed by the request: the same request repeated (a double click, a retried POST) finds
 * that line and sends nothing more. Consent and the address are checked again, as for any send.
 */
export async function resendEmail(deps: SendEmailDeps, originalKey: string, requestId: string): Promise<ResendResult> {
  const original = await findSend(deps.db, originalKey);
  if (!original)
    return {
      ok: false,
      problem: 'unknown-send',
      message: `There is no send "${originalKey}"; GET /v1/sends lists failed and in-doubt ones`,
    };
  const key = `${originalKey}:resend:${requestId}`;
  const content = original.content ?? NO_CONTENT;
  const claim = await claimResend(deps.db, originalKey, {
    idempotencyKey: key,
    userId: original.userId,
    journeyId: original.journeyId,
    version: original.version,
    stepId: original.stepId,
    template: original.template,
    content,
  });
  if (typeof claim === 'object') {
    return {
      ok: false,
      problem: 'not-resendable',
      message: `Send "${originalKey}" is ${claim.notResendable ?? 'gone'}; only failed and in-doubt sends can be resent`,
    };
  }
  if (claim === 'claimed') {
    const customer = await findCustomer(deps.db, original.userId);
    try {
      await deliverClaimed(deps, {
        key,
        messageKey: originalKey,
        userId: original.userId,
        template: original.template,
        content,
        traits: customer?.traits ?? {},
        unsubscribed: Boolean(customer?.unsubscribedAt),
        journey: { journeyId: original.journeyId, version: original.version },
      });
    } catch (error) {
      // The outcome (failed, in-doubt) is on the resend's line; anything else is a bug or an outage.
      if (!(error instanceof ApplicationFailure)) throw error;
    }
  }
  const resend = await findSend(deps.db, key);
  if (!resend) throw new Error(`The resend "${key}" was claimed but is not in the message log`); // unreachable
  return { ok: true, resend, repeated: claim !== 'claimed' };
}
