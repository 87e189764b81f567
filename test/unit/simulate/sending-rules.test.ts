import { describe, expect, it } from 'vitest';
import { compile, Journey } from '../../../engine/src/compiler/index.ts';
import { SendingSettings } from '../../../engine/src/sending-rules/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';
import { simulateOne } from '../../../engine/src/simulate/one.ts';

// The simulator holds emails by the same caps and quiet hours as the workflow; instants by hand.
const HOUR = 3_600_000;
const drip = (settings: Record<string, unknown> = {}) =>
  compile(
    Journey.parse({
      id: 'two-emails',
      name: 'Two emails',
      settings: { exitOn: [{ event: 'Unsubscribed Everywhere' }], ...settings },
      nodes: [
        { id: 'start', type: 'event-trigger', config: { event: 'Signed Up' } },
        { id: 'hello', type: 'send-email', config: { template: 'welcome' } },
        { id: 'wait', type: 'delay', config: { mode: 'duration', amount: 2, unit: 'hours' } },
        { id: 'tips', type: 'send-email', config: { template: 'tips' } },
      ],
      edges: [
        { from: 'start', to: 'hello' },
        { from: 'hello', to: 'wait' },
        { from: 'wait', to: 'tips' },
      ],
    }),
    { registry: defaultRegistry(), version: 1 },
  );
const sending = SendingSettings.parse({
  caps: [{ max: 1, days: 1 }],
  quietHours: { start: '21:00', end: '08:00' },
  timezone: 'Europe/Amsterdam',
});
// Saturday 27 March 2027 19:30 CET: the first email goes at once; two hours later it is 21:30, quiet.
const start = Date.parse('2027-03-27T18:30:00Z');

describe('the simulator applies caps and quiet hours', () => {
  it('defers the second email past quiet hours (08:00 CEST after the DST change) and then past the cap', () => {
    const run = simulateOne(drip(), { startMs: start, events: [], sending });
    // quiet until 08:00 CEST Sunday = 06:00Z; the cap (first email at 18:30Z) frees at 18:30Z Sunday
    expect(run.held.map(({ reason, untilMs }) => ({ reason, until: new Date(untilMs).toISOString() }))).toEqual([
      { reason: 'quiet-hours', until: '2027-03-28T06:00:00.000Z' },
      { reason: 'capped', until: '2027-03-28T18:30:00.000Z' },
    ]);
    expect(run.emails.map((e) => [e.template, new Date(e.atMs).toISOString()])).toEqual([
      ['welcome', '2027-03-27T18:30:00.000Z'],
      ['tips', '2027-03-28T18:30:00.000Z'],
    ]);
  });

  it("skips instead in a journey set to skip, and counts other journeys' emails", () => {
    const run = simulateOne(drip({ overLimit: 'skip' }), {
      startMs: Date.parse('2027-03-29T09:00:00Z'),
      events: [],
      sending,
      otherEmails: [{ atMs: Date.parse('2027-03-29T08:00:00Z'), group: null }],
    });
    expect(run.emails).toEqual([]);
    expect(run.held.map((h) => [h.stepId, h.reason, h.skipped])).toEqual([
      ['hello', 'capped', true],
      ['tips', 'capped', true],
    ]);
    expect(run.exit?.reason).toBe('completed');
  });

  it('ends a deferred run on an exit event that arrives while it waits', () => {
    const exitAt = Date.parse('2027-03-28T01:00:00Z');
    const run = simulateOne(drip(), {
      startMs: start,
      events: [{ event: 'Unsubscribed Everywhere', atMs: exitAt }],
      sending,
    });
    expect(run.emails.map((e) => e.template)).toEqual(['welcome']);
    expect(run.exit).toEqual({ reason: 'exit-on', stepId: 'tips', atMs: exitAt });
  });

  it('changes nothing without sending settings', () => {
    const run = simulateOne(drip(), { startMs: start, events: [] });
    expect(run.emails.map((e) => e.atMs)).toEqual([start, start + 2 * HOUR]);
    expect(run.held).toEqual([]);
  });
});
