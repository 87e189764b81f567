import { describe, expect, it } from 'vitest';
import { shownFields as shown, widgets } from '../../support/node-forms.ts';

// The inspector forms of the trigger nodes (defineTrigger), generated from the node list as GET /v1/nodes
// serves it. Expected widgets are hand-written from what each trigger does.

describe('each trigger gets the widgets its fields are for', () => {
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
    ['audience-entered', [['audienceId', 'audience']]],
    ['audience-exited', [['audienceId', 'audience']]],
  ])('%s', (type, expected) => {
    expect(widgets(type)).toEqual(expected);
  });
});

describe('showWhen in a trigger form', () => {
  it('asks a date trigger for a number of days before or after the date, not on its anniversary', () => {
    expect(shown('date-property', { when: 'before' })).toEqual(['trait', 'when', 'days']);
    expect(shown('date-property', { when: 'after' })).toEqual(['trait', 'when', 'days']);
    expect(shown('date-property', { when: 'anniversary' })).toEqual(['trait', 'when']);
  });
});
