import { Writable } from 'node:stream';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityTable } from '../../engine/src/activities/index.ts';
import { compile, Journey } from '../../engine/src/compiler/index.ts';
import { mergeTraits } from '../../engine/src/db/index.ts';
import { defaultRegistry } from '../../engine/src/nodes/index.ts';
import { activityFailures, createLogger, registry } from '../../engine/src/observability/index.ts';
import { parseExposition, valueOf } from '../support/prometheus.ts';
import { startTimeSkipping, type TimeSkipping } from '../support/time-skipping.ts';

// A worker with Boomerang's activity interceptor, on the time-skipping server: an activity attempt that
// fails is counted in boomerang_activity_failures_total and logged with its journey and customer, and
// Temporal's retry then lets the run finish.
let ts: TimeSkipping;
beforeAll(async () => {
  ts = await startTimeSkipping();
});
afterAll(async () => {
  await ts?.close();
});

const plan = compile(
  Journey.parse({
    id: 'flaky',
    name: 'Flaky',
    settings: { reEntry: 'never' },
    nodes: [
      { id: 'start', type: 'event-trigger', config: { event: 'Signed Up' } },
      { id: 'mark', type: 'update-customer', config: { set: { marked: true } } },
    ],
    edges: [{ from: 'start', to: 'mark' }],
  }),
  { registry: defaultRegistry(), version: 1 },
);

const failures = async () =>
  valueOf(parseExposition(await registry.metrics()), 'boomerang_activity_failures_total', {
    activity: 'recordProgress',
  }) ?? 0;

describe('failed activity attempts', () => {
  it('are counted by activity type and logged with the workflow, journey and customer', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const logger = createLogger({ level: 'warn', secrets: [], destination });
    let failNext = true;
    const activities: ActivityTable = {
      ...ts.world.activities,
      async recordProgress(input) {
        if (failNext) {
          failNext = false;
          throw new Error('the database blinked');
        }
        return ts.world.activities.recordProgress(input);
      },
    };
    await mergeTraits(ts.world.db, 'flo', { email: 'flo@example.com' });
    const before = await failures();
    const worker = await Worker.create({
      connection: ts.env.nativeConnection,
      taskQueue: 'flaky',
      workflowBundle: ts.bundle,
      activities,
      interceptors: { activity: [activityFailures(logger)] },
    });
    const outcome = await worker.runUntil(
      ts.env.client.workflow.execute('journeyWorkflow', {
        taskQueue: 'flaky',
        workflowId: 'journey:flaky:flo',
        args: [
          {
            journeyId: 'flaky',
            version: 1,
            plan,
            userId: 'flo',
            traits: {},
            trigger: { messageId: 'flo-1', event: 'Signed Up', properties: {}, timestamp: new Date().toISOString() },
          },
        ],
      }),
    );
    expect(outcome).toMatchObject({ reason: 'completed' });
    expect((await failures()) - before).toBe(1);
    logger.flush();
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        activity: 'recordProgress',
        attempt: 1,
        workflowId: 'journey:flaky:flo',
        journeyId: 'flaky',
        userId: 'flo',
        err: expect.objectContaining({ message: 'the database blinked' }),
      }),
    ]);
  });
});
