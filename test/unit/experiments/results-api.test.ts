import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findVersion, mergeTraits, recordExposure, type Database } from '../../../engine/src/db/index.ts';
import type { EventStore, IncomingEvent } from '../../../engine/src/events/index.ts';
import { armOf, Plan, type SplitStep } from '../../../engine/src/interpreter/index.ts';
import { starterJourneys } from '../../../engine/src/starters/index.ts';
import { startInProcessApp, type InProcessApp } from '../../support/in-process-app.ts';

// The results endpoint and the automatic winner over a real (embedded) database; exposures and
// orders are written as the workflow and the ingest API would write them.
const DAY = 86_400_000;
let app: InProcessApp;
let db: Database;
let store: EventStore;
let base: string;

beforeAll(async () => {
  // The results are read "now"; tests put exposures in the past relative to the real clock.
  app = await startInProcessApp('experiments');
  db = app.db;
  store = app.store;
  base = app.base;
}, 60_000);
afterAll(async () => {
  await app?.close();
});

async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const { status, json } = await app.admin(method, path, body);
  return { status, json: json as Record<string, unknown> };
}

const starter = starterJourneys().find((j) => j.id === 'drip-cadence-test');
const journey = {
  ...starter,
  nodes: starter?.nodes.map((n) => (n.id === 'cadence' ? { ...n, config: { ...n.config, autoWinner: true } } : n)),
};

async function livePlan(version: number): Promise<{ plan: Plan; split: SplitStep }> {
  const stored = await findVersion(db, 'drip-cadence-test', version);
  const plan = Plan.parse(stored?.plan);
  const split = plan.steps['cadence'];
  if (split?.kind !== 'split') throw new Error('no split');
  return { plan, split };
}

/** What the test wrote, per arm: customers exposed and customers who ordered. */
const written = new Map<string, { exposed: number; converted: number }>();

/** Exposes customers `from`..`to`-1 61 days before now; weekly customers order at 10%, biweekly at 14%; 1% unsubscribe 5 days in. */
async function expose(plan: Plan, split: SplitStep, from: number, to: number): Promise<void> {
  const exposedAt = Date.now() - 61 * DAY;
  const orders: IncomingEvent[] = [];
  for (let i = from; i < to; i += 1) {
    const userId = `c${i}`;
    const { experimentKey, variant } = armOf(plan, split, userId);
    await recordExposure(db, {
      experimentKey,
      journeyId: plan.journeyId,
      splitId: split.id,
      userId,
      variant,
      version: plan.version,
      workflowId: `journey:${plan.journeyId}:${userId}`,
      exposedAt: new Date(exposedAt).toISOString(),
    });
    const rate = variant === 'biweekly' ? 14 : 10;
    const tally = written.get(variant) ?? { exposed: 0, converted: 0 };
    tally.exposed += 1;
    if (i % 100 < rate) tally.converted += 1;
    written.set(variant, tally);
    if (i % 100 < rate) {
      orders.push({
        type: 'track',
        messageId: `order-${i}`,
        userId,
        anonymousId: undefined,
        event: 'Order Completed',
        properties: { revenue: 50 },
        traits: {},
        context: {},
        timestamp: new Date(exposedAt + (i % 50) * DAY).toISOString(),
      });
    }
  }
  await store.append(orders);
  for (let i = from; i < to; i += 100) {
    await mergeTraits(db, `c${i}`, {});
    await db.query('update customers set unsubscribed_at = $2 where user_id = $1', [
      `c${i}`,
      new Date(exposedAt + 5 * DAY).toISOString(),
    ]);
  }
}

