import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ensureTestServer } from '../../engine/bin/tools.mjs';
import { createActivities } from '../../engine/src/activities/index.ts';
import { AudienceKeeper } from '../../engine/src/audiences/index.ts';
import {
  broadcastRecipientsPage,
  type Database,
  createAudience,
  createBroadcast,
  findBroadcast,
  mergeTraits,
  suppressAddress,
  unsubscribe,
} from '../../engine/src/db/index.ts';
import type { Renderer } from '../../engine/src/email/index.ts';
import { defaultRegistry } from '../../engine/src/nodes/index.ts';
import { workflowBundle } from '../../engine/src/temporal/bundle.ts';
import {
  BROADCAST_PAUSE_SIGNAL,
  BROADCAST_PROGRESS_QUERY,
  BROADCAST_RESUME_SIGNAL,
  BROADCAST_WORKFLOW,
  type BroadcastInput,
  type BroadcastProgress,
} from '../../engine/src/temporal/contract.ts';
import { eventually } from '../support/ports.ts';
import { activityWorld, type ActivityWorld } from '../support/worker-env.ts';

// Broadcasts on the time-skipping server with the real activities (PGlite, the SMTP sink over TCP):
// each member gets one email however the run is interrupted; skips and the holdout are recorded.

const taskQueue = 'broadcasts';
let env: TestWorkflowEnvironment;
let world: ActivityWorld;
let bundle: { code: string };

const ids = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);
const mailCount = async (userId: string) => (await world.mailTo(`${userId}@example.com`)).length;

/** Customers `<prefix>01..` with an email, and an audience "group equals prefix" holding exactly them. */
async function audienceOf(prefix: string, n: number): Promise<string[]> {
  const users = ids(prefix, n);
  for (const u of users) await mergeTraits(world.db, u, { email: `${u}@example.com`, firstName: u, group: prefix });
  const definition = {
    id: `group-${prefix}`,
    name: `Group ${prefix}`,
    condition: { kind: 'trait', property: 'group', op: 'equals', value: prefix },
  };
  await createAudience(world.db, { id: definition.id, name: definition.name, definition });
  await new AudienceKeeper(world.db).backfill(definition.id);
  return users;
}

/** Stores a broadcast and starts its workflow (the API does the same). */
async function startBroadcast(
  id: string,
  audienceId: string,
  extra: Partial<BroadcastInput> = {},
): Promise<WorkflowHandle> {
  const input: BroadcastInput = {
    broadcastId: id,
    audienceId,
    template: 'tips',
    ratePerSecond: 5,
    holdoutPercent: 0,
    cursor: '',
    ...extra,
  };
  await createBroadcast(world.db, {
    id,
    name: id,
    audienceId,
    template: input.template ?? null,
    journeyId: input.journeyId ?? null,
    localTime: input.localTime ?? null,
    subject: null,
    ratePerSecond: input.ratePerSecond,
    holdoutPercent: input.holdoutPercent,
    startAt: new Date().toISOString(),
    workflowId: `broadcast:${id}`,
  });
  return env.client.workflow.start(BROADCAST_WORKFLOW, { taskQueue, workflowId: `broadcast:${id}`, args: [input] });
}

const until = (check: () => Promise<boolean>, what: string) =>
  eventually(async () => ((await check()) ? true : undefined), what, 60_000);
const progressOf = (handle: WorkflowHandle) => handle.query<BroadcastProgress>(BROADCAST_PROGRESS_QUERY);
// No workflow cache: a stopped worker's sticky queue would otherwise hold the run's next task.
const worker = (activities = world.activities) =>
  Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities,
    maxCachedWorkflows: 0,
  });

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: ensureTestServer() } },
  });
  world = await activityWorld();
  bundle = await workflowBundle(mkdtempSync(join(tmpdir(), 'boomerang-bundle-')));
});
afterAll(async () => {
  await env?.teardown();
  await world?.close();
});

