import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTestServer } from '../../engine/bin/tools.mjs';
import { compile, Journey } from '../../engine/src/journey/index.ts';
import { defaultRegistry } from '../../engine/src/nodes/index.ts';
import { mergeTraits } from '../../engine/src/db/index.ts';
import { workflowBundle } from '../../engine/src/temporal/bundle.ts';
import { activityWorld, type ActivityWorld } from '../support/worker-env.ts';

// A 14-day drip of 4 emails on the time-skipping test server: days pass in seconds.
const drip = Journey.parse({
  id: 'drip', name: 'Drip', settings: { exitOn: [{ event: 'Order Completed' }] },
  nodes: [
    { id: 'start', type: 'event-trigger', config: { event: 'Signed Up' } },
    { id: 'd1', type: 'send-email', config: { template: 'drip-1' } },
    { id: 'w1', type: 'delay', config: { mode: 'duration', amount: 4, unit: 'days' } },
    { id: 'd2', type: 'send-email', config: { template: 'drip-2' } },
    { id: 'w2', type: 'delay', config: { mode: 'duration', amount: 5, unit: 'days' } },
    { id: 'd3', type: 'send-email', config: { template: 'drip-3' } },
    { id: 'w3', type: 'delay', config: { mode: 'duration', amount: 5, unit: 'days' } },
    { id: 'd4', type: 'send-email', config: { template: 'drip-4' } },
  ],
  edges: [['start', 'd1'], ['d1', 'w1'], ['w1', 'd2'], ['d2', 'w2'], ['w2', 'd3'], ['d3', 'w3'], ['w3', 'd4']].map(([from, to]) => ({ from, to })),
});
const plan = compile(drip, { registry: defaultRegistry(), version: 1 });

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

async function runDrip(userId: string, during?: (handle: { signal: (name: string, arg: unknown) => Promise<void> }) => Promise<void>) {
  await mergeTraits(world.db, userId, { email: `${userId}@example.com`, firstName: userId });
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: `drip-${userId}`, workflowBundle: bundle, activities: world.activities });
  return worker.runUntil(async () => {
    const trigger = { messageId: `${userId}-signup`, event: 'Signed Up', properties: {}, timestamp: new Date().toISOString() };
    const handle = await env.client.workflow.start('journeyWorkflow', {
      taskQueue: `drip-${userId}`, workflowId: `journey:drip:${userId}`,
      args: [{ journeyId: 'drip', version: 1, plan, userId, traits: {}, trigger }],
    });
    if (during) await during(handle);
    return handle.result();
  });
}

describe('a 14-day drip on the time-skipping server', () => {
  it('sends exactly 4 emails over 14 days', async () => {
    const outcome = await runDrip('dana');
    const mail = await world.mailTo('dana@example.com');
    expect(mail.map((m) => m.subject).length).toBe(4);
    expect(outcome).toMatchObject({ reason: 'completed', emailsSent: 4 });
  });

  it('stops the rest of the drip when an exit-on event arrives in the middle', async () => {
    const outcome = await runDrip('eve', async (handle) => {
      await env.sleep('6 days'); // past d2 (day 4), before d3 (day 9)
      await handle.signal('event', { messageId: 'eve-order', event: 'Order Completed', properties: {}, timestamp: new Date().toISOString() });
    });
    expect(outcome).toMatchObject({ reason: 'exit-on' });
    expect(await world.mailTo('eve@example.com')).toHaveLength(2);
  });
});
