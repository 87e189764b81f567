import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assignArm, type Plan } from '../../../engine/src/interpreter/index.ts';
import { compile, Journey } from '../../../engine/src/compiler/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';
import { estimatePower, simulate, simulateOne } from '../../../engine/src/simulate/index.ts';
import { edge, email, journey, node, trigger } from '../journey/journeys.ts';

const DAY = 86_400_000;
const start = Date.UTC(2026, 0, 5, 10, 0);
const registry = defaultRegistry();
const cadence = compile(
  Journey.parse(
    JSON.parse(readFileSync(new URL('../../../templates/journeys/drip-cadence-test.json', import.meta.url), 'utf8')),
  ),
  { registry, version: 1 },
);

/** The first synthetic customer id that lands in `arm` of the plan's split. */
function customerIn(plan: Plan, arm: string): string {
  const step = plan.steps['cadence'];
  if (step?.kind !== 'split') throw new Error('no split');
  const key = `${plan.journeyId}:${step.id}:${step.fingerprint}`;
  for (let i = 0; ; i += 1) if (assignArm(key, `customer-${i}`, step.arms) === arm) return `customer-${i}`;
}

describe('the drip cadence test in the simulator', () => {
  it.each([
    ['weekly', [0, 7, 14, 21]],
    ['biweekly', [0, 14, 28, 42]],
  ])('sends the %s arm its four emails on days %j', (arm, days) => {
    const run = simulateOne(cadence, { startMs: start, userId: customerIn(cadence, arm), events: [] });
    expect(run.exposures).toEqual([
      {
        stepId: 'cadence',
        experimentKey: expect.stringMatching(/^drip-cadence-test:cadence:/),
        variant: arm,
        atMs: start,
      },
    ]);
    expect(run.emails.map((e) => [e.template, (e.atMs - start) / DAY])).toEqual(
      days.map((d, i) => [`drip-${i + 1}`, d]),
    );
  });

  it('stops either arm when the customer orders', () => {
    for (const arm of ['weekly', 'biweekly']) {
      const run = simulateOne(cadence, {
        startMs: start,
        userId: customerIn(cadence, arm),
        events: [{ event: 'Order Completed', atMs: start + 10 * DAY }],
      });
      expect(run.exit).toMatchObject({ reason: 'exit-on' });
      expect(run.emails).toHaveLength(arm === 'weekly' ? 2 : 1);
    }
  });

  it('lets a behaviour depend on the arm', () => {
    const weekly = simulateOne(cadence, {
      startMs: start,
      userId: customerIn(cadence, 'weekly'),
      events: [{ event: 'Order Completed', atMs: start + DAY, arm: 'biweekly' }],
    });
    expect(weekly.exit).toMatchObject({ reason: 'completed' });
    expect(weekly.emails).toHaveLength(4);
    const biweekly = simulateOne(cadence, {
      startMs: start,
      userId: customerIn(cadence, 'biweekly'),
      events: [{ event: 'Order Completed', atMs: start + DAY, arm: 'biweekly' }],
    });
    expect(biweekly.exit).toMatchObject({ reason: 'exit-on' });
  });
});

