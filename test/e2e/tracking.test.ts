import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { eventually } from '../support/ports.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// The whole stack (real Temporal dev server, the embedded SMTP sink over TCP, PGlite): the welcome
// email's links are tracked; following one redirects to the URL that was in the template and records
// `Email Link Clicked`; an altered token gets a 400 page and nothing else; the pixel records `Email
// Opened`; a link scanner's click and a privacy proxy's open are flagged machine and kept out of the
// email stats; with TRACKING=off (a second stack) the links stay as the template wrote them.
const keys = { writeKey: 'wk_test_write_key', adminToken: 'adm_test_admin_token' };
const SHOP = 'https://shop.example/start?ref=mail&step=1';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

type Api = ReturnType<typeof apiClient>;
type Mail = { html: string };

/** Signs a customer up for onboarding and waits for the welcome email in the sink. */
async function welcomed(api: Api, userId: string): Promise<Mail> {
  await api.identify({ userId, traits: { email: `${userId}@example.com`, firstName: userId, appUrl: SHOP } });
  await api.track({ userId, event: 'Signed Up', messageId: `${userId}-signup` });
  const [mail] = await eventually(async () => {
    const m: Mail[] = await api.outbox(`${userId}@example.com`);
    return m.length ? m : undefined;
  }, `${userId}'s welcome email`);
  return mail!;
}

