import type { NodeDefinition } from '../define.ts';
import { createRegistry, type NodeRegistry } from '../registry.ts';
import { condition } from './condition.ts';
import { delay } from './delay.ts';
import { eventTrigger } from './event-trigger.ts';
import { exit } from './exit.ts';
import { sendEmail } from './send-email.ts';
import { split } from './split.ts';
import { updateCustomer } from './update-customer.ts';
import { waitForEvent } from './wait-for-event.ts';

/** The node types every deployment has, in palette order. */
export const builtinNodes: readonly NodeDefinition[] = [eventTrigger, sendEmail, delay, waitForEvent, condition, split, updateCustomer, exit];

/** A registry with the built-in nodes; register custom ones on it. */
export function defaultRegistry(): NodeRegistry {
  return createRegistry(builtinNodes);
}

export { condition, delay, eventTrigger, exit, sendEmail, split, updateCustomer, waitForEvent };
export { splitArms } from './split.ts';
