import type { StepInput } from '../temporal/contract.ts';

/** The idempotency key of one step of one run (workflow, run, step, iteration): a retried or replayed activity reuses it. */
export function stepIdempotencyKey(input: Pick<StepInput, 'workflowId' | 'runId' | 'stepId' | 'iteration'>): string {
  return `${input.workflowId}:${input.runId}:${input.stepId}:${input.iteration}`;
}
