// Records workflow histories for the replay test: `npx tsx test/temporal/histories/record.ts [name ...]`.
// Run it only when a new recording is wanted (a new scenario, or before a change guarded by
// `patched()`): the files it writes are the past that every later workflow version must replay, so
// name the new scenarios to record only them and leave the older recordings as they are.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import proto from '@temporalio/proto';
const { temporal } = proto;
import type { Plan } from '../../../engine/src/interpreter/index.ts';
import { compile, Journey } from '../../../engine/src/compiler/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';
import { starterJourneys } from '../../../engine/src/starters/index.ts';
import { AudienceKeeper } from '../../../engine/src/audiences/index.ts';
import {
  claimSendSlot,
  createAudience,
  createBroadcast,
  mergeTraits,
  saveSendingSettings,
  unsubscribe,
} from '../../../engine/src/db/index.ts';
import type { BroadcastInput } from '../../../engine/src/temporal/contract.ts';
import { startTimeSkipping } from '../../support/time-skipping.ts';
import type { ActivityWorld } from '../../support/worker-env.ts';
import { Worker } from '@temporalio/worker';
import { loyaltyLoop } from '../loyalty-loop.ts';

const onboarding = starterJourneys().find((j) => j.id === 'onboarding');
if (!onboarding) throw new Error('templates/journeys/onboarding.json is missing');
const onboardingPlan = compile(onboarding, { registry: defaultRegistry(), version: 1 });
// Onboarding whose welcome email cannot be rendered (no such template): the step fails, the run goes on.
const brokenWelcome = compile(
  Journey.parse({
    ...onboarding,
    nodes: onboarding.nodes.map((n) => (n.id === 'welcome' ? { ...n, config: { template: 'no-such-template' } } : n)),
  }),
  { registry: defaultRegistry(), version: 1 },
);

// Signed Up -> in-audience "pro-customers" -> yes: welcome, no: a day's delay, then tips; the recorded
// customer is a member. The branches start with different commands, so a replay that took the other
// branch fails (Temporal compares command types, not activity inputs).
const inAudiencePlan = compile(
  Journey.parse({
    id: 'in-audience',
    name: 'In audience',
    nodes: [
      { id: 'signed-up', type: 'event-trigger', config: { event: 'Signed Up' } },
      { id: 'is-pro', type: 'in-audience', config: { audienceId: 'pro-customers' } },
      { id: 'welcome', type: 'send-email', config: { template: 'welcome' } },
      { id: 'later', type: 'delay', config: { mode: 'duration', amount: 1, unit: 'days' } },
      { id: 'tips', type: 'send-email', config: { template: 'tips' } },
    ],
    edges: [
      { from: 'signed-up', to: 'is-pro', branch: 'next' },
      { from: 'is-pro', to: 'welcome', branch: 'yes' },
      { from: 'is-pro', to: 'later', branch: 'no' },
      { from: 'later', to: 'tips', branch: 'next' },
    ],
  }),
  { registry: defaultRegistry(), version: 1 },
);
const proAudience = async (world: ActivityWorld, userId: string) => {
  const definition = {
    id: 'pro-customers',
    name: 'Pro customers',
    condition: { kind: 'trait', property: 'plan', op: 'equals', value: 'pro' },
  };
  await mergeTraits(world.db, userId, { plan: 'pro' });
  await createAudience(world.db, { id: definition.id, name: definition.name, definition });
  await new AudienceKeeper(world.db).backfill(definition.id);
};

