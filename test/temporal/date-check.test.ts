import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTestServer } from '../../engine/bin/tools.mjs';
import { createJourney, customerEnrollments, mergeTraits, publishVersion } from '../../engine/src/db/index.ts';
import { EventStore, Router } from '../../engine/src/events/index.ts';
import { compile, Journey } from '../../engine/src/compiler/index.ts';
import { defaultRegistry } from '../../engine/src/nodes/index.ts';
import { workflowBundle } from '../../engine/src/temporal/bundle.ts';
import { eventually } from '../support/ports.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { activityWorld, type ActivityWorld } from '../support/worker-env.ts';

// The router's periodic daily check with a real database, router and worker: customers whose date
// trait says "today" are enrolled, once per date however often the check runs.
let env: TestWorkflowEnvironment;
let world: ActivityWorld;
let receiver: Receiver;
let bundle: { code: string };
const registry = defaultRegistry();
const taskQueue = 'date-check';

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: ensureTestServer() } },
  });
  world = await activityWorld({ webhookAllow: '127.0.0.1' });
  receiver = await startReceiver();
  bundle = await workflowBundle(mkdtempSync(join(tmpdir(), 'boomerang-bundle-')));
  const graph = Journey.parse({
    id: 'trial-ending',
    name: 'Trial ending',
    nodes: [
      { id: 'soon', type: 'date-property', config: { trait: 'trialEndsAt', when: 'before', days: 3 } },
      { id: 'tell', type: 'webhook', config: { url: `${receiver.url}/trial` } },
    ],
    edges: [{ from: 'soon', to: 'tell' }],
  });
  await createJourney(world.db, graph.id, graph.name, graph);
  await publishVersion(world.db, graph.id, graph, (version) => compile(graph, { registry, version }), null);
  await mergeTraits(world.db, 'ada', { email: 'ada@example.com', trialEndsAt: '2026-03-10T18:00:00Z' });
  await mergeTraits(world.db, 'bob', { email: 'bob@example.com', trialEndsAt: '2026-03-11T09:00:00Z' });
  await mergeTraits(world.db, 'cy', { email: 'cy@example.com' });
});
afterAll(async () => {
  await env?.teardown();
  await world?.close();
  await receiver?.close();
});

const posted = () => receiver.received.map((r) => (JSON.parse(r.body) as { userId: string }).userId).sort();

describe('the daily check of date triggers', () => {
  it('enrols the customers whose date is today, once per date', async () => {
    const router = new Router(world.db, new EventStore(world.db), registry, { client: env.client, taskQueue });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: world.activities,
    });
    await worker.runUntil(async () => {
      await router.checkDates(Date.UTC(2026, 2, 7, 8));
      await router.checkDates(Date.UTC(2026, 2, 7, 20)); // the same day again: no second run
      await eventually(async () => (receiver.received.length >= 1 ? true : undefined), "Ada's run");
      await router.checkDates(Date.UTC(2026, 2, 8, 8)); // the next day: Bob's turn
      await eventually(async () => (receiver.received.length >= 2 ? true : undefined), "Bob's run");
      // Both runs have ended (the checks above were awaited), so no further post can come.
      await eventually(async () => {
        const runs = [...(await customerEnrollments(world.db, 'ada')), ...(await customerEnrollments(world.db, 'bob'))];
        return runs.length === 2 && runs.every((r) => r.status === 'completed') ? true : undefined;
      }, 'both runs to end');
    });
    expect(posted()).toEqual(['ada', 'bob']);
    expect((await customerEnrollments(world.db, 'ada')).map((e) => e.workflowId)).toEqual([
      'journey:trial-ending:ada:2026-03-07',
    ]);
    expect((await customerEnrollments(world.db, 'bob')).map((e) => e.workflowId)).toEqual([
      'journey:trial-ending:bob:2026-03-08',
    ]);
    expect(await customerEnrollments(world.db, 'cy')).toEqual([]);
  });
});
