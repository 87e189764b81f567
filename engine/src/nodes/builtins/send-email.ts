import { z } from 'zod';
import { actionStep, defineAction, type ActivitySpec } from '../define.ts';
import { withHints } from '../field-hints.ts';

const HOUR_MS = 3_600_000;

// Through an SMTP outage the attempts go on for the node's window (retryForHours), at most 10 minutes
// apart; the attempt count only backs the window up (24 h of 10-minute gaps is under 150 attempts).
const activity: ActivitySpec = {
  name: 'sendEmail',
  startToCloseTimeoutMs: 60_000,
  maximumAttempts: 1_000,
  retry: { initialIntervalMs: 1_000, backoffCoefficient: 2, maximumIntervalMs: 10 * 60_000 },
};

/** Sends one email template to the customer. */
export const sendEmail = defineAction({
  type: 'send-email',
  version: 1,
  label: 'Send email',
  group: 'Messages',
  icon: 'mail',
  description:
    'Sends an email template to the customer, personalised with their traits. Through an SMTP outage it keeps trying (at most 10 minutes apart) for "Keep trying for" hours.',
  configSchema: z.object({
    template: withHints(z.string().min(1), { widget: 'template' }),
    subject: z.string().optional(),
    sender: withHints(z.string().min(1).optional(), { widget: 'sender' }).meta({
      title: 'From',
      description:
        "The sender identity this email goes out as; empty: the journey's sender, else the default (MAIL_FROM).",
    }),
    group: withHints(z.string().min(1).optional(), { widget: 'subscription-group' }).meta({
      title: 'Subscription group',
      description:
        'The topic this email belongs to: customers out of the group are skipped and its unsubscribe link leaves only that group. "transactional": receipts and the like, no unsubscribe link. Empty: marketing that only the global unsubscribe stops.',
    }),
    retryForHours: z.number().positive().max(72).default(24).meta({
      title: 'Keep trying for (hours)',
      description:
        'How long to keep retrying while the mail server is down or answers "try later"; then the step counts as failed.',
    }),
  }),
  activity,
  // One email that could not be sent should not cost the customer the rest of the journey.
  onFailure: 'continue',
  summary: (config) => `Send "${config.template}"`,
  templates: (config) => [config.template],
  simulate: (config) => ({ email: config.template }),
  toStep: (config, ctx) => ({
    ...actionStep('send-email', activity, config, ctx),
    retryForMs: config.retryForHours * HOUR_MS,
  }),
  run: async (_input, config, context) => ({
    emailSent: (
      await context.sendEmail({
        template: config.template,
        subject: config.subject,
        sender: config.sender,
        group: config.group,
      })
    ).sent,
  }),
});