// A send held by a frequency cap (1 per day) that another journey's email filled just before: the run
// asks for a slot, waits on a timer until the cap frees, asks again and sends.
const cappedPlan = compile(
  Journey.parse({
    id: 'capped',
    name: 'Capped',
    nodes: [
      { id: 'signed-up', type: 'event-trigger', config: { event: 'Signed Up' } },
      { id: 'welcome', type: 'send-email', config: { template: 'welcome' } },
    ],
    edges: [{ from: 'signed-up', to: 'welcome', branch: 'next' }],
  }),
  { registry: defaultRegistry(), version: 1 },
);
const capFilled = async (world: ActivityWorld, userId: string, env: TestWorkflowEnvironment) => {
  await saveSendingSettings(world.db, { caps: [{ max: 1, days: 1 }] });
  const nowMs = await env.currentTimeMs();
  const request = { key: `${userId}-earlier`, userId, group: null, journeyId: 'earlier', nowMs, windowMs: 86_400_000 };
  await claimSendSlot(world.db, request, () => ({ allowed: true }));
};

type Env = TestWorkflowEnvironment;
const scenarios: Array<{
  name: string;
  plan: Plan;
  before?: (world: ActivityWorld, userId: string, env: Env) => Promise<void>;
  during: (env: Env, signal: (event: string) => Promise<void>) => Promise<void>;
}> = [
  {
    name: 'onboarding-activated',
    plan: onboardingPlan,
    during: async (env, signal) => {
      await env.sleep('1 hour');
      await signal('Activated');
    },
  },
  { name: 'onboarding-timeout', plan: onboardingPlan, during: async () => undefined },
  { name: 'onboarding-welcome-failed', plan: brokenWelcome, during: async () => undefined },
  { name: 'in-audience-member', plan: inAudiencePlan, before: proAudience, during: async () => undefined },
  { name: 'sending-capped-deferred', plan: cappedPlan, before: capFilled, during: async () => undefined },
];
const wanted = process.argv.slice(2);

