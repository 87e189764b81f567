import { z } from 'zod';
import { AUDIENCE_ENTERED, AUDIENCE_EXITED } from '../../model/index.ts';
import { defineTrigger } from '../define.ts';
import { withHints } from '../field-hints.ts';

const config = z.object({
  audienceId: withHints(z.string().min(1), { widget: 'audience' }).meta({
    title: 'Audience',
    description: 'The id of the audience (see /v1/audiences)',
  }),
});

/** A trigger on one audience's membership event (Audience Entered or Audience Exited, for this audience id). */
const membershipTrigger = (type: string, event: string, verb: string) =>
  defineTrigger({
    type,
    version: 1,
    label: `When a customer ${verb} an audience`,
    group: 'Triggers',
    icon: type === 'audience-entered' ? 'user-check' : 'log-out',
    description: `Starts the journey for a customer the moment they ${verb} the audience (not for the members it had when it was created or changed).`,
    configSchema: config,
    summary: (c) => `When a customer ${verb} ${c.audienceId}`,
    events: () => [event],
    matches: (e, c) => e.type === 'track' && e.event === event && e.properties.audienceId === c.audienceId,
  });

/** Enrols a customer when they join an audience. */
export const audienceEntered = membershipTrigger('audience-entered', AUDIENCE_ENTERED, 'joins');

/** Enrols a customer when they leave an audience. */
export const audienceExited = membershipTrigger('audience-exited', AUDIENCE_EXITED, 'leaves');
