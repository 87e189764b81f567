import { describe, expect, it } from 'vitest';
import { compile, Journey } from '../../../engine/src/compiler/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';
import { simulate, simulateOne } from '../../../engine/src/simulate/index.ts';
import { days, drip, edge, email, journey, node, onboarding, trigger } from '../journey/journeys.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const start = Date.UTC(2026, 0, 5, 10, 0);
const plan = compile(Journey.parse(onboarding), { registry: defaultRegistry(), version: 1 });

describe('one customer through onboarding', () => {
  it.each([
    [
      'activates on day 1',
      [{ event: 'Activated', atMs: start + 20 * HOUR }],
      ['welcome'],
      'activated',
      'exit-node',
      ['signed-up', 'welcome', 'wait-activated', 'activated'],
    ],
    [
      'never activates',
      [],
      ['welcome', 'tips'],
      'done',
      'exit-node',
      ['signed-up', 'welcome', 'wait-activated', 'tips', 'done'],
    ],
    [
      'activates on day 3, after the timeout',
      [{ event: 'Activated', atMs: start + 3 * DAY }],
      ['welcome', 'tips'],
      'done',
      'exit-node',
      ['signed-up', 'welcome', 'wait-activated', 'tips', 'done'],
    ],
    [
      'only does something else',
      [{ event: 'Page Viewed', atMs: start + HOUR }],
      ['welcome', 'tips'],
      'done',
      'exit-node',
      ['signed-up', 'welcome', 'wait-activated', 'tips', 'done'],
    ],
  ])('a customer who %s', (_name, events, templates, exitStep, reason, path) => {
    const run = simulateOne(plan, { startMs: start, events });
    expect(run.emails.map((e) => e.template)).toEqual(templates);
    expect(run.exit).toMatchObject({ stepId: exitStep, reason });
    expect(run.steps.map((s) => s.stepId)).toEqual(path);
  });

  it('sends the tips exactly when the 2-day wait times out', () => {
    const run = simulateOne(plan, { startMs: start, events: [] });
    expect(run.emails).toEqual([
      { stepId: 'welcome', template: 'welcome', atMs: start },
      { stepId: 'tips', template: 'tips', atMs: start + 2 * DAY },
    ]);
  });

  it('leaves the wait at the moment of activation', () => {
    const run = simulateOne(plan, { startMs: start, events: [{ event: 'Activated', atMs: start + 5 * HOUR }] });
    expect(run.exit).toEqual({ reason: 'exit-node', stepId: 'activated', atMs: start + 5 * HOUR });
    expect(run.moves.at(-1)).toEqual({
      from: 'wait-activated',
      to: 'activated',
      branch: 'received',
      atMs: start + 5 * HOUR,
    });
  });

  it('ignores an activation sent before the customer entered', () => {
    const run = simulateOne(plan, { startMs: start, events: [{ event: 'Activated', atMs: start - HOUR }] });
    expect(run.emails).toHaveLength(2);
  });

  it('reports a customer still waiting when the horizon ends first', () => {
    const run = simulateOne(plan, { startMs: start, endMs: start + DAY, events: [] });
    expect(run).toMatchObject({ exit: null, waitingAt: 'wait-activated' });
  });
});

describe('10,000 customers through onboarding, 30% activate within a day', () => {
  const options = {
    customers: 10_000,
    seed: 42,
    startMs: start,
    horizonDays: 30,
    behaviours: [{ event: 'Activated', probability: 0.3, withinMs: DAY }],
  };
  const result = simulate(plan, options);
  const edge = (branch: string) =>
    result.edges.find((e) => e.from === 'wait-activated' && e.branch === branch)?.count ?? 0;

  it('splits the wait into received and timed out, adding up to everyone', () => {
    expect(result.nodes['signed-up']?.entered).toBe(10_000);
    expect(result.nodes['wait-activated']?.entered).toBe(10_000);
    expect(edge('received') + edge('timeout')).toBe(10_000);
    expect(result.nodes['activated']).toEqual({ entered: edge('received'), waiting: 0, exited: edge('received') });
    expect(result.nodes['done']).toEqual({ entered: edge('timeout'), waiting: 0, exited: edge('timeout') });
    expect(result.exits).toEqual({ completed: 0, 'exit-node': 10_000, 'exit-on': 0, failed: 0, holdout: 0 });
  });

  it('activates about 30% (within 3 standard deviations)', () => {
    expect(Math.abs(edge('received') / 10_000 - 0.3)).toBeLessThan(3 * Math.sqrt((0.3 * 0.7) / 10_000));
  });

  it('sends every welcome on day 0 and every tips email on day 2', () => {
    expect(result.emailsByDay).toHaveLength(30);
    expect(result.emailsByDay[0]).toEqual({ day: 0, count: 10_000 });
    expect(result.emailsByDay[2]).toEqual({ day: 2, count: edge('timeout') });
    expect(result.emailsByDay.reduce((sum, d) => sum + d.count, 0)).toBe(10_000 + edge('timeout'));
  });

  it('keeps the paths of the first 20 customers', () => {
    expect(result.paths.map((p) => p.customer)).toEqual([...Array(20).keys()]);
    expect(result.paths[0]?.steps[0]).toEqual({ stepId: 'signed-up', atMs: start });
  });

  it('gives the same answer for the same seed, and another for another seed', () => {
    expect(simulate(plan, options)).toEqual(result);
    expect(simulate(plan, { ...options, seed: 43 })).not.toEqual(result);
  });
});

describe('a drip with an exit-on event', () => {
  const dripPlan = compile(Journey.parse(drip), { registry: defaultRegistry(), version: 1 });

  it('stops sending once the customer orders', () => {
    const run = simulateOne(dripPlan, {
      startMs: start,
      events: [{ event: 'Order Completed', atMs: start + 6 * DAY }],
    });
    expect(run.emails.map((e) => e.template)).toEqual(['d1', 'd2']);
    expect(run.exit).toEqual({ reason: 'exit-on', stepId: 'w2', atMs: start + 6 * DAY });
  });

  it('sends all four emails on days 0, 4, 9 and 14 otherwise', () => {
    const result = simulate(dripPlan, { customers: 10, seed: 1, startMs: start, horizonDays: 20, behaviours: [] });
    expect(result.emailsByDay.filter((d) => d.count > 0)).toEqual([0, 4, 9, 14].map((day) => ({ day, count: 10 })));
    expect(result.exits.completed).toBe(10);
    expect(result.nodes['d4']?.exited).toBe(10);
  });
});

describe('waits only count events sent after the wait began', () => {
  const later = compile(
    Journey.parse(
      journey(
        [
          trigger(),
          days('pause', 1),
          node('w', 'wait-for-event', { event: 'Activated', timeout: { amount: 2, unit: 'days' } }),
          email('nudge'),
        ],
        [edge('start', 'pause'), edge('pause', 'w'), edge('w', 'nudge', 'timeout')],
      ),
    ),
    { registry: defaultRegistry(), version: 1 },
  );

  it.each([
    ['during the delay before the wait', 12 * HOUR, ['nudge']],
    ['during the wait', 30 * HOUR, []],
  ])('an activation %s', (_name, offset, templates) => {
    const run = simulateOne(later, { startMs: start, events: [{ event: 'Activated', atMs: start + offset }] });
    expect(run.emails.map((e) => e.template)).toEqual(templates);
  });
});
