import { eventually } from '../../support/ports.ts';
import { cohort, expectAllAcknowledged, runScenario, signUp, type ScenarioResult } from '../scenario.ts';

/** Sizes of the Temporal-restart scenario; `downMs` is how long the dev server stays stopped. */
export interface TemporalRestartOptions {
  customers: number;
  downMs: number;
  delaySeconds: number;
  settleMs: number;
  log?: (line: string) => void;
}

/**
 * The Temporal dev server is stopped while runs are mid-drip, half the customers sign up while it is
 * down, and it is started again on the same SQLite file and port. Runs carry on from where they were; the router and worker
 * reconnect by themselves. Every email should arrive exactly once.
 */
export function temporalRestart(o: TemporalRestartOptions): Promise<ScenarioResult> {
  const people = cohort('tr', o.customers, 10);
  const half = Math.ceil(people.batches.length / 2);
  return runScenario(
    'temporal-restart',
    {
      roles: { front: 'api,router', worker: 'worker' },
      delaySeconds: o.delaySeconds,
      cohort: people,
      ...(o.log ? { log: o.log } : {}),
    },
    async (world, notes) => {
      expectAllAcknowledged(await signUp(world, people.batches.slice(0, half)), notes, 'sign-ups before');
      await eventually(
        async () => (world.relay.delivered().length > 0 ? true : undefined),
        'the first email',
        o.settleMs,
        50,
      );
      o.log?.(
        `temporal-restart: stopping Temporal at ${world.relay.delivered().length} emails, for ${Math.round(o.downMs / 1000)} s`,
      );
      // The second half signs up while Temporal is down: the router must wait for it, not give up on them.
      await world.temporal.restart(async () => {
        const downAt = Date.now();
        expectAllAcknowledged(
          await signUp(world, people.batches.slice(half)),
          notes,
          'sign-ups while Temporal was down',
        );
        await new Promise((r) => setTimeout(r, Math.max(0, o.downMs - (Date.now() - downAt))));
      });
      notes.push(`Temporal down for ${Math.round(o.downMs / 1000)} s`);
      const settled = await world.settle(o.settleMs);
      notes.push(`${settled.failedRuns} failed runs, ${settled.deadLetters} dead letters`);
    },
  );
}
