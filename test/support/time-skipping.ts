import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ensureTestServer } from '../../engine/bin/tools.mjs';
import { mergeTraits } from '../../engine/src/db/index.ts';
import type { Plan } from '../../engine/src/interpreter/index.ts';
import { workflowBundle } from '../../engine/src/temporal/bundle.ts';
import { activityWorld, type ActivityWorld } from './worker-env.ts';

/** One customer's run on the time-skipping server: how it ended, when, and its history. */
export interface JourneyRun {
  outcome: { reason: string; stepId: string | null; emailsSent: number };
  startMs: number;
  closeMs: number;
  history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
}

/** The time-skipping test server, the real activities (PGlite, SMTP sink) and the workflow bundle, built once per file. */
export interface TimeSkipping {
  env: TestWorkflowEnvironment;
  world: ActivityWorld;
  bundle: { code: string };
  /**
   * Runs `plan` for `userId` (email `<userId>@example.com`) on a worker of its own until the run ends;
   * `during` acts while it runs (sleep, signal events).
   */
  runJourney(plan: Plan, userId: string, during?: (handle: WorkflowHandle) => Promise<void>): Promise<JourneyRun>;
  close(): Promise<void>;
}

/** Starts the time-skipping server (pinned binary), the activity world and the bundle. */
export async function startTimeSkipping(): Promise<TimeSkipping> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: ensureTestServer() } },
  });
  const world = await activityWorld();
  const bundle = await workflowBundle(mkdtempSync(join(tmpdir(), 'boomerang-bundle-')));
  return {
    env,
    world,
    bundle,
    async runJourney(plan, userId, during) {
      await mergeTraits(world.db, userId, { email: `${userId}@example.com`, firstName: userId });
      const taskQueue = `journey-${userId}`;
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: bundle,
        activities: world.activities,
      });
      return worker.runUntil(async () => {
        const trigger = {
          messageId: `${userId}-trigger`,
          event: plan.trigger.event,
          properties: {},
          timestamp: new Date().toISOString(),
        };
        const handle = await env.client.workflow.start('journeyWorkflow', {
          taskQueue,
          workflowId: `journey:${plan.journeyId}:${userId}`,
          args: [{ journeyId: plan.journeyId, version: plan.version, plan, userId, traits: {}, trigger }],
        });
        if (during) await during(handle);
        const outcome = await handle.result();
        const { startTime, closeTime } = await handle.describe();
        return {
          outcome,
          startMs: startTime.getTime(),
          closeMs: closeTime?.getTime() ?? Number.NaN,
          history: await handle.fetchHistory(),
        };
      });
    },
    async close() {
      await env.teardown();
      await world.close();
    },
  };
}
