import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../engine/bin/tools.mjs';
import { freePort } from '../support/ports.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// `boomerang journeys pull|push|validate|diff|simulate` against the real stack (`boomerang start`:
// PGlite, Temporal dev server), run as a user runs it. The stack installs the starter journeys as
// drafts, so there is something to pull from the start.
const token = 'adm_test_admin_token';
let stack: StackProcess;
const work = mkdtempSync(join(tmpdir(), 'boomerang-jac-e2e-'));
const dir = join(work, 'journeys');
const starter = JSON.parse(readFileSync(join(repoRoot, 'templates/journeys/onboarding.json'), 'utf8')) as {
  nodes: { id: string; position: { x: number; y: number } }[];
};

// The CLI runs in a folder of its own (as in a git repository of journeys), so tsx is named by its path.
const tsx = pathToFileURL(join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;

beforeAll(async () => {
  stack = await startStack(await stackEnv());
  // A journey saved through the API, as the editor saves one (the server fills in node versions).
  const created = await fetch(`${stack.url}/v1/journeys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...starter, id: 'welcome-series', name: 'Welcome series' }),
  });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await stack?.stop();
});

/** Runs `boomerang journeys ...` against the test stack (the token from ADMIN_TOKEN, as in CI). */
function journeys(
  args: string[],
  env: Record<string, string> = { ADMIN_TOKEN: token, BOOMERANG_URL: stack.url },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', tsx, join(repoRoot, 'engine/src/cli/main.ts'), 'journeys', ...args],
      {
        cwd: work,
        env: { ...process.env, ADMIN_TOKEN: '', BOOMERANG_URL: '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const read = (file: string) => readFileSync(join(dir, file), 'utf8');

describe('boomerang journeys', () => {
  it('pull writes one stable JSON file per journey, positions kept; pulling twice writes the same bytes', async () => {
    const first = await journeys(['pull', '--dir', dir]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const files = readdirSync(dir).sort();
    expect(files).toContain('onboarding.json');
    expect(files).toContain('win-back.json');
    const text = read('onboarding.json');
    expect(text.endsWith('}\n')).toBe(true);
    // Sorted keys with a 2-space indent: the top level reads description, edges, id, name, nodes, settings.
    const topKeys = [...text.matchAll(/^ {2}"([a-zA-Z]+)":/gm)].map((m) => m[1]);
    expect(topKeys).toEqual(['description', 'edges', 'id', 'name', 'nodes', 'settings']);
    const pulled = JSON.parse(text) as typeof starter;
    for (const node of starter.nodes)
      expect(pulled.nodes.find((n) => n.id === node.id)?.position).toEqual(node.position);

    const before = files.map(read);
    expect((await journeys(['pull', '--dir', dir])).code).toBe(0);
    expect(readdirSync(dir).sort().map(read)).toEqual(before);
  });

  it('diff shows a moved node and a changed delay and exits 1; push saves them; pull gives the edited bytes', async () => {
    expect((await journeys(['diff', '--dir', dir, 'welcome-series'])).code).toBe(0);
    const edited = read('welcome-series.json')
      .replace('"x": 260', '"x": 300')
      .replace(/"amount": 2,/, '"amount": 5,');
    expect(edited).not.toBe(read('welcome-series.json'));
    writeFileSync(join(dir, 'welcome-series.json'), edited);

    const shown = await journeys(['diff', '--dir', dir, 'welcome-series']);
    expect(shown.code).toBe(1);
    expect(shown.stdout).toMatch(/^-\s+"x": 260,?$/m);
    expect(shown.stdout).toMatch(/^\+\s+"x": 300,?$/m);
    expect(shown.stdout).toMatch(/^-\s+"amount": 2,$/m);
    expect(shown.stdout).toMatch(/^\+\s+"amount": 5,$/m);
    expect(shown.stdout).toContain('1 of 1 journey(s) would change');

    const pushed = await journeys(['push', '--dir', dir, 'welcome-series']);
    expect(pushed.stderr).toBe('');
    expect(pushed.stdout).not.toContain('rewritten');
    expect(pushed.code).toBe(0);
    expect((await journeys(['diff', '--dir', dir, 'welcome-series'])).code).toBe(0);
    writeFileSync(join(dir, 'welcome-series.json'), 'overwritten\n');
    expect((await journeys(['pull', '--dir', dir, 'welcome-series'])).code).toBe(0);
    expect(read('welcome-series.json')).toBe(edited);
  });

  it('push creates a journey from a hand-written file and rewrites the file as stored, so pull gives its bytes', async () => {
    const handDir = join(work, 'hand');
    const file = join(handDir, 'tell-sales.json');
    mkdirSync(handDir);
    // Keys unsorted, on one line, no node versions: as someone might write it by hand.
    writeFileSync(
      file,
      JSON.stringify({
        name: 'Tell sales',
        id: 'tell-sales',
        nodes: [
          { id: 'upgraded', type: 'event-trigger', config: { event: 'Upgraded' }, position: { x: 10, y: 20 } },
          { id: 'done', type: 'exit', config: {}, position: { x: 300, y: 20 } },
        ],
        edges: [{ from: 'upgraded', to: 'done' }],
      }),
    );
    const shown = await journeys(['diff', '--dir', handDir]);
    expect(shown.code).toBe(1);
    expect(shown.stdout).toContain(`${file}: journey "tell-sales" is new`);

    const pushed = await journeys(['push', '--dir', handDir]);
    expect(pushed.stderr).toBe('');
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toContain(`${file}: rewritten as the server stores it`);
    const rewritten = readFileSync(file, 'utf8');
    expect(rewritten.split('\n').length).toBeGreaterThan(10);
    expect((JSON.parse(rewritten) as { nodes: { position: unknown }[] }).nodes[0]?.position).toEqual({ x: 10, y: 20 });

    const again = join(work, 'hand-again');
    expect((await journeys(['pull', '--dir', again, 'tell-sales'])).code).toBe(0);
    expect(readFileSync(join(again, 'tell-sales.json'), 'utf8')).toBe(rewritten);
    expect((await journeys(['diff', '--dir', handDir])).code).toBe(0);
  });

  it('a broken file fails validate (exit 1, naming file, node and path) and is not pushed while the others are', async () => {
    const broken = JSON.parse(read('onboarding.json')) as { nodes: { id: string; config: Record<string, unknown> }[] };
    const welcome = broken.nodes.find((n) => n.id === 'welcome');
    if (!welcome) throw new Error('the starter has a welcome node');
    welcome.config.template = 'no-such-template';
    const brokenDir = join(work, 'broken');
    const file = join(brokenDir, 'onboarding.json');
    await journeys(['pull', '--dir', brokenDir, 'win-back']);
    writeFileSync(file, JSON.stringify(broken));

    const checked = await journeys(['validate', file]);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toMatch(new RegExp(`^${file}: node welcome: nodes\\.1\\.config: .*no-such-template`, 'm'));

    const pushed = await journeys(['push', '--dir', brokenDir]);
    expect(pushed.code).toBe(1);
    expect(pushed.stderr).toContain(`${file}: not pushed`);
    expect(pushed.stdout).toContain(`${join(brokenDir, 'win-back.json')}: saved`);
    // What was pushed is what the server holds now; the broken file is not: onboarding is as pulled before.
    const after = join(work, 'after');
    expect((await journeys(['pull', '--dir', after, 'win-back', 'onboarding'])).code).toBe(0);
    expect(readFileSync(join(after, 'win-back.json'), 'utf8')).toBe(
      readFileSync(join(brokenDir, 'win-back.json'), 'utf8'),
    );
    expect(readFileSync(join(after, 'onboarding.json'), 'utf8')).toBe(read('onboarding.json'));
  });

  it('simulate --expect passes when the counts hold and names each failed expectation otherwise', async () => {
    // Nobody sends "Activated" in the simulation, so all 1000 customers get the welcome and, after the
    // wait times out, the tips email.
    const good = join(work, 'good.json');
    writeFileSync(good, JSON.stringify({ reached: { welcome: '>= 900', tips: 1000 }, emails: '== 2000' }));
    const passed = await journeys(['simulate', join(dir, 'onboarding.json'), '--customers', '1000', '--expect', good]);
    expect(passed.stderr).toBe('');
    expect(passed.stdout).toContain('All expectations met');
    expect(passed.code).toBe(0);

    const bad = join(work, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ reached: { tips: '< 10', welcome: '>= 1001', 'signed-up': '>= 1000' }, exited: { nowhere: 1 } }),
    );
    const failed = await journeys(['simulate', join(dir, 'onboarding.json'), '--expect', bad]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`${bad}: reached.tips: expected < 10, got 1000`);
    expect(failed.stderr).toContain(`${bad}: exited.nowhere: the journey has no node "nowhere"`);
    expect(failed.stderr).toContain(`${bad}: reached.welcome: expected >= 1001, got 1000`);
    expect(failed.stderr).not.toContain('reached.signed-up');
  });

  it('says so clearly when the server is unreachable or refuses the token', async () => {
    const down = await journeys(['pull', '--dir', dir], {
      ADMIN_TOKEN: token,
      BOOMERANG_URL: `http://127.0.0.1:${await freePort()}`,
    });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^Cannot reach Boomerang at http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/m);

    const refused = await journeys(['pull', '--dir', dir, '--url', stack.url, '--token', 'wrong']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Boomerang at ${stack.url} refused the admin token (401)`);
  });
});
