import { z } from 'zod';
import { defineAction } from '../define.ts';

/** Sends one email template to the customer. */
export const sendEmail = defineAction({
  type: 'send-email',
  version: 1,
  label: 'Send email',
  group: 'Messages',
  icon: 'mail',
  description: 'Sends an email template to the customer, personalised with their traits.',
  configSchema: z.object({ template: z.string().min(1), subject: z.string().optional() }),
  activity: { name: 'sendEmail', startToCloseTimeoutMs: 60_000, maximumAttempts: 10 },
  summary: (config) => `Send "${config.template}"`,
  templates: (config) => [config.template],
  simulate: (config) => ({ email: config.template }),
  run: async (_input, config, context) => ({ emailSent: (await context.sendEmail({ template: config.template, subject: config.subject })).sent }),
});
