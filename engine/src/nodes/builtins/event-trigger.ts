import { z } from 'zod';
import { matchesFilter } from '../../interpreter/match.ts';
import { PropertyFilter } from '../../model/index.ts';
import { defineTrigger } from '../define.ts';
import { withHints } from '../field-hints.ts';

/** Enrols a customer when they send a given event. */
export const eventTrigger = defineTrigger({
  type: 'event-trigger',
  version: 1,
  label: 'When an event happens',
  group: 'Triggers',
  icon: 'zap',
  description: 'Starts the journey for a customer when they send this event.',
  configSchema: z.object({
    event: withHints(z.string().min(1), { widget: 'event' }),
    where: withHints(z.array(PropertyFilter), { widget: 'filters' }).default([]),
  }),
  summary: (config) =>
    `When ${config.event}${config.where.length > 0 ? ` (${config.where.length} filter${config.where.length === 1 ? '' : 's'})` : ''}`,
  events: (config) => [config.event],
  matches: (event, config) =>
    event.type === 'track' &&
    event.event === config.event &&
    config.where.every((f) => matchesFilter(f, event.properties)),
});
