import {
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  patched,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
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
  type ZoneFilter,
  type ZoneProgress,
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

const { broadcastPage, broadcastZones, recordBroadcastState } = proxyActivities<BroadcastActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 20 },
});
// A batch is up to 1,000 emails, heartbeating after each wave of sends: a worker that dies mid-batch is noticed within 15 s.
const { sendBroadcastBatch, enrolBroadcastBatch } = proxyActivities<BroadcastActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '15 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumAttempts: BROADCAST_BATCH_ATTEMPTS },
});

/** The throttle keeps a schedule across batches (runs started before it measure each batch alone). */
export const THROTTLE_SCHEDULE_PATCH = 'broadcast-throttle-keeps-a-schedule';

/** Batches hold up to 1,000 recipients, sent set-based (runs started before this change take 100). */
export const BIGGER_BATCHES_PATCH = 'broadcast-batches-of-1000';

const MAX_BATCH = 1000;
const MAX_BATCH_BEFORE = 100;
const BATCHES_PER_RUN = 100;

const emptyCounts = (): BroadcastCounts => ({
  sent: 0,
  skipped: {},
  failed: 0,
  inDoubt: 0,
  heldOut: 0,
  enrolled: 0,
  total: null,
});

function add(counts: BroadcastCounts, batch: BroadcastBatchResult): void {
  counts.sent += batch.sent;
  counts.failed += batch.failed;
  counts.inDoubt += batch.inDoubt;
  counts.heldOut += batch.heldOut;
  counts.enrolled += batch.enrolled;
  for (const [reason, n] of Object.entries(batch.skipped)) counts.skipped[reason] = (counts.skipped[reason] ?? 0) + n;
}

/** The members a zone group's pages take (none: every member). */
function filterOf(group: ZoneProgress | undefined, known: string[]): ZoneFilter | undefined {
  if (!group) return undefined;
  return group.unzoned ? { zones: group.zones, unzonedBesides: known } : { zones: group.zones };
}

/**
 * One broadcast: waits for its start, then pages through the audience's members in user id order, a
 * batch at a time (about one second of sending at its rate), sleeping between batches to hold the
 * rate, and continues as new every so many batches carrying the cursor, the counts and a pause.
 * A local-time broadcast first groups the members by the instant the local time comes in their zone,
 * then takes the groups in instant order, sleeping until each (a group whose instant has passed goes at once).
 * Each batch is sent the template, or entered into the journey.
 */
export async function broadcastWorkflow(input: BroadcastInput): Promise<BroadcastProgress> {
  const { broadcastId, audienceId, ratePerSecond } = input;
  const counts: BroadcastCounts = { ...emptyCounts(), ...input.counts };
  let cursor = input.cursor;
  let paused = input.paused ?? false;
  let cancelled = false;
  let batches = 0;
  /** When the batch in hand's share of time ends, on the throttle's schedule. */
  let slotMs: number | undefined;
  let zones = input.zones;
  let invalidZones = input.invalidZones;
  let state: BroadcastState = input.counts ? 'sending' : 'scheduled';
  const progress = (): BroadcastProgress => ({
    ...counts,
    skipped: { ...counts.skipped },
    state,
    cursor,
    batches,
    ...(zones ? { zones: zones.map((z) => ({ ...z })), invalidZones } : {}),
  });
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
      if (input.localTime) {
        const plan = await broadcastZones({ audienceId, localTime: input.localTime });
        zones = plan.groups.map((g) => ({ ...g, handled: 0, state: 'waiting' }));
        invalidZones = plan.invalidZones;
      }
    }
  }
  const known = [...new Set((zones ?? []).flatMap((z) => z.zones))];
  const maxBatch = patched(BIGGER_BATCHES_PATCH) ? MAX_BATCH : MAX_BATCH_BEFORE;
  const batchSize = Math.min(maxBatch, Math.max(1, Math.round(ratePerSecond)));
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
      await continueAsNew<typeof broadcastWorkflow>({ ...input, cursor, counts, paused, zones, invalidZones });
    const group = zones?.find((z) => z.state !== 'done');
    if (zones && !group) break;
    if (group?.state === 'waiting') {
      const waitMs = Date.parse(group.sendAt) - Date.now();
      if (waitMs > 0 && (await condition(() => paused || cancelled, waitMs))) continue;
      group.state = 'sending';
    }
    // The throttle's second runs from before the page is fetched, so fetching it takes no share of the rate
    // (runs started before this change measure from after it, as they did).
    const pageAsked = Date.now();
    const filter = filterOf(group, known);
    const userIds = await broadcastPage({
      audienceId,
      after: cursor,
      limit: batchSize,
      ...(filter ? { zones: filter } : {}),
    });
    const last = userIds.at(-1);
    if (last === undefined) {
      if (!group) break;
      group.state = 'done';
      cursor = '';
      continue;
    }
    const began = patched('broadcast-throttle-counts-the-page') ? pageAsked : Date.now();
    const batch = await sendOrEnrol(input, userIds);
    add(counts, batch);
    cursor = last;
    batches += 1;
    if (group) group.handled += userIds.length;
    // Held-out recipients are sent nothing, so they take no share of the rate.
    const batchMs = ((userIds.length - batch.heldOut) * 1000) / ratePerSecond;
    let waitMs = batchMs - (Date.now() - began);
    if (patched(THROTTLE_SCHEDULE_PATCH)) {
      // The throttle keeps a schedule: a batch's share of time starts where the last one's ended, so the
      // latency of timers and tasks between batches is made up. A batch more than a second behind
      // (after a pause, a zone's wait, a slow relay) starts a new schedule instead of a burst.
      const start = slotMs !== undefined && slotMs >= pageAsked - 1000 ? slotMs : pageAsked;
      slotMs = start + batchMs;
      waitMs = slotMs - Date.now();
    }
    if (waitMs > 0) await condition(() => paused || cancelled, waitMs);
  }
  await enter('completed');
  return progress();
}

/** Sends one batch the template, or enters it into the journey. */
async function sendOrEnrol(input: BroadcastInput, userIds: string[]): Promise<BroadcastBatchResult> {
  const { broadcastId, template, journeyId, subject, holdoutPercent } = input;
  if (journeyId !== undefined) return enrolBroadcastBatch({ broadcastId, journeyId, holdoutPercent, userIds });
  if (template === undefined)
    throw ApplicationFailure.nonRetryable(`Broadcast "${broadcastId}" names neither a template nor a journey`);
  return sendBroadcastBatch({ broadcastId, template, subject, holdoutPercent, userIds });
}