describe('10,000 synthetic customers with a true effect of +4 points for biweekly', () => {
  const truth = 0.14 - 0.1;
  const result = simulate(cadence, {
    customers: 10_000,
    seed: 7,
    startMs: start,
    horizonDays: 61,
    behaviours: [
      { event: 'Order Completed', probability: 0.1, withinMs: 60 * DAY, arm: 'weekly', properties: { revenue: 40 } },
      { event: 'Order Completed', probability: 0.14, withinMs: 60 * DAY, arm: 'biweekly', properties: { revenue: 40 } },
    ],
  });
  const [experiment] = result.experiments;
  const analysis = experiment?.analysis;
  const biweekly = analysis?.arms.find((a) => a.name === 'biweekly');

  it('measures every exposed customer, split about evenly', () => {
    expect(experiment?.counts.map((c) => c.exposed).reduce((s, n) => s + n, 0)).toBe(10_000);
    expect(experiment?.counts.every((c) => c.measured === c.exposed)).toBe(true);
    expect(analysis?.sampleRatio.mismatch).toBe(false);
  });

  it('reports a difference whose 95% interval covers the true +4 points', () => {
    const diff = biweekly?.versusControl;
    expect(diff?.absoluteInterval.lower).toBeLessThan(truth);
    expect(diff?.absoluteInterval.upper).toBeGreaterThan(truth);
    expect(diff?.test).toBe('z-test');
  });

  it('declares biweekly the winner once the planned sample size is reached', () => {
    expect(analysis?.stopping).toMatchObject({ rule: 'fixed-horizon', met: true });
    expect(analysis?.stopping.plannedPerArm).toBeLessThan(5000);
    expect(analysis).toMatchObject({ status: 'winner', winner: 'biweekly' });
    expect(biweekly?.probabilityBest).toBeGreaterThan(0.99);
    expect(biweekly?.revenuePerCustomer).toBeCloseTo(40 * (biweekly?.rate ?? 0), 9);
  });

  it('says "not yet" with half the planned customers', () => {
    const small = simulate(cadence, { customers: 1000, seed: 7, startMs: start, horizonDays: 61, behaviours: [] });
    expect(small.experiments[0]?.analysis).toMatchObject({ status: 'collecting', winner: null });
  });
});

describe('with no true effect', () => {
  // A small A/B journey keeps 200 simulated tests quick; the rule is the same as for any split.
  const ab = compile(
    Journey.parse(
      journey(
        [
          trigger(),
          node('cadence', 'split', {
            variants: [{ name: 'a' }, { name: 'b' }],
            baselineRate: 0.3,
            minimumDetectableEffect: 0.1,
          }),
          email('ea'),
          email('eb'),
        ],
        [edge('start', 'cadence'), edge('cadence', 'ea', 'a'), edge('cadence', 'eb', 'b')],
        { goal: { event: 'Order Completed', withinDays: 30 } },
      ),
    ),
    { registry, version: 1 },
  );
  const behaviours = [{ event: 'Order Completed', probability: 0.3, withinMs: 30 * DAY }];

  it('fires the winner rule in at most about 5% of 200 simulated tests', () => {
    let fired = 0;
    let reached = 0;
    for (let seed = 1; seed <= 200; seed += 1) {
      const analysis = simulate(ab, { customers: 900, seed: seed * 7919, startMs: start, horizonDays: 31, behaviours })
        .experiments[0]?.analysis;
      if (analysis?.stopping.met) reached += 1;
      if (analysis?.status === 'winner') fired += 1;
    }
    expect(reached).toBe(200);
    console.info(`winner rule fired in ${fired} of 200 null tests`);
    expect(fired / 200).toBeLessThanOrEqual(0.075);
  });
});

describe('the power of a test before publishing', () => {
  const ab = compile(
    Journey.parse(
      journey(
        [trigger(), node('cadence', 'split', { variants: [{ name: 'a' }, { name: 'b' }] }), email('ea'), email('eb')],
        [edge('start', 'cadence'), edge('cadence', 'ea', 'a'), edge('cadence', 'eb', 'b')],
        { goal: { event: 'Order Completed', withinDays: 30 } },
      ),
    ),
    { registry, version: 1 },
  );

  it('estimates about the analytic power for 2,000 customers per arm and +3 points', () => {
    const estimate = estimatePower(ab, 'cadence', {
      customers: 4000,
      seed: 3,
      startMs: start,
      horizonDays: 31,
      replicates: 60,
      behaviours: [
        { event: 'Order Completed', probability: 0.15, withinMs: 30 * DAY, arm: 'a' },
        { event: 'Order Completed', probability: 0.18, withinMs: 30 * DAY, arm: 'b' },
      ],
    });
    expect(estimate.customersPerArm).toBeGreaterThan(1900);
    expect(estimate.customersPerArm).toBeLessThan(2100);
    expect(Math.abs((estimate.power['b'] ?? 0) - (estimate.analyticPower ?? 0))).toBeLessThan(0.15);
    expect(estimate.summary).toMatch(/^2,0\d\d customers per arm, \+3 points: power \d+%$/);
  });
});
