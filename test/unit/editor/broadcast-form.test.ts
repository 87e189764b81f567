import { describe, expect, it } from 'vitest';
import {
  BROADCAST_DEFAULTS,
  BROADCAST_FIELDS,
  offersJourney,
  offersLocalTime,
  problemAt,
  problemsOf,
  requestOf,
  unplacedProblems,
} from '../../../editor/src/broadcasts/form.ts';
import { visibleFields } from '../../../editor/src/inspector/fields.ts';

// The "new broadcast" form, generated from the API's BroadcastRequest: which fields show for which
// choice, and the body it sends. Expected values are hand-written from the API's documentation.
const shown = (values: Record<string, unknown>) =>
  visibleFields(BROADCAST_FIELDS, { ...BROADCAST_DEFAULTS, ...values }, BROADCAST_DEFAULTS).map((f) => f.name);

describe('the new broadcast form', () => {
  it('offers the audience and template pickers and starts now at 10 a second with no holdout', () => {
    const kinds = Object.fromEntries(BROADCAST_FIELDS.map((f) => [f.name, f.kind]));
    expect(kinds).toMatchObject({ audienceId: 'audience', template: 'template', when: 'select' });
    expect(BROADCAST_DEFAULTS).toMatchObject({ when: 'now', ratePerSecond: 10, holdoutPercent: 0 });
    expect(shown({})).not.toContain('startAt');
    expect(shown({ when: 'at a time' })).toContain('startAt');
  });

  it('sends only the fields of the choices made, with an id made from the name', () => {
    expect(
      requestOf({
        name: 'Spring sale!',
        audienceId: 'lapsed',
        template: 'offer',
        when: 'now',
        startAt: '2026-06-01T10:00:00Z',
        subject: '',
        ratePerSecond: 5,
      }),
    ).toEqual({ name: 'Spring sale!', id: 'spring-sale', audienceId: 'lapsed', template: 'offer', ratePerSecond: 5 });
    expect(
      requestOf({
        name: 'x',
        id: 'mine',
        audienceId: 'a',
        template: 't',
        when: 'at a time',
        startAt: '2026-06-01T10:00:00Z',
      }),
    ).toEqual({ name: 'x', id: 'mine', audienceId: 'a', template: 't', startAt: '2026-06-01T10:00:00Z' });
  });

  it('finds what the API would refuse, by field', () => {
    const problems = problemsOf(requestOf({ name: 'x', template: 't', when: 'at a time', startAt: 'tomorrow' }));
    expect(problems.map((p) => p.path).sort()).toEqual(['audienceId', 'startAt']);
    expect(problemAt(problems, 'startAt')).toMatch(/datetime/i);
    expect(problemAt(problems, 'name')).toBeUndefined();
    expect(unplacedProblems([{ path: '(body)', message: 'bad' }, ...problems])).toEqual([
      { path: '(body)', message: 'bad' },
    ]);
  });

  it('enrols into a journey instead of sending a template', () => {
    expect(offersJourney && offersLocalTime).toBe(true);
    expect(shown({ send: 'enrol into a journey' })).toContain('journeyId');
    expect(shown({ send: 'enrol into a journey' })).not.toContain('template');
    expect(
      requestOf({ name: 'x', audienceId: 'a', send: 'enrol into a journey', journeyId: 'j', template: 't' }),
    ).toEqual({ name: 'x', id: 'x', audienceId: 'a', journeyId: 'j' });
  });
  it('starts at a local time instead of an instant', () => {
    const when = "at a local time in each customer's time zone";
    expect(shown({ when })).toContain('localTime');
    expect(shown({ when })).not.toContain('startAt');
  });
});
