import { describe, expect, it } from 'vitest';
import {
  advance,
  begin,
  exitOn,
  type Command,
  type Input,
  type Plan,
  type RunState,
} from '../../../engine/src/interpreter/index.ts';
import { compile, Journey } from '../../../engine/src/compiler/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';
import { days, edge, email, exit, journey, node, onboarding, trigger } from '../journey/journeys.ts';

const registry = defaultRegistry();
const build = (raw: unknown): Plan => compile(Journey.parse(raw), { registry, version: 1 });
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5, 10, 0); // a Monday, 10:00 UTC
const signup = {
  messageId: 's1',
  event: 'Signed Up',
  properties: { plan: 'pro' },
  timestamp: new Date(T0).toISOString(),
};
const activated = { messageId: 'a1', event: 'Activated', properties: {}, timestamp: new Date(T0 + DAY).toISOString() };

/** Feeds inputs one after the other and returns every command produced (the first from begin). */
function drive(
  plan: Plan,
  inputs: Input[],
  traits: Record<string, unknown> = {},
): { commands: Command[]; state: RunState } {
  let { state, command } = begin(plan, { traits, trigger: signup, nowMs: T0 });
  const commands = [command];
  for (const input of inputs) {
    ({ state, command } = advance(plan, state, input));
    commands.push(command);
  }
  return { commands, state };
}

// An email step as the send-email node compiles it: retries at most 10 minutes apart for 24 hours.
const sendEmail = {
  nodeType: 'send-email',
  activity: 'sendEmail',
  startToCloseTimeoutMs: 60_000,
  maximumAttempts: 1_000,
  retry: { initialIntervalMs: 1_000, backoffCoefficient: 2, maximumIntervalMs: 600_000 },
  retryForMs: 24 * 3_600_000,
};
const mail = (template: string) => ({ template, retryForHours: 24, onFailure: 'continue' });
const onboardingPlan = build(onboarding);

describe('the onboarding journey, step by step', () => {
  it.each<[string, Input[], Command[]]>([
    [
      'activated within the wait',
      [
        { kind: 'acted', nowMs: T0 },
        { kind: 'event', nowMs: T0 + DAY, event: activated },
      ],
      [
        { kind: 'act', stepId: 'welcome', config: mail('welcome'), iteration: 1, ...sendEmail },
        { kind: 'wait', stepId: 'wait-activated', match: { event: 'Activated', where: [] }, deadlineMs: T0 + 2 * DAY },
        { kind: 'exit', stepId: 'activated', reason: 'exit-node' },
      ],
    ],
    [
      'timed out',
      [
        { kind: 'acted', nowMs: T0 },
        { kind: 'timeout', nowMs: T0 + 2 * DAY },
        { kind: 'acted', nowMs: T0 + 2 * DAY },
      ],
      [
        { kind: 'act', stepId: 'welcome', config: mail('welcome'), iteration: 1, ...sendEmail },
        { kind: 'wait', stepId: 'wait-activated', match: { event: 'Activated', where: [] }, deadlineMs: T0 + 2 * DAY },
        { kind: 'act', stepId: 'tips', config: mail('tips'), iteration: 1, ...sendEmail },
        { kind: 'exit', stepId: 'done', reason: 'exit-node' },
      ],
    ],
  ])('%s', (_name, inputs, expected) => {
    const { commands, state } = drive(onboardingPlan, inputs);
    expect(commands).toEqual(expected);
    expect(state.stepId).toBeNull();
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('records the path of steps entered', () => {
    const { state } = drive(onboardingPlan, [
      { kind: 'acted', nowMs: T0 },
      { kind: 'timeout', nowMs: T0 + 2 * DAY },
      { kind: 'acted', nowMs: T0 + 2 * DAY },
    ]);
    expect(state.path).toEqual(['welcome', 'wait-activated', 'tips', 'done']);
  });

  it.each<[string, Input]>([
    ['a timer', { kind: 'timer', nowMs: T0 }],
    ['an event', { kind: 'event', nowMs: T0, event: activated }],
  ])('refuses %s as the answer to an activity', (_name, input) => {
    const { state } = begin(onboardingPlan, { traits: {}, trigger: signup, nowMs: T0 });
    expect(() => advance(onboardingPlan, state, input)).toThrow(/cannot take/);
  });

  it('refuses an event the wait is not waiting for', () => {
    const { state } = drive(onboardingPlan, [{ kind: 'acted', nowMs: T0 }]);
    expect(() =>
      advance(onboardingPlan, state, { kind: 'event', nowMs: T0, event: { ...activated, event: 'Page Viewed' } }),
    ).toThrow(/cannot take/);
  });

  it('ends on an exit-on event wherever the customer is', () => {
    const { state } = drive(onboardingPlan, [{ kind: 'acted', nowMs: T0 }]);
    const ended = exitOn(state);
    expect(ended.command).toEqual({ kind: 'exit', stepId: 'wait-activated', reason: 'exit-on' });
    expect(() => advance(onboardingPlan, ended.state, { kind: 'timeout', nowMs: T0 })).toThrow(/ended/);
  });
});

describe('delays', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, string, number]>([
    ['a 3-day delay', { mode: 'duration', amount: 3, unit: 'days' }, {}, 'UTC', T0 + 3 * DAY],
    ['until 09:00 in the journey timezone', { mode: 'until-time', time: '09:00' }, {}, 'UTC', Date.UTC(2026, 0, 6, 9)],
    [
      'until 09:00 in the customer timezone',
      { mode: 'until-time', time: '09:00' },
      { timezone: 'Asia/Tokyo' },
      'UTC',
      Date.UTC(2026, 0, 6, 0),
    ],
    [
      'until 12:00 on Fridays',
      { mode: 'until-time', time: '12:00', weekdays: [5] },
      {},
      'UTC',
      Date.UTC(2026, 0, 9, 12),
    ],
    [
      'until 12:00 with an invalid customer timezone',
      { mode: 'until-time', time: '12:00' },
      { timezone: 'Moon/Base' },
      'Europe/Paris',
      Date.UTC(2026, 0, 5, 11),
    ],
  ])('%s sleeps until the right moment', (_name, config, traits, timezone, untilMs) => {
    const plan = build(
      journey([trigger(), node('pause', 'delay', config), email('a')], [edge('start', 'pause'), edge('pause', 'a')], {
        timezone,
      }),
    );
    const { commands } = drive(plan, [{ kind: 'timer', nowMs: untilMs }], traits);
    expect(commands[0]).toEqual({ kind: 'sleep', stepId: 'pause', untilMs });
    expect(commands[1]).toMatchObject({ kind: 'act', stepId: 'a' });
  });
});

