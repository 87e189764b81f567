import { describe, expect, it } from 'vitest';
import { AudienceDefinition } from '@boomerang/engine/model';
import { LEAF_FORMS } from '../../../editor/src/audiences/condition-form.ts';
import { conditionOf, editableDraft, newCondition, problemText } from '../../../editor/src/audiences/draft.ts';
import { membershipLabel } from '../../../editor/src/audiences/history-option.ts';
import { countText } from '../../../editor/src/audiences/LivePreview.tsx';

// The audience builder's pure parts: the forms generated from the engine's condition schemas, the draft
// tree's round trip to the API's JSON, and problems routed to the field their path names.
describe('the audience builder forms', () => {
  it('draws each condition with the inspector fields: event and trait pickers, filters, no kind', () => {
    const performed = Object.fromEntries(LEAF_FORMS.performed.fields.map((f) => [f.name, f.kind]));
    expect(performed).toEqual({ event: 'text', where: 'filters', op: 'select', times: 'number', withinDays: 'number' });
    expect(LEAF_FORMS.performed.fields.find((f) => f.name === 'event')).toMatchObject({ suggest: 'events' });
    expect(LEAF_FORMS.trait.fields.find((f) => f.name === 'property')).toMatchObject({ suggest: 'traits' });
    // The schema's defaults: at least 1 time, no filters.
    expect(LEAF_FORMS.performed.defaults).toEqual({ where: [], op: 'at-least', times: 1 });
    expect(LEAF_FORMS.arm.fields.map((f) => f.name)).toEqual(['journeyId', 'splitId', 'arm']);
  });

  it("turns a draft into the README's lapsed-customers JSON, which the engine's schema accepts", () => {
    const draft = editableDraft(undefined);
    const lapsed = {
      kind: 'all' as const,
      of: [
        { kind: 'performed' as const, values: { event: 'Order Completed', op: 'at-least', times: 1 } },
        { kind: 'performed' as const, values: { event: 'Order Completed', op: 'at-most', times: 0, withinDays: 90 } },
      ],
    };
    expect(draft.kind).toBe('all');
    const condition = conditionOf(lapsed);
    expect(condition).toEqual({
      kind: 'all',
      of: [
        { kind: 'performed', event: 'Order Completed', op: 'at-least', times: 1 },
        { kind: 'performed', event: 'Order Completed', op: 'at-most', times: 0, withinDays: 90 },
      ],
    });
    const parsed = AudienceDefinition.parse({ id: 'lapsed', name: 'Lapsed', condition });
    // Read back, a saved leaf root is put in a group so conditions can be added beside it.
    expect(conditionOf(editableDraft(parsed.condition))).toEqual({
      kind: 'all',
      of: [
        { kind: 'performed', event: 'Order Completed', where: [], op: 'at-least', times: 1 },
        { kind: 'performed', event: 'Order Completed', where: [], op: 'at-most', times: 0, withinDays: 90 },
      ],
    });
    expect(conditionOf(editableDraft({ kind: 'trait', property: 'plan', op: 'exists' }))).toEqual({
      kind: 'all',
      of: [{ kind: 'trait', property: 'plan', op: 'exists' }],
    });
    expect(conditionOf(newCondition('not'))).toEqual({ kind: 'not', condition: { kind: 'trait' } });
  });

  it('gives a field the problems at its path and inside it, and no other', () => {
    const problems = [
      { path: 'condition.of.1.event', message: 'too small' },
      { path: 'condition.of.1.where.0.value', message: 'expected a number' },
      { path: 'condition.of.10.event', message: 'not this one' },
    ];
    expect(problemText(problems, 'condition.of.1.event')).toBe('too small');
    expect(problemText(problems, 'condition.of.1.where')).toBe('0.value: expected a number');
    expect(problemText(problems, 'condition.of.1.times')).toBeUndefined();
    // A condition's own line gathers what is inside it, never its neighbour condition.of.10's.
    expect(problemText(problems, 'condition.of.1')).toBe('event: too small; where.0.value: expected a number');
  });

  it('says the count as "1,234 of 20,000 customers" and the chart in words', () => {
    expect(countText(1234, 20000)).toBe('1,234 of 20,000 customers');
    expect(countText(0, 1)).toBe('0 of 1 customer');
    expect(
      membershipLabel([
        { day: '2026-11-30', entered: 2, exited: 0, size: 2 },
        { day: '2026-12-01', entered: 1, exited: 1, size: 2 },
      ]),
    ).toBe('Membership over time, 2026-11-30 to 2026-12-01: 2 members on 2026-12-01; 3 entered, 1 left');
  });
});
