import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Plan } from '../interpreter/index.ts';
import {
  broadcastRecipientMark,
  claimEnrollment,
  enrollmentEnteredAt,
  enrollmentId,
  findCustomer,
  findJourney,
  findVersion,
  markBroadcastRecipient,
  recordBroadcastRecipients,
  type Database,
} from '../db/index.ts';
import {
  EVENT_SIGNAL,
  JOURNEY_WORKFLOW,
  type BroadcastActivities,
  type BroadcastBatchResult,
  type DeliveredEvent,
  type JourneyInput,
} from '../temporal/contract.ts';

const ENROLLING = 'enrolling';
const ENROLLED = 'enrolled';

/** The event a broadcast enters a customer with: one message id per broadcast and person (runs drop repeats). */
export function broadcastTrigger(broadcastId: string, userId: string, nowIso: string): DeliveredEvent {
  return {
    messageId: `broadcast:${broadcastId}:${userId}`,
    event: 'Broadcast',
    properties: { broadcastId },
    timestamp: nowIso,
  };
}

/** The live plan of a journey (none: the journey is not live). */
async function livePlan(db: Database, journeyId: string): Promise<Plan | undefined> {
  const journey = await findJourney(db, journeyId);
  if (journey?.status !== 'live' || journey.liveVersion === null) return undefined;
  // Trust boundary: journey_versions.plan is only ever written by publishVersion, from compile().
  return (await findVersion(db, journeyId, journey.liveVersion))?.plan as Plan | undefined;
}

/**
 * Enters one customer into the journey as the router does for a trigger (claim the enrollment under the
 * journey's re-entry rule, then start the run). A mark written before the claim makes a retried batch
 * recognise its own earlier entry (the entry began after the mark) and finish it instead of skipping or
 * entering again.
 */
async function enrolOne(
  db: Database,
  broadcastId: string,
  plan: Plan,
  userId: string,
): Promise<{ status: string; reason: string | null }> {
  const earlier = await broadcastRecipientMark(db, broadcastId, userId);
  if (earlier && earlier.status !== ENROLLING) return earlier;
  if (!earlier) await markBroadcastRecipient(db, broadcastId, userId, ENROLLING);
  const workflowId = enrollmentId(plan.journeyId, userId);
  const claim = await claimEnrollment(db, {
    workflowId,
    journeyId: plan.journeyId,
    userId,
    version: plan.version,
    reEntry: plan.reEntry,
  });
  const enteredAt = claim === 'new' ? undefined : await enrollmentEnteredAt(db, workflowId);
  const ours = claim === 'new' || (earlier !== undefined && enteredAt !== undefined && enteredAt >= earlier.at);
  if (!ours)
    return claim === 'active'
      ? { status: 'skipped-in-journey', reason: `already in journey "${plan.journeyId}"` }
      : { status: 'skipped-no-reentry', reason: `journey "${plan.journeyId}" allows no re-entry` };
  const customer = await findCustomer(db, userId);
  const traits = customer?.traits ?? {};
  const trigger = { ...broadcastTrigger(broadcastId, userId, new Date().toISOString()), traits };
  const input: JourneyInput = { journeyId: plan.journeyId, version: plan.version, plan, userId, traits, trigger };
  const context = Context.current();
  try {
    await context.client.workflow.signalWithStart(JOURNEY_WORKFLOW, {
      workflowId,
      taskQueue: context.info.taskQueue,
      args: [input],
      signal: EVENT_SIGNAL,
      signalArgs: [trigger],
      // Finishing an earlier attempt's entry must not start a second run when the first already ended.
      workflowIdReusePolicy: claim === 'new' ? 'ALLOW_DUPLICATE' : 'REJECT_DUPLICATE',
    });
  } catch (error) {
    if (!(claim !== 'new' && error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  return { status: ENROLLED, reason: null };
}

/**
 * The activity that enters a batch of recipients into the broadcast's journey, holdout first; each
 * person's outcome is recorded, so a batch tried again enters nobody twice and counts nobody twice.
 */
export function broadcastEnrolment(
  db: Database,
  isHeldOut: (broadcastId: string, userId: string, holdoutPercent: number) => boolean,
): Pick<BroadcastActivities, 'enrolBroadcastBatch'> {
  return {
    async enrolBroadcastBatch({ broadcastId, journeyId, holdoutPercent, userIds }) {
      const result: BroadcastBatchResult = { sent: 0, skipped: {}, failed: 0, inDoubt: 0, heldOut: 0, enrolled: 0 };
      const recorded: Array<{ userId: string; status: string; reason: string | null; messageKey: null }> = [];
      const plan = await livePlan(db, journeyId);
      for (const userId of userIds) {
        Context.current().heartbeat();
        const outcome = isHeldOut(broadcastId, userId, holdoutPercent)
          ? { status: 'held-out', reason: null }
          : plan
            ? await enrolOne(db, broadcastId, plan, userId)
            : { status: 'skipped-journey-not-live', reason: `journey "${journeyId}" is not live` };
        recorded.push({ userId, ...outcome, messageKey: null });
        if (outcome.status === ENROLLED) result.enrolled += 1;
        else if (outcome.status === 'held-out') result.heldOut += 1;
        else result.skipped[outcome.status] = (result.skipped[outcome.status] ?? 0) + 1;
      }
      await recordBroadcastRecipients(db, broadcastId, recorded);
      return result;
    },
  };
}