describe('experiment results and the automatic winner', () => {
  it('shows the planned sample size of the draft before publishing', async () => {
    expect((await call('POST', '/v1/journeys', journey)).status).toBe(201);
    const { json } = await call('GET', '/v1/journeys/drip-cadence-test/experiments');
    expect(json).toMatchObject({
      liveVersion: null,
      experiments: [],
      goal: { event: 'Order Completed', withinDays: 60 },
      draft: [{ splitId: 'cadence', arms: 2 }],
    });
    const [draft] = json['draft'] as Array<{ plannedPerArm: number }>;
    expect(draft?.plannedPerArm).toBeGreaterThan(1500);
    expect(draft?.plannedPerArm).toBeLessThan(2000);
  });

  it('says "not yet" before the planned sample size, and decides nothing', async () => {
    expect((await call('POST', '/v1/journeys/drip-cadence-test/publish', {})).json).toEqual({ version: 1 });
    const { plan, split } = await livePlan(1);
    await expose(plan, split, 0, 400);
    const { json } = await call('GET', '/v1/journeys/drip-cadence-test/experiments');
    const [experiment] = json['experiments'] as Array<{
      analysis: { status: string; winner: string | null; stopping: { met: boolean } };
      counts: Array<{ exposed: number }>;
    }>;
    expect(experiment?.counts.reduce((s, c) => s + c.exposed, 0)).toBe(400);
    expect(experiment?.analysis).toMatchObject({ status: 'collecting', winner: null, stopping: { met: false } });
    expect((await call('POST', '/v1/journeys/drip-cadence-test/experiments/check')).json).toEqual({ decided: [] });
  });

  it('reports each arm against control once the planned sample size is reached', async () => {
    const { plan, split } = await livePlan(1);
    await expose(plan, split, 400, 4000);
    const { json } = await call('GET', '/v1/journeys/drip-cadence-test/experiments');
    const [experiment] = json['experiments'] as Array<
      Record<string, unknown> & {
        analysis: { arms: Array<Record<string, unknown>>; status: string; winner: string };
        cumulative: Record<string, Array<{ exposed: number; converted: number }>>;
      }
    >;
    expect(experiment?.analysis).toMatchObject({
      status: 'winner',
      winner: 'biweekly',
      stopping: { rule: 'fixed-horizon', met: true },
      sampleRatio: { mismatch: false },
    });
    const [weekly, biweekly] = experiment?.analysis.arms ?? [];
    const truth = (arm: string) => written.get(arm) ?? { exposed: 0, converted: 0 };
    expect(weekly).toMatchObject({
      name: 'weekly',
      control: true,
      versusControl: null,
      ...truth('weekly'),
      measured: truth('weekly').exposed,
    });
    expect(biweekly).toMatchObject({
      name: 'biweekly',
      control: false,
      ...truth('biweekly'),
      versusControl: { test: 'z-test', significant: true },
    });
    expect(weekly?.['rate']).toBeCloseTo(0.1, 2);
    expect(biweekly?.['rate']).toBeCloseTo(0.14, 2);
    expect(biweekly?.['revenuePerCustomer']).toBeCloseTo(
      (50 * truth('biweekly').converted) / truth('biweekly').exposed,
      9,
    );
    expect(biweekly?.['unsubscribeRate']).toBeCloseTo(0.01, 2);
    expect(biweekly?.['probabilityBest']).toBeGreaterThan(0.99);
    const series = experiment?.cumulative['biweekly'] ?? [];
    expect(series.at(-1)).toMatchObject({ exposed: biweekly?.['exposed'], converted: biweekly?.['converted'] });
  });

  it('simulates the split with an effect in one arm, and estimates its power', async () => {
    const { status, json } = await call('POST', '/v1/journeys/drip-cadence-test/simulate', {
      customers: 2000,
      days: 61,
      seed: 5,
      powerReplicates: 3,
      behaviours: [{ event: 'Order Completed', probability: 0.2, withinDays: 60, arm: 'weekly' }],
    });
    expect(status).toBe(200);
    const [experiment] = json['experiments'] as Array<{ counts: Array<{ name: string; converted: number }> }>;
    expect(experiment?.counts.find((c) => c.name === 'weekly')?.converted).toBeGreaterThan(0);
    expect(experiment?.counts.find((c) => c.name === 'biweekly')?.converted).toBe(0);
    expect(json['power']).toEqual([
      expect.objectContaining({
        splitId: 'cadence',
        replicates: 3,
        summary: expect.stringMatching(/customers per arm/),
      }),
    ]);
    const tooBig = await call('POST', '/v1/journeys/drip-cadence-test/simulate', {
      customers: 100_000,
      powerReplicates: 100,
    });
    expect(tooBig.status).toBe(400);
    expect(JSON.stringify(tooBig.json)).toContain('powerReplicates');
  });

  it('publishes a version routing new entrants to the winner, records the decision, and keeps the experiment key', async () => {
    const before = await livePlan(1);
    const { json } = await call('POST', '/v1/journeys/drip-cadence-test/experiments/check');
    expect(json).toEqual({
      decided: [expect.objectContaining({ splitId: 'cadence', winner: 'biweekly', publishedVersion: 2 })],
    });
    const after = await livePlan(2);
    expect(after.split).toMatchObject({ winner: 'biweekly', fingerprint: before.split.fingerprint });
    expect(before.split.winner).toBeNull(); // customers in flight on version 1 keep their arm
    const results = await call('GET', '/v1/journeys/drip-cadence-test/experiments');
    expect(results.json).toMatchObject({
      liveVersion: 2,
      experiments: [
        {
          routedTo: 'biweekly',
          decision: { winner: 'biweekly', publishedVersion: 2, numbers: { stopping: { met: true } } },
        },
      ],
    });
    expect((await call('POST', '/v1/journeys/drip-cadence-test/experiments/check')).json).toEqual({ decided: [] });
    const draft = (await call('GET', '/v1/journeys/drip-cadence-test')).json['draft'] as {
      nodes: Array<{ id: string; config: Record<string, unknown> }>;
    };
    expect(draft.nodes.find((n) => n.id === 'cadence')?.config['winner']).toBe('biweekly');
  });

  it('lists the endpoint in the OpenAPI document', async () => {
    const res = await fetch(`${base}/openapi.json`);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/journeys/{id}/experiments', '/v1/journeys/{id}/experiments/check']),
    );
  });
});
