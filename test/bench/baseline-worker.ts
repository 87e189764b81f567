import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Boomerang } from '../../engine/src/runtime/boomerang.ts';
import { workflowBundle } from '../../engine/src/temporal/bundle.ts';

/** The task queue of the bench's baseline workflow, apart from the journeys' queue. */
export const BASELINE_QUEUE = 'bench-baseline';
/** The baseline's workflow type (see baseline-workflow.ts). */
export const EMPTY_WORKFLOW = 'emptyWorkflow';

const entry = fileURLToPath(new URL('./baseline-workflow.ts', import.meta.url));

/** Runs a worker with only the empty workflow, bundled on its own, so the journeys' bundle carries no bench code; resolves to its stop. */
export async function startBaselineWorker(b: Boomerang): Promise<() => Promise<void>> {
  return startBaselineWorkerAt(b.temporalAddress, b.config.temporalNamespace, b.config.dataDir);
}

/** The same worker against any Temporal frontend (e.g. the cluster), bundling into `dataDir`. */
export async function startBaselineWorkerAt(
  address: string,
  namespace: string,
  dataDir: string,
): Promise<() => Promise<void>> {
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue: BASELINE_QUEUE,
    workflowBundle: await workflowBundle(dataDir, entry),
  });
  const running = worker.run();
  return async () => {
    worker.shutdown();
    await running;
    await connection.close();
  };
}
