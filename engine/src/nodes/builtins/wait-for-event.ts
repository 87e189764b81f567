import { z } from 'zod';
import { PropertyFilter } from '../../model/index.ts';
import { defineFlow } from '../define.ts';
import { withHints } from '../field-hints.ts';
import { Duration, describeDuration, durationMs } from './duration.ts';

/** Waits for the customer to do something, up to a timeout. */
export const waitForEvent = defineFlow({
  type: 'wait-for-event',
  version: 1,
  label: 'Wait for event',
  group: 'Timing',
  icon: 'hourglass',
  description: 'Waits until the customer sends this event, or until the time is up.',
  configSchema: z.object({
    event: withHints(z.string().min(1), { widget: 'event' }),
    where: withHints(z.array(PropertyFilter), { widget: 'filters' }).default([]),
    timeout: withHints(Duration, { widget: 'duration' }),
  }),
  branches: ['received', 'timeout'],
  summary: (c) => `Wait up to ${describeDuration(c.timeout.amount, c.timeout.unit)} for ${c.event}`,
  toStep: (c, ctx) => ({
    kind: 'wait',
    id: ctx.nodeId,
    match: { event: c.event, where: c.where },
    timeoutMs: durationMs(c.timeout.amount, c.timeout.unit),
    received: ctx.next('received'),
    timeout: ctx.next('timeout'),
  }),
});
