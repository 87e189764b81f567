// Temporal activities: progress and exposure records, broadcast batches, and one activity per action node type (send email, update customer, webhook, plugins).
import { recordExposure, recordProgress } from '../db/index.ts';
import type { NodeRegistry } from '../nodes/index.ts';
import { nodeActivity, type ActionServices } from './node-activity.ts';
import { broadcastActivities } from './broadcast.ts';
import { reserveSendSlot } from './send-slot.ts';
import type {
  BroadcastActivities,
  ExposureInput,
  JourneyActivities,
  ProgressInput,
  SendSlotAnswer,
  SendSlotInput,
  StepActivity,
} from '../temporal/contract.ts';

export type {
  ExposureInput,
  JourneyActivities,
  ProgressInput,
  SendFailureType,
  StepActivity,
  StepInput,
  StepResult,
} from '../temporal/contract.ts';
export { nodeActivity, type ActionServices } from './node-activity.ts';
export { resendEmail, type ResendResult } from './resend.ts';
export { broadcastActivities, broadcastIdempotencyKey, isHeldOut } from './broadcast.ts';

/** Everything the activities need, injected once when the worker starts. */
export interface ActivityDeps extends ActionServices {
  registry: NodeRegistry;
  /** A broadcast batch's emails handed to SMTP at once (default BROADCAST_SENDS_IN_FLIGHT). */
  broadcastSendsInFlight?: number | undefined;
}

/** The worker's activities: progress and exposure recording, the broadcast's, plus one activity per action node type (built-in or plugin). */
export interface ActivityTable extends JourneyActivities, BroadcastActivities {
  [activity: string]:
    | StepActivity
    | ((input: ProgressInput) => Promise<void>)
    | ((input: ExposureInput) => Promise<void>)
    | ((input: SendSlotInput) => Promise<SendSlotAnswer>)
    | BroadcastActivities[keyof BroadcastActivities];
}

/** Builds the journey activities around their dependencies: one per action in the registry. */
export function createActivities(deps: ActivityDeps): ActivityTable {
  const table: ActivityTable = {
    recordProgress: (input) => recordProgress(deps.db, input),
    recordExposure: (input) => recordExposure(deps.db, input),
    reserveSendSlot: (input) => reserveSendSlot(deps.db, input),
    ...broadcastActivities(deps, { sendsInFlight: deps.broadcastSendsInFlight }),
  };
  for (const def of deps.registry.list()) {
    if (def.kind !== 'action') continue;
    if (def.activity.name in table)
      throw new Error(
        `Node type "${def.type}" names its activity "${def.activity.name}", which the engine uses itself; choose another name`,
      );
    table[def.activity.name] = nodeActivity(def, deps);
  }
  return table;
}
