import { z } from 'zod';
import { defineFlow } from '../define.ts';
import { withHints, type ShowWhen } from '../field-hints.ts';
import { TimeUnit, describeDuration, durationMs } from './duration.ts';

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

// One object with optional fields rather than a union: forms render it as one set of fields and
// JSON Schema stays flat; the refinement says which fields each mode needs.
// The form shows only the fields of the chosen mode.
const forDuration: ShowWhen = { field: 'mode', equals: 'duration' };
const untilTime: ShowWhen = { field: 'mode', equals: 'until-time' };
const config = z
  .object({
    mode: z.enum(['duration', 'until-time']).default('duration'),
    amount: withHints(z.number().int().positive(), { showWhen: forDuration }).optional(),
    unit: withHints(TimeUnit, { showWhen: forDuration }).optional(),
    time: withHints(
      z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM, e.g. 09:30')
        .meta({ examples: ['09:30'] }),
      { showWhen: untilTime },
    ).optional(),
    weekdays: withHints(z.array(z.number().int().min(1).max(7)).min(1), {
      widget: 'weekdays',
      showWhen: untilTime,
    }).default([1, 2, 3, 4, 5, 6, 7]),
  })
  .superRefine((value, ctx) => {
    if (value.mode === 'duration') {
      if (value.amount === undefined)
        ctx.addIssue({ code: 'custom', path: ['amount'], message: 'how long to wait is missing' });
      if (value.unit === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['unit'],
          message: 'the unit (seconds, minutes, hours, days, weeks) is missing',
        });
    } else if (value.time === undefined) {
      ctx.addIssue({ code: 'custom', path: ['time'], message: 'the time of day is missing' });
    }
  });

/** Pauses for a while, or until a time of day (in the customer's timezone) on chosen weekdays. */
export const delay = defineFlow({
  type: 'delay',
  version: 1,
  label: 'Delay',
  group: 'Timing',
  icon: 'clock',
  description: "Waits for a fixed time, or until a time of day on chosen weekdays in the customer's timezone.",
  configSchema: config,
  summary: (c) => {
    if (c.mode === 'duration') return `Wait ${describeDuration(c.amount ?? 0, c.unit ?? 'days')}`;
    const days = c.weekdays.length === 7 ? 'any day' : c.weekdays.map((d) => DAY_NAMES[d - 1]).join(', ');
    return `Wait until ${c.time ?? '??:??'} on ${days}`;
  },
  toStep: (c, ctx) =>
    c.mode === 'duration'
      ? {
          kind: 'delay',
          id: ctx.nodeId,
          next: ctx.next('next'),
          duration: { ms: durationMs(c.amount ?? 1, c.unit ?? 'days') },
        }
      : {
          kind: 'delay',
          id: ctx.nodeId,
          next: ctx.next('next'),
          untilTime: { time: c.time ?? '09:00', weekdays: c.weekdays },
        },
});
