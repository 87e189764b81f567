import { describe, expect, it } from 'vitest';
import { advance, assignArm, begin, murmur3, type Plan } from '../../../engine/src/interpreter/index.ts';
import { compile, Journey, validateGraph } from '../../../engine/src/compiler/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';
import { days, edge, email, journey, node, trigger } from '../journey/journeys.ts';

const registry = defaultRegistry();
const T0 = Date.UTC(2026, 0, 5, 10, 0);
const signup = { messageId: 's1', event: 'Signed Up', properties: {}, timestamp: new Date(T0).toISOString() };

const splitNode = (config: Record<string, unknown> = {}) =>
  node('ab', 'split', {
    variants: [
      { name: 'weekly', weight: 1 },
      { name: 'biweekly', weight: 1 },
    ],
    ...config,
  });
const abJourney = (welcomeTemplate = 'welcome', split = splitNode()) =>
  journey(
    [
      trigger(),
      email('welcome', welcomeTemplate),
      split,
      email('w1', 'drip-1'),
      days('pause', 7),
      email('b1', 'drip-1'),
    ],
    [
      edge('start', 'welcome'),
      edge('welcome', 'ab'),
      edge('ab', 'w1', 'weekly'),
      edge('ab', 'pause', 'biweekly'),
      edge('pause', 'b1'),
    ],
  );
const build = (raw: unknown, version = 1): Plan => compile(Journey.parse(raw), { registry, version });

/** The arm a customer lands in under a plan, as the interpreter decides it. */
function armUnder(plan: Plan, userId: string): string {
  const first = begin(plan, { traits: {}, trigger: signup, nowMs: T0, userId });
  const { command } = advance(plan, first.state, { kind: 'acted', nowMs: T0 });
  if (command.kind !== 'expose') throw new Error(`expected an exposure, got ${command.kind}`);
  return command.variant;
}

describe('MurmurHash3 x86 32-bit', () => {
  // Reference values from Python's mmh3 5.3.1: mmh3.hash(text, seed, signed=False).
  it.each([
    ['', 0, 0],
    ['', 42, 142593372],
    ['a', 0, 1009084850],
    ['a', 42, 3001393763],
    ['abc', 0, 3017643002],
    ['hello, world', 0, 345750399],
    ['hello, world', 42, 2127021762],
    ['drip-cadence-test:cadence:1a2b:user-42', 0, 3909469184],
    ['ümlaut ✓ 🎉', 0, 968813857],
    ['ümlaut ✓ 🎉', 42, 4151870445],
  ])('hashes %j with seed %i', (text, seed, expected) => {
    expect(murmur3(text, seed)).toBe(expected);
  });
});

describe('assignment to arms', () => {
  const arms = [
    { name: 'a', weight: 1 },
    { name: 'b', weight: 1 },
  ];

  it('puts 100,000 customers within 1% of half in each arm of a 50/50 split', () => {
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 100_000; i += 1)
      counts[assignArm('journey:split:abcd', `user-${i}`, arms) === 'a' ? 'a' : 'b'] += 1;
    expect(Math.abs(counts.a / 100_000 - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(counts.b / 100_000 - 0.5)).toBeLessThan(0.01);
  });

  it('follows unequal weights (10/30/60) within 1%', () => {
    const weighted = [
      { name: 'x', weight: 10 },
      { name: 'y', weight: 30 },
      { name: 'z', weight: 60 },
    ];
    const counts = new Map<string, number>();
    for (let i = 0; i < 100_000; i += 1) {
      const arm = assignArm('k', `customer-${i}@example.com`, weighted);
      counts.set(arm, (counts.get(arm) ?? 0) + 1);
    }
    expect(Math.abs((counts.get('x') ?? 0) / 100_000 - 0.1)).toBeLessThan(0.01);
    expect(Math.abs((counts.get('y') ?? 0) / 100_000 - 0.3)).toBeLessThan(0.01);
    expect(Math.abs((counts.get('z') ?? 0) / 100_000 - 0.6)).toBeLessThan(0.01);
  });

  it('gives a customer the same arm every time', () => {
    for (let i = 0; i < 1000; i += 1) {
      const first = assignArm('key', `u${i}`, arms);
      for (let again = 0; again < 3; again += 1) expect(assignArm('key', `u${i}`, arms)).toBe(first);
    }
  });

  it('draws afresh for another experiment key', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `u${i}`);
    const same = ids.filter((id) => assignArm('one', id, arms) === assignArm('two', id, arms)).length;
    expect(same).toBeGreaterThan(400);
    expect(same).toBeLessThan(600);
  });
});

