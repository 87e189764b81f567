import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTestServer } from '../../engine/bin/tools.mjs';
import { AudienceKeeper } from '../../engine/src/audiences/index.ts';
import { compile, Journey } from '../../engine/src/compiler/index.ts';
import {
  audiencesOfCustomer,
  createAudience,
  createJourney,
  customerEnrollments,
  publishVersion,
  routingLag,
} from '../../engine/src/db/index.ts';
import { EventStore, Router, type IncomingEvent } from '../../engine/src/events/index.ts';
import { defaultRegistry } from '../../engine/src/nodes/index.ts';
import { starterAudiences } from '../../engine/src/starters/index.ts';
import { workflowBundle } from '../../engine/src/temporal/bundle.ts';
import { activityWorld, type ActivityWorld } from '../support/worker-env.ts';

// The lapsed-win-back starter end to end on a real database, router and worker, in skipped time: a
// customer lapses by time passing alone (the due check finds them), the Audience Entered event starts
// their journey, and the offer and, a skipped week later, the reminder arrive in the SMTP sink. A
// customer who was already lapsed when the audience was made is a member, but starts no journey.

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T12:00:00Z');
const templates = fileURLToPath(new URL('../../templates/', import.meta.url));
const registry = defaultRegistry();
const taskQueue = 'audience-trigger';
let env: TestWorkflowEnvironment;
let world: ActivityWorld;
let bundle: { code: string };
let clock = T0;

const customer = (userId: string): IncomingEvent => ({
  type: 'identify',
  messageId: `id-${userId}`,
  userId,
  anonymousId: undefined,
  event: undefined,
  properties: {},
  traits: { email: `${userId}@example.com`, firstName: userId },
  context: {},
  timestamp: new Date(T0 - 200 * DAY).toISOString(),
  historical: true,
});
const order = (userId: string, at: number): IncomingEvent => ({
  type: 'track',
  messageId: `order-${userId}`,
  userId,
  anonymousId: undefined,
  event: 'Order Completed',
  properties: { revenue: 30 },
  traits: {},
  context: {},
  timestamp: new Date(at).toISOString(),
  historical: true,
});

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: ensureTestServer() } },
  });
  world = await activityWorld();
  bundle = await workflowBundle(mkdtempSync(join(tmpdir(), 'boomerang-bundle-')));
  const graph = Journey.parse(JSON.parse(readFileSync(`${templates}journeys/lapsed-win-back.json`, 'utf8')));
  await createJourney(world.db, graph.id, graph.name, graph);
  await publishVersion(world.db, graph.id, graph, (version) => compile(graph, { registry, version }), null);
  await new EventStore(world.db).append([
    customer('ann'),
    customer('bob'),
    order('ann', T0 - 100 * DAY), // lapsed already
    order('bob', T0 - 90 * DAY + 3_600_000), // lapses in an hour
  ]);
  const [lapsed] = starterAudiences(`${templates}audiences`);
  await createAudience(world.db, { id: lapsed!.id, name: lapsed!.name, definition: lapsed });
  await new AudienceKeeper(world.db, () => new Date(clock)).backfill(lapsed!.id);
});
afterAll(async () => {
  await env?.teardown();
  await world?.close();
});

describe('the audience-entered trigger', () => {
  it('starts the journey the moment time makes a customer a member, not for the members it started with', async () => {
    const router = new Router(world.db, new EventStore(world.db), registry, {
      client: env.client,
      taskQueue,
      now: () => new Date(clock),
    });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: world.activities,
    });
    await worker.runUntil(async () => {
      clock = T0 + 2 * 3_600_000;
      await router.checkAudiences(); // bob's check is due: he joins, and Audience Entered is queued
      router.wake();
      await router.idle();
      const [run] = await customerEnrollments(world.db, 'bob');
      expect(run?.workflowId).toBe('journey:lapsed-win-back:bob');
      // No order comes: the week's wait is skipped, the reminder is sent, and the run ends.
      await env.client.workflow.getHandle(run!.workflowId).result();
    });
    // The sink lists mail newest first.
    expect((await world.mailTo('bob@example.com')).map((m) => m.subject).reverse()).toEqual([
      '15% off your next order',
      'Your 15% off ends soon',
    ]);
    // Ann was a member from the start: her Audience Entered is history, queued for no router.
    expect((await routingLag(world.db)).unrouted).toBe(0);
    expect(await customerEnrollments(world.db, 'ann')).toEqual([]);
    expect(await world.mailTo('ann@example.com')).toEqual([]);
  });

  it('takes a customer out the moment the router routes their order (the hook re-checks only audiences naming it)', async () => {
    const router = new Router(world.db, new EventStore(world.db), registry, {
      client: env.client,
      taskQueue,
      now: () => new Date(clock),
    });
    clock += DAY;
    await new EventStore(world.db).append([
      { ...order('bob', clock), messageId: 'order-bob-again', historical: false },
      { ...customer('ann'), messageId: 'ann-renamed', traits: { firstName: 'Annie' }, historical: false },
    ]);
    router.wake();
    await router.idle();
    expect(await audiencesOfCustomer(world.db, 'bob')).toEqual([]);
    expect((await audiencesOfCustomer(world.db, 'ann')).map((a) => a.audienceId)).toEqual(['lapsed-customers']);
    const exits = await world.db.query<{ user_id: string }>(
      "select user_id from events where event = 'Audience Exited'",
    );
    expect(exits).toEqual([{ user_id: 'bob' }]);
    expect((await routingLag(world.db)).unrouted).toBe(0);
  });
});
