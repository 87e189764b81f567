import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../engine/bin/tools.mjs';
import { JourneyImpactList } from '../../engine/src/api/metric-shapes.ts';
import { demoCustomers, type DemoCall } from '../../engine/src/demo/index.ts';
import { apiClient } from '../support/api.ts';
import { eventually } from '../support/ports.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// `npm run demo` against the whole stack as `npm start` runs it, with the keys the first start wrote
// into DATA_DIR; what the generator made (counted here) is read back through the admin API. The
// customers who signed up in the last days are sent live into onboarding, which the demo publishes
// with a 15% holdout.
let stack: StackProcess;
let api: ReturnType<typeof apiClient>;
const options = { customers: 200, months: 3, seed: 11, end: new Date().toISOString() };
const expected = [...demoCustomers(options)];
// The live slice, read off the generated history: customers whose Signed Up is in the 6 days before the end.
const LIVE_DAYS = 6;
const liveFrom = Date.parse(options.end) - LIVE_DAYS * 86_400_000;
const liveIds = new Set(
  expected
    .filter((c) =>
      c.calls.some((x) => x.type === 'track' && x.event === 'Signed Up' && Date.parse(x.timestamp) >= liveFrom),
    )
    .map((c) => c.userId),
);
const nameOf = (c: DemoCall) => (c.type === 'track' ? c.event : c.type === 'page' ? 'Page Viewed' : undefined);

/** Runs the demo CLI as a user would, with only DATA_DIR and PORT pointing at the instance. */
function runDemo(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const { WRITE_KEY: _w, BOOMERANG_URL: _u, ADMIN_TOKEN: _a, ...inherited } = process.env;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repoRoot, 'engine/src/demo/cli.ts'),
      '--customers',
      String(options.customers),
      '--months',
      String(options.months),
      '--seed',
      String(options.seed),
      '--end',
      options.end,
      '--live-days',
      String(LIVE_DAYS),
    ],
    {
      cwd: repoRoot,
      env: { ...inherited, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    output += c.toString();
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

let demo: { code: number | null; output: string };
beforeAll(async () => {
  const { WRITE_KEY: _w, ADMIN_TOKEN: _a, ...env } = await stackEnv();
  stack = await startStack(env);
  const keys = JSON.parse(readFileSync(join(env.DATA_DIR!, 'keys.json'), 'utf8')) as {
    writeKey: string;
    adminToken: string;
  };
  api = apiClient(stack.url, keys);
  // Journeys that live Signed Up and Subscription Cancelled events start: the imported history must start none.
  for (const id of ['onboarding', 'win-back'])
    expect((await api.admin('POST', `/v1/journeys/${id}/publish`, {})).status).toBe(200);
  demo = await runDemo({ DATA_DIR: env.DATA_DIR!, PORT: env.PORT! });
});
afterAll(async () => {
  await stack?.stop();
});

describe('npm run demo on a fresh instance', () => {
  it('finds the instance and its write key from the configuration and prints a summary', () => {
    expect(demo.code, demo.output).toBe(0);
    expect(liveIds.size).toBeGreaterThan(5);
    expect(demo.output).toContain('Published Onboarding as version 2 with 15% held out');
    expect(demo.output).toMatch(new RegExp(`Live: ${liveIds.size} customers who signed up since`));
    const calls = expected.reduce((n, c) => n + c.calls.length, 0);
    expect(demo.output).toContain(`into ${stack.url}/v1/import`);
    expect(demo.output).toMatch(
      new RegExp(
        `Done in [\\d.]+ s: 200 customers, ${calls.toLocaleString('en-US')} calls in \\d+ batches, [\\d,]+ events/s`,
      ),
    );
    const orders = expected.flatMap((c) => c.calls).filter((c) => nameOf(c) === 'Order Completed').length;
    expect(demo.output).toMatch(new RegExp(`Order Completed +${orders.toLocaleString('en-US')}\\n`));
  });

  it('stores every event the generator made, by name', async () => {
    const counts = new Map<string, number>();
    for (const c of expected.flatMap((e) => e.calls)) {
      const name = nameOf(c);
      if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    const stored = (await api.admin('GET', '/v1/event-names')).json.events as Array<{ event: string; count: number }>;
    expect(Object.fromEntries(stored.map((e) => [e.event, e.count]))).toEqual(Object.fromEntries(counts));
  });

  it('stores each customer with their traits and their own events', async () => {
    for (const { userId, calls } of expected) {
      const res = await api.admin('GET', `/v1/customers/${userId}`);
      expect(res.status).toBe(200);
      const traits = Object.assign({}, ...calls.filter((c) => c.type === 'identify').map((c) => c.traits)) as Record<
        string,
        string
      >;
      expect(res.json.customer.traits).toEqual(traits);
      // the timeline shows the latest 100 events
      const ids = (res.json.events as Array<{ messageId: string }>).map((e) => e.messageId).sort();
      expect(ids).toEqual(
        calls
          .slice(-100)
          .map((c) => c.messageId)
          .sort(),
      );
    }
  });

  it('starts no journey run for the history; the live slice enters onboarding, a live sign-up afterwards too', async () => {
    await api.settled([]);
    const runsOf = async (userId: string) =>
      ((await api.admin('GET', `/v1/customers/${userId}`)).json.journeys as Array<{ journeyId: string }>).map(
        (j) => j.journeyId,
      );
    const history = expected.filter((c) => !liveIds.has(c.userId));
    for (const { userId } of history.slice(0, 50)) expect(await runsOf(userId), userId).toEqual([]);
    for (const userId of liveIds) expect(await runsOf(userId), userId).toContain('onboarding');
    const first = history[0]!.userId;
    await api.track({ userId: first, event: 'Signed Up' });
    await eventually(
      async () => ((await runsOf(first)).includes('onboarding') ? true : undefined),
      'the live sign-up to start onboarding',
    );
  });

  it('lists onboarding in the journey-impact report with its live entrants and holdout, measured once the window closes', async () => {
    const impact = async () => {
      const res = await api.admin('GET', '/v1/metrics/journeys');
      expect(res.status).toBe(200);
      return JourneyImpactList.parse(res.json).journeys.find((j) => j.journeyId === 'onboarding');
    };
    const row = await eventually(
      async () => {
        const r = await impact();
        return r && r.soFar.entrants + r.soFar.holdout >= liveIds.size + 1 ? r : undefined;
      },
      'every live customer to be recorded as an entrant or held out',
      90_000,
    );
    expect(row.holdoutPercent).toBe(15);
    // The live customers plus the one live sign-up of the test before, each once.
    expect(row.soFar.entrants + row.soFar.holdout).toBe(liveIds.size + 1);
    expect(row.soFar.entrants).toBeGreaterThan(0);
    expect(row.soFar.holdout).toBeGreaterThan(0);
    // Nobody's 90-day window has closed yet: the comparison counts no one, and says when it will.
    expect(row.groups[0]).toMatchObject({ label: 'All entrants', entrants: 0, holdout: 0 });
    const firstResults = Date.parse(row.firstResultsAt ?? '');
    expect(firstResults - Date.now()).toBeGreaterThan(89 * 86_400_000);
    expect(firstResults - Date.now()).toBeLessThan(90 * 86_400_000);
  });

  it('adds nothing when run again with the same seed (messageIds repeat) and publishes no new version', async () => {
    const again = await runDemo({ DATA_DIR: stack.env.DATA_DIR!, PORT: stack.env.PORT! });
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain('Onboarding is live (version 2) with 15% held out already');
    expect(again.output).toMatch(/Stored 0 new; [\d,]+ were there already/);
  });
});
