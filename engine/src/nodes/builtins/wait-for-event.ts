import { z } from 'zod';
import { PropertyFilter } from '../../model/index.ts';
import { defineFlow } from '../define.ts';
import { EMAIL_STEP_TYPE, withHints } from '../field-hints.ts';
import { Duration, describeDuration, durationMs } from './duration.ts';

/** The event a tracked link records when the customer follows it (engine/src/tracking). */
export const EMAIL_LINK_CLICKED = 'Email Link Clicked';

/** Waits for the customer to do something, up to a timeout. */
export const waitForEvent = defineFlow({
  type: 'wait-for-event',
  version: 1,
  label: 'Wait for event',
  group: 'Timing',
  icon: 'hourglass',
  description:
    'Waits until the customer sends this event, or until the time is up. To wait for a click in an earlier email of this journey, set the event to "Email Link Clicked" and name the email step.',
  configSchema: z.object({
    event: withHints(z.string().min(1), { widget: 'event' }),
    where: withHints(z.array(PropertyFilter), { widget: 'filters' }).default([]),
    timeout: withHints(Duration, { widget: 'duration' }),
    clickedEmailStep: withHints(z.string().min(1).optional(), { widget: 'email-step' }).meta({
      title: 'Clicked in email step',
      description: 'An earlier "Send email" step: only a click on a link of that email counts (link scanners do not).',
    }),
    clickedLink: z.string().min(1).optional().meta({
      title: 'Only this link',
      description: 'The URL as the email links to it; empty: any link of the email.',
    }),
  }),
  branches: ['received', 'timeout'],
  summary: (c) =>
    c.clickedEmailStep
      ? `Wait up to ${describeDuration(c.timeout.amount, c.timeout.unit)} for a click in ${c.clickedEmailStep}`
      : `Wait up to ${describeDuration(c.timeout.amount, c.timeout.unit)} for ${c.event}`,
  earlierSteps: (c) =>
    c.clickedEmailStep
      ? [
          {
            stepId: c.clickedEmailStep,
            nodeType: EMAIL_STEP_TYPE,
            field: 'clickedEmailStep',
            use: 'waits for clicks in',
          },
        ]
      : [],
  configProblems: (c) => [
    ...(c.clickedEmailStep && c.event !== EMAIL_LINK_CLICKED
      ? [
          {
            field: 'event',
            message: `a wait for a click in an email waits for "${EMAIL_LINK_CLICKED}", not "${c.event}"`,
          },
        ]
      : []),
    ...(c.clickedLink && !c.clickedEmailStep
      ? [{ field: 'clickedLink', message: 'name the email step the link is in (clickedEmailStep)' }]
      : []),
  ],
  toStep: (c, ctx) => ({
    kind: 'wait',
    id: ctx.nodeId,
    match: {
      event: c.event,
      where: [
        ...c.where,
        // A click in that email of this journey, by a person: the tracking event's journey, step and machine flag.
        ...(c.clickedEmailStep
          ? [
              ...(ctx.journeyId ? [{ property: 'journey', op: 'equals' as const, value: ctx.journeyId }] : []),
              { property: 'step', op: 'equals' as const, value: c.clickedEmailStep },
              { property: 'machine', op: 'equals' as const, value: false },
              ...(c.clickedLink ? [{ property: 'url', op: 'equals' as const, value: c.clickedLink }] : []),
            ]
          : []),
      ],
    },
    timeoutMs: durationMs(c.timeout.amount, c.timeout.unit),
    received: ctx.next('received'),
    timeout: ctx.next('timeout'),
  }),
});
