import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../engine/bin/tools.mjs';
import { apiClient } from '../support/api.ts';
import { eventually } from '../support/ports.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// Importing customers on the real stack (`boomerang start`: PGlite, Temporal dev server, router): a CSV
// streamed to POST /v1/customers/import and through `boomerang import-customers`. A journey that
// starts when `plan` becomes `pro` shows whether an import reached journeys.
const keys = { writeKey: 'wk_test_write_key', adminToken: 'adm_test_admin_token' };
let stack: StackProcess;
let api: ReturnType<typeof apiClient>;
let receiver: Receiver;
const dir = mkdtempSync(join(tmpdir(), 'boomerang-import-e2e-'));

beforeAll(async () => {
  receiver = await startReceiver();
  stack = await startStack(await stackEnv({ WEBHOOK_ALLOW: '127.0.0.1' }));
  api = apiClient(stack.url, keys);
  const journey = {
    id: 'went-pro',
    name: 'Went pro',
    nodes: [
      { id: 'pro', type: 'trait-changed', config: { trait: 'plan', to: 'pro' } },
      { id: 'tell', type: 'webhook', config: { url: `${receiver.url}/pro` } },
    ],
    edges: [{ from: 'pro', to: 'tell' }],
  };
  expect((await api.admin('POST', '/v1/journeys', journey)).status).toBe(201);
  expect((await api.admin('POST', '/v1/journeys/went-pro/publish', {})).status).toBe(200);
});
afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

/** POSTs a CSV file to the import endpoint as a browser or curl would. */
const importCsv = async (csv: string, query = '', headers: Record<string, string> = {}) => {
  const res = await fetch(`${stack.url}/v1/customers/import${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${keys.adminToken}`, 'content-type': 'text/csv', ...headers },
    body: csv,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

/** What a user can see of these customers: traits, timeline and journeys. */
const seen = async (ids: string[]) =>
  Promise.all(
    ids.map(async (id) => {
      const { json } = await api.admin('GET', `/v1/customers/${id}`);
      return { traits: json.customer?.traits, events: json.events?.length, journeys: json.journeys };
    }),
  );

const SHOP = [
  'Customer,E-mail,Plan,Spent,Newsletter,Signed up,Notes',
  'c1,ann@example.com,pro,120.50,yes,2025-03-01,likes tea',
  'c2,bo@example.com,free,12,no,2025-03-02,',
  'c3,cy@example.com,pro,lots,no,2025-03-03,', // line 4: bad number
  'c4,di@example.com,free,0,maybe,2025-03-04,', // line 5: bad boolean
].join('\n');
const SHOP_MAP =
  '?map.Customer=userId&map.E-mail=email&map.Plan=plan&map.Spent=ltv:number&map.Newsletter=newsletter:boolean&map.Signed%20up=signedUpAt:date';

describe('POST /v1/customers/import on the real stack', () => {
  it('imports the good lines, lists the bad ones, and changes nothing when the file comes again', async () => {
    const first = await importCsv(SHOP, SHOP_MAP);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      imported: 2,
      unchanged: 0,
      failed: 2,
      ignoredColumns: ['Notes'],
      startedJourneys: false,
      errors: [
        { line: 4, column: 'Spent', message: expect.stringMatching(/^bad number: "lots"/) },
        { line: 5, column: 'Newsletter', message: expect.stringMatching(/^bad boolean: "maybe"/) },
      ],
    });
    const { json } = await api.admin('GET', '/v1/customers/c1');
    expect(json.customer.traits).toEqual({
      email: 'ann@example.com',
      plan: 'pro',
      ltv: 120.5,
      newsletter: true,
      signedUpAt: '2025-03-01T00:00:00.000Z',
    });
    await api.settled(['c1', 'c2']);
    const before = await seen(['c1', 'c2']);
    const list = (await api.admin('GET', '/v1/customers')).json;

    const again = await importCsv(SHOP, SHOP_MAP);
    expect(again.json).toMatchObject({ imported: 0, unchanged: 2, failed: 2 });
    await api.settled(['c1', 'c2']);
    expect(await seen(['c1', 'c2'])).toEqual(before);
    expect((await api.admin('GET', '/v1/customers')).json).toEqual(list);
    // Imported as history: c1 is on pro, yet the went-pro journey never started for them.
    expect(before[0]?.journeys).toEqual([]);
    expect(receiver.received.filter((r) => r.path === '/pro')).toEqual([]);
  });

  it('starts journeys for imported customers when asked to', async () => {
    const res = await importCsv('userId,plan\nj1,pro\n', '?startJourneys=true');
    expect(res.json).toMatchObject({ imported: 1, startedJourneys: true });
    const [post] = await eventually(async () => {
      const posts = receiver.received.filter((r) => r.path === '/pro');
      return posts.length > 0 ? posts : undefined;
    }, 'the went-pro webhook for the imported customer');
    expect(JSON.parse(post!.body)).toMatchObject({ userId: 'j1' });
  });

  it('refuses a file it cannot import with a status and the column to blame', async () => {
    const noKey = await importCsv('name,plan\nAnn,pro\n');
    expect(noKey.status).toBe(422);
    expect(JSON.stringify(noKey.json)).toMatch(/no column says who the customer is/);
    const missing = await importCsv('userId,plan\nx,pro\n', '?map.Plan=plan');
    expect(missing.status).toBe(422);
    expect(missing.json).toMatchObject({ error: { problems: [{ path: 'map.Plan' }] } });
    const badType = await importCsv('userId,plan\nx,pro\n', '?map.plan=plan:money');
    expect(badType.status).toBe(400);
    expect(badType.json).toMatchObject({
      error: { problems: [{ path: 'map.plan', message: expect.stringMatching(/^"money" is not a type/) }] },
    });
    expect((await importCsv('userId\nx\n', '', { 'content-type': 'application/json' })).status).toBe(415);
    expect((await fetch(`${stack.url}/v1/customers/import`, { method: 'POST', body: 'userId\nx\n' })).status).toBe(401);
  });
});

