import { describe, expect, it } from 'vitest';
import { compile, Journey } from '../../../engine/src/compiler/index.ts';
import { advance, begin, type Plan } from '../../../engine/src/interpreter/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';
import { edge, email, exit, journey, trigger } from '../journey/journeys.ts';

// A journey-level holdout: a share of entrants is recorded and sent nothing, so what the journey does
// can be measured against them. Expected groups come from Python's mmh3 (murmur3 x86 32-bit), not from
// this code: hash("win-back:journey-holdout:<userId>") / 2^32 x 100 >= 70 is the 30% holdout.
const winBack = (settings: Record<string, unknown>): Plan =>
  compile(
    Journey.parse({
      ...journey(
        [trigger('start', 'Order Completed'), email('offer'), exit('done')],
        [edge('start', 'offer'), edge('offer', 'done')],
        settings,
      ),
      id: 'win-back',
    }),
    { registry: defaultRegistry(), version: 1 },
  );
const T0 = Date.UTC(2026, 5, 1);
const start = (plan: Plan, userId: string) =>
  begin(plan, {
    traits: {},
    trigger: { messageId: 't', event: 'Order Completed', properties: {}, timestamp: new Date(T0).toISOString() },
    nowMs: T0,
    userId,
  });

describe("a journey's holdout", () => {
  const plan = winBack({ holdout: 30 });

  it('records every entrant’s group first, with the journey’s own experiment key', () => {
    // mmh3: c0 → 37.37 (entrants), c1 → 99.07 (holdout)
    expect(start(plan, 'c0').command).toEqual({
      kind: 'expose',
      stepId: 'start',
      experimentKey: 'win-back:journey-holdout',
      variant: 'entrants',
    });
    expect(start(plan, 'c1').command).toEqual({
      kind: 'expose',
      stepId: 'start',
      experimentKey: 'win-back:journey-holdout',
      variant: 'holdout',
    });
  });

  it('ends the holdout’s run at once, and lets entrants take the journey', () => {
    const held = start(plan, 'c4'); // mmh3 79.56
    expect(advance(plan, held.state, { kind: 'exposed', nowMs: T0 }).command).toEqual({
      kind: 'exit',
      stepId: 'start',
      reason: 'holdout',
    });
    const entrant = start(plan, 'c3'); // mmh3 20.59
    expect(advance(plan, entrant.state, { kind: 'exposed', nowMs: T0 }).command).toMatchObject({
      kind: 'act',
      stepId: 'offer',
      nodeType: 'send-email',
    });
  });

  it('holds out the share it was given: 2,934 of 10,000 customers at 30% (counted with mmh3)', () => {
    let held = 0;
    for (let i = 0; i < 10_000; i += 1)
      if (
        start(plan, `u${i}`).command.kind === 'expose' &&
        (start(plan, `u${i}`).command as { variant: string }).variant === 'holdout'
      )
        held += 1;
    expect(held).toBe(2934);
  });

  it('is not there for journeys without one: the run starts at its first step, as before', () => {
    expect(winBack({}).holdout).toBeUndefined();
    expect(start(winBack({}), 'c1').command).toMatchObject({ kind: 'act', stepId: 'offer' });
    expect(start(winBack({ holdout: 0 }), 'c1').command).toMatchObject({ kind: 'act', stepId: 'offer' });
  });

  it('refuses a share above 90%, naming the setting', () => {
    const parsed = Journey.safeParse({ ...journey([trigger()], [], { holdout: 95 }), id: 'x' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['settings', 'holdout']);
  });
});
