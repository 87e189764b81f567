import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import {
  audienceMembersInZones,
  audienceMembersPage,
  audienceSize,
  audienceZoneTallies,
  getRetentionSettings,
  recordBroadcastRecipients,
  setBroadcastState,
  type SendContent,
} from '../db/index.ts';
import { assignArm } from '../interpreter/index.ts';
import type { SendEmailDeps } from './send-email.ts';
import { sendBroadcastEmails } from './broadcast-send.ts';
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

/** How many emails of a batch are handed to SMTP at once by default (BROADCAST_SENDS_IN_FLIGHT). */
export const BROADCAST_SENDS_IN_FLIGHT = 16;

/**
 * The broadcast workflow's activities. A batch is sent through the journey email's checks and message log,
 * set-based (sendBroadcastEmails), `sendsInFlight` emails at a time; each person's outcome is read back from
 * the message log, so a batch tried again counts nobody twice.
 * A batch with clean failures (SMTP down) fails retryably until its last attempt, which records them failed.
 */
export function broadcastActivities(
  deps: SendEmailDeps,
  opts: { sendsInFlight?: number | undefined } = {},
): BroadcastActivities {
  const sendsInFlight = opts.sendsInFlight ?? BROADCAST_SENDS_IN_FLIGHT;
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
      const sending = input.userIds.filter((u) => !isHeldOut(input.broadcastId, u, input.holdoutPercent));
      const content: SendContent = {
        subject: input.subject ?? null,
        event: { event: 'Broadcast', properties: { broadcastId: input.broadcastId } },
      };
      const sent = await sendBroadcastEmails(
        deps,
        {
          template: input.template,
          subject: input.subject,
          content,
          recipients: sending.map((userId) => ({ userId, key: broadcastIdempotencyKey(input.broadcastId, userId) })),
        },
        { sendsInFlight, heartbeat: () => context.heartbeat() },
      );
      const outcomes = input.userIds.map((userId) => ({ userId, outcome: sent.get(userId) }));
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
