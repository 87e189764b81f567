import { describe, expect, it } from 'vitest';
import { defaultConfig, fieldsOf } from '../../../editor/src/inspector/fields.ts';
import { described, shownFields as shown, widgets } from '../../support/node-forms.ts';

// The inspector forms of the flow nodes (defineFlow: timing and logic), generated from the node list as
// GET /v1/nodes serves it. Expected widgets are hand-written from what each node does.

describe('each flow node gets the widgets its fields are for', () => {
  it.each([
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
        ['clickedEmailStep', 'email-step'],
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
    ['exit', []],
  ])('%s', (type, expected) => {
    expect(widgets(type)).toEqual(expected);
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

  it('suggests an example for text with one, e.g. the time of a delay', () => {
    expect(fieldsOf(described['delay']).find((f) => f.name === 'time')).toMatchObject({
      kind: 'text',
      example: '09:30',
    });
  });

  it('starts new delays and waits from the schema defaults', () => {
    expect(defaultConfig(described['delay'])).toEqual({ mode: 'duration', weekdays: [1, 2, 3, 4, 5, 6, 7] });
    expect(defaultConfig(described['wait-for-event'])).toEqual({ where: [] });
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
});

describe('showWhen: a delay form shows only the fields its mode calls for', () => {
  it('shows a delay for a while its amount and unit, a delay until a time of day its time and weekdays', () => {
    expect(shown('delay', { mode: 'duration' })).toEqual(['mode', 'amount', 'unit']);
    expect(shown('delay', { mode: 'until-time' })).toEqual(['mode', 'time', 'weekdays']);
  });

  it('counts an unset mode as its default: a delay without a mode waits for a while', () => {
    expect(shown('delay', {})).toEqual(['mode', 'amount', 'unit']);
  });
});
