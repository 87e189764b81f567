// Router benchmarks: events routed per second with three live journeys against the bare Temporal calls
// they cost, and the routing lag (age of the oldest unrouted event) while the ingest load runs.
import { routingLag } from '../../engine/src/db/index.ts';
import type { Boomerang } from '../../engine/src/runtime/boomerang.ts';
import { BASELINE_QUEUE, EMPTY_WORKFLOW } from './baseline-worker.ts';
import type { apiClient } from '../support/api.ts';

const names = ['Route A', 'Route B', 'Route C'];

/** Publishes three journeys, each started by its own event, that end at once. */
export async function publishRouteJourneys(api: ReturnType<typeof apiClient>): Promise<void> {
  for (const [i, event] of names.entries()) {
    const id = `bench-route-${i}`;
    await api.admin('POST', '/v1/journeys', {
      id,
      name: event,
      nodes: [
        { id: 't', type: 'event-trigger', config: { event } },
        { id: 'x', type: 'exit', config: {} },
      ],
      edges: [{ from: 't', to: 'x' }],
    });
    await api.admin('POST', `/v1/journeys/${id}/publish`, {});
  }
}

async function drained(b: Boomerang): Promise<void> {
  while ((await routingLag(b.db)).unrouted > 0) await new Promise((r) => setTimeout(r, 20));
}

/**
 * Routes `n` trigger events (a third per journey) mixed with 2n events no journey wants, and compares
 * with the baseline: the same number of signalWithStart calls made directly, 16 at a time.
 */
export async function benchRouting(b: Boomerang, api: ReturnType<typeof apiClient>, n = 600) {
  let t0 = performance.now();
  for (let i = 0; i < n; i += 16) {
    await Promise.all(
      Array.from({ length: Math.min(16, n - i) }, (_, j) =>
        b.client.workflow.signalWithStart(EMPTY_WORKFLOW, {
          taskQueue: BASELINE_QUEUE,
          workflowId: `bench-signal-${i + j}`,
          signal: 'event',
          signalArgs: [{ messageId: `s-${i + j}` }],
        }),
      ),
    );
  }
  const bare = n / ((performance.now() - t0) / 1000);

  const batch = Array.from({ length: n }, (_, i) => [
    { type: 'track', userId: `route-${i}`, event: names[i % 3], messageId: `route-${i}` },
    { type: 'track', userId: `route-${i}`, event: 'Page Scrolled', messageId: `route-${i}-a` },
    { type: 'track', userId: `route-${i}`, event: 'Page Scrolled', messageId: `route-${i}-b` },
  ]).flat();
  t0 = performance.now();
  for (let i = 0; i < batch.length; i += 300) await api.batch({ batch: batch.slice(i, i + 300) });
  await drained(b);
  const seconds = (performance.now() - t0) / 1000;
  return {
    events: batch.length,
    eventsPerSecond: batch.length / seconds,
    enrolmentsPerSecond: n / seconds,
    bare,
    ratio: n / seconds / bare,
  };
}

/** Samples the routing lag every 250 ms (sparingly: the sampling shares the database) while `load` runs; the worst lag seen and how long the outbox took to drain after it. */
export async function lagDuring(b: Boomerang, load: () => Promise<unknown>) {
  let worst = 0;
  let running = true;
  const sampler = (async () => {
    while (running) {
      worst = Math.max(worst, (await routingLag(b.db)).oldestUnroutedSeconds);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  await load();
  const t0 = performance.now();
  await drained(b);
  running = false;
  await sampler;
  return { worstLagSeconds: worst, drainSeconds: (performance.now() - t0) / 1000 };
}
