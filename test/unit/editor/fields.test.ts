import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JourneySettings } from '../../../engine/src/compiler/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';
import { defaultConfig, fieldsOf, labelOf, scalarOf, withField } from '../../../editor/src/inspector/fields.ts';

// The node list as GET /v1/nodes serves it: the forms are generated from this and nothing else.
const described = Object.fromEntries(defaultRegistry().describe().map((d) => [d.type, d.configSchema]));
const kinds = (type: string) => fieldsOf(described[type]).map((f) => [f.name, f.kind, f.required]);

describe('config JSON Schema -> form fields', () => {
  it('maps a wait: event name with suggestions, property filters, a duration', () => {
    expect(kinds('wait-for-event')).toEqual([['event', 'text', true], ['where', 'filters', false], ['timeout', 'duration', true]]);
    const [event, where, timeout] = fieldsOf(described['wait-for-event']);
    expect(event).toMatchObject({ suggest: 'events' });
    expect(where).toMatchObject({ ops: expect.arrayContaining(['equals', 'exists', 'gt']) });
    expect(timeout).toMatchObject({ units: ['seconds', 'minutes', 'hours', 'days', 'weeks'] });
  });

  it('maps a delay: select, number, unit select, HH:MM text, weekday choices', () => {
    expect(kinds('delay')).toEqual([['mode', 'select', false], ['amount', 'number', false], ['unit', 'select', false], ['time', 'text', false], ['weekdays', 'choices', false]]);
    expect(fieldsOf(described['delay']).find((f) => f.name === 'weekdays')).toMatchObject({ options: [1, 2, 3, 4, 5, 6, 7] });
  });

  it('offers the template picker for an email and a trait picker for a condition', () => {
    expect(fieldsOf(described['send-email'])[0]).toMatchObject({ name: 'template', kind: 'text', suggest: 'templates', required: true });
    expect(fieldsOf(described['condition'])).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'property', suggest: 'properties' }), expect.objectContaining({ name: 'value', kind: 'scalar' }),
    ]));
  });

  it('maps a map of traits to name/value pairs and a node without settings to no fields', () => {
    expect(kinds('update-customer')).toEqual([['set', 'pairs', false], ['increment', 'pairs', false], ['onFailure', 'select', false]]);
    expect(fieldsOf(described['exit'])).toEqual([]);
  });

  it('offers every action its "If it fails" setting, with the default its node type declares', () => {
    for (const type of ['send-email', 'update-customer', 'webhook']) {
      expect(fieldsOf(described[type]).find((f) => f.name === 'onFailure')).toMatchObject({ kind: 'select', label: 'If it fails', options: ['continue', 'exit'] });
    }
    expect(defaultConfig(described['send-email'])).toMatchObject({ onFailure: 'continue', retryForHours: 24 });
    expect(defaultConfig(described['webhook'])).toMatchObject({ onFailure: 'exit' });
    expect(fieldsOf(described['delay']).some((f) => f.name === 'onFailure')).toBe(false);
  });

  it('falls back to a JSON field for a shape it does not know, instead of failing', () => {
    expect(fieldsOf({ type: 'object', properties: { odd: { anyOf: [{ type: 'object' }, { type: 'array' }] } } })).toEqual([{ name: 'odd', label: 'Odd', required: false, kind: 'json' }]);
  });

  it('starts new nodes from the schema defaults', () => {
    expect(defaultConfig(described['delay'])).toEqual({ mode: 'duration', weekdays: [1, 2, 3, 4, 5, 6, 7] });
    expect(defaultConfig(described['wait-for-event'])).toEqual({ where: [] });
    expect(defaultConfig(described['update-customer'])).toEqual({ set: {}, increment: {}, onFailure: 'exit' });
  });

  it('reads typed values and writes optional fields away when emptied', () => {
    expect([scalarOf('42'), scalarOf('true'), scalarOf('pro'), scalarOf('')]).toEqual([42, true, 'pro', '']);
    expect(withField({ template: 'a', subject: 'x' }, 'subject', undefined)).toEqual({ template: 'a' });
    expect(labelOf('reEntry')).toBe('Re entry');
  });

  it("generates the journey settings form from the engine's JourneySettings schema", () => {
    expect(fieldsOf(z.toJSONSchema(JourneySettings, { io: 'input' })).map((f) => [f.name, f.kind])).toEqual([
      ['reEntry', 'select'], ['exitOn', 'events'], ['timezone', 'text'], ['goal', 'group'],
    ]);
  });
});

describe('objects and lists of objects -> groups of sub-fields', () => {
  const settings = fieldsOf(z.toJSONSchema(JourneySettings, { io: 'input' }));

  it('shows the optional goal as a group: event, filters, days, revenue property, each its own kind', () => {
    const goal = settings.find((f) => f.name === 'goal');
    expect(goal).toMatchObject({ kind: 'group', required: false, defaults: { where: [], withinDays: 30 } });
    if (goal?.kind !== 'group') throw new Error('goal is not a group');
    expect(goal.fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['event', 'text', true], ['where', 'filters', false], ['revenueProperty', 'text', false], ['withinDays', 'number', false],
    ]);
    expect(goal.fields[0]).toMatchObject({ suggest: 'events' });
  });

  it("shows a split's variants as a list of name and weight, 2 to 10 of them, new ones weighing 1", () => {
    const variants = fieldsOf(described['split'])[0];
    expect(variants).toMatchObject({ name: 'variants', kind: 'list', required: true, min: 2, max: 10, defaults: { weight: 1 } });
    if (variants?.kind !== 'list') throw new Error('variants is not a list');
    expect(variants.item.map((f) => [f.name, f.kind, f.required])).toEqual([['name', 'text', true], ['weight', 'number', false]]);
    expect(kinds('split').slice(1)).toEqual([
      ['holdout', 'number', false], ['baselineRate', 'number', false], ['minimumDetectableEffect', 'number', false], ['autoWinner', 'boolean', false], ['winner', 'text', false],
    ]);
  });

  it('nests groups within groups and lists, the same way at every depth', () => {
    const schema = { type: 'object', properties: {
      outer: { type: 'object', properties: { inner: { type: 'object', properties: { wait: { type: 'object', properties: { amount: { type: 'integer' }, unit: { enum: ['days', 'weeks'] } } } } } } },
      rows: { type: 'array', items: { type: 'object', properties: { tags: { type: 'array', items: { type: 'object', properties: { label: { type: 'string', default: 'new' } } } } } } },
    } };
    const [outer, rows] = fieldsOf(schema);
    expect(outer).toMatchObject({ kind: 'group', fields: [{ name: 'inner', kind: 'group', fields: [{ name: 'wait', kind: 'duration', units: ['days', 'weeks'] }] }] });
    expect(rows).toMatchObject({ kind: 'list', min: 0, max: undefined, item: [{ name: 'tags', kind: 'list', defaults: { label: 'new' } }] });
  });

  it('suggests an example for text with one, e.g. the time of a delay', () => {
    expect(fieldsOf(described['delay']).find((f) => f.name === 'time')).toMatchObject({ kind: 'text', example: '09:30' });
  });
});
