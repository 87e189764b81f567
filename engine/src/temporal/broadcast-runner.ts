import type { Client } from '@temporalio/client';
import {
  BROADCAST_CANCEL_SIGNAL,
  BROADCAST_PAUSE_SIGNAL,
  BROADCAST_RESUME_SIGNAL,
  BROADCAST_WORKFLOW,
  type BroadcastInput,
} from './contract.ts';

/** What a broadcast is asked to do once started. */
export type BroadcastCommand = 'pause' | 'resume' | 'cancel';

/** Starts broadcast workflows and signals them (the API holds one; tests may pass their own). */
export interface BroadcastRunner {
  start(workflowId: string, input: BroadcastInput): Promise<void>;
  signal(workflowId: string, command: BroadcastCommand): Promise<void>;
}

const SIGNALS: Record<BroadcastCommand, string> = {
  pause: BROADCAST_PAUSE_SIGNAL,
  resume: BROADCAST_RESUME_SIGNAL,
  cancel: BROADCAST_CANCEL_SIGNAL,
};

/** The broadcast runner over a Temporal client, starting runs on `taskQueue`. */
export function temporalBroadcastRunner(client: Client, taskQueue: string): BroadcastRunner {
  return {
    async start(workflowId, input) {
      await client.workflow.start(BROADCAST_WORKFLOW, { taskQueue, workflowId, args: [input] });
    },
    async signal(workflowId, command) {
      await client.workflow.getHandle(workflowId).signal(SIGNALS[command]);
    },
  };
}
