import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ensureTestServer } from '../../engine/bin/tools.mjs';
import { AudienceKeeper } from '../../engine/src/audiences/index.ts';
import { compile, Journey } from '../../engine/src/compiler/index.ts';
import {
  createAudience,
  createJourney,
  customerEnrollments,
  deleteAudience,
  publishVersion,
} from '../../engine/src/db/index.ts';
import { EventStore, Router, type IncomingEvent } from '../../engine/src/events/index.ts';
import { defaultRegistry } from '../../engine/src/nodes/index.ts';
import { workflowBundle } from '../../engine/src/temporal/bundle.ts';
import { activityWorld, type ActivityWorld } from '../support/worker-env.ts';

// "Is this customer in the audience right now?" asked mid-run, on a real database, router, worker and
// SMTP sink: Signed Up -> in-audience "pro-customers" (plan is "pro") -> yes: the premium upsell,
// no: the welcome. Ann is on the pro plan, Bob is not; each gets the email of their branch only.

const T0 = Date.parse('2026-06-01T12:00:00Z');
const registry = defaultRegistry();
const taskQueue = 'in-audience';
let env: TestWorkflowEnvironment;
let world: ActivityWorld;
let bundle: { code: string };

const graph = Journey.parse({
  id: 'pro-upsell',
  name: 'Pro upsell',
  settings: {},
  nodes: [
    { id: 'signed-up', type: 'event-trigger', config: { event: 'Signed Up' } },
    { id: 'is-pro', type: 'in-audience', config: { audienceId: 'pro-customers' } },
    { id: 'upsell', type: 'send-email', config: { template: 'upsell-premium' } },
    { id: 'welcome', type: 'send-email', config: { template: 'welcome' } },
  ],
  edges: [
    { from: 'signed-up', to: 'is-pro', branch: 'next' },
    { from: 'is-pro', to: 'upsell', branch: 'yes' },
    { from: 'is-pro', to: 'welcome', branch: 'no' },
  ],
});

const identify = (userId: string, plan: string): IncomingEvent => ({
  type: 'identify',
  messageId: `id-${userId}`,
  userId,
  anonymousId: undefined,
  event: undefined,
  properties: {},
  traits: { email: `${userId}@example.com`, firstName: userId, plan },
  context: {},
  timestamp: new Date(T0 - 3_600_000).toISOString(),
  historical: true,
});
const signedUp = (userId: string): IncomingEvent => ({
  type: 'track',
  messageId: `signup-${userId}`,
  userId,
  anonymousId: undefined,
  event: 'Signed Up',
  properties: {},
  traits: {},
  context: {},
  timestamp: new Date(T0).toISOString(),
  historical: false,
});

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: ensureTestServer() } },
  });
  world = await activityWorld();
  bundle = await workflowBundle(mkdtempSync(join(tmpdir(), 'boomerang-bundle-')));
  await new EventStore(world.db).append([identify('ann', 'pro'), identify('bob', 'free')]);
  const definition = {
    id: 'pro-customers',
    name: 'Pro customers',
    condition: { kind: 'trait', property: 'plan', op: 'equals', value: 'pro' },
  };
  await createAudience(world.db, { id: definition.id, name: definition.name, definition });
  await new AudienceKeeper(world.db, () => new Date(T0)).backfill(definition.id);
  await createJourney(world.db, graph.id, graph.name, graph);
  await publishVersion(world.db, graph.id, graph, (version) => compile(graph, { registry, version }), null);
});
afterAll(async () => {
  await env?.teardown();
  await world?.close();
});

describe('the in-audience condition', () => {
  it('sends a member down "yes" and anyone else down "no", as the email each receives', async () => {
    const router = new Router(world.db, new EventStore(world.db), registry, {
      client: env.client,
      taskQueue,
      now: () => new Date(T0),
    });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: world.activities,
    });
    await worker.runUntil(async () => {
      await new EventStore(world.db).append([signedUp('ann'), signedUp('bob')]);
      router.wake();
      await router.idle();
      for (const userId of ['ann', 'bob']) {
        const [run] = await customerEnrollments(world.db, userId);
        expect(run?.workflowId).toBe(`journey:pro-upsell:${userId}`);
        await env.client.workflow.getHandle(run!.workflowId).result();
      }
    });
    expect((await world.mailTo('ann@example.com')).map((m) => m.subject)).toEqual(['Ready for the premium range?']);
    expect((await world.mailTo('bob@example.com')).map((m) => m.subject)).toEqual(['Welcome to Boomerang, bob!']);
  });

  it('when the audience was deleted after publishing, records why the step failed and goes "no"', async () => {
    expect(await deleteAudience(world.db, 'pro-customers')).toBe(true);
    const router = new Router(world.db, new EventStore(world.db), registry, {
      client: env.client,
      taskQueue,
      now: () => new Date(T0),
    });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: world.activities,
    });
    const history = await worker.runUntil(async () => {
      await new EventStore(world.db).append([{ ...identify('carl', 'pro'), historical: false }, signedUp('carl')]);
      router.wake();
      await router.idle();
      const handle = env.client.workflow.getHandle('journey:pro-upsell:carl');
      await handle.result();
      return handle.fetchHistory();
    });
    expect((await world.mailTo('carl@example.com')).map((m) => m.subject)).toEqual(['Welcome to Boomerang, carl!']);
    const visits = await world.db.query<{ step_id: string; status: string }>(
      "select step_id, status from step_visits where user_id = 'carl' and step_id = 'is-pro'",
    );
    expect(visits.map((v) => v.status)).toContain('failed');
    const failures = (history.events ?? []).flatMap((e) =>
      e.activityTaskFailedEventAttributes ? [e.activityTaskFailedEventAttributes.failure?.message] : [],
    );
    expect(failures).toEqual([
      'Step "is-pro" (in-audience) asks about the audience "pro-customers", which does not exist (deleted after publishing?)',
    ]);
  });
});
