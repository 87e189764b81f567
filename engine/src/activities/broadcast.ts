import pMap from 'p-map';
import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import {
  audienceMembersInZones,
  audienceMembersPage,
  audienceSize,
  audienceZoneTallies,
  getRetentionSettings,
  claimSend,
  findCustomer,
  findSend,
  recordBroadcastRecipients,
  setBroadcastState,
  type SendContent,
} from '../db/index.ts';
import { assignArm } from '../interpreter/index.ts';
import { deliverClaimed, type SendEmailDeps } from './send-email.ts';
import { broadcastEnrolment } from './broadcast-enrol.ts';
import { planZones } from './broadcast-zones.ts';
import { BROADCAST_BATCH_ATTEMPTS, type BroadcastActivities, type BroadcastBatchResult } from '../temporal/contract.ts';

const HELD_OUT = 'held-out';

/** The idempotency key of a broadcast's email to one customer: one per broadcast and person, whatever retries or replays. */
export function broadcastIdempotencyKey(broadcastId: string, userId: string): string {
  return `broadcast:${broadcastId}:${userId}`;
}

/** The experiment key of a broadcast's holdout (the journey holdout's sticky hash, keyed by the broadcast). */
export function broadcastHoldoutKey(broadcastId: string): string {
  return `${broadcastId}:broadcast-holdout`;
}

/** Whether a customer is in a broadcast's holdout: murmur3 of (key, userId) on weights send / holdout, as journeys do. */
export function isHeldOut(broadcastId: string, userId: string, holdoutPercent: number): boolean {
  if (holdoutPercent <= 0) return false;
  const arms = [
    { name: 'entrants', weight: 100 - holdoutPercent },
    { name: HELD_OUT, weight: holdoutPercent },
  ];
  return assignArm(broadcastHoldoutKey(broadcastId), userId, arms) === HELD_OUT;
}

/** A recipient's outcome: the message log's status and why, or a retryable failure to try again. */
async function sendOne(
  deps: SendEmailDeps,
  input: { broadcastId: string; template: string; subject?: string | undefined },
  userId: string,
): Promise<{ status: string; reason: string | null; key: string; retry: boolean }> {
  const key = broadcastIdempotencyKey(input.broadcastId, userId);
  const content: SendContent = {
    subject: input.subject ?? null,
    event: { event: 'Broadcast', properties: { broadcastId: input.broadcastId } },
  };
  const claim = await claimSend(deps.db, {
    idempotencyKey: key,
    userId,
    journeyId: null,
    version: null,
    stepId: null,
    template: input.template,
    content,
  });
  let retry = false;
  if (claim === 'claimed') {
    const customer = await findCustomer(deps.db, userId);
    try {
      await deliverClaimed(deps, {
        key,
        userId,
        template: input.template,
        content,
        traits: customer?.traits ?? {},
        unsubscribed: Boolean(customer?.unsubscribedAt),
      });
    } catch (error) {
      // The outcome (failed, in-doubt) is on the message log's line; anything else is a bug or an outage.
      if (!(error instanceof ApplicationFailure)) throw error;
      retry = !error.nonRetryable;
    }
  }
  const line = await findSend(deps.db, key);
  return { status: line?.status ?? 'in-doubt', reason: line?.error ?? null, key, retry };
}

/** How many of a batch's recipients are being sent at once (nodemailer's pool keeps 5 SMTP connections). */
const BROADCAST_SENDS_AT_ONCE = 4;

/**
 * The broadcast workflow's activities. A batch is sent through the journey send path, a few people at a time;
 * each person's outcome is read back from the message log, so a batch tried again counts nobody twice.
 * A batch with clean failures (SMTP down) fails retryably until its last attempt, which records them failed.
 */
export function broadcastActivities(deps: SendEmailDeps): BroadcastActivities {
  return {
    async broadcastPage({ audienceId, after, limit, zones }) {
      if (zones) return audienceMembersInZones(deps.db, audienceId, zones, after, limit);
      return (await audienceMembersPage(deps.db, audienceId, after, limit)).map((m) => m.userId);
    },
    async broadcastZones({ audienceId, localTime }) {
      const { timeZone } = await getRetentionSettings(deps.db);
      return planZones(await audienceZoneTallies(deps.db, audienceId), localTime, timeZone);
    },
    ...broadcastEnrolment(deps.db, isHeldOut),
    async recordBroadcastState({ broadcastId, state, audienceId }) {
      const total = audienceId === undefined ? undefined : await audienceSize(deps.db, audienceId);
      return setBroadcastState(deps.db, broadcastId, state, total);
    },
    async sendBroadcastBatch(input) {
      const result: BroadcastBatchResult = { sent: 0, skipped: {}, failed: 0, inDoubt: 0, heldOut: 0, enrolled: 0 };
      const recorded: Array<{ userId: string; status: string; reason: string | null; messageKey: string | null }> = [];
      let retryable = 0;
      const context = Context.current();
      // A few recipients at a time (the SMTP pool holds several connections), each outcome in batch order.
      const outcomes = await pMap(
        input.userIds,
        async (userId) => {
          const outcome = isHeldOut(input.broadcastId, userId, input.holdoutPercent)
            ? undefined
            : await sendOne(deps, input, userId);
          context.heartbeat();
          return { userId, outcome };
        },
        // On an error, the sends already under way still finish before the batch fails (and is retried),
        // so a retry never races a send of the attempt before it.
        { concurrency: BROADCAST_SENDS_AT_ONCE, stopOnError: false },
      );
      for (const { userId, outcome } of outcomes) {
        if (!outcome) {
          recorded.push({ userId, status: HELD_OUT, reason: null, messageKey: null });
          result.heldOut += 1;
          continue;
        }
        recorded.push({ userId, status: outcome.status, reason: outcome.reason, messageKey: outcome.key });
        if (outcome.retry) retryable += 1;
        if (outcome.status === 'sent') result.sent += 1;
        else if (outcome.status === 'failed') result.failed += 1;
        else if (outcome.status === 'in-doubt') result.inDoubt += 1;
        else result.skipped[outcome.status] = (result.skipped[outcome.status] ?? 0) + 1;
      }
      await recordBroadcastRecipients(deps.db, input.broadcastId, recorded);
      if (retryable > 0 && context.info.attempt < BROADCAST_BATCH_ATTEMPTS)
        throw ApplicationFailure.retryable(
          `${retryable} of ${input.userIds.length} emails of broadcast "${input.broadcastId}" could not be sent yet; trying the batch again`,
          'SendFailed',
        );
      return result;
    },
  };
}
