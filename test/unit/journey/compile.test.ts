import { describe, expect, it } from 'vitest';
import { compile, Journey } from '../../../engine/src/compiler/index.ts';
import { Plan } from '../../../engine/src/interpreter/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';
import { drip, edge, journey, node, onboarding, trigger, email } from './journeys.ts';

const registry = defaultRegistry();
const build = (raw: unknown, version = 1) => compile(Journey.parse(raw), { registry, version });

// An email step: 60 s per attempt, at most 10 minutes between attempts, for 24 hours; it goes on when it fails.
const emailStep = {
  startToCloseTimeoutMs: 60_000,
  maximumAttempts: 1_000,
  retry: { initialIntervalMs: 1_000, backoffCoefficient: 2, maximumIntervalMs: 600_000 },
  retryForMs: 86_400_000,
  onFailure: 'continue',
};

describe('compile', () => {
  it('turns the onboarding journey into steps keyed by node id', () => {
    const plan = build(onboarding, 3);
    expect(plan).toMatchObject({
      journeyId: 'test',
      version: 3,
      entry: 'welcome',
      reEntry: 'never',
      timezone: 'UTC',
      trigger: { nodeId: 'signed-up', event: 'Signed Up', where: [] },
      interestingEvents: ['Activated'],
      templates: ['welcome', 'tips'],
    });
    expect(plan.steps).toEqual({
      welcome: {
        kind: 'action',
        id: 'welcome',
        nodeType: 'send-email',
        activity: 'sendEmail',
        config: { template: 'welcome', retryForHours: 24, onFailure: 'continue' },
        next: 'wait-activated',
        ...emailStep,
      },
      'wait-activated': {
        kind: 'wait',
        id: 'wait-activated',
        match: { event: 'Activated', where: [] },
        timeoutMs: 2 * 86_400_000,
        received: 'activated',
        timeout: 'tips',
      },
      activated: { kind: 'exit', id: 'activated' },
      tips: {
        kind: 'action',
        id: 'tips',
        nodeType: 'send-email',
        activity: 'sendEmail',
        config: { template: 'tips', retryForHours: 24, onFailure: 'continue' },
        next: 'done',
        ...emailStep,
      },
      done: { kind: 'exit', id: 'done' },
    });
    expect(plan.nodeVersions).toEqual({
      'signed-up': 1,
      welcome: 1,
      'wait-activated': 1,
      activated: 1,
      tips: 1,
      done: 1,
    });
  });

  it('produces a plan that survives JSON and its own schema unchanged', () => {
    const plan = build(drip);
    expect(Plan.parse(JSON.parse(JSON.stringify(plan)))).toEqual(plan);
  });

  it('lists exit-on events among the interesting events, once each', () => {
    const plan = build(
      journey(
        [trigger(), node('w', 'wait-for-event', { event: 'Order Completed', timeout: { amount: 1, unit: 'weeks' } })],
        [edge('start', 'w')],
        { exitOn: [{ event: 'Order Completed' }, { event: 'Unsubscribed' }] },
      ),
    );
    expect(plan.interestingEvents).toEqual(['Order Completed', 'Unsubscribed']);
    expect(plan.exitOn).toEqual([
      { event: 'Order Completed', where: [] },
      { event: 'Unsubscribed', where: [] },
    ]);
  });

  it('compiles delays, until-time delays and conditions with open branches as null', () => {
    const plan = build(
      journey(
        [
          trigger(),
          node('hours', 'delay', { mode: 'duration', amount: 3, unit: 'hours' }),
          node('morning', 'delay', { mode: 'until-time', time: '09:00', weekdays: [1, 5] }),
          node('pro', 'condition', { source: 'trigger', property: 'plan', op: 'equals', value: 'pro' }),
          email('a'),
        ],
        [edge('start', 'hours'), edge('hours', 'morning'), edge('morning', 'pro'), edge('pro', 'a', 'yes')],
      ),
    );
    expect(plan.steps['hours']).toEqual({
      kind: 'delay',
      id: 'hours',
      next: 'morning',
      duration: { ms: 3 * 3_600_000 },
    });
    expect(plan.steps['morning']).toEqual({
      kind: 'delay',
      id: 'morning',
      next: 'pro',
      untilTime: { time: '09:00', weekdays: [1, 5] },
    });
    expect(plan.steps['pro']).toEqual({
      kind: 'branch',
      id: 'pro',
      source: 'trigger',
      filter: { property: 'plan', op: 'equals', value: 'pro' },
      yes: 'a',
      no: null,
    });
  });

  it('records the installed version of every node in the plan', () => {
    const raw = journey([{ ...trigger(), version: 1 }, email('a')], [edge('start', 'a')]);
    expect(build(raw).nodeVersions).toEqual({ start: 1, a: 1 });
  });

  it("gives the plan the trigger's node type, config and event names, for the router", () => {
    expect(build(onboarding).trigger).toEqual({
      nodeId: 'signed-up',
      event: 'Signed Up',
      where: [],
      nodeType: 'event-trigger',
      config: { event: 'Signed Up', where: [] },
      events: ['Signed Up'],
    });
  });

  it('refuses a journey with violations', () => {
    expect(() => build(journey([email('a')], []))).toThrow(/no trigger/);
  });
});
