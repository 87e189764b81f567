import { chaosDrip, customersOf, expectedEmails, signUpCalls } from './drip.ts';
import { streamBatches, type LoadRecord } from './load.ts';
import { tallyEmails, tallyPasses, type InDoubtSend, type Tally } from './tally.ts';
import { KEYS, openWorld, type World } from './world.ts';

/** What one scenario found. */
export interface ScenarioResult {
  name: string;
  tally: Tally;
  passed: boolean;
  seconds: number;
  /** What happened along the way (kills, restarts, retried batches, failed runs), for the report. */
  notes: string[];
  /** Why the scenario could not finish, when it could not. */
  error?: string | undefined;
}

/** The customers, their sign-ups (two calls each, fixed messageIds) in batches, and the emails they should get. */
export interface Cohort {
  customers: Array<{ userId: string; email: string }>;
  batches: Array<Array<{ messageId: string }>>;
}

/** A cohort of `count` customers whose ids start with `prefix`, `perBatch` customers to a batch. */
export function cohort(prefix: string, count: number, perBatch: number): Cohort {
  const customers = customersOf(prefix, count);
  const batches: Cohort['batches'] = [];
  for (let i = 0; i < customers.length; i += perBatch)
    batches.push(customers.slice(i, i + perBatch).flatMap(signUpCalls));
  return { customers, batches };
}

/** Sends a cohort's batches through the world's API with the load tool (retrying unacknowledged ones). */
export function signUp(
  world: World,
  batches: Cohort['batches'],
  opts: { inFlight?: number; onAcknowledged?: (n: number) => void } = {},
): Promise<LoadRecord> {
  return streamBatches(batches, {
    url: () => world.apiMember().url,
    writeKey: KEYS.writeKey,
    inFlight: opts.inFlight ?? 2,
    retryForMs: 120_000,
    giveUp: () => world.crash(),
    ...(opts.onAcknowledged ? { onAcknowledged: opts.onAcknowledged } : {}),
  });
}

/** Fails unless every batch was acknowledged in the end; notes how many needed more than one attempt. */
export function expectAllAcknowledged(load: LoadRecord, notes: string[], phase = 'sign-ups'): void {
  const unacknowledged = load.batches.filter((b) => !b.acknowledged);
  const retried = load.batches.filter((b) => b.answers.length > 1);
  notes.push(
    `${phase}: ${load.batches.length} batches, ${retried.length} sent more than once (${[...new Set(retried.flatMap((b) => b.answers.filter((a) => a !== 200)))].join(', ') || '-'})`,
  );
  if (unacknowledged.length > 0)
    throw new Error(
      `${phase}: ${unacknowledged.length} batches were never acknowledged, e.g. batch ${unacknowledged[0]!.index}: ${unacknowledged[0]!.answers.join(', ')}`,
    );
}

/**
 * Opens a world with these processes, publishes the chaos drip, runs `body` (sign-ups and the chaos
 * it injects, then settling), and counts the relay's emails against what the cohort should get.
 * A failure inside `body` still yields a line: the count as it stands, and the error.
 */
export async function runScenario(
  name: string,
  opts: { roles: Record<string, string>; delaySeconds: number; cohort: Cohort; log?: (line: string) => void },
  body: (world: World, notes: string[]) => Promise<void>,
): Promise<ScenarioResult> {
  const started = Date.now();
  const log = opts.log ?? (() => undefined);
  const notes: string[] = [];
  const expected = expectedEmails(opts.cohort.customers);
  let error: string | undefined;
  let inDoubt: InDoubtSend[] = [];
  let world: World | undefined;
  try {
    log(`${name}: starting Postgres, Temporal, the relay and ${Object.keys(opts.roles).join(', ')}`);
    world = await openWorld(opts.roles, log);
    const api = world.api();
    const created = await api.admin('POST', '/v1/journeys', chaosDrip(opts.delaySeconds));
    if (created.status !== 201) throw new Error(`creating the chaos drip: ${created.status} ${created.text}`);
    const published = await api.admin('POST', '/v1/journeys/chaos-drip/publish', {});
    if (published.status !== 200) throw new Error(`publishing the chaos drip: ${published.status} ${published.text}`);
    await body(world, notes);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
    const crash = world?.crash();
    if (crash && !error.includes(crash)) error = `${error}\n${crash}`;
  }
  try {
    if (world) inDoubt = await world.inDoubt();
  } catch (e) {
    notes.push(`in-doubt sends could not be read: ${String(e)}`);
  }
  const tally = tallyEmails(opts.cohort.customers.length, expected, world?.relay.delivered() ?? [], inDoubt);
  await world?.close();
  return {
    name,
    tally,
    passed: error === undefined && tallyPasses(tally),
    seconds: Math.round((Date.now() - started) / 1000),
    notes,
    error,
  };
}
