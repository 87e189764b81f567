import { condition, continueAsNew, defineQuery, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  BROADCAST_BATCH_ATTEMPTS,
  BROADCAST_CANCEL_SIGNAL,
  BROADCAST_PAUSE_SIGNAL,
  BROADCAST_PROGRESS_QUERY,
  BROADCAST_RESUME_SIGNAL,
  type BroadcastActivities,
  type BroadcastBatchResult,
  type BroadcastCounts,
  type BroadcastInput,
  type BroadcastProgress,
  type BroadcastState,
} from '@boomerang/engine/temporal-contract';

export type { BroadcastInput, BroadcastProgress } from '@boomerang/engine/temporal-contract';

/** Stop after the batch in hand (resume goes on from the next recipient). */
export const broadcastPauseSignal = defineSignal(BROADCAST_PAUSE_SIGNAL);
/** Go on sending after a pause. */
export const broadcastResumeSignal = defineSignal(BROADCAST_RESUME_SIGNAL);
/** Stop for good after the batch in hand. */
export const broadcastCancelSignal = defineSignal(BROADCAST_CANCEL_SIGNAL);
/** Sent, skipped (by reason), failed, held out, the audience's size and the state. */
export const broadcastProgressQuery = defineQuery<BroadcastProgress>(BROADCAST_PROGRESS_QUERY);

const { broadcastPage, recordBroadcastState } = proxyActivities<BroadcastActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 20 },
});
// A batch is up to 100 emails, heartbeating after each: a worker that dies mid-batch is noticed within 15 s.
const { sendBroadcastBatch } = proxyActivities<BroadcastActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '15 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumAttempts: BROADCAST_BATCH_ATTEMPTS },
});

const MAX_BATCH = 100;
const BATCHES_PER_RUN = 100;

const emptyCounts = (): BroadcastCounts => ({ sent: 0, skipped: {}, failed: 0, inDoubt: 0, heldOut: 0, total: null });

function add(counts: BroadcastCounts, batch: BroadcastBatchResult): void {
  counts.sent += batch.sent;
  counts.failed += batch.failed;
  counts.inDoubt += batch.inDoubt;
  counts.heldOut += batch.heldOut;
  for (const [reason, n] of Object.entries(batch.skipped)) counts.skipped[reason] = (counts.skipped[reason] ?? 0) + n;
}

/**
 * One broadcast: waits for its start, then pages through the audience's members in user id order, a
 * batch at a time (about one second of sending at its rate), sleeping between batches to hold the
 * rate, and continues as new every so many batches carrying the cursor, the counts and a pause.
 */
export async function broadcastWorkflow(input: BroadcastInput): Promise<BroadcastProgress> {
  const { broadcastId, audienceId, ratePerSecond } = input;
  const counts = input.counts ?? emptyCounts();
  let cursor = input.cursor;
  let paused = input.paused ?? false;
  let cancelled = false;
  let batches = 0;
  let state: BroadcastState = input.counts ? 'sending' : 'scheduled';
  const progress = (): BroadcastProgress => ({ ...counts, skipped: { ...counts.skipped }, state, cursor, batches });
  setHandler(broadcastPauseSignal, () => void (paused = true));
  setHandler(broadcastResumeSignal, () => void (paused = false));
  setHandler(broadcastCancelSignal, () => void (cancelled = true));
  setHandler(broadcastProgressQuery, progress);
  const enter = async (next: BroadcastState) => {
    state = next;
    await recordBroadcastState({ broadcastId, state: next });
  };

  if (!input.counts) {
    const startMs = input.startAt ? Date.parse(input.startAt) : Date.now();
    if (startMs > Date.now()) await condition(() => cancelled, startMs - Date.now());
    if (!cancelled) {
      state = 'sending';
      counts.total = await recordBroadcastState({ broadcastId, state, audienceId });
    }
  }
  const batchSize = Math.min(MAX_BATCH, Math.max(1, Math.round(ratePerSecond)));
  for (;;) {
    if (paused && !cancelled) {
      await enter('paused');
      await condition(() => !paused || cancelled);
      if (!cancelled) await enter('sending');
    }
    if (cancelled) {
      await enter('cancelled');
      return progress();
    }
    if (batches >= (input.batchesPerRun ?? BATCHES_PER_RUN))
      await continueAsNew<typeof broadcastWorkflow>({ ...input, cursor, counts, paused });
    const userIds = await broadcastPage({ audienceId, after: cursor, limit: batchSize });
    const last = userIds.at(-1);
    if (last === undefined) break;
    const began = Date.now();
    const { template, subject, holdoutPercent } = input;
    const batch = await sendBroadcastBatch({ broadcastId, template, subject, holdoutPercent, userIds });
    add(counts, batch);
    cursor = last;
    batches += 1;
    // Held-out recipients are sent nothing, so they take no share of the rate.
    const waitMs = ((userIds.length - batch.heldOut) * 1000) / ratePerSecond - (Date.now() - began);
    if (waitMs > 0) await condition(() => paused || cancelled, waitMs);
  }
  await enter('completed');
  return progress();
}
