import { eventually } from '../../support/ports.ts';
import { cohort, expectAllAcknowledged, runScenario, signUp, type ScenarioResult } from '../scenario.ts';

/** Sizes of the Postgres-restart scenario; `downMs` is how long Postgres stays stopped. */
export interface PostgresRestartOptions {
  customers: number;
  downMs: number;
  delaySeconds: number;
  settleMs: number;
  log?: (line: string) => void;
}

/**
 * Postgres is stopped (pg_ctl, fast: every connection cut) while emails go out and sign-ups stream
 * in, and started again on the same data dir and port. Then, once routing has caught up and the
 * router is idle, a last third of the customers signs up: only a resumed LISTEN can wake the router
 * for them. Every email should arrive exactly once.
 */
export function postgresRestart(o: PostgresRestartOptions): Promise<ScenarioResult> {
  const people = cohort('pg', o.customers, 10);
  const third = Math.ceil(people.batches.length / 3);
  return runScenario(
    'postgres-restart',
    {
      roles: { front: 'api,router', worker: 'worker' },
      delaySeconds: o.delaySeconds,
      cohort: people,
      ...(o.log ? { log: o.log } : {}),
    },
    async (world, notes) => {
      expectAllAcknowledged(await signUp(world, people.batches.slice(0, third)), notes, 'sign-ups before');
      await eventually(
        async () => (world.relay.delivered().length > 0 ? true : undefined),
        'the first email',
        o.settleMs,
        50,
      );
      const during = signUp(world, people.batches.slice(third, 2 * third));
      o.log?.(
        `postgres-restart: stopping Postgres at ${world.relay.delivered().length} emails, for ${Math.round(o.downMs / 1000)} s`,
      );
      await world.postgres.restart(() => new Promise((r) => setTimeout(r, o.downMs)));
      notes.push(`Postgres down for ${Math.round(o.downMs / 1000)} s`);
      expectAllAcknowledged(await during, notes, 'sign-ups around the restart');

      const api = world.api();
      await eventually(
        async () =>
          (await api.raw('GET', '/healthz', undefined, undefined).catch(() => undefined))?.json?.routing?.unrouted === 0
            ? true
            : undefined,
        'routing to catch up after the restart',
        o.settleMs,
        200,
      );
      expectAllAcknowledged(
        await signUp(world, people.batches.slice(2 * third)),
        notes,
        'sign-ups once routing was idle',
      );
      const settled = await world.settle(o.settleMs);
      notes.push(`${settled.failedRuns} failed runs, ${settled.deadLetters} dead letters`);
    },
  );
}
