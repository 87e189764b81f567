import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { eventually } from '../support/ports.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// Wait for "clicked a link in this email", through the whole stack (real Temporal dev server, the
// embedded SMTP sink over TCP, PGlite, the router): the welcome email goes out, its tracked link is
// followed through the real /t/c redirect, the `Email Link Clicked` event is routed to the waiting
// workflow, and the journey takes the "received" (clicked) branch: the tips email. A link scanner's
// click (flagged machine) does not end the wait: that customer gets the timeout branch's email.
const keys = { writeKey: 'wk_test_write_key', adminToken: 'adm_test_admin_token' };
const SHOP = 'https://shop.example/start?ref=mail';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SCANNER = 'Mozilla/5.0 (compatible; Barracuda Sentinel)';
const WAIT_SECONDS = 15;

const clickJourney = {
  id: 'click-follow-up',
  name: 'Click follow-up',
  settings: {},
  nodes: [
    { id: 'start', type: 'event-trigger', config: { event: 'Trial Started' } },
    { id: 'welcome', type: 'send-email', config: { template: 'welcome' } },
    {
      id: 'clicked',
      type: 'wait-for-event',
      config: {
        event: 'Email Link Clicked',
        clickedEmailStep: 'welcome',
        timeout: { amount: WAIT_SECONDS, unit: 'seconds' },
      },
    },
    { id: 'tips', type: 'send-email', config: { template: 'tips' } },
    { id: 'reminder', type: 'send-email', config: { template: 'lapsed-reminder' } },
  ],
  edges: [
    { from: 'start', to: 'welcome' },
    { from: 'welcome', to: 'clicked' },
    { from: 'clicked', to: 'tips', branch: 'received' },
    { from: 'clicked', to: 'reminder', branch: 'timeout' },
  ],
};

type Api = ReturnType<typeof apiClient>;
type Mail = { subject: string; html: string };

const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));

describe('wait for a click in an earlier email', () => {
  let stack: StackProcess;
  let api: Api;
  const mailTo = (userId: string): Promise<Mail[]> => api.outbox(`${userId}@example.com`);
  /** The welcome email's tracked link, reached on 127.0.0.1 (it points at PUBLIC_URL). */
  async function trackedLinkOf(userId: string): Promise<string> {
    await api.identify({ userId, traits: { email: `${userId}@example.com`, firstName: userId, appUrl: SHOP } });
    await api.track({ userId, event: 'Trial Started', messageId: `${userId}-trial` });
    const [welcome] = await eventually(
      async () => ((await mailTo(userId)).length ? mailTo(userId) : undefined),
      `${userId}'s welcome email`,
    );
    const link = hrefs(welcome!.html).find((h) => h.includes('/t/c/'));
    expect(link).toBeDefined();
    return `${stack.url}${new URL(link!).pathname}`;
  }
  const follow = (url: string, userAgent: string, method = 'GET') =>
    fetch(url, { method, redirect: 'manual', headers: { 'user-agent': userAgent } });

  beforeAll(async () => {
    // The too-soon-after-send rule is covered by the unit tests; here a click right after delivery is a person's.
    stack = await startStack(await stackEnv({ TRACKING_SCANNER_SECONDS: '0' }));
    api = apiClient(stack.url, keys);
    expect((await api.admin('POST', '/v1/journeys', clickJourney)).status).toBe(201);
    expect((await api.admin('POST', '/v1/journeys/click-follow-up/publish', {})).status).toBe(200);
  });
  afterAll(async () => {
    await stack?.stop();
    if (stack?.env.DATA_DIR) rmSync(stack.env.DATA_DIR, { recursive: true, force: true });
  });

  it('takes the clicked branch when the customer follows a link of the email', async () => {
    const link = await trackedLinkOf('pia');
    const click = await follow(link, BROWSER);
    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toBe(SHOP);
    const mails = await eventually(
      async () => ((await mailTo('pia')).length >= 2 ? mailTo('pia') : undefined),
      "pia's follow-up email",
      WAIT_SECONDS * 1000 * 3,
    );
    const subjects = mails.map((m) => m.subject);
    expect(subjects.some((s) => s.startsWith('3 tips'))).toBe(true);
    expect(subjects).not.toContain('Your 15% off ends soon');
  });

  it("does not take it for a link scanner's click: the wait times out", async () => {
    const link = await trackedLinkOf('sol');
    expect((await follow(link, SCANNER)).headers.get('location')).toBe(SHOP);
    expect((await follow(link, BROWSER, 'HEAD')).status).toBe(302);
    // The timeout branch's email is the observable end of the wait; it comes after WAIT_SECONDS.
    const mails = await eventually(
      async () => ((await mailTo('sol')).length >= 2 ? mailTo('sol') : undefined),
      "sol's email after the wait",
      WAIT_SECONDS * 1000 * 4,
    );
    const subjects = mails.map((m) => m.subject);
    expect(subjects).toContain('Your 15% off ends soon');
    expect(subjects.some((s) => s.startsWith('3 tips'))).toBe(false);
  });
});
