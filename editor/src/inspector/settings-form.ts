import { z } from 'zod';
import { ExperimentGoal, JourneySettings } from '@boomerang/engine/journey';
import { withHints } from '@boomerang/engine/nodes';
import { fieldsOf } from './fields.ts';

// The journey settings form: the engine's own JourneySettings schema (its defaults and limits), with
// the widgets of its fields declared here, as node types declare theirs.

/** JourneySettings with form hints: exit-on events, and the goal's event name and filters. */
export const SettingsForm = JourneySettings.extend({
  exitOn: withHints(JourneySettings.shape.exitOn, { widget: 'events' }),
  goal: ExperimentGoal.extend({
    event: withHints(ExperimentGoal.shape.event, { widget: 'event' }),
    where: withHints(ExperimentGoal.shape.where, { widget: 'filters' }),
  }).optional(),
});

/** The fields of the journey settings form, in JourneySettings' order. */
export const settingsFields = fieldsOf(z.toJSONSchema(SettingsForm, { io: 'input' }));
