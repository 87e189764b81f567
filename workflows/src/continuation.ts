import { workflowInfo } from '@temporalio/workflow';
import {
  JOURNEY_HISTORY_BOUND,
  SEEN_MESSAGES_KEPT,
  type JourneyCarryOver,
  type JourneyInput,
} from '@boomerang/engine/temporal-contract';

/** Whether this run's history has reached its bound (or the server suggests continuing as new). */
export function historyIsFull(input: JourneyInput): boolean {
  const { historyLength, continueAsNewSuggested } = workflowInfo();
  return continueAsNewSuggested || historyLength >= (input.historyBound ?? JOURNEY_HISTORY_BOUND);
}

/** The most recent messageIds (a Set keeps insertion order), enough to drop the router's repeats. */
export function recentMessages(seen: ReadonlySet<string>, kept = SEEN_MESSAGES_KEPT): string[] {
  const all = [...seen];
  return all.slice(Math.max(0, all.length - kept));
}

/** The input of the run this one continues as: the same journey, customer and trigger, and where it stands. */
export function continuedInput(input: JourneyInput, carry: JourneyCarryOver): JourneyInput {
  return { ...input, continued: carry };
}
