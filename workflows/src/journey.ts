import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  TemporalFailure,
  workflowInfo,
} from '@temporalio/workflow';
import {
  advance,
  begin,
  exitOn,
  isExitEvent,
  matchesEvent,
  wakeJitterMs,
  type Command,
  type Input,
} from '@boomerang/engine/interpreter';
import type { SendFailureType, StepActivity } from '@boomerang/engine/activities';
import type {
  DeliveredEvent,
  JourneyActivities,
  JourneyInput,
  JourneyOutcome,
} from '@boomerang/engine/temporal-contract';
import { WAKE_JITTER_MS } from '@boomerang/engine/temporal-contract';
import { continuedInput, historyIsFull, recentMessages } from './continuation.ts';
import { eventSignal, progressQuery } from './signals.ts';
import { awaitSendSlot } from './send-slot.ts';

export type { JourneyInput, JourneyOutcome } from '@boomerang/engine/temporal-contract';

// Behaviour added after runs were recorded, each behind its own patch so older histories replay:
/** An action that gives up is recorded as a failed (or in-doubt) step and the run follows the step's onFailure. */
export const ACTION_FAILURES_PATCH = 'action-failures-recorded';
/** A run that fails for any other reason still closes its enrollment (re-entry rules then hold). */
export const CLOSE_ON_FAILURE_PATCH = 'enrollment-closed-on-failure';
/** The failure type of a send that may have reached the mail server: never retried, recorded "in-doubt". */
export const SEND_IN_DOUBT: SendFailureType = 'SendInDoubt';
/** A send-email step first asks the account's caps and quiet hours for a slot, deferring or skipping the email when held. */
export const SENDING_RULES_PATCH = 'sending-rules-held';
/** A run whose history reaches its bound continues as new at its next delay or wait, carrying its state. */
export const CONTINUE_AS_NEW_PATCH = 'continue-as-new-at-history-bound';
/** A delay until a local time of day wakes a little after it, by a sticky per-run jitter. */
export const WAKE_JITTER_PATCH = 'wake-jitter-at-local-time';

const progress = proxyLocalActivities<Pick<JourneyActivities, 'recordProgress' | 'recordExposure'>>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 10 },
});

/**
 * One customer's run of one journey version: drives the pure interpreter with Temporal primitives.
 * Delays are timers, waits are conditions with a timeout, every side effect is an activity.
 */