/** The loyalty loop with a 40-event bound, 3 orders: the first run ends by continuing as new. */
async function recordContinued(ts: Awaited<ReturnType<typeof startTimeSkipping>>, name: string): Promise<void> {
  const userId = `replay-${name}`;
  await mergeTraits(ts.world.db, userId, { email: `${userId}@example.com`, points: 0 });
  const taskQueue = `record-${name}`;
  const worker = await Worker.create({
    connection: ts.env.nativeConnection,
    taskQueue,
    workflowBundle: ts.bundle,
    activities: ts.world.activities,
  });
  await worker.runUntil(async () => {
    const trigger = {
      messageId: `${userId}-joined`,
      event: 'Joined Loyalty',
      properties: {},
      timestamp: '2026-01-05T10:00:00.000Z',
    };
    const input = {
      journeyId: loyaltyLoop.journeyId,
      version: 1,
      plan: loyaltyLoop,
      userId,
      traits: {},
      trigger,
      historyBound: 40,
    };
    const handle = await ts.env.client.workflow.start('journeyWorkflow', {
      taskQueue,
      workflowId: `journey:${loyaltyLoop.journeyId}:${userId}`,
      args: [input],
    });
    for (let order = 1; order <= 4; order += 1) {
      for (;;) {
        const sent = (await ts.world.mailTo(`${userId}@example.com`)).length;
        const { runId } = await handle.describe();
        if (sent === order - 1 && runId !== handle.firstExecutionRunId) break;
        if (sent === order - 1 && order <= 3) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await handle.signal('event', {
        messageId: `${userId}-order-${order}`,
        event: 'Order Completed',
        properties: {},
        timestamp: '2026-01-05T10:00:00.000Z',
      });
    }
    await ts.env.client.workflow.getHandle(handle.workflowId).result();
    const history = await ts.env.client.workflow
      .getHandle(handle.workflowId, handle.firstExecutionRunId)
      .fetchHistory();
    const file = join(import.meta.dirname, `${name}.history.pb`);
    writeFileSync(file, temporal.api.history.v1.History.encode(history).finish());
    console.log(
      `recorded ${file} (${history.events?.length ?? 0} events, the last ${String(history.events?.at(-1)?.eventType)})`,
    );
  });
}

/**
 * A broadcast of `tips` to 5 members (one unsubscribed, a 30% holdout) at 2 a second, 2 batches a run:
 * the first run (`broadcast-continued`: start, total, two throttled batches, continue-as-new) and the
 * last (`broadcast-completed`: a carried cursor and counts, the last batch, an empty page, completed).
 */
async function recordBroadcast(ts: Awaited<ReturnType<typeof startTimeSkipping>>): Promise<void> {
  const users = Array.from({ length: 5 }, (_, i) => `replay-bc-${i + 1}`);
  for (const u of users) await mergeTraits(ts.world.db, u, { email: `${u}@example.com`, group: 'replay-bc' });
  await unsubscribe(ts.world.db, 'replay-bc-3');
  const definition = {
    id: 'replay-bc',
    name: 'Replay broadcast',
    condition: { kind: 'trait', property: 'group', op: 'equals', value: 'replay-bc' },
  };
  await createAudience(ts.world.db, { id: definition.id, name: definition.name, definition });
  await new AudienceKeeper(ts.world.db).backfill(definition.id);
  const input: BroadcastInput = {
    broadcastId: 'replay-bc',
    audienceId: 'replay-bc',
    template: 'tips',
    ratePerSecond: 2,
    holdoutPercent: 30,
    cursor: '',
    batchesPerRun: 2,
  };
  const workflowId = 'broadcast:replay-bc';
  await createBroadcast(ts.world.db, {
    id: 'replay-bc',
    name: 'Replay broadcast',
    audienceId: 'replay-bc',
    template: 'tips',
    journeyId: null,
    localTime: null,
    subject: null,
    ratePerSecond: 2,
    holdoutPercent: 30,
    startAt: new Date().toISOString(),
    workflowId,
  });
  const taskQueue = 'record-broadcast';
  const worker = await Worker.create({
    connection: ts.env.nativeConnection,
    taskQueue,
    workflowBundle: ts.bundle,
    activities: ts.world.activities,
  });
  await worker.runUntil(async () => {
    const handle = await ts.env.client.workflow.start('broadcastWorkflow', { taskQueue, workflowId, args: [input] });
    const latest = ts.env.client.workflow.getHandle(workflowId);
    await latest.result();
    const runs = [
      {
        name: 'broadcast-continued',
        history: await ts.env.client.workflow.getHandle(workflowId, handle.firstExecutionRunId).fetchHistory(),
      },
      { name: 'broadcast-completed', history: await latest.fetchHistory() },
    ];
    for (const run of runs) {
      const file = join(import.meta.dirname, `${run.name}.history.pb`);
      writeFileSync(file, temporal.api.history.v1.History.encode(run.history).finish());
      console.log(
        `recorded ${file} (${run.history.events?.length ?? 0} events, the last ${String(run.history.events?.at(-1)?.eventType)})`,
      );
    }
  });
}

const ts = await startTimeSkipping();
try {
  if (wanted.includes('loyalty-continued')) await recordContinued(ts, 'loyalty-continued');
  if (wanted.includes('broadcast')) await recordBroadcast(ts);
  for (const scenario of scenarios.filter((s) => wanted.length === 0 || wanted.includes(s.name))) {
    const userId = `replay-${scenario.name}`;
    await scenario.before?.(ts.world, userId, ts.env);
    const { history } = await ts.runJourney(scenario.plan, userId, (handle) =>
      scenario.during(ts.env, (event) =>
        handle.signal('event', {
          messageId: `${userId}-${event}`,
          event,
          properties: {},
          timestamp: '2026-01-05T10:00:00.000Z',
        }),
      ),
    );
    // Binary protobuf, as the server sends it: the SDK's JSON writer trips over its own duplicate protobufjs.
    const file = join(import.meta.dirname, `${scenario.name}.history.pb`);
    writeFileSync(file, temporal.api.history.v1.History.encode(history).finish());
    console.log(`recorded ${file} (${history.events?.length ?? 0} events)`);
  }
} finally {
  await ts.close();
}
