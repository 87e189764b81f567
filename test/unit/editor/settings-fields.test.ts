import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SettingsForm, settingsFields } from '../../../editor/src/inspector/settings-form.ts';

// The journey settings form, generated from the engine's JourneySettings schema with the widgets the
// editor declares for it (editor/src/inspector/settings-form.ts).

describe('the journey settings form', () => {
  it("generates the journey settings form from the engine's JourneySettings schema, exit-on events as an event list", () => {
    expect(settingsFields.map((f) => [f.name, f.kind])).toEqual([
      ['reEntry', 'select'],
      ['exitOn', 'events'],
      ['timezone', 'text'],
      ['goal', 'group'],
      ['holdout', 'number'],
      ['sender', 'sender'],
      ['tracking', 'boolean'],
      ['priority', 'select'],
      ['overLimit', 'select'],
    ]);
    expect(z.toJSONSchema(SettingsForm, { io: 'input' })).toMatchObject({
      properties: { reEntry: { default: 'never' }, timezone: { default: 'UTC' } },
    });
  });

  it('shows the optional goal as a group: event, filters, days, revenue property, each its own kind', () => {
    const goal = settingsFields.find((f) => f.name === 'goal');
    expect(goal).toMatchObject({ kind: 'group', required: false, defaults: { where: [], withinDays: 30 } });
    if (goal?.kind !== 'group') throw new Error('goal is not a group');
    expect(goal.fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['event', 'text', true],
      ['where', 'filters', false],
      ['revenueProperty', 'text', false],
      ['withinDays', 'number', false],
    ]);
    expect(goal.fields[0]).toMatchObject({ suggest: 'events' });
  });
});
