import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { eventually } from '../support/ports.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// The nps-feedback starter on the real stack, its 7-day pause shortened to a second: the survey email's
// score links open the survey page with that score selected; its Send button records "NPS Submitted",
// and the answer picks the follow-up.
const keys = { writeKey: 'wk_test_write_key', adminToken: 'adm_test_admin_token' };
let stack: StackProcess;
let api: ReturnType<typeof apiClient>;
let receiver: Receiver;

interface Node {
  id: string;
  type: string;
  config: Record<string, unknown>;
}

beforeAll(async () => {
  receiver = await startReceiver();
  stack = await startStack(await stackEnv({ WEBHOOK_ALLOW: '127.0.0.1' }));
  api = apiClient(stack.url, keys);
  const draft = (await api.admin('GET', '/v1/journeys/nps-feedback')).json.draft as { nodes: Node[] };
  const nodes = draft.nodes.map((n) => {
    if (n.id === 'wait-7-days') return { ...n, config: { mode: 'duration', amount: 1, unit: 'seconds' } };
    if (n.id === 'alert-team') return { ...n, config: { ...n.config, url: `${receiver.url}/alerts` } };
    return n;
  });
  expect((await api.admin('PUT', '/v1/journeys/nps-feedback', { ...draft, nodes })).status).toBe(200);
  const published = await api.admin('POST', '/v1/journeys/nps-feedback/publish', {});
  expect(published.status, JSON.stringify(published.json)).toBe(200);
});
afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

/** The survey email's link for `score`, pointed at the test stack. */
async function scoreLink(email: string, score: number): Promise<string> {
  const survey = await eventually(
    async () => (await api.outbox(email)).find((m) => m.html.includes('?score=')),
    `the survey email to ${email}`,
  );
  const match = new RegExp(`href="(http://localhost:\\d+/s/[^"?]+\\?score=${score})"`).exec(survey.html);
  expect(match, 'a link for the score').not.toBeNull();
  return match![1]!.replace(/^http:\/\/localhost:\d+/, stack.url);
}

/** Opens the email's link as the browser does: the survey page, with the clicked score selected and one Send button. */
async function openSurvey(link: string, score: number): Promise<URL> {
  const page = await fetch(link);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toMatch(new RegExp(`value="${score}" required checked`));
  expect(html.match(/<button type="submit">Send<\/button>/g)).toHaveLength(1);
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  expect(action, 'the form posts back to the link').toBeDefined();
  return new URL(action!, link);
}

/** Presses Send on the survey page with `score` chosen. */
const send = (form: URL, score: number) =>
  fetch(form, { method: 'POST', body: new URLSearchParams({ score: String(score) }) });

const subjects = async (email: string) => (await api.outbox(email)).map((m) => m.subject);

describe('the NPS feedback starter end to end', () => {
  it('records a score of 9 from the link and sends the promoter the referral ask', async () => {
    await api.identify({ userId: 'ada', traits: { email: 'ada@example.com', firstName: 'Ada' } });
    await api.track({ userId: 'ada', event: 'Order Completed', properties: { total: 80 } });
    const link = await scoreLink('ada@example.com', 9);
    await eventually(async () => {
      const c = await api.admin('GET', '/v1/customers/ada');
      return c.json.journeys?.[0]?.stepId === 'wait-for-score' ? true : undefined;
    }, 'Ada waiting for her score');

    // A link scanner or the mail program's prefetcher opens the link: nothing is recorded.
    const form = await openSurvey(link, 9);
    const scanned = await api.admin('GET', '/v1/customers/ada');
    expect(scanned.json.events.map((e: { event?: string }) => e.event)).not.toContain('NPS Submitted');

    const answer = await send(form, 9);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('Thank you');

    const customer = await api.admin('GET', '/v1/customers/ada');
    expect(customer.json.events.find((e: { event?: string }) => e.event === 'NPS Submitted')).toMatchObject({
      properties: { survey: 'nps', score: 9 },
    });
    const all = await eventually(async () => {
      const s = await subjects('ada@example.com');
      return s.length === 2 ? s : undefined;
    }, 'the referral email');
    expect(all).toContain('Thank you! Share the love, get a reward');
    expect(receiver.received).toHaveLength(0);
  });

  it('sends a detractor the apology and alerts the team by webhook', async () => {
    await api.identify({ userId: 'bob', traits: { email: 'bob@example.com', firstName: 'Bob' } });
    await api.track({ userId: 'bob', event: 'Order Completed' });
    const link = await scoreLink('bob@example.com', 3);
    await eventually(async () => {
      const c = await api.admin('GET', '/v1/customers/bob');
      return c.json.journeys?.[0]?.stepId === 'wait-for-score' ? true : undefined;
    }, 'Bob waiting for his score');
    expect((await send(await openSurvey(link, 3), 3)).status).toBe(200);
    const [alert] = await eventually(
      async () => (receiver.received.length ? receiver.received : undefined),
      'the detractor alert',
    );
    expect(JSON.parse(alert!.body)).toMatchObject({ userId: 'bob', data: { alert: 'NPS detractor' } });
    expect(await subjects('bob@example.com')).toContain('We are sorry, and we want to fix it');
  });

  it('refuses a link whose token was tampered with, and an answer the survey does not offer', async () => {
    const link = await scoreLink('ada@example.com', 9);
    expect((await fetch(link.replace('/s/', '/s/x'))).status).toBe(400);
    expect((await fetch(link.replace('score=9', 'score=11'))).status).toBe(400);
    expect((await send(new URL(link.replace(/\?.*$/, '')), 11)).status).toBe(400);
  });
});
