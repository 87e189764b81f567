// Records workflow histories for the replay test: `npx tsx test/temporal/histories/record.ts`.
// Run it only when a new recording is wanted (a new scenario, or before a change guarded by
// `patched()`): the files it writes are the past that every later workflow version must replay.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import proto from '@temporalio/proto';
const { temporal } = proto;
import { ensureTestServer } from '../../../engine/bin/tools.mjs';
import { mergeTraits } from '../../../engine/src/db/index.ts';
import { compile } from '../../../engine/src/journey/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';
import { starterJourneys } from '../../../engine/src/runtime/starters.ts';
import { workflowBundle } from '../../../engine/src/temporal/bundle.ts';
import { activityWorld } from '../../support/worker-env.ts';

const onboarding = starterJourneys().find((j) => j.id === 'onboarding');
if (!onboarding) throw new Error('templates/journeys/onboarding.json is missing');
const plan = compile(onboarding, { registry: defaultRegistry(), version: 1 });

type Env = TestWorkflowEnvironment;
const scenarios: Array<{ name: string; during: (env: Env, signal: (event: string) => Promise<void>) => Promise<void> }> = [
  { name: 'onboarding-activated', during: async (env, signal) => { await env.sleep('1 hour'); await signal('Activated'); } },
  { name: 'onboarding-timeout', during: async () => undefined },
];

const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: ensureTestServer() } } });
const world = await activityWorld();
const bundle = await workflowBundle(mkdtempSync(join(tmpdir(), 'boomerang-bundle-')));
try {
  for (const scenario of scenarios) {
    const userId = `replay-${scenario.name}`;
    await mergeTraits(world.db, userId, { email: `${userId}@example.com`, firstName: 'Replay' });
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: userId, workflowBundle: bundle, activities: world.activities });
    const history = await worker.runUntil(async () => {
      const trigger = { messageId: `${userId}-signup`, event: 'Signed Up', properties: {}, timestamp: '2026-01-05T09:00:00.000Z' };
      const handle = await env.client.workflow.start('journeyWorkflow', {
        taskQueue: userId, workflowId: `journey:onboarding:${userId}`,
        args: [{ journeyId: 'onboarding', version: 1, plan, userId, traits: {}, trigger }],
      });
      await scenario.during(env, (event) => handle.signal('event', { messageId: `${userId}-${event}`, event, properties: {}, timestamp: '2026-01-05T10:00:00.000Z' }));
      await handle.result();
      return handle.fetchHistory();
    });
    // Binary protobuf, as the server sends it: the SDK's JSON writer trips over its own duplicate protobufjs.
    const file = join(import.meta.dirname, `${scenario.name}.history.pb`);
    writeFileSync(file, temporal.api.history.v1.History.encode(history).finish());
    console.log(`recorded ${file} (${history.events?.length ?? 0} events)`);
  }
} finally {
  await env.teardown();
  await world.close();
}
