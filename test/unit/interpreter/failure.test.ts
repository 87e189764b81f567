import { describe, expect, it } from 'vitest';
import { advance, begin, type Plan } from '../../../engine/src/interpreter/index.ts';
import { compile, Journey } from '../../../engine/src/compiler/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';
import { edge, email, journey, node, trigger } from '../journey/journeys.ts';

// An action that gives up: the run goes on to the next step or ends with reason "failed", as the
// node's onFailure says; an email in doubt always goes on.
const build = (raw: unknown): Plan => compile(Journey.parse(raw), { registry: defaultRegistry(), version: 1 });
const T0 = Date.UTC(2026, 0, 5, 10, 0);
const signup = { messageId: 's1', event: 'Signed Up', properties: {}, timestamp: new Date(T0).toISOString() };

/** start -> first (an action with `config`) -> second email. */
const twoSteps = (type: string, config: Record<string, unknown>) =>
  build(
    journey(
      [trigger(), node('first', type, config), email('second')],
      [edge('start', 'first'), edge('first', 'second')],
    ),
  );

describe('an action that gives up', () => {
  it.each<[string, string, Record<string, unknown>, 'failed' | 'in-doubt', Record<string, unknown>]>([
    [
      'an email (default: continue) goes on',
      'send-email',
      { template: 'a' },
      'failed',
      { kind: 'act', stepId: 'second' },
    ],
    [
      'an email set to exit ends the run "failed"',
      'send-email',
      { template: 'a', onFailure: 'exit' },
      'failed',
      { kind: 'exit', stepId: 'first', reason: 'failed' },
    ],
    [
      'a webhook (default: exit) ends the run "failed"',
      'webhook',
      { url: 'https://example.com/h' },
      'failed',
      { kind: 'exit', stepId: 'first', reason: 'failed' },
    ],
    [
      'a webhook set to continue goes on',
      'webhook',
      { url: 'https://example.com/h', onFailure: 'continue' },
      'failed',
      { kind: 'act', stepId: 'second' },
    ],
    [
      'an update (default: exit) ends the run "failed"',
      'update-customer',
      { set: { tier: 'gold' } },
      'failed',
      { kind: 'exit', stepId: 'first', reason: 'failed' },
    ],
    [
      'an email in doubt goes on even when set to exit',
      'send-email',
      { template: 'a', onFailure: 'exit' },
      'in-doubt',
      { kind: 'act', stepId: 'second' },
    ],
  ])('%s', (_name, type, config, outcome, expected) => {
    const plan = twoSteps(type, config);
    const { state, command } = begin(plan, { traits: {}, trigger: signup, nowMs: T0 });
    expect(command).toMatchObject({ kind: 'act', stepId: 'first' });
    const next = advance(plan, state, { kind: 'failed', nowMs: T0, outcome });
    expect(next.command).toMatchObject(expected);
    if (next.command.kind === 'exit') expect(next.state.stepId).toBeNull();
  });

  it('treats a plan compiled before onFailure existed as "exit" (the run used to fail there)', () => {
    const plan = twoSteps('send-email', { template: 'a' });
    const first = plan.steps['first'];
    if (first?.kind !== 'action') throw new Error('first is an action');
    const { onFailure: _dropped, ...older } = first;
    const old: Plan = { ...plan, steps: { ...plan.steps, first: older } };
    const { state } = begin(old, { traits: {}, trigger: signup, nowMs: T0 });
    expect(advance(old, state, { kind: 'failed', nowMs: T0, outcome: 'failed' }).command).toEqual({
      kind: 'exit',
      stepId: 'first',
      reason: 'failed',
    });
  });

  it('refuses a "failed" answer to a step that is not an action', () => {
    const plan = build(
      journey(
        [trigger(), node('pause', 'delay', { mode: 'duration', amount: 1, unit: 'days' }), email('a')],
        [edge('start', 'pause'), edge('pause', 'a')],
      ),
    );
    const { state } = begin(plan, { traits: {}, trigger: signup, nowMs: T0 });
    expect(() => advance(plan, state, { kind: 'failed', nowMs: T0, outcome: 'failed' })).toThrow(/cannot take/);
  });

  it('refuses an onFailure that is neither continue nor exit, naming the field', () => {
    const violations = () =>
      compile(
        Journey.parse(
          journey(
            [trigger(), node('first', 'send-email', { template: 'a', onFailure: 'retry-forever' })],
            [edge('start', 'first')],
          ),
        ),
        { registry: defaultRegistry(), version: 1 },
      );
    expect(violations).toThrow(/onFailure/);
  });
});
