import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from '@temporalio/worker';
import { claimEnrollment, customerEnrollments, findCustomer, mergeTraits } from '../../engine/src/db/index.ts';
import { begin, type Plan } from '../../engine/src/interpreter/index.ts';
import type { JourneyInput, JourneyOutcome, JourneyProgress } from '../../engine/src/temporal/contract.ts';
import { startTimeSkipping, type TimeSkipping } from '../support/time-skipping.ts';
import { loyaltyLoop } from './loyalty-loop.ts';

// The loyalty loop (loyalty-loop.ts) with a history bound of 40 events continues as new every few orders.
const plan: Plan = loyaltyLoop;
const HISTORY_BOUND = 40;

let ts: TimeSkipping;
let worker: Worker;
let running: Promise<void>;
const taskQueue = 'continue-as-new';
beforeAll(async () => {
  ts = await startTimeSkipping();
  worker = await Worker.create({
    connection: ts.env.nativeConnection,
    taskQueue,
    workflowBundle: ts.bundle,
    activities: ts.world.activities,
  });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await ts?.close();
});

const event = (messageId: string, name: string) => ({
  messageId,
  event: name,
  properties: {},
  timestamp: new Date().toISOString(),
});

async function enrol(userId: string): Promise<{ workflowId: string; input: JourneyInput }> {
  await mergeTraits(ts.world.db, userId, { email: `${userId}@example.com`, firstName: userId, points: 0 });
  const workflowId = `journey:${plan.journeyId}:${userId}`;
  await claimEnrollment(ts.world.db, { workflowId, journeyId: plan.journeyId, userId, version: 1, reEntry: 'never' });
  const trigger = event(`${userId}-joined`, 'Joined Loyalty');
  return {
    workflowId,
    input: { journeyId: plan.journeyId, version: 1, plan, userId, traits: {}, trigger, historyBound: HISTORY_BOUND },
  };
}

/** Polls until `ready` holds (an observable condition, never a fixed sleep). */
async function until(ready: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the run never got there');
}

/** How many times the run has recorded that it waits for the next order. */
const waitsRecorded = async (workflowId: string) =>
  (
    await ts.world.db.query<{ n: number }>(
      `select count(*)::int as n from step_visits where workflow_id = $1 and step_id = 'next-order' and status = 'waiting'`,
      [workflowId],
    )
  )[0]?.n ?? 0;
const sentTo = async (userId: string) => (await ts.world.mailTo(`${userId}@example.com`)).length;

/** The run's result, through the time-skipping client (so the clock skips while it waits). */
const outcomeOf = (workflowId: string) =>
  ts.env.client.workflow.getHandle(workflowId).result() as Promise<JourneyOutcome>;

const visitsOf = async (workflowId: string) =>
  Object.fromEntries(
    (
      await ts.world.db.query<{ step_id: string; n: number }>(
        'select step_id, count(*)::int as n from step_visits where workflow_id = $1 group by step_id',
        [workflowId],
      )
    ).map((r) => [r.step_id, r.n]),
  );

