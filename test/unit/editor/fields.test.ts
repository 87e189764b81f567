import { describe, expect, it } from 'vitest';
import { fieldsOf, labelOf, scalarOf, visibleFields, withField } from '../../../editor/src/inspector/fields.ts';
import { described, widgetOf } from '../../support/node-forms.ts';

// How a config schema becomes form fields, whatever the node: hints, the plain form of each type, groups
// and lists of sub-fields. Each node family's own form is in fields-triggers, fields-actions and fields-flow.

describe('the built-in nodes', () => {
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
});

describe('showWhen within a group', () => {
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

describe('values', () => {
  it('reads typed values and writes optional fields away when emptied', () => {
    expect([scalarOf('42'), scalarOf('true'), scalarOf('pro'), scalarOf('')]).toEqual([42, true, 'pro', '']);
    expect(withField({ template: 'a', subject: 'x' }, 'subject', undefined)).toEqual({ template: 'a' });
    expect(labelOf('reEntry')).toBe('Re entry');
  });
});

describe('objects and lists of objects -> groups of sub-fields', () => {
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
});
