import { z } from 'zod';
import { defineFlow } from '../define.ts';

/** Ends the customer's run of the journey. */
export const exit = defineFlow({
  type: 'exit',
  version: 1,
  label: 'Exit',
  group: 'Logic',
  icon: 'log-out',
  description: 'The customer leaves the journey here.',
  configSchema: z.object({}),
  branches: [],
  summary: () => 'Exit',
  toStep: (_config, ctx) => ({ kind: 'exit', id: ctx.nodeId }),
});