describe('a loyalty loop that continues as new', () => {
  it('sends one thank-you per order over 12 orders and several hand-overs, ignores repeated orders, then lapses after a quiet month', async () => {
    const userId = 'loyal-lena';
    const { workflowId, input } = await enrol(userId);
    const handle = await ts.env.client.workflow.start('journeyWorkflow', { taskQueue, workflowId, args: [input] });
    const firstRunId = handle.firstExecutionRunId;
    const runIds = new Set<string>();
    for (let order = 1; order <= 12; order += 1) {
      // The customer page's view: the run has recorded that it waits again, after order - 1 emails.
      await until(async () => (await waitsRecorded(workflowId)) === order && (await sentTo(userId)) === order - 1);
      runIds.add((await handle.describe()).runId);
      await handle.signal('event', event(`${userId}-order-${order}`, 'Order Completed'));
    }
    await until(async () => (await waitsRecorded(workflowId)) === 13);
    const progress = await handle.query<JourneyProgress>('progress');
    expect(progress).toEqual({
      stepId: 'next-order',
      waitingFor: 'Order Completed',
      emailsSent: 12,
      continuedTimes: expect.any(Number),
    });
    // Hand-counted: each order is a signal, two workflow tasks, 2 activities and a progress record (about
    // 15 events), so a bound of 40 hands over every two or three orders: at least 4 times in 12 orders.
    expect(progress.continuedTimes).toBeGreaterThanOrEqual(4);
    expect(runIds.size).toBeGreaterThanOrEqual(4);

    // The router delivers at least once: every order again, reaching the latest run (which never saw the
    // early ones itself), must not count: the messageIds travel through the hand-overs.
    for (let order = 1; order <= 12; order += 1)
      await handle.signal('event', event(`${userId}-order-${order}`, 'Order Completed'));
    const outcome = await outcomeOf(workflowId); // 30 quiet days pass on the skipping clock
    expect(outcome).toEqual<JourneyOutcome>({ reason: 'exit-node', stepId: 'lapsed', emailsSent: 12 });
    expect(await ts.world.mailTo(`${userId}@example.com`)).toHaveLength(12);
    expect((await findCustomer(ts.world.db, userId))?.traits).toMatchObject({ points: 120 });
    // Every step is counted as often as the run went through it, whichever run it was in.
    expect(await visitsOf(workflowId)).toEqual({ 'next-order': 13, 'add-points': 12, thanks: 12, lapsed: 1 });
    expect(await customerEnrollments(ts.world.db, userId)).toEqual([
      expect.objectContaining({ workflowId, status: 'completed', stepId: 'lapsed' }),
    ]);
    const last = await handle.describe();
    expect(last.runId).not.toBe(firstRunId);
    expect(last.status.name).toBe('COMPLETED');
    // The progress query still answers on the closed last run: no step outstanding, 12 emails in all.
    expect(await handle.query<JourneyProgress>('progress')).toMatchObject({
      stepId: null,
      waitingFor: null,
      emailsSent: 12,
    });
    // Every run of the chain replays from its own history.
    for (const runId of runIds) {
      const history = await ts.env.client.workflow.getHandle(workflowId, runId).fetchHistory();
      await Worker.runReplayHistory({ workflowBundle: ts.bundle }, history, `${workflowId}-${runId}`);
    }
  });

  it('counts an order that reached the continued run before its first workflow task (the hand-over)', async () => {
    const userId = 'handed-over-hana';
    const { workflowId, input } = await enrol(userId);
    // Where the previous run stood when it handed over: waiting for the next order, 5 emails sent.
    const { state, command } = begin(plan, { traits: {}, trigger: input.trigger, nowMs: Date.now(), userId });
    const continued = { state, command, traits: {}, seen: [input.trigger.messageId], emailsSent: 5, generation: 3 };
    await ts.env.client.workflow.signalWithStart('journeyWorkflow', {
      taskQueue,
      workflowId,
      args: [{ ...input, continued }],
      signal: 'event',
      signalArgs: [event(`${userId}-order-6`, 'Order Completed')],
    });
    await until(async () => (await sentTo(userId)) === 1);
    expect(await outcomeOf(workflowId)).toEqual<JourneyOutcome>({
      reason: 'exit-node',
      stepId: 'lapsed',
      emailsSent: 6,
    });
    expect(await ts.world.mailTo(`${userId}@example.com`)).toHaveLength(1);
  });

  it('ends with exit-on when the cancellation reaches the continued run in the hand-over', async () => {
    const userId = 'cancelling-carl';
    const { workflowId, input } = await enrol(userId);
    const { state, command } = begin(plan, { traits: {}, trigger: input.trigger, nowMs: Date.now(), userId });
    const continued = { state, command, traits: {}, seen: [input.trigger.messageId], emailsSent: 2, generation: 1 };
    await ts.env.client.workflow.signalWithStart('journeyWorkflow', {
      taskQueue,
      workflowId,
      args: [{ ...input, continued }],
      signal: 'event',
      signalArgs: [event(`${userId}-cancel`, 'Cancelled Membership')],
    });
    expect(await outcomeOf(workflowId)).toEqual<JourneyOutcome>({
      reason: 'exit-on',
      stepId: 'next-order',
      emailsSent: 2,
    });
    expect(await customerEnrollments(ts.world.db, userId)).toEqual([
      expect.objectContaining({ workflowId, status: 'completed' }),
    ]);
  });
});