export async function journeyWorkflow(input: JourneyInput): Promise<JourneyOutcome> {
  const { plan, journeyId, version, userId } = input;
  // A run that continued as new keeps the enrollment's first run id, so its idempotency keys stay the enrollment's.
  const { workflowId, firstExecutionRunId: runId } = workflowInfo();
  const carried = input.continued;
  const seen = new Set<string>(carried?.seen ?? [input.trigger.messageId]);
  let inbox: DeliveredEvent[] = [];
  let traits = carried?.traits ?? input.traits;
  let exitRequested = false;
  let current: Command | undefined;
  let emailsSent = carried?.emailsSent ?? 0;
  // A wait handed over began before this run did: what reached this run in the hand-over counts for it.
  let waitHandedOver = carried?.command.kind === 'wait';

  setHandler(eventSignal, (event) => {
    if (seen.has(event.messageId)) return; // routing is at-least-once
    seen.add(event.messageId);
    if (event.traits) traits = { ...traits, ...event.traits };
    if (isExitEvent(plan, event)) exitRequested = true;
    else inbox.push(event);
  });
  setHandler(progressQuery, () => ({
    stepId: current && current.kind !== 'exit' ? current.stepId : null,
    waitingFor: current?.kind === 'wait' ? current.match.event : null,
    emailsSent,
    continuedTimes: carried?.generation ?? 0,
  }));

  let { state, command } = carried ?? begin(plan, { traits, trigger: input.trigger, nowMs: Date.now(), userId });
  // Steps entered since the last record (actions, conditions, splits pass without one of their own):
  // they ride along with the next record, so every step gets its "entered" count. Only the input of
  // the local activity grows; the commands stay as they were, so older histories replay unchanged.
  let recordedUpTo = 0;
  const record = (stepId: string | null, status: string, ended = false) => {
    const passed = state.path.slice(recordedUpTo).filter((id, i, all) => !(i === all.length - 1 && id === stepId));
    recordedUpTo = state.path.length;
    return progress.recordProgress({ workflowId, journeyId, version, userId, stepId, status, ended, passed });
  };
  try {
    for (;;) {
      current = command;
      // The interpreter ends the run (as in the simulator); the outstanding step is the one exited from.
      if (exitRequested && command.kind !== 'exit') ({ state, command } = exitOn(state));
      if (command.kind === 'exit') {
        await record(command.stepId, `exit:${command.reason}`, true);
        return { reason: command.reason, stepId: command.stepId, emailsSent };
      }
      // Before a pause (nothing in flight), a long run hands its state to a fresh run with a short history.
      if (
        (command.kind === 'sleep' || command.kind === 'wait') &&
        historyIsFull(input) &&
        patched(CONTINUE_AS_NEW_PATCH)
      ) {
        await condition(allHandlersFinished);
        if (exitRequested) continue;
        const pending = { ...state, path: state.path.slice(recordedUpTo) };
        const generation = (carried?.generation ?? 0) + 1;
        const carry = { state: pending, command, traits, seen: recentMessages(seen), emailsSent, generation };
        return await continueAsNew<typeof journeyWorkflow>(continuedInput(input, carry));
      }
      let answer: Input;
      if (command.kind === 'sleep') {
        await record(command.stepId, 'delay');
        const step = plan.steps[command.stepId];
        const atLocalTime = step?.kind === 'delay' && step.duration === undefined;
        const jitter =
          atLocalTime && patched(WAKE_JITTER_PATCH)
            ? wakeJitterMs(workflowId, input.wakeJitterMs ?? WAKE_JITTER_MS)
            : 0;
        await condition(() => exitRequested, Math.max(1, command.untilMs + jitter - Date.now()));
        answer = { kind: 'timer', nowMs: Date.now() };
      } else if (command.kind === 'wait') {
        await record(command.stepId, 'waiting');
        if (!waitHandedOver) inbox = []; // only events after the wait began count
        waitHandedOver = false;
        const match = command.match;
        const found = () => inbox.find((e) => matchesEvent(match, e));
        const arrived = await condition(
          () => exitRequested || found() !== undefined,
          Math.max(1, command.deadlineMs - Date.now()),
        );
        const event = arrived ? found() : undefined;
        answer = event ? { kind: 'event', nowMs: Date.now(), event } : { kind: 'timeout', nowMs: Date.now() };
      } else if (command.kind === 'expose') {
        // Plans without a split never get here, so runs started before splits existed replay unchanged.
        await progress.recordExposure({
          workflowId,
          journeyId,
          version,
          userId,
          splitId: command.stepId,
          experimentKey: command.experimentKey,
          variant: command.variant,
          exposedAt: new Date().toISOString(),
        });
        answer = { kind: 'exposed', nowMs: Date.now() };
      } else if (
        command.nodeType === 'send-email' &&
        patched(SENDING_RULES_PATCH) &&
        (await awaitSendSlot(
          plan,
          command,
          { userId, traits: () => traits, exitRequested: () => exitRequested },
          record,
        )) !== 'send'
      ) {
        answer = { kind: 'acted', nowMs: Date.now() }; // skipped (or the run is exiting): no email, the run goes on
      } else {
        const act = proxyActivities<Record<string, StepActivity>>({
          startToCloseTimeout: command.startToCloseTimeoutMs,
          // A window for all attempts (an email through an SMTP outage); plans without one are bounded by attempts alone.
          ...(command.retryForMs === undefined ? {} : { scheduleToCloseTimeout: command.retryForMs }),
          // The node's declared backoff; plans without one keep the original 1 s, doubling, at most 5 minutes.
          retry: {
            maximumAttempts: command.maximumAttempts,
            initialInterval: command.retry?.initialIntervalMs ?? '1 second',
            backoffCoefficient: command.retry?.backoffCoefficient ?? 2,
            maximumInterval: command.retry?.maximumIntervalMs ?? '5 minutes',
          },
        });
        const run = act[command.activity];
        if (!run) throw new Error(`No activity named ${command.activity}`); // unreachable: proxies exist for every name
        try {
          const result = await run({
            workflowId,
            runId,
            journeyId,
            version,
            userId,
            stepId: command.stepId,
            iteration: command.iteration,
            nodeType: command.nodeType,
            nodeVersion: plan.nodeVersions[command.stepId],
            config: command.config,
            trigger: input.trigger,
            traits,
          });
          if (result.emailSent) emailsSent += 1;
          traits = result.traits;
          // Only actions whose step has branches answer with one; other plans advance exactly as before.
          answer = {
            kind: 'acted',
            nowMs: Date.now(),
            traits: result.traits,
            ...(result.branch === undefined ? {} : { branch: result.branch }),
          };
        } catch (error) {
          if (!(error instanceof ActivityFailure) || !patched(ACTION_FAILURES_PATCH)) throw error;
          const outcome =
            error.cause instanceof ApplicationFailure && error.cause.type === SEND_IN_DOUBT ? 'in-doubt' : 'failed';
          await record(command.stepId, outcome);
          answer = { kind: 'failed', nowMs: Date.now(), outcome };
        }
      }
      if (exitRequested) continue;
      ({ state, command } = advance(plan, state, answer));
    }
  } catch (error) {
    // A Temporal failure (an activity, a cancellation) ends the run: say so, so the enrollment is closed and
    // re-entry rules hold. Any other error only fails this workflow task, which Temporal retries.
    if (error instanceof TemporalFailure && patched(CLOSE_ON_FAILURE_PATCH)) {
      const stepId = current && current.kind !== 'exit' ? current.stepId : null;
      await CancellationScope.nonCancellable(() => record(stepId, 'exit:failed', true)).catch(() => undefined);
    }
    throw error;
  }
}
