import { createHash } from 'node:crypto';
import { keepBounceReport, softBouncesSince, suppressAddress, unsubscribe, type Database } from '../db/index.ts';
import { EventStore } from '../events/index.ts';
import type { BounceType } from './classify.ts';

/** When soft bounces suppress an address: `softLimit` of them within `softDays` days. */
export interface BouncePolicy {
  softLimit: number;
  softDays: number;
}

/** What recording bounces and complaints needs. */
export interface BounceDeps {
  db: Database;
  policy: BouncePolicy;
}

/** The send a bounce or complaint is about. */
export interface BouncedSend {
  idempotencyKey: string;
  userId: string;
  journeyId: string | null;
  stepId: string | null;
  template: string;
  /** The address it went to. */
  address: string;
  /** The Message-ID it had, or null when it never left (a refusal while sending). */
  messageId: string | null;
}

/** The event names journeys and metrics see. */
export const EMAIL_BOUNCED = 'Email Bounced';
export const EMAIL_MARKED_AS_SPAM = 'Email Marked as Spam';

/** A stable event messageId for a report: the same report delivered twice is one event. */
const eventId = (prefix: string, reportKey: string) =>
  `${prefix}-${createHash('sha256').update(reportKey).digest('hex').slice(0, 32)}`;

const appendTrack = (
  db: Database,
  userId: string,
  messageId: string,
  event: string,
  properties: Record<string, unknown>,
) =>
  new EventStore(db).append([
    {
      type: 'track',
      messageId,
      userId,
      anonymousId: undefined,
      event,
      properties,
      traits: {},
      context: { library: { name: 'boomerang-bounces' } },
      timestamp: new Date().toISOString(),
    },
  ]);

/** What recording a bounce did. */
export interface BounceOutcome {
  /** False when the same report had been recorded before (nothing more was done). */
  recorded: boolean;
  /** Whether the address went onto the suppression list now. */
  suppressed: boolean;
}

/**
 * Records one bounce of a send: kept once per `reportKey`, the address suppressed on a hard bounce
 * or on the policy's n-th soft bounce within its days, and an `Email Bounced` event (type, reason,
 * diagnosticCode, messageId, journey, step, template) appended to the event store for the customer.
 */
export async function recordBounce(
  deps: BounceDeps,
  send: BouncedSend,
  bounce: { type: BounceType; reason: string; diagnosticCode: string | null; source: string; reportKey: string },
): Promise<BounceOutcome> {
  const kept = await keepBounceReport(deps.db, {
    reportKey: bounce.reportKey,
    address: send.address,
    kind: bounce.type,
    sendKey: send.idempotencyKey,
    diagnostic: bounce.reason,
    source: bounce.source,
  });
  if (!kept) return { recorded: false, suppressed: false };
  let suppressed = false;
  if (bounce.type === 'hard') {
    suppressed = await suppressAddress(deps.db, {
      address: send.address,
      reason: 'hard-bounce',
      source: bounce.source,
      detail: bounce.reason,
      userId: send.userId,
    });
  } else if ((await softBouncesSince(deps.db, send.address, deps.policy.softDays)) >= deps.policy.softLimit) {
    suppressed = await suppressAddress(deps.db, {
      address: send.address,
      reason: 'soft-bounce',
      source: bounce.source,
      detail: `${deps.policy.softLimit} soft bounces within ${deps.policy.softDays} days; the last: ${bounce.reason}`,
      userId: send.userId,
    });
  }
  await appendTrack(deps.db, send.userId, eventId('bounce', bounce.reportKey), EMAIL_BOUNCED, {
    type: bounce.type,
    reason: bounce.reason,
    diagnosticCode: bounce.diagnosticCode,
    messageId: send.messageId,
    journey: send.journeyId,
    step: send.stepId,
    template: send.template,
    email: send.address,
    source: bounce.source,
  });
  return { recorded: true, suppressed };
}

/**
 * Records a complaint (a customer marked the email as spam): the customer is unsubscribed from all
 * marketing (the global unsubscribe, with an `Unsubscribed` event as the unsubscribe link makes), the
 * address suppressed (reason complaint) and an `Email Marked as Spam` event appended.
 */
export async function recordComplaint(
  deps: BounceDeps,
  send: BouncedSend,
  complaint: { feedbackType: string; source: string; reportKey: string },
): Promise<BounceOutcome> {
  const kept = await keepBounceReport(deps.db, {
    reportKey: complaint.reportKey,
    address: send.address,
    kind: 'complaint',
    sendKey: send.idempotencyKey,
    diagnostic: complaint.feedbackType,
    source: complaint.source,
  });
  if (!kept) return { recorded: false, suppressed: false };
  if (await unsubscribe(deps.db, send.userId))
    await appendTrack(deps.db, send.userId, `unsubscribe-${send.userId}`, 'Unsubscribed', {
      channel: 'email',
      source: 'complaint',
    });
  const suppressed = await suppressAddress(deps.db, {
    address: send.address,
    reason: 'complaint',
    source: complaint.source,
    detail: `Feedback-Type: ${complaint.feedbackType}`,
    userId: send.userId,
  });
  await appendTrack(deps.db, send.userId, eventId('complaint', complaint.reportKey), EMAIL_MARKED_AS_SPAM, {
    feedbackType: complaint.feedbackType,
    messageId: send.messageId,
    journey: send.journeyId,
    step: send.stepId,
    template: send.template,
    email: send.address,
    source: complaint.source,
  });
  return { recorded: true, suppressed };
}
