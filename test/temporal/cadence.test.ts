import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTestServer } from '../../engine/bin/tools.mjs';
import { armOf, type Plan } from '../../engine/src/interpreter/index.ts';
import { compile } from '../../engine/src/journey/index.ts';
import { defaultRegistry } from '../../engine/src/nodes/index.ts';
import { listExposures, listMessages, mergeTraits } from '../../engine/src/db/index.ts';
import { starterJourneys } from '../../engine/src/runtime/starters.ts';
import { workflowBundle } from '../../engine/src/temporal/bundle.ts';
import { activityWorld, type ActivityWorld } from '../support/worker-env.ts';

// The drip-cadence-test starter on the time-skipping server: weeks pass in seconds.
const starter = starterJourneys().find((j) => j.id === 'drip-cadence-test');
if (!starter) throw new Error('the drip-cadence-test starter is missing');
const plan: Plan = compile(starter, { registry: defaultRegistry(), version: 1 });
const DAY = 86_400_000;

/** A customer id the split sends to `arm`. */
function customerIn(arm: string, prefix: string): string {
  const step = plan.steps['cadence'];
  if (step?.kind !== 'split') throw new Error('no split');
  for (let i = 0; ; i += 1) if (armOf(plan, step, `${prefix}-${i}`).variant === arm) return `${prefix}-${i}`;
}

let env: TestWorkflowEnvironment;
let world: ActivityWorld;
let bundle: { code: string };

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: ensureTestServer() } } });
  world = await activityWorld();
  bundle = await workflowBundle(mkdtempSync(join(tmpdir(), 'boomerang-bundle-')));
});
afterAll(async () => {
  await env?.teardown();
  await world?.close();
});

const sent = async (userId: string) => (await listMessages(world.db, { userId })).filter((m) => m.status === 'sent').length;

async function runCadence(userId: string, during?: (handle: { signal: (name: string, arg: unknown) => Promise<void> }) => Promise<void>) {
  await mergeTraits(world.db, userId, { email: `${userId}@example.com`, firstName: userId });
  const taskQueue = `cadence-${userId}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities: world.activities });
  return worker.runUntil(async () => {
    const trigger = { messageId: `${userId}-signup`, event: 'Signed Up', properties: {}, timestamp: new Date().toISOString() };
    const handle = await env.client.workflow.start('journeyWorkflow', {
      taskQueue, workflowId: `journey:drip-cadence-test:${userId}`,
      args: [{ journeyId: 'drip-cadence-test', version: 1, plan, userId, traits: {}, trigger }],
    });
    if (during) await during(handle);
    const outcome = await handle.result();
    const { startTime, closeTime } = await handle.describe();
    return { outcome, days: ((closeTime?.getTime() ?? Number.NaN) - startTime.getTime()) / DAY, history: await handle.fetchHistory() };
  });
}

describe('the drip cadence test on the time-skipping server', () => {
  it('sends the weekly arm 4 emails over 4 weeks (days 0, 7, 14, 21)', async () => {
    const userId = customerIn('weekly', 'wendy');
    const { outcome, days } = await runCadence(userId, async () => {
      await env.sleep('20 days');
      expect(await sent(userId)).toBe(3);
    });
    expect(outcome).toMatchObject({ reason: 'completed', emailsSent: 4 });
    expect(days).toBeCloseTo(21, 1);
    expect(await world.mailTo(`${userId}@example.com`)).toHaveLength(4);
    expect(await listExposures(world.db, `drip-cadence-test:cadence:${plan.steps['cadence']?.kind === 'split' ? plan.steps['cadence'].fingerprint : ''}`))
      .toContainEqual(expect.objectContaining({ userId, variant: 'weekly', version: 1 }));
  });

  it('sends the biweekly arm 4 emails over 8 weeks (days 0, 14, 28, 42), and replays its history deterministically', async () => {
    const userId = customerIn('biweekly', 'bob');
    const { outcome, days, history } = await runCadence(userId, async () => {
      await env.sleep('27 days');
      expect(await sent(userId)).toBe(2);
    });
    expect(outcome).toMatchObject({ reason: 'completed', emailsSent: 4 });
    expect(days).toBeCloseTo(42, 1);
    expect(await world.mailTo(`${userId}@example.com`)).toHaveLength(4);
    // The split, its exposure and the arm's timers replay from history without non-determinism errors.
    await expect(Worker.runReplayHistory({ workflowBundle: bundle }, history, `journey:drip-cadence-test:${userId}`)).resolves.toBeUndefined();
  });

  it.each([['weekly', 2], ['biweekly', 1]])('stops the %s arm when Order Completed arrives on day 10', async (arm, emails) => {
    const userId = customerIn(arm, `orders-${arm}`);
    const { outcome } = await runCadence(userId, async (handle) => {
      await env.sleep('10 days');
      await handle.signal('event', { messageId: `${userId}-order`, event: 'Order Completed', properties: { revenue: 30 }, timestamp: new Date().toISOString() });
    });
    expect(outcome).toMatchObject({ reason: 'exit-on', emailsSent: emails });
    expect(await sent(userId)).toBe(emails);
  });
});