const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));
const pixelOf = (html: string) => /<img src="([^"]+\/t\/o\/[^"]+)"/.exec(html)?.[1];

const eventsOf = async (api: Api, userId: string, name: string) =>
  (
    (await api.admin('GET', `/v1/customers/${userId}`)).json.events as Array<{
      event?: string;
      properties: Record<string, unknown>;
    }>
  ).filter((e) => e.event === name);

describe('tracking on', () => {
  let stack: StackProcess;
  let api: Api;
  // The tracked links point at PUBLIC_URL (localhost:PORT); the test reaches the same server on 127.0.0.1.
  const local = (url: string) => `${stack.url}${new URL(url).pathname}`;
  const get = (url: string, init: RequestInit = {}) =>
    fetch(local(url), { redirect: 'manual', ...init, headers: { 'user-agent': BROWSER, ...init.headers } });

  beforeAll(async () => {
    // The too-soon-after-send rule is covered by the unit tests; here a click right after delivery is a person's.
    stack = await startStack(await stackEnv({ TRACKING_SCANNER_SECONDS: '0' }));
    api = apiClient(stack.url, keys);
    expect((await api.admin('POST', '/v1/journeys/onboarding/publish', {})).status).toBe(200);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('redirects a tracked link to the URL in the email and records Email Link Clicked; the pixel records Email Opened', async () => {
    const mail = await welcomed(api, 'tess');
    const links = hrefs(mail.html);
    expect(links).not.toContain(SHOP);
    const tracked = links.filter((h) => h.includes('/t/c/'));
    expect(tracked).toHaveLength(1);
    // The unsubscribe link stays as it was.
    expect(links.some((h) => /\/u\/[^/]+$/.test(h))).toBe(true);

    const click = await get(tracked[0]!);
    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toBe(SHOP);
    const [clicked] = await eventsOf(api, 'tess', 'Email Link Clicked');
    expect(clicked?.properties).toMatchObject({
      template: 'welcome',
      journey: 'onboarding',
      step: 'welcome',
      url: SHOP,
      index: 0,
      machine: false,
      messageId: expect.stringMatching(/^<[0-9a-f]{32}@boomerang>$/),
    });

    const pixel = pixelOf(mail.html);
    expect(pixel).toBeDefined();
    const open = await get(pixel!);
    expect(open.status).toBe(200);
    expect(open.headers.get('content-type')).toBe('image/gif');
    expect(
      Buffer.from(await open.arrayBuffer())
        .subarray(0, 6)
        .toString(),
    ).toBe('GIF89a');
    const [opened] = await eventsOf(api, 'tess', 'Email Opened');
    expect(opened?.properties).toMatchObject({
      template: 'welcome',
      journey: 'onboarding',
      step: 'welcome',
      machine: false,
    });
  });

  it('answers an altered token with a 400 page: no redirect, nothing recorded', async () => {
    const mail = await welcomed(api, 'otto');
    const tracked = hrefs(mail.html).find((h) => h.includes('/t/c/'))!;
    const [kid, payload, signature] = tracked.slice(tracked.indexOf('/t/c/') + 5).split('.');
    const claim = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    claim.claim.u = 'https://evil.example/phish';
    const altered = `${stack.url}/t/c/${kid}.${Buffer.from(JSON.stringify(claim)).toString('base64url')}.${signature}`;
    for (const url of [altered, `${stack.url}/t/c/not-a-token`, `${stack.url}/t/o/${kid}.${payload}.${signature}`]) {
      const res = await fetch(url, { redirect: 'manual', headers: { 'user-agent': BROWSER } });
      expect(res.status, url).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('This link is not valid');
    }
    // The events are written before the answer, so an empty list now is final.
    expect(await eventsOf(api, 'otto', 'Email Link Clicked')).toEqual([]);
    expect(await eventsOf(api, 'otto', 'Email Opened')).toEqual([]);
  });

  it("flags a link scanner's click and a privacy proxy's open as machine and leaves them out of the email stats", async () => {
    const mail = await welcomed(api, 'sam');
    const tracked = hrefs(mail.html).find((h) => h.includes('/t/c/'))!;
    const head = await get(tracked, { method: 'HEAD' });
    expect(head.status).toBe(302);
    const scanner = await get(tracked, { headers: { 'user-agent': 'Mozilla/5.0 (compatible; Barracuda Sentinel)' } });
    expect(scanner.headers.get('location')).toBe(SHOP);
    expect((await get(pixelOf(mail.html)!, { headers: { 'user-agent': 'Mozilla/5.0' } })).status).toBe(200);
    const clicks = await eventsOf(api, 'sam', 'Email Link Clicked');
    expect(clicks.map((c) => [c.properties.machine, c.properties.machineReason])).toEqual(
      expect.arrayContaining([
        [true, 'head-request'],
        [true, 'scanner-user-agent'],
      ]),
    );
    expect((await eventsOf(api, 'sam', 'Email Opened')).map((o) => o.properties.machineReason)).toEqual([
      'apple-privacy-proxy',
    ]);

    // Three welcome emails went out (tess, otto, sam); only Tess opened and clicked as a person.
    const stats = await api.admin('GET', '/v1/journeys/onboarding/email-stats');
    expect(stats.status).toBe(200);
    expect(stats.json.steps).toEqual([
      {
        stepId: 'welcome',
        template: 'welcome',
        sent: 3,
        delivered: 3,
        bounced: 0,
        opened: 1,
        clicked: 1,
        unsubscribed: 0,
        complained: 0,
        openRate: 1 / 3,
        clickRate: 1 / 3,
      },
    ]);
    const canvas = await api.admin('GET', '/v1/journeys/onboarding/stats');
    expect(canvas.json.nodes.welcome.email).toEqual({
      sent: 3,
      delivered: 3,
      bounced: 0,
      opened: 1,
      clicked: 1,
      unsubscribed: 0,
      complained: 0,
    });
  });

  it('answers 404 for the email stats of a journey that does not exist', async () => {
    const res = await api.admin('GET', '/v1/journeys/nope/email-stats');
    expect(res.status).toBe(404);
    expect(res.json.error.message).toContain('nope');
  });
});

describe('tracking off (TRACKING=off)', () => {
  let stack: StackProcess;
  let api: Api;
  beforeAll(async () => {
    stack = await startStack(await stackEnv({ TRACKING: 'off' }));
    api = apiClient(stack.url, keys);
    expect((await api.admin('POST', '/v1/journeys/onboarding/publish', {})).status).toBe(200);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('leaves the links as the template wrote them and adds no pixel', async () => {
    const mail = await welcomed(api, 'olga');
    expect(hrefs(mail.html)).toContain(SHOP);
    expect(mail.html).not.toContain('/t/c/');
    expect(pixelOf(mail.html)).toBeUndefined();
  });
});
