import { eventually } from '../../support/ports.ts';
import { cohort, expectAllAcknowledged, runScenario, signUp, type ScenarioResult } from '../scenario.ts';

/** Sizes of the API-kill scenario. */
export interface ApiKillsOptions {
  customers: number;
  kills: number;
  delaySeconds: number;
  settleMs: number;
  log?: (line: string) => void;
}

/**
 * The API process is SIGKILLed `kills` times while the load tool streams batches to it (four in
 * flight), and started again; the router and worker run in a process of their own. The load tool
 * sends every unacknowledged batch again with the same messageIds. Every acknowledged event must be
 * stored (checked on the database), none twice, and every email must arrive exactly once.
 */
export function apiKills(o: ApiKillsOptions): Promise<ScenarioResult> {
  const people = cohort('ak', o.customers, 5);
  return runScenario(
    'api-kills',
    {
      roles: { front: 'api', engine: 'router,worker' },
      delaySeconds: o.delaySeconds,
      cohort: people,
      ...(o.log ? { log: o.log } : {}),
    },
    async (world, notes) => {
      let acknowledged = 0;
      const loading = signUp(world, people.batches, {
        inFlight: 4,
        onAcknowledged: (n) => {
          acknowledged = n;
        },
      });
      const api = world.apiMember();
      for (let k = 1; k <= o.kills; k += 1) {
        const mark = Math.floor((k * people.batches.length) / (o.kills + 1));
        await eventually(
          async () => (acknowledged >= mark ? true : undefined),
          `${mark} acknowledged batches before kill ${k}`,
          o.settleMs,
          10,
        );
        await api.kill();
        o.log?.(
          `api-kills: killed the API at ${acknowledged}/${people.batches.length} acknowledged batches (kill ${k})`,
        );
        await api.start();
      }
      notes.push(`${o.kills} API kills`);
      const load = await loading;
      expectAllAcknowledged(load, notes);

      const ids = load.batches.filter((b) => b.acknowledged).flatMap((b) => b.messageIds);
      const stored = await world.sql<{ message_id: string; copies: number }>(
        'select message_id, count(*)::int as copies from events where message_id = any($1::text[]) group by message_id',
        [ids],
      );
      const storedIds = new Set(stored.map((r) => r.message_id));
      const missing = ids.filter((id) => !storedIds.has(id));
      const doubled = stored.filter((r) => r.copies > 1);
      const answeredDuplicate = load.batches.reduce((n, b) => n + b.duplicates, 0);
      notes.push(
        `${ids.length} acknowledged events, ${storedIds.size} stored, ${answeredDuplicate} answered as duplicates on a retry`,
      );
      if (missing.length > 0)
        throw new Error(`${missing.length} acknowledged events are not stored, e.g. ${missing.slice(0, 5).join(', ')}`);
      if (doubled.length > 0)
        throw new Error(
          `${doubled.length} events are stored more than once, e.g. ${doubled[0]!.message_id} x${doubled[0]!.copies}`,
        );
      const settled = await world.settle(o.settleMs);
      notes.push(`${settled.failedRuns} failed runs, ${settled.deadLetters} dead letters`);
    },
  );
}
