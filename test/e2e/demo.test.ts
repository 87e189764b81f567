import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../engine/bin/tools.mjs';
import { demoCustomers, type DemoCall } from '../../engine/src/demo/index.ts';
import { apiClient } from '../support/api.ts';
import { eventually } from '../support/ports.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// `npm run demo` against the whole stack as `npm start` runs it, with the keys the first start wrote
// into DATA_DIR; what the generator made (counted here) is read back through the admin API.
let stack: StackProcess;
let api: ReturnType<typeof apiClient>;
const options = { customers: 200, months: 3, seed: 11, end: new Date().toISOString() };
const expected = [...demoCustomers(options)];
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

  it('starts no journey run: what is sent to /v1/import is history; a live sign-up afterwards does start one', async () => {
    await api.settled([]);
    for (const { userId } of expected.slice(0, 50)) {
      expect((await api.admin('GET', `/v1/customers/${userId}`)).json.journeys, userId).toEqual([]);
    }
    const first = expected[0]!.userId;
    await api.track({ userId: first, event: 'Signed Up' });
    await eventually(async () => {
      const journeys = (await api.admin('GET', `/v1/customers/${first}`)).json.journeys as Array<{ journeyId: string }>;
      return journeys.some((j) => j.journeyId === 'onboarding') ? true : undefined;
    }, 'the live sign-up to start onboarding');
  });

  it('adds nothing when run again with the same seed (messageIds repeat)', async () => {
    const again = await runDemo({ DATA_DIR: stack.env.DATA_DIR!, PORT: stack.env.PORT! });
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/Stored 0 new; [\d,]+ were there already/);
  });
});
