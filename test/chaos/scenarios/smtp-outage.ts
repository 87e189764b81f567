import { eventually } from '../../support/ports.ts';
import { cohort, expectAllAcknowledged, runScenario, signUp, type ScenarioResult } from '../scenario.ts';

/** Sizes of the SMTP-outage scenario; `outageMs` is how long the relay refuses connections. */
export interface SmtpOutageOptions {
  customers: number;
  outageMs: number;
  delaySeconds: number;
  settleMs: number;
  log?: (line: string) => void;
  /** Cut open connections at once, even mid-message (a crash), rather than after the reply they wait for. */
  abrupt?: boolean;
}

/**
 * The SMTP relay goes down (connections refused) once the first emails have arrived, stays down for
 * `outageMs` while customers keep signing up, and comes back. Every email should then arrive exactly
 * once: sends are documented to retry through an SMTP outage for up to 24 hours. With `abrupt`, the
 * relay is cut off like a crash: a message it took just then may not have been acknowledged, so
 * Boomerang cannot know; such sends must be reported in doubt rather than sent twice or lost.
 */
export function smtpOutage(o: SmtpOutageOptions): Promise<ScenarioResult> {
  const name = o.abrupt ? 'smtp-crash' : 'smtp-outage';
  const people = cohort(o.abrupt ? 'sc' : 'so', o.customers, 10);
  return runScenario(
    name,
    {
      roles: { all: 'api,router,worker' },
      delaySeconds: o.delaySeconds,
      cohort: people,
      ...(o.log ? { log: o.log } : {}),
    },
    async (world, notes) => {
      const half = Math.ceil(people.batches.length / 2);
      expectAllAcknowledged(await signUp(world, people.batches.slice(0, half)), notes, 'sign-ups before');
      await eventually(
        async () => (world.relay.delivered().length > 0 ? true : undefined),
        'the first email',
        o.settleMs,
        50,
      );
      await world.relay.down({ abrupt: o.abrupt ?? false });
      const downAt = Date.now();
      o.log?.(
        `${name}: relay down at ${world.relay.delivered().length} emails, for ${Math.round(o.outageMs / 1000)} s`,
      );
      expectAllAcknowledged(await signUp(world, people.batches.slice(half)), notes, 'sign-ups during the outage');
      // The outage lasts its full length: what is being tested is how sends live through it.
      await new Promise((r) => setTimeout(r, Math.max(0, o.outageMs - (Date.now() - downAt))));
      await world.relay.up();
      notes.push(
        `relay ${o.abrupt ? 'cut off, then refused' : 'refused'} connections for ${Math.round((Date.now() - downAt) / 1000)} s`,
      );
      const settled = await world.settle(o.settleMs);
      notes.push(`${settled.failedRuns} failed runs, ${settled.deadLetters} dead letters`);
    },
  );
}
