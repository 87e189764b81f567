import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { repoRoot } from '../../../engine/bin/tools.mjs';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';
import { loadPlugins } from '../../../engine/src/plugins/index.ts';
import {
  defaultConfig,
  fieldsOf,
  labelOf,
  scalarOf,
  visibleFields,
  withField,
  type Field,
} from '../../../editor/src/inspector/fields.ts';
import { SettingsForm, settingsFields } from '../../../editor/src/inspector/settings-form.ts';

// The node list as GET /v1/nodes serves it: the forms are generated from this and nothing else.
const described = Object.fromEntries(
  defaultRegistry()
    .describe()
    .map((d) => [d.type, d.configSchema]),
);

/** What the marketer sees for a field, in words: the widget, and what a text field suggests. */
function widgetOf(field: Field): string {
  if (field.kind === 'text')
    return field.suggest === 'events'
      ? 'event name'
      : field.suggest === 'traits'
        ? 'trait name'
        : field.multiline
          ? 'long text'
          : 'text';
  if (field.kind === 'choices') return `checkboxes ${field.options.map((o) => o.label).join(' ')}`;
  return field.kind;
}
const widgets = (type: string) => fieldsOf(described[type]).map((f) => [f.name, widgetOf(f)]);

describe('each built-in node gets the widgets its fields are for', () => {
  // Hand-written from what each node does; the "If it fails" select is every action's.
  it.each([
    [
      'event-trigger',
      [
        ['event', 'event name'],
        ['where', 'filters'],
      ],
    ],
    [
      'trait-changed',
      [
        ['trait', 'trait name'],
        ['to', 'scalar'],
        ['from', 'scalar'],
      ],
    ],
    [
      'date-property',
      [
        ['trait', 'trait name'],
        ['when', 'select'],
        ['days', 'number'],
      ],
    ],
    [
      'send-email',
      [
        ['template', 'template'],
        ['subject', 'text'],
        ['sender', 'sender'],
        ['group', 'subscription-group'],
        ['retryForHours', 'number'],
        ['onFailure', 'select'],
      ],
    ],
    [
      'delay',
      [
        ['mode', 'select'],
        ['amount', 'number'],
        ['unit', 'select'],
        ['time', 'text'],
        ['weekdays', 'checkboxes Mon Tue Wed Thu Fri Sat Sun'],
      ],
    ],
    [
      'wait-for-event',
      [
        ['event', 'event name'],
        ['where', 'filters'],
        ['timeout', 'duration'],
        ['clickedEmailStep', 'text'],
        ['clickedLink', 'text'],
      ],
    ],
    [
      'condition',
      [
        ['property', 'trait name'],
        ['op', 'select'],
        ['value', 'scalar'],
        ['source', 'select'],
      ],
    ],
    [
      'in-audience',
      [
        ['audienceId', 'audience'],
        ['onFailure', 'select'],
      ],
    ],
    [
      'split',
      [
        ['variants', 'list'],
        ['holdout', 'number'],
        ['baselineRate', 'number'],
        ['minimumDetectableEffect', 'number'],
        ['autoWinner', 'boolean'],
        ['winner', 'text'],
      ],
    ],
    [
      'update-customer',
      [
        ['set', 'pairs'],
        ['increment', 'pairs'],
        ['onFailure', 'select'],
      ],
    ],
    [
      'webhook',
      [
        ['url', 'text'],
        ['data', 'pairs'],
        ['timeoutSeconds', 'number'],
        ['onFailure', 'select'],
      ],
    ],
    ['audience-entered', [['audienceId', 'audience']]],
    ['audience-exited', [['audienceId', 'audience']]],
    ['exit', []],
  ])('%s', (type, expected) => {
    expect(widgets(type)).toEqual(expected);
  });

  it('covers every built-in node type', () => {
    expect(Object.keys(described).sort()).toEqual([
      'audience-entered',
      'audience-exited',
      'condition',
      'date-property',
      'delay',
      'event-trigger',
      'exit',
      'in-audience',
      'send-email',
      'split',
      'trait-changed',
      'update-customer',
      'wait-for-event',
      'webhook',
    ]);
  });

  it('gives a wait its filter comparisons, its timeout units, and a delay its weekdays as 1 (Monday) to 7', () => {
    const [, where, timeout] = fieldsOf(described['wait-for-event']);
    expect(where).toMatchObject({ ops: expect.arrayContaining(['equals', 'exists', 'gt']) });
    expect(timeout).toMatchObject({ units: ['seconds', 'minutes', 'hours', 'days', 'weeks'] });
    expect(fieldsOf(described['delay']).find((f) => f.name === 'weekdays')).toMatchObject({
      options: [
        { value: 1, label: 'Mon' },
        { value: 2, label: 'Tue' },
        { value: 3, label: 'Wed' },
        { value: 4, label: 'Thu' },
        { value: 5, label: 'Fri' },
        { value: 6, label: 'Sat' },
        { value: 7, label: 'Sun' },
      ],
    });
  });

  it('offers every action its "If it fails" setting, with the default its node type declares', () => {
    for (const type of ['send-email', 'update-customer', 'webhook']) {
      expect(fieldsOf(described[type]).find((f) => f.name === 'onFailure')).toMatchObject({
        kind: 'select',
        label: 'If it fails',
        options: ['continue', 'exit'],
      });
    }
    expect(defaultConfig(described['send-email'])).toMatchObject({ onFailure: 'continue', retryForHours: 24 });
    expect(defaultConfig(described['webhook'])).toMatchObject({ onFailure: 'exit' });
    expect(fieldsOf(described['delay']).some((f) => f.name === 'onFailure')).toBe(false);
  });

  it("gives a plugin's hinted field its widget: the shop's Slack message text is a long text", async () => {
    const registry = defaultRegistry();
    await loadPlugins(registry, ['./templates/plugins/shop/index.ts'], repoRoot);
    const slack = registry.describe().find((d) => d.type === 'slack-message');
    expect(fieldsOf(slack?.configSchema).map((f) => [f.name, widgetOf(f)])).toEqual([
      ['webhookUrl', 'text'],
      ['text', 'long text'],
      ['onFailure', 'select'],
    ]);
  });
});

