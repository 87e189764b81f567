import type { NodeDefinition } from '../define.ts';
import { createRegistry, type NodeRegistry } from '../registry.ts';
import { audienceEntered, audienceExited } from './audience-triggers.ts';
import { condition } from './condition.ts';
import { dateProperty } from './date-property.ts';
import { delay } from './delay.ts';
import { eventTrigger } from './event-trigger.ts';
import { exit } from './exit.ts';
import { inAudience } from './in-audience.ts';
import { sendEmail } from './send-email.ts';
import { split } from './split.ts';
import { traitChanged } from './trait-changed.ts';
import { updateCustomer } from './update-customer.ts';
import { waitForEvent } from './wait-for-event.ts';
import { webhook } from './webhook.ts';

/** The node types every deployment has, in palette order. */
export const builtinNodes: readonly NodeDefinition[] = [
  eventTrigger,
  traitChanged,
  dateProperty,
  audienceEntered,
  audienceExited,
  sendEmail,
  delay,
  waitForEvent,
  condition,
  inAudience,
  split,
  updateCustomer,
  webhook,
  exit,
];

/** A registry with the built-in nodes; register custom ones on it. */
export function defaultRegistry(): NodeRegistry {
  return createRegistry(builtinNodes);
}

export {
  audienceEntered,
  audienceExited,
  condition,
  dateProperty,
  delay,
  eventTrigger,
  exit,
  inAudience,
  sendEmail,
  split,
  traitChanged,
  updateCustomer,
  waitForEvent,
  webhook,
};
