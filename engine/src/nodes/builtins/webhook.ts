import { z } from 'zod';
import { defineAction } from '../define.ts';
import { deliverWebhook } from './webhook-delivery.ts';

/** POSTs the customer and the run to a URL, signed with HMAC-SHA256. */
export const webhook = defineAction({
  type: 'webhook',
  version: 1,
  label: 'Call a webhook',
  group: 'Integrations',
  icon: 'webhook',
  description:
    'POSTs the customer, the triggering event and your extra fields as signed JSON to a URL. Server errors, 429 and timeouts are retried with backoff; other 4xx answers and redirects are not. Only public addresses are called, unless WEBHOOK_ALLOW lists the host.',
  configSchema: z.object({
    url: z.url({ protocol: /^https?$/ }),
    data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    timeoutSeconds: z.number().int().min(1).max(25).default(10),
  }),
  activity: {
    name: 'callWebhook',
    startToCloseTimeoutMs: 30_000,
    maximumAttempts: 5,
    retry: { initialIntervalMs: 1_000, backoffCoefficient: 2, maximumIntervalMs: 60_000 },
  },
  summary: (c) => `POST to ${new URL(c.url).host}`,
  run: async (input, config, context) => {
    await deliverWebhook({
      url: config.url,
      secret: context.webhookSecret,
      timeoutMs: config.timeoutSeconds * 1000,
      idempotencyKey: context.idempotencyKey,
      signal: context.signal,
      body: {
        journeyId: context.journeyId,
        stepId: context.stepId,
        userId: input.userId,
        traits: input.traits,
        trigger: input.trigger,
        data: config.data,
      },
    });
  },
});