/** Runs `boomerang import-customers` as a user would, against the test stack. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'engine/src/cli/main.ts'), 'import-customers', ...args],
      { cwd: repoRoot, env: { ...process.env, ADMIN_TOKEN: keys.adminToken }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('boomerang import-customers', () => {
  it('streams the file, prints progress and each bad line, and exits 1 when a line failed', async () => {
    const file = join(dir, 'shop.csv');
    writeFileSync(file, SHOP.replaceAll('c', 'k'));
    const run = await cli([
      file,
      '--url',
      stack.url,
      '--map',
      'Customer=userId',
      '--map',
      'Spent=ltv:number',
      '--map',
      'Newsletter=newsletter:boolean',
    ]);
    expect(run.stderr).toMatch(/Sent 0\.0 MB of 0\.0 MB \(100%\)/);
    expect(run.stdout).toContain('Imported 2, unchanged 0, failed 2 (stored as history: no journey started)');
    expect(run.stdout).toMatch(/line 4, column Spent: bad number: "lots"/);
    expect(run.stdout).toContain('Ignored columns: E-mail, Plan, Signed up, Notes');
    expect(run.code).toBe(1);
  });

  it('imports a file far larger than any JSON body limit (3 MB, 40,000 rows) and exits 0', async () => {
    const file = join(dir, 'big.csv');
    const rows = Array.from(
      { length: 40_000 },
      (_, i) => `big${i},big${i}@example.com,${i % 2 ? 'pro' : 'free'},${'x'.repeat(30)}`,
    );
    writeFileSync(file, `userId,email,plan,note\n${rows.join('\n')}\n`);
    const run = await cli([file, '--url', stack.url]);
    expect(run.stdout).toContain('Imported 40000, unchanged 0, failed 0');
    expect(run.code).toBe(0);
    const { json } = await api.admin('GET', '/v1/customers/big39999');
    expect(json.customer.traits).toEqual({ email: 'big39999@example.com', plan: 'pro', note: 'x'.repeat(30) });
  });

  it('says which column is missing and exits 1 when the API refuses the file', async () => {
    const file = join(dir, 'nokey.csv');
    writeFileSync(file, 'name\nAnn\n');
    const run = await cli([file, '--url', stack.url]);
    expect(run.stderr).toMatch(/The import was refused \(422\)/);
    expect(run.stderr).toMatch(/header: no column says who the customer is/);
    expect(run.code).toBe(1);
  });
});
