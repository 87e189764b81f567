import { z } from 'zod';
import { defineAction, deliverWebhook, readPath, withHints } from '@boomerang/engine';

/** Fills `{{ traits.firstName }}` and `{{ event.properties.value }}` placeholders; unknown ones become empty. */
export function fillPlaceholders(text: string, scope: Record<string, unknown>): string {
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_match, path: string) => {
    const value = readPath(scope, path);
    return value === undefined || value === null ? '' : String(value);
  });
}

/** Posts a message to a Slack incoming webhook, through Boomerang's signed, retried webhook delivery. */
export const slackMessage = defineAction({
  type: 'slack-message',
  version: 1,
  label: 'Slack message',
  group: 'Integrations',
  icon: 'message-square',
  description:
    'Posts a message to a Slack channel through an incoming webhook. Use {{ traits.email }} or {{ event.properties.value }} in the text.',
  configSchema: z.object({
    webhookUrl: z.url({ protocol: /^https?$/ }).describe('The Slack incoming-webhook URL'),
    // A message runs over several lines: the editor shows a text area instead of one line.
    text: withHints(z.string().min(1).max(3000), { widget: 'multiline' }),
  }),
  activity: {
    name: 'slackMessage',
    startToCloseTimeoutMs: 15_000,
    maximumAttempts: 5,
    retry: { initialIntervalMs: 2_000, backoffCoefficient: 2 },
  },
  summary: (c) => `Slack: ${c.text.length > 40 ? `${c.text.slice(0, 40)}…` : c.text}`,
  run: async (input, config, context) => {
    const text = fillPlaceholders(config.text, { traits: input.traits, event: input.trigger, userId: input.userId });
    await deliverWebhook({
      url: config.webhookUrl,
      body: { text },
      secret: context.webhookSecret,
      timeoutMs: 10_000,
      idempotencyKey: context.idempotencyKey,
      signal: context.signal,
    });
    context.log(`posted to Slack: ${text}`);
  },
});