describe('a broadcast', () => {
  it('sends each of 25 members exactly one email, 5 a second, across continued runs', async () => {
    const users = await audienceOf('a', 25);
    const result = await (
      await worker()
    ).runUntil(async () => {
      const handle = await startBroadcast('all-25', 'group-a', { batchesPerRun: 2 });
      const first = await handle.describe();
      const done = await env.client.workflow.getHandle(handle.workflowId).result();
      const last = await env.client.workflow.getHandle(handle.workflowId).describe();
      return { done, first, last };
    });
    for (const u of users) expect(await mailCount(u), u).toBe(1);
    expect(result.done).toMatchObject({ state: 'completed', sent: 25, failed: 0, skipped: {}, total: 25 });
    // 5 batches of 5 at 5 a second: at least 5 seconds of (skipped) workflow time, in three runs
    expect(result.last.runId).not.toBe(result.first.runId);
    const spanMs = (result.last.closeTime?.getTime() ?? 0) - result.first.startTime.getTime();
    expect(spanMs).toBeGreaterThanOrEqual(5000);
    const stored = await findBroadcast(world.db, 'all-25');
    expect(stored).toMatchObject({ state: 'completed', counts: { sent: 25, total: 25 } });
  });

  it('skips an unsubscribed and a suppressed member, each with its reason', async () => {
    const users = await audienceOf('s', 6);
    await unsubscribe(world.db, 's02');
    await suppressAddress(world.db, { address: 's05@example.com', reason: 'hard-bounce', source: 'test' });
    const done = await (
      await worker()
    ).runUntil(async () => (await startBroadcast('with-skips', 'group-s', { ratePerSecond: 50 })).result());
    expect(done).toMatchObject({
      sent: 4,
      skipped: { 'skipped-unsubscribed': 1, 'skipped-suppressed': 1 },
      total: 6,
    });
    expect(await Promise.all(users.map(mailCount))).toEqual([1, 0, 1, 1, 0, 1]);
    const recipients = await broadcastRecipientsPage(world.db, 'with-skips', { after: '', limit: 10 });
    expect(recipients.filter((r) => r.status !== 'sent').map((r) => [r.userId, r.status, r.reason])).toEqual([
      ['s02', 'skipped-unsubscribed', null],
      ['s05', 'skipped-suppressed', expect.stringContaining('hard-bounce')],
    ]);
  });

  it('sends nothing while paused, and finishes after resume', async () => {
    const users = await audienceOf('p', 25);
    await (
      await worker()
    ).runUntil(async () => {
      const handle = await startBroadcast('paused', 'group-p', { ratePerSecond: 5 });
      await until(async () => (await progressOf(handle)).sent >= 5, '5 sent');
      await handle.signal(BROADCAST_PAUSE_SIGNAL);
      await until(async () => (await progressOf(handle)).state === 'paused', 'the broadcast to report paused');
      const atPause = (await progressOf(handle)).sent;
      expect(atPause).toBeLessThan(25);
      // Let any throttle timer fire, then wait until the run has nothing left to do: no task, no activity.
      await env.sleep('1 hour');
      await until(async () => {
        const { raw } = await handle.describe();
        return (raw.pendingActivities ?? []).length === 0 && !raw.pendingWorkflowTask;
      }, 'the paused run to be idle');
      const sinkAtPause = (await Promise.all(users.map(mailCount))).reduce((a, b) => a + b, 0);
      expect({ sent: (await progressOf(handle)).sent, sink: sinkAtPause }).toEqual({ sent: atPause, sink: atPause });
      expect((await findBroadcast(world.db, 'paused'))?.state).toBe('paused');
      await handle.signal(BROADCAST_RESUME_SIGNAL);
      expect(await handle.result()).toMatchObject({ state: 'completed', sent: 25 });
    });
    for (const u of users) expect(await mailCount(u), u).toBe(1);
  });

  it('sends nothing to its holdout and records who was held out', async () => {
    const users = await audienceOf('h', 25);
    const done = await (
      await worker()
    ).runUntil(async () =>
      (await startBroadcast('spring-sale-holdout', 'group-h', { holdoutPercent: 40, ratePerSecond: 50 })).result(),
    );
    // murmur3("spring-sale-holdout:broadcast-holdout:<user>") / 2^32 * 100 >= 60, by Python's mmh3
    const expected = ['h02', 'h04', 'h08', 'h09', 'h10', 'h12', 'h14', 'h19', 'h25'];
    const held = await broadcastRecipientsPage(world.db, 'spring-sale-holdout', {
      after: '',
      limit: 100,
      status: 'held-out',
    });
    expect(held.map((r) => r.userId)).toEqual(expected);
    expect(done).toMatchObject({ sent: 16, heldOut: 9 });
    for (const u of users) expect(await mailCount(u), u).toBe(expected.includes(u) ? 0 : 1);
  });

  it('resumes on a new worker after its worker stopped mid-batch, sending nobody twice', async () => {
    const users = await audienceOf('k', 25);
    // The first worker dies with its second batch (recipients 11-20) claimed but not yet sent: from then
    // on every read of a batch's customers fails, as in a process that lost its database mid-batch.
    let reads = 0;
    let died: () => void = () => {};
    const dead = new Promise<void>((resolve) => (died = resolve));
    const real = world.db;
    const dying: Database = {
      kind: real.kind,
      query: (sql, params) => {
        if (sql.startsWith('select user_id, traits, unsubscribed_at') && ++reads >= 2) {
          died();
          return Promise.reject(new Error('the worker process died'));
        }
        return real.query(sql, params);
      },
      transaction: (work) => real.transaction(work),
      exec: (sql) => real.exec(sql),
      listen: (channel, onNotify) => real.listen(channel, onNotify),
      close: () => real.close(),
    };
    const registry = defaultRegistry();
    const first = await worker(createActivities({ ...world.services, db: dying, registry }));
    const handle = await first.runUntil(async () => {
      const started = await startBroadcast('killed', 'group-k', { ratePerSecond: 10 });
      await dead;
      return started;
    });
    expect((await Promise.all(users.map(mailCount))).reduce((a, b) => a + b, 0)).toBe(10);
    let secondRenders = 0;
    const counting: Renderer = {
      stats: () => world.services.renderer.stats(),
      render: (...args) => {
        secondRenders += 1;
        return world.services.renderer.render(...args);
      },
    };
    // The failed attempt is retried on the new worker, which takes over the claimed-but-unsent batch.
    const done = await (
      await worker(createActivities({ ...world.services, renderer: counting, registry }))
    ).runUntil(handle.result());
    expect(done).toMatchObject({ state: 'completed', sent: 25, failed: 0, inDoubt: 0 });
    expect(await Promise.all(users.map(mailCount))).toEqual(users.map(() => 1));
    expect(secondRenders).toBe(15); // the 11th recipient on, sent by the new worker
  });
});