describe('conditions and actions', () => {
  const vip = (source: string) =>
    build(
      journey(
        [
          trigger(),
          node('vip', 'condition', { source, property: 'plan', op: 'equals', value: 'pro' }),
          email('yes-mail'),
          exit('no-exit'),
        ],
        [edge('start', 'vip'), edge('vip', 'yes-mail', 'yes'), edge('vip', 'no-exit', 'no')],
      ),
    );

  it.each<[string, string, Record<string, unknown>, Command]>([
    [
      'trigger property matches',
      'trigger',
      {},
      { kind: 'act', stepId: 'yes-mail', config: mail('yes-mail'), iteration: 1, ...sendEmail },
    ],
    [
      'trait matches',
      'traits',
      { plan: 'pro' },
      { kind: 'act', stepId: 'yes-mail', config: mail('yes-mail'), iteration: 1, ...sendEmail },
    ],
    ['trait does not match', 'traits', { plan: 'free' }, { kind: 'exit', stepId: 'no-exit', reason: 'exit-node' }],
  ])('a branch on %s goes straight on without a command', (_name, source, traits, first) => {
    expect(drive(vip(source), [], traits).commands).toEqual([first]);
  });

  it('ends "completed" on the last step when nothing follows', () => {
    const plan = build(journey([trigger(), email('a')], [edge('start', 'a')]));
    expect(drive(plan, [{ kind: 'acted', nowMs: T0 }]).commands[1]).toEqual({
      kind: 'exit',
      stepId: 'a',
      reason: 'completed',
    });
  });

  it('merges traits an activity returns, so later conditions see them', () => {
    const plan = build(
      journey(
        [
          trigger(),
          node('gold', 'update-customer', { set: { tier: 'gold' } }),
          node('is-gold', 'condition', { property: 'tier', op: 'equals', value: 'gold' }),
          email('a'),
        ],
        [edge('start', 'gold'), edge('gold', 'is-gold'), edge('is-gold', 'a', 'yes')],
      ),
    );
    const { commands, state } = drive(plan, [{ kind: 'acted', nowMs: T0, traits: { tier: 'gold' } }], {
      email: 'x@example.com',
    });
    expect(commands[0]).toMatchObject({ kind: 'act', activity: 'updateCustomer', config: { set: { tier: 'gold' } } });
    expect(commands[1]).toMatchObject({ kind: 'act', stepId: 'a' });
    expect(state.traits).toEqual({ email: 'x@example.com', tier: 'gold' });
  });

  it('counts iterations when a loop enters a step again', () => {
    const plan = build(
      journey(
        [trigger(), email('a'), days('weekly', 7)],
        [edge('start', 'a'), edge('a', 'weekly'), edge('weekly', 'a')],
      ),
    );
    const { commands } = drive(plan, [
      { kind: 'acted', nowMs: T0 },
      { kind: 'timer', nowMs: T0 + 7 * DAY },
      { kind: 'acted', nowMs: T0 + 7 * DAY },
    ]);
    expect(commands.filter((c) => c.kind === 'act').map((c) => c.kind === 'act' && c.iteration)).toEqual([1, 2]);
    expect(commands[3]).toEqual({ kind: 'sleep', stepId: 'weekly', untilMs: T0 + 14 * DAY });
  });

  it('throws on a plan that loops without pausing (the validator keeps these out)', () => {
    const plan: Plan = {
      ...build(journey([trigger(), email('a')], [edge('start', 'a')])),
      entry: 'x',
      steps: {
        x: {
          kind: 'branch',
          id: 'x',
          source: 'traits',
          filter: { property: 'p', op: 'not-exists' },
          yes: 'x',
          no: null,
        },
      },
    };
    expect(() => begin(plan, { traits: {}, trigger: signup, nowMs: T0 })).toThrow(/without a pause/);
  });
});
