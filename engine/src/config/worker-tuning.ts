import { z } from 'zod';

const slots = z.coerce.number().int().min(1).max(10_000);
const pollers = z.coerce.number().int().min(1).max(100);

/** The worker's tuning variables (all optional: unset, the Temporal SDK's defaults hold). */
export const WorkerTuningEnvironment = z.object({
  /** Workflow tasks (journey steps being decided) one worker runs at once; SDK default 40. */
  WORKER_MAX_WORKFLOW_TASKS: slots.optional(),
  /** Activities (emails, trait updates, webhooks) one worker runs at once; SDK default 100. */
  WORKER_MAX_ACTIVITIES: slots.optional(),
  /** Runs kept in memory between their tasks (sticky cache); a run not in it is replayed from history. SDK default: from memory. */
  WORKER_STICKY_CACHE: z.coerce.number().int().min(0).max(1_000_000).optional(),
  /** Concurrent long polls for workflow tasks; SDK default 10. */
  WORKER_WORKFLOW_POLLERS: pollers.optional(),
  /** Concurrent long polls for activity tasks; SDK default 10. */
  WORKER_ACTIVITY_POLLERS: pollers.optional(),
});
export type WorkerTuningEnvironment = z.infer<typeof WorkerTuningEnvironment>;

/** The Temporal worker options the tuning variables set (names as `Worker.create` takes them). */
export interface WorkerTuning {
  maxConcurrentWorkflowTaskExecutions?: number;
  maxConcurrentActivityTaskExecutions?: number;
  maxCachedWorkflows?: number;
  maxConcurrentWorkflowTaskPolls?: number;
  maxConcurrentActivityTaskPolls?: number;
}

/** The worker options from the parsed tuning variables; unset variables leave the SDK's default. */
export function workerTuningFrom(e: WorkerTuningEnvironment): WorkerTuning {
  return {
    ...(e.WORKER_MAX_WORKFLOW_TASKS === undefined
      ? {}
      : { maxConcurrentWorkflowTaskExecutions: e.WORKER_MAX_WORKFLOW_TASKS }),
    ...(e.WORKER_MAX_ACTIVITIES === undefined ? {} : { maxConcurrentActivityTaskExecutions: e.WORKER_MAX_ACTIVITIES }),
    ...(e.WORKER_STICKY_CACHE === undefined ? {} : { maxCachedWorkflows: e.WORKER_STICKY_CACHE }),
    ...(e.WORKER_WORKFLOW_POLLERS === undefined ? {} : { maxConcurrentWorkflowTaskPolls: e.WORKER_WORKFLOW_POLLERS }),
    ...(e.WORKER_ACTIVITY_POLLERS === undefined ? {} : { maxConcurrentActivityTaskPolls: e.WORKER_ACTIVITY_POLLERS }),
  };
}
