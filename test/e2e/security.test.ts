import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUnsubscribeToken, surveyLinks } from '../../engine/src/email/index.ts';
import { apiClient } from '../support/api.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// The closed holes on the real stack, started as a user does (no keys in the environment): secrets stay
// out of the output, the outbox pages need the admin token, survey links record only on Send, a survey
// link does not unsubscribe, and the HTTP server answers on loopback only unless HOST says otherwise.
let stack: StackProcess;
let keys: { writeKey: string; adminToken: string; linkSecret: string };
let api: ReturnType<typeof apiClient>;

/** A non-loopback IPv4 address of this machine, if it has one. */
const external = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && !a.internal && a.family === 'IPv4')?.address;

beforeAll(async () => {
  const { WRITE_KEY: _w, ADMIN_TOKEN: _a, ...env } = await stackEnv();
  stack = await startStack(env);
  keys = JSON.parse(readFileSync(join(env.DATA_DIR!, 'keys.json'), 'utf8')) as typeof keys;
  api = apiClient(stack.url, keys);
  expect((await api.identify({ userId: 'ada', traits: { email: 'ada@example.com' } })).status).toBe(200);
});
afterAll(async () => {
  await stack?.stop();
});

const tokenOf = (link: string) => link.split('/s/')[1]!;
const eventsOf = async (userId: string) =>
  (await api.admin('GET', `/v1/customers/${userId}`)).json.events as Array<{
    event?: string;
    properties?: Record<string, unknown>;
  }>;

describe('start-up output', () => {
  it('says where the keys are stored and prints none of them', () => {
    const output = stack.output();
    expect(output).toContain(`in ${join(stack.env.DATA_DIR!, 'keys.json')} ("writeKey")`);
    expect(output).toContain(`in ${join(stack.env.DATA_DIR!, 'keys.json')} ("adminToken")`);
    const webhookSecret = createHmac('sha256', keys.linkSecret).update('webhook-signing').digest('hex');
    for (const secret of [keys.writeKey, keys.adminToken, keys.linkSecret, webhookSecret])
      expect(output).not.toContain(secret);
  });
});

describe('the outbox pages', () => {
  const basic = (user: string) => ({ authorization: `Basic ${Buffer.from(`${user}:`).toString('base64')}` });

  it.each([['/outbox'], ['/outbox/1']])(
    '%s asks a browser for the admin token and refuses a wrong one',
    async (path) => {
      for (const headers of [{}, basic('adm_not_the_token')]) {
        const res = await fetch(`${stack.url}${path}`, { headers });
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="Boomerang"/);
        expect(await res.text()).toContain('admin token as the user name');
      }
    },
  );

  it('shows the outbox to the admin token given as the Basic-auth user name, as the browser sends it', async () => {
    const res = await fetch(`${stack.url}/outbox`, { headers: basic(keys.adminToken) });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('received by the embedded SMTP sink');
  });
});

describe('survey links', () => {
  it('record nothing when opened (a scanner), and the answer chosen on the page once Send is pressed', async () => {
    const token = tokenOf(surveyLinks(stack.url, keys.linkSecret, 'ada').nps);
    const opened = await fetch(`${stack.url}/s/${token}?score=9`);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toMatch(/value="9" required checked/);
    expect((await eventsOf('ada')).filter((e) => e.event === 'NPS Submitted')).toEqual([]);

    const send = () => fetch(`${stack.url}/s/${token}`, { method: 'POST', body: new URLSearchParams({ score: '7' }) });
    expect(await (await send()).text()).toContain('Thank you');
    expect((await send()).status).toBe(200);
    expect((await eventsOf('ada')).filter((e) => e.event === 'NPS Submitted').map((e) => e.properties)).toEqual([
      { survey: 'nps', score: 7 },
    ]);
  });

  it('do not unsubscribe, new or from before links had a purpose; an unsubscribe link does', async () => {
    const unsubscribe = (token: string) =>
      fetch(`${stack.url}/u/${token}`, {
        method: 'POST',
        body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }),
      });
    const payload = Buffer.from(JSON.stringify({ userId: 'ada', survey: 'nps' })).toString('base64url');
    const legacySurvey = `${payload}.${createHmac('sha256', keys.linkSecret).update(payload).digest('base64url')}`;
    expect((await unsubscribe(tokenOf(surveyLinks(stack.url, keys.linkSecret, 'ada').nps))).status).toBe(400);
    expect((await unsubscribe(legacySurvey)).status).toBe(400);
    expect((await eventsOf('ada')).map((e) => e.event)).not.toContain('Unsubscribed');
    expect((await unsubscribe(signUnsubscribeToken(keys.linkSecret, { userId: 'ada' }))).status).toBe(200);
    expect((await eventsOf('ada')).map((e) => e.event)).toContain('Unsubscribed');
  });
});

describe('HOST', () => {
  // This machine's non-loopback address is used to reach the server the way another machine would.
  it.runIf(external)(
    'by default (127.0.0.1) the server does not answer on another address of the machine',
    async () => {
      const port = stack.env.PORT!;
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      await expect(fetch(`http://${external}:${port}/healthz`)).rejects.toMatchObject({
        cause: { code: 'ECONNREFUSED' },
      });
    },
  );

  it.runIf(external)('with HOST=0.0.0.0 (containers) it answers there', async () => {
    const apiOnly = await startStack(
      await stackEnv({
        HOST: '0.0.0.0',
        BOOMERANG_ROLES: 'api',
        TEMPORAL_ADDRESS: `127.0.0.1:${stack.env.TEMPORAL_DEV_PORT!}`,
      }),
    );
    try {
      expect((await fetch(`http://${external}:${apiOnly.env.PORT!}/healthz`)).status).toBe(200);
    } finally {
      await apiOnly.stop();
    }
  });
});