describe('showWhen: a form shows only the fields its values call for', () => {
  const shown = (type: string, config: Record<string, unknown>) =>
    visibleFields(fieldsOf(described[type]), config, defaultConfig(described[type])).map((f) => f.name);

  it('shows a delay for a while its amount and unit, a delay until a time of day its time and weekdays', () => {
    expect(shown('delay', { mode: 'duration' })).toEqual(['mode', 'amount', 'unit']);
    expect(shown('delay', { mode: 'until-time' })).toEqual(['mode', 'time', 'weekdays']);
  });

  it('counts an unset mode as its default: a delay without a mode waits for a while', () => {
    expect(shown('delay', {})).toEqual(['mode', 'amount', 'unit']);
  });

  it('asks a date trigger for a number of days before or after the date, not on its anniversary', () => {
    expect(shown('date-property', { when: 'before' })).toEqual(['trait', 'when', 'days']);
    expect(shown('date-property', { when: 'after' })).toEqual(['trait', 'when', 'days']);
    expect(shown('date-property', { when: 'anniversary' })).toEqual(['trait', 'when']);
  });

  it('applies within a group too, against the sibling fields of that group', () => {
    const [group] = fieldsOf({
      type: 'object',
      properties: {
        reminder: {
          type: 'object',
          properties: {
            channel: { enum: ['email', 'sms'], default: 'email' },
            template: { type: 'string', widget: 'template', showWhen: { field: 'channel', equals: 'email' } },
          },
        },
      },
    });
    if (group?.kind !== 'group') throw new Error('reminder is not a group');
    expect(visibleFields(group.fields, {}, group.defaults).map((f) => f.name)).toEqual(['channel', 'template']);
    expect(visibleFields(group.fields, { channel: 'sms' }, group.defaults).map((f) => f.name)).toEqual(['channel']);
  });
});

