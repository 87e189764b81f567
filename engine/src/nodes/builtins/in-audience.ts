import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { actionStep, defineAction } from '../define.ts';
import { withHints } from '../field-hints.ts';

const ACTIVITY = { name: 'checkAudience', startToCloseTimeoutMs: 10_000, maximumAttempts: 5 };

// Membership lives in the database, so the answer comes from an activity (the workflow stays
// deterministic and the answer is recorded in its history); the step branches on that answer.
/** Goes "yes" when the customer is in the audience at this moment, "no" otherwise. */
export const inAudience = defineAction({
  type: 'in-audience',
  version: 1,
  label: 'In audience?',
  group: 'Logic',
  icon: 'split',
  description:
    'Goes "yes" if the customer is in the audience right now (as its membership stands when the run gets here), "no" if not.',
  configSchema: z.object({
    audienceId: withHints(z.string().min(1), { widget: 'audience' }).meta({
      title: 'Audience',
      description: 'The id of the audience (see /v1/audiences)',
    }),
  }),
  activity: ACTIVITY,
  // An audience deleted after publishing: its members are no one, so a run that continues goes "no".
  onFailure: 'continue',
  branches: ['yes', 'no'],
  summary: (c) => `If the customer is in ${c.audienceId}`,
  audiences: (c) => [c.audienceId],
  run: async (_input, config, context) => {
    const membership = await context.audienceMembership(config.audienceId);
    if (membership === 'unknown-audience') {
      throw ApplicationFailure.nonRetryable(
        `Step "${context.stepId}" (in-audience) asks about the audience "${config.audienceId}", which does not exist (deleted after publishing?)`,
        'UnknownAudience',
      );
    }
    return { branch: membership === 'member' ? 'yes' : 'no' };
  },
  simulate: (config, _traits, customer) => ({ branch: customer.audiences.includes(config.audienceId) ? 'yes' : 'no' }),
  toStep: (config, ctx) => ({
    ...actionStep('in-audience', ACTIVITY, config, ctx),
    next: ctx.next('no'),
    branches: { yes: ctx.next('yes'), no: ctx.next('no') },
  }),
});
