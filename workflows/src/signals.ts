import { defineQuery, defineSignal } from '@temporalio/workflow';
import {
  EVENT_SIGNAL,
  PROGRESS_QUERY,
  type DeliveredEvent,
  type JourneyProgress,
} from '@boomerang/engine/temporal-contract';

export type { DeliveredEvent } from '@boomerang/engine/temporal-contract';

/** The router sends every interesting customer event through this signal. */
export const eventSignal = defineSignal<[DeliveredEvent]>(EVENT_SIGNAL);
/** Where the run is now: the step and what it waits for. */
export const progressQuery = defineQuery<JourneyProgress>(PROGRESS_QUERY);
