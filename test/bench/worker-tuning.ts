// `npm run bench -- worker-tuning`: the same burst of journey runs on one embedded Temporal dev server,
// through a worker with the SDK's defaults and with the WORKER_* settings an operator might try.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ensureTemporalCli } from '../../engine/bin/tools.mjs';
import { compile, Journey } from '../../engine/src/compiler/index.ts';
import { workerTuningFrom, WorkerTuningEnvironment } from '../../engine/src/config/worker-tuning.ts';
import { mergeTraits } from '../../engine/src/db/index.ts';
import { defaultRegistry } from '../../engine/src/nodes/index.ts';
import { workflowBundle } from '../../engine/src/temporal/bundle.ts';
import { activityWorld } from '../support/worker-env.ts';
import { fmt } from './stats.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Trigger -> trait update -> 1-minute delay -> trait update -> exit: two activities, three progress
// records and a timer per run, so sticky cache and task slots both matter.
const plan = compile(
  Journey.parse({
    id: 'bench-tuning',
    name: 'Tuning',
    nodes: [
      { id: 't', type: 'event-trigger', config: { event: 'Bench' } },
      { id: 'a', type: 'update-customer', config: { set: { step: 'a' } } },
      { id: 'd', type: 'delay', config: { mode: 'duration', amount: 1, unit: 'seconds' } },
      { id: 'b', type: 'update-customer', config: { set: { step: 'b' } } },
    ],
    edges: [
      { from: 't', to: 'a' },
      { from: 'a', to: 'd' },
      { from: 'd', to: 'b' },
    ],
  }),
  { registry: defaultRegistry(), version: 1 },
);

const SETTINGS: Array<[string, Record<string, string>]> = [
  ['SDK defaults', {}],
  ['WORKER_STICKY_CACHE=10 (most tasks replay first)', { WORKER_STICKY_CACHE: '10' }],
  [
    'WORKER_MAX_WORKFLOW_TASKS=2 WORKER_MAX_ACTIVITIES=2',
    { WORKER_MAX_WORKFLOW_TASKS: '2', WORKER_MAX_ACTIVITIES: '2' },
  ],
];

/** Runs the burst once per setting and prints runs/s and the ratio to the defaults. */
export async function benchWorkerTuning(runs = 80): Promise<void> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: ensureTemporalCli() } },
  });
  const world = await activityWorld();
  const bundle = await workflowBundle(mkdtempSync(join(tmpdir(), 'boomerang-bench-bundle-')));
  try {
    for (let i = 0; i < runs; i += 1) await mergeTraits(world.db, `tune-${i}`, { email: `tune-${i}@example.com` });
    let base = 0;
    console.log(`\nworker tuning: ${runs} journey runs at once (2 activities, a 1 s delay, 3 progress records each)`);
    for (const [index, [name, vars]] of SETTINGS.entries()) {
      const taskQueue = `tuning-${index}`;
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: bundle,
        activities: world.activities,
        ...workerTuningFrom(WorkerTuningEnvironment.parse(vars)),
      });
      const perSecond = await worker.runUntil(async () => {
        const began = performance.now();
        const handles = await Promise.all(
          Array.from({ length: runs }, (_, i) => {
            const userId = `tune-${i}`;
            const trigger = {
              messageId: `${taskQueue}-${i}`,
              event: 'Bench',
              properties: {},
              timestamp: new Date().toISOString(),
            };
            return env.client.workflow.start('journeyWorkflow', {
              taskQueue,
              workflowId: `journey:bench-tuning:${userId}:${index}`,
              args: [{ journeyId: plan.journeyId, version: 1, plan, userId, traits: {}, trigger }],
            });
          }),
        );
        await Promise.all(handles.map((h) => h.result()));
        return runs / ((performance.now() - began) / 1000);
      });
      if (index === 0) base = perSecond;
      console.log(`  ${name.padEnd(52)} ${fmt(perSecond)} runs/s  (x${fmt(perSecond / base)})`);
    }
  } finally {
    await world.close();
    await env.teardown();
  }
}
