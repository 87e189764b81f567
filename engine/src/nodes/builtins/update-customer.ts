import { z } from 'zod';
import { defineAction } from '../define.ts';

/** Sets customer traits (null clears one). */
export const updateCustomer = defineAction({
  type: 'update-customer',
  version: 1,
  label: 'Update customer',
  group: 'Customer',
  icon: 'user-pen',
  description: 'Sets traits on the customer, e.g. a tier or a points balance; an empty value clears the trait.',
  configSchema: z.object({
    set: z.record(z.string().min(1), z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .refine((set) => Object.keys(set).length > 0, 'set at least one trait'),
  }),
  activity: { name: 'updateCustomer', startToCloseTimeoutMs: 30_000, maximumAttempts: 10 },
  summary: (config) => `Set ${Object.keys(config.set).join(', ')}`,
});