describe('without a hint, the plain form of the type', () => {
  it('suggests nothing for a string named event, template or property: names are not hints', () => {
    const schema = {
      type: 'object',
      properties: { event: { type: 'string' }, template: { type: 'string' }, property: { type: 'string' } },
    };
    expect(fieldsOf(schema).map((f) => [f.name, widgetOf(f)])).toEqual([
      ['event', 'text'],
      ['template', 'text'],
      ['property', 'text'],
    ]);
  });

  it('draws an unhinted { amount, unit } as a group and unhinted filters as a list, not as a duration or filters', () => {
    const schema = {
      type: 'object',
      properties: {
        wait: { type: 'object', properties: { amount: { type: 'integer' }, unit: { enum: ['days', 'weeks'] } } },
        where: {
          type: 'array',
          items: { type: 'object', properties: { property: { type: 'string' }, op: { enum: ['equals'] } } },
        },
      },
    };
    expect(fieldsOf(schema).map((f) => [f.name, f.kind])).toEqual([
      ['wait', 'group'],
      ['where', 'list'],
    ]);
  });

  it('offers an array of choices as checkboxes, and an unhinted array of numbers as JSON', () => {
    const schema = {
      type: 'object',
      properties: {
        channels: { type: 'array', items: { enum: ['email', 'sms'] } },
        days: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 7 } },
      },
    };
    expect(fieldsOf(schema).map((f) => [f.name, widgetOf(f)])).toEqual([
      ['channels', 'checkboxes email sms'],
      ['days', 'json'],
    ]);
  });

  it('falls back to the plain form for a widget it does not know or one that does not fit the type, keeping showWhen', () => {
    const when = { field: 'mode', equals: 'x' };
    const schema = {
      type: 'object',
      properties: {
        colour: { type: 'string', widget: 'colour-wheel', showWhen: when },
        wait: { type: 'string', widget: 'duration' },
        tags: { type: 'array', items: { type: 'object', properties: { op: { type: 'string' } } }, widget: 'filters' },
      },
    };
    expect(fieldsOf(schema)).toEqual([
      { name: 'colour', label: 'Colour', required: false, kind: 'text', showWhen: when },
      { name: 'wait', label: 'Wait', required: false, kind: 'text' },
      expect.objectContaining({ name: 'tags', kind: 'list' }),
    ]);
  });

  it('falls back to a JSON field for a shape it does not know, instead of failing', () => {
    expect(
      fieldsOf({ type: 'object', properties: { odd: { anyOf: [{ type: 'object' }, { type: 'array' }] } } }),
    ).toEqual([{ name: 'odd', label: 'Odd', required: false, kind: 'json' }]);
  });
});

describe('defaults, values and settings', () => {
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
});

describe('objects and lists of objects -> groups of sub-fields', () => {
  const settings = settingsFields;

  it('shows the optional goal as a group: event, filters, days, revenue property, each its own kind', () => {
    const goal = settings.find((f) => f.name === 'goal');
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

  it("shows a split's variants as a list of name and weight, 2 to 10 of them, new ones weighing 1", () => {
    const variants = fieldsOf(described['split'])[0];
    expect(variants).toMatchObject({
      name: 'variants',
      kind: 'list',
      required: true,
      min: 2,
      max: 10,
      defaults: { weight: 1 },
    });
    if (variants?.kind !== 'list') throw new Error('variants is not a list');
    expect(variants.item.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['name', 'text', true],
      ['weight', 'number', false],
    ]);
    expect(
      fieldsOf(described['split'])
        .slice(1)
        .every((f) => !f.required),
    ).toBe(true);
  });

  it('nests groups within groups and lists, the same way at every depth', () => {
    const schema = {
      type: 'object',
      properties: {
        outer: {
          type: 'object',
          properties: {
            inner: {
              type: 'object',
              properties: {
                wait: {
                  type: 'object',
                  properties: { amount: { type: 'integer' }, unit: { enum: ['days', 'weeks'] } },
                  widget: 'duration',
                },
              },
            },
          },
        },
        rows: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              tags: {
                type: 'array',
                items: { type: 'object', properties: { label: { type: 'string', default: 'new' } } },
              },
            },
          },
        },
      },
    };
    const [outer, rows] = fieldsOf(schema);
    expect(outer).toMatchObject({
      kind: 'group',
      fields: [
        { name: 'inner', kind: 'group', fields: [{ name: 'wait', kind: 'duration', units: ['days', 'weeks'] }] },
      ],
    });
    expect(rows).toMatchObject({
      kind: 'list',
      min: 0,
      max: undefined,
      item: [{ name: 'tags', kind: 'list', defaults: { label: 'new' } }],
    });
  });

  it('suggests an example for text with one, e.g. the time of a delay', () => {
    expect(fieldsOf(described['delay']).find((f) => f.name === 'time')).toMatchObject({
      kind: 'text',
      example: '09:30',
    });
  });
});
