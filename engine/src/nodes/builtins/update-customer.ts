import { z } from 'zod';
import type { TraitChange } from '../context.ts';
import { defineAction } from '../define.ts';

/** The traits after a change: `set` values replace, `increment` adds to the current number (missing or not a number: 0). */
export function applyTraitChange(traits: Record<string, unknown>, change: TraitChange): Record<string, unknown> {
  const next: Record<string, unknown> = { ...traits, ...change.set };
  for (const [trait, by] of Object.entries(change.increment ?? {})) {
    const current = next[trait];
    next[trait] = (typeof current === 'number' && Number.isFinite(current) ? current : 0) + by;
  }
  return next;
}

const TraitValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** Sets customer traits (null clears one) and adds to numeric ones (points, counters). */
export const updateCustomer = defineAction({
  type: 'update-customer',
  version: 1,
  label: 'Update customer',
  group: 'Customer',
  icon: 'user-pen',
  description:
    'Sets traits on the customer, e.g. a tier, or adds to a number such as a points balance; an empty value clears the trait.',
  configSchema: z
    .object({
      set: z.record(z.string().min(1), TraitValue).default({}),
      increment: z.record(z.string().min(1), z.number()).default({}),
    })
    .superRefine((c, ctx) => {
      if (Object.keys(c.set).length + Object.keys(c.increment).length === 0)
        ctx.addIssue({ code: 'custom', path: ['set'], message: 'set at least one trait' });
    }),
  activity: { name: 'updateCustomer', startToCloseTimeoutMs: 30_000, maximumAttempts: 10 },
  summary: (c) =>
    [
      ...(Object.keys(c.set).length > 0 ? [`Set ${Object.keys(c.set).join(', ')}`] : []),
      ...Object.entries(c.increment).map(
        ([trait, by]) => `${by < 0 ? 'Subtract' : 'Add'} ${Math.abs(by)} ${by < 0 ? 'from' : 'to'} ${trait}`,
      ),
    ].join('; '),
  simulate: (config, traits) => ({ traits: applyTraitChange(traits, config) }),
  run: async (_input, config, context) => ({
    traits: await context.updateCustomer({ set: config.set, increment: config.increment }),
  }),
});
