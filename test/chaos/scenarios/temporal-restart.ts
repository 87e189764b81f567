import { eventually } from '../../support/ports.ts';
import { cohort, expectAllAcknowledged, runScenario, signUp, type ScenarioResult } from '../scenario.ts';

/** Sizes of the Temporal-restart scenario; `downMs` is how long the dev server stays stopped. */
export interface TemporalRestartOptions { customers: number; downMs: number; delaySeconds: number; settleMs: number; log?: (line: string) => void }

/**
 * The Temporal dev server is stopped while runs are mid-drip and sign-ups stream in, and started
 * again on the same SQLite file and port. Runs carry on from where they were; the router and worker
 * reconnect by themselves. Every email should arrive exactly once.
 */
export function temporalRestart(o: TemporalRestartOptions): Promise<ScenarioResult> {
  const people = cohort('tr', o.customers, 10);
  const half = Math.ceil(people.batches.length / 2);
  return runScenario('temporal-restart', { roles: { front: 'api,router', worker: 'worker' }, delaySeconds: o.delaySeconds, cohort: people, ...(o.log ? { log: o.log } : {}) }, async (world, notes) => {
    expectAllAcknowledged(await signUp(world, people.batches.slice(0, half)), notes, 'sign-ups before');
    await eventually(async () => (world.relay.delivered().length > 0 ? true : undefined), 'the first email', o.settleMs, 50);
    const during = signUp(world, people.batches.slice(half));
    o.log?.(`temporal-restart: stopping Temporal at ${world.relay.delivered().length} emails, for ${Math.round(o.downMs / 1000)} s`);
    await world.temporal.restart(() => new Promise((r) => setTimeout(r, o.downMs)));
    notes.push(`Temporal down for ${Math.round(o.downMs / 1000)} s`);
    expectAllAcknowledged(await during, notes, 'sign-ups around the restart');
    const settled = await world.settle(o.settleMs);
    notes.push(`${settled.failedRuns} failed runs, ${settled.deadLetters} dead letters`);
  });
}
