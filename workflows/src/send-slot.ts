import { condition, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import { groupOfConfig, TRANSACTIONAL_GROUP } from '@boomerang/engine/sending-rules';
import type { Command, Plan } from '@boomerang/engine/interpreter';
import type { JourneyActivities } from '@boomerang/engine/temporal-contract';

type ActCommand = Extract<Command, { kind: 'act' }>;

// A local activity (like the progress records): it runs within the workflow task, so the send is scheduled as promptly as before.
const slots = proxyLocalActivities<Pick<JourneyActivities, 'reserveSendSlot'>>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 10 },
});

/** What became of a send step under the caps and quiet hours. */
export type SlotOutcome = 'send' | 'skipped-capped' | 'skipped-quiet-hours' | 'exit';

/**
 * Holds a marketing email until the account's caps and quiet hours let it go: each "not now" is a
 * timer to the moment the activity named (deferral), after which it asks again, as another journey
 * may have taken the slot meanwhile; with `overLimit: skip` the step is left out instead. Transactional
 * email goes at once. `exitRequested` ends a deferral early; `record` notes each hold on the step.
 */
export async function awaitSendSlot(
  plan: Plan,
  command: ActCommand,
  run: { userId: string; traits: () => Record<string, unknown>; exitRequested: () => boolean },
  record: (stepId: string, status: string) => Promise<void>,
): Promise<SlotOutcome> {
  const group = groupOfConfig(command.config);
  if (group === TRANSACTIONAL_GROUP) return 'send';
  const { workflowId, firstExecutionRunId: runId } = workflowInfo(); // the enrollment's, across continue-as-new
  const sending = plan.sending ?? { priority: 'normal', overLimit: 'defer' };
  for (;;) {
    const answer = await slots.reserveSendSlot({
      workflowId,
      runId,
      journeyId: plan.journeyId,
      userId: run.userId,
      stepId: command.stepId,
      iteration: command.iteration,
      group,
      priority: sending.priority,
      traits: run.traits(),
      nowMs: Date.now(),
    });
    if (answer.allowed) return 'send';
    if (sending.overLimit === 'skip') {
      const status = answer.reason === 'capped' ? 'skipped-capped' : 'skipped-quiet-hours';
      await record(command.stepId, status);
      return status;
    }
    await record(command.stepId, answer.reason === 'capped' ? 'deferred-capped' : 'deferred-quiet-hours');
    await condition(run.exitRequested, Math.max(1, answer.untilMs - Date.now()));
    if (run.exitRequested()) return 'exit';
  }
}
