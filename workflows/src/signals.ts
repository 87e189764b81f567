import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { JourneyEvent } from '@boomerang/engine/interpreter';

/** An event the router delivers to a running journey, with the customer's traits at that moment. */
export interface DeliveredEvent extends JourneyEvent { traits?: Record<string, unknown> }

/** The router sends every interesting customer event through this signal. */
export const eventSignal = defineSignal<[DeliveredEvent]>('event');
/** Where the run is now: the step and what it waits for. */
export const progressQuery = defineQuery<{ stepId: string | null; waitingFor: string | null }>('progress');
