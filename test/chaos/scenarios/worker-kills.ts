import { eventually } from '../../support/ports.ts';
import { cohort, expectAllAcknowledged, runScenario, signUp, type ScenarioResult } from '../scenario.ts';
import { DRIP_EMAILS } from '../drip.ts';

/** Sizes of the worker-kill scenario. */
export interface WorkerKillsOptions {
  customers: number;
  kills: number;
  delaySeconds: number;
  settleMs: number;
  log?: (line: string) => void;
}

/**
 * The worker is SIGKILLed `kills` times during a drip, each time once the relay has received the next
 * share of the emails, and started again; the API and router run in a process of their own.
 * Every email should arrive exactly once (sends cut off mid-way are reported in doubt).
 */
export function workerKills(o: WorkerKillsOptions): Promise<ScenarioResult> {
  const people = cohort('wk', o.customers, 25);
  return runScenario(
    'worker-kills',
    {
      roles: { front: 'api,router', worker: 'worker' },
      delaySeconds: o.delaySeconds,
      cohort: people,
      ...(o.log ? { log: o.log } : {}),
    },
    async (world, notes) => {
      const load = signUp(world, people.batches);
      const expected = o.customers * DRIP_EMAILS;
      const worker = world.member('worker');
      for (let k = 1; k <= o.kills; k += 1) {
        const mark = Math.floor((k * expected) / (o.kills + 1));
        await eventually(
          async () => (world.relay.delivered().length >= mark ? true : undefined),
          `${mark} emails before kill ${k}`,
          o.settleMs,
          50,
        );
        await worker.kill();
        o.log?.(`worker-kills: killed the worker at ${world.relay.delivered().length}/${expected} emails (kill ${k})`);
        await worker.start();
      }
      notes.push(`${o.kills} worker kills`);
      expectAllAcknowledged(await load, notes);
      const settled = await world.settle(o.settleMs);
      notes.push(`${settled.failedRuns} failed runs, ${settled.deadLetters} dead letters`);
    },
  );
}
