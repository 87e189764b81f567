import { z } from 'zod';
import { PropertyFilter } from '../../model/index.ts';
import { defineFlow } from '../define.ts';
import { withHints } from '../field-hints.ts';

const OP_WORDS: Record<PropertyFilter['op'], string> = {
  equals: 'is',
  'not-equals': 'is not',
  exists: 'is set',
  'not-exists': 'is not set',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  contains: 'contains',
};

const SOURCE_WORDS = { traits: 'customer', trigger: 'event', received: 'answer' } as const;

/** Splits the path on a customer trait or a property of the trigger event. */
export const condition = defineFlow({
  type: 'condition',
  version: 1,
  label: 'Condition',
  group: 'Logic',
  icon: 'split',
  description:
    'Goes "yes" or "no" depending on a customer trait, a property of the event that started the journey, or of the event the last wait received (e.g. an NPS score).',
  configSchema: PropertyFilter.extend({
    // Traits are the default source; for an event's property the suggestions are only suggestions.
    property: withHints(PropertyFilter.shape.property, { widget: 'trait' }),
    source: z.enum(['traits', 'trigger', 'received']).default('traits'),
  }).superRefine((c, ctx) => {
    if (c.value === undefined && c.op !== 'exists' && c.op !== 'not-exists') {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `the value to compare ${c.property} with is missing` });
    }
  }),
  branches: ['yes', 'no'],
  summary: (c) =>
    `If ${SOURCE_WORDS[c.source]}.${c.property} ${OP_WORDS[c.op]}${c.value === undefined ? '' : ` ${String(c.value)}`}`,
  toStep: (c, ctx) => {
    const filter: PropertyFilter = {
      property: c.property,
      op: c.op,
      ...(c.value === undefined ? {} : { value: c.value }),
    };
    return { kind: 'branch', id: ctx.nodeId, source: c.source, filter, yes: ctx.next('yes'), no: ctx.next('no') };
  },
});