describe('a split in a journey', () => {
  const ids = Array.from({ length: 2000 }, (_, i) => `customer-${i}`);
  const plan = build(abJourney());

  it('validates: one branch per variant, each must be connected, a holdout is not a variant name', () => {
    expect(validateGraph(abJourney(), { registry })).toEqual([]);
    const unconnected = journey(
      [trigger(), splitNode(), email('w1')],
      [edge('start', 'ab'), edge('ab', 'w1', 'weekly')],
    );
    expect(validateGraph(unconnected, { registry })).toEqual([
      expect.objectContaining({ nodeId: 'ab', code: 'missing-branch' }),
    ]);
    const wrong = journey(
      [trigger(), splitNode(), email('w1'), email('b1')],
      [edge('start', 'ab'), edge('ab', 'w1', 'weekly'), edge('ab', 'b1', 'monthly')],
    );
    expect(validateGraph(wrong, { registry }).map((v) => v.code)).toEqual([
      'unknown-branch',
      'missing-branch',
      'unreachable',
    ]);
    const holdoutName = abJourney(
      'welcome',
      splitNode({
        variants: [
          { name: 'holdout', weight: 1 },
          { name: 'weekly', weight: 1 },
        ],
      }),
    );
    expect(validateGraph(holdoutName, { registry })).toContainEqual(
      expect.objectContaining({ code: 'invalid-config', path: 'nodes.2.config.variants.0.name' }),
    );
  });

  it('keeps every assignment when an unrelated node is edited and the journey republished', () => {
    const edited = build(abJourney('tips'), 2);
    expect(edited.steps['welcome']).not.toEqual(plan.steps['welcome']);
    expect(ids.map((id) => armUnder(edited, id))).toEqual(ids.map((id) => armUnder(plan, id)));
  });

  it('draws anew when the split itself changes (new weights)', () => {
    const reweighted = build(
      abJourney(
        'welcome',
        splitNode({
          variants: [
            { name: 'weekly', weight: 1 },
            { name: 'biweekly', weight: 2 },
          ],
        }),
      ),
      2,
    );
    const moved = ids.filter((id) => armUnder(reweighted, id) !== armUnder(plan, id)).length;
    expect(moved).toBeGreaterThan(ids.length / 4);
  });

  it('records the exposure, then goes down the drawn arm', () => {
    const first = begin(plan, { traits: {}, trigger: signup, nowMs: T0, userId: 'customer-7' });
    const exposed = advance(plan, first.state, { kind: 'acted', nowMs: T0 });
    expect(exposed.command).toEqual({
      kind: 'expose',
      stepId: 'ab',
      experimentKey: expect.stringMatching(/^test:ab:[0-9a-f]{8}$/),
      variant: armUnder(plan, 'customer-7'),
    });
    const after = advance(plan, exposed.state, { kind: 'exposed', nowMs: T0 });
    const variant = armUnder(plan, 'customer-7');
    expect(after.moves).toEqual([{ from: 'ab', to: variant === 'weekly' ? 'w1' : 'pause', branch: variant }]);
  });

  it('ends the run of a customer drawn into the holdout', () => {
    const withHoldout = build(abJourney('welcome', splitNode({ holdout: 1 })));
    const held = ids.filter((id) => armUnder(withHoldout, id) === 'holdout');
    expect(held.length).toBeGreaterThan(ids.length / 4);
    const first = begin(withHoldout, { traits: {}, trigger: signup, nowMs: T0, userId: held[0] ?? '' });
    const exposed = advance(withHoldout, first.state, { kind: 'acted', nowMs: T0 });
    expect(advance(withHoldout, exposed.state, { kind: 'exposed', nowMs: T0 }).command).toEqual({
      kind: 'exit',
      stepId: 'ab',
      reason: 'completed',
    });
  });

  it('sends everyone to the winner, without an exposure, once a winner is set', () => {
    const decided = build(abJourney('welcome', splitNode({ winner: 'biweekly' })), 3);
    for (const id of ids.slice(0, 50)) {
      const first = begin(decided, { traits: {}, trigger: signup, nowMs: T0, userId: id });
      const next = advance(decided, first.state, { kind: 'acted', nowMs: T0 });
      expect(next.command).toMatchObject({ kind: 'sleep', stepId: 'pause' });
    }
  });

  it('shows the planned sample size on the canvas', () => {
    const node = registry.get('split');
    const config = node?.configSchema.parse({
      variants: [{ name: 'weekly' }, { name: 'biweekly' }],
      baselineRate: 0.1,
      minimumDetectableEffect: 0.03,
    });
    expect(config && node?.summary(config)).toBe('Split weekly 50% / biweekly 50%; needs 1,774 customers per arm');
  });

  it('keeps the experiment key when only the winner is set', () => {
    const key = (p: Plan) => {
      const step = p.steps['ab'];
      return step?.kind === 'split' ? step.fingerprint : null;
    };
    expect(key(build(abJourney('welcome', splitNode({ winner: 'weekly' }))))).toBe(key(plan));
  });
});
