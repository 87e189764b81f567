import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../engine/bin/tools.mjs';
import { apiClient } from '../support/api.ts';
import { launchBrowser } from '../support/browser.ts';
import { eventually } from '../support/ports.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// Subscription groups through the whole stack (real Temporal dev server, real SMTP into the embedded
// sink, real PGlite): an email of the group "offers" carries a one-click List-Unsubscribe that leaves
// only "offers"; the next offer is skipped while product news still goes out. The preference page in
// Chromium speaks English, Dutch and Polish by the locale trait (the expected words are written here).
let stack: StackProcess;
let api: ReturnType<typeof apiClient>;
let browser: Browser;
const keys = { writeKey: 'wk_test_write_key', adminToken: 'adm_test_admin_token' };

const TEMPLATE = `<mjml><mj-head><mj-title>Hello</mj-title></mj-head><mj-body><mj-section><mj-column>
<mj-text>Hello {{ traits.firstName }}</mj-text>
<mj-text><a href="{{ preferences_url }}">Preferences</a> <a href="{{ unsubscribeUrl }}">Unsubscribe</a> <a href="{{ surveys.nps }}?score=9">Rate us</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`;

const journey = (id: string, event: string, subject: string, group: string) => ({
  id,
  name: id,
  settings: { reEntry: 'after-exit' },
  nodes: [
    { id: 't', type: 'event-trigger', config: { event } },
    { id: 'm', type: 'send-email', config: { template: 'e2e-group-mail', subject, group } },
  ],
  edges: [{ from: 't', to: 'm' }],
});

beforeAll(async () => {
  stack = await startStack(await stackEnv());
  api = apiClient(stack.url, keys);
  expect((await api.admin('PUT', '/v1/templates/e2e-group-mail', { source: TEMPLATE })).status).toBe(200);
  for (const group of [
    { id: 'offers', name: 'Offers', default: 'opt-out' },
    { id: 'product-news', name: 'Product news', default: 'opt-out' },
    { id: 'surveys', name: 'Surveys', default: 'opt-in' },
  ])
    expect((await api.admin('POST', '/v1/subscription-groups', group)).status).toBe(201);
  for (const j of [
    journey('offer-mail', 'Offer Due', 'An offer', 'offers'),
    journey('news-mail', 'News Due', 'Product news', 'product-news'),
    journey('receipt-mail', 'Order Placed', 'Your receipt', 'transactional'),
  ]) {
    expect((await api.admin('POST', '/v1/journeys', j)).status).toBe(201);
    expect((await api.admin('POST', `/v1/journeys/${j.id}/publish`, {})).status).toBe(200);
  }
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  // The embedded stack stores saved templates in the repository's templates/emails.
  rmSync(join(repoRoot, 'templates', 'emails', 'e2e-group-mail.mjml'), { force: true });
});

/** The mail in the sink to `to` with this subject, once there are `count` of them. */
const mailTo = (to: string, subject: string, count = 1) =>
  eventually(async () => {
    const mail = (await api.outbox(to)).filter((m) => m.subject === subject);
    return mail.length >= count ? mail : undefined;
  }, `${count} "${subject}" email(s) to ${to}`);

const onStack = (link: string) => link.replace(/^http:\/\/localhost:\d+/, stack.url);
const groupsOf = async (userId: string) =>
  (await api.admin('GET', `/v1/customers/${userId}/subscription-groups`)).json as {
    unsubscribedFromAll: boolean;
    groups: Array<{ group: string; subscribed: boolean; source: string }>;
  };
const states = async (userId: string) =>
  Object.fromEntries(
    (await groupsOf(userId)).groups.map((g) => [g.group, `${g.subscribed ? 'in' : 'out'}:${g.source}`]),
  );
const groupEvents = async (userId: string) =>
  (
    (await api.admin('GET', `/v1/customers/${userId}`)).json.events as Array<{
      event?: string;
      properties: Record<string, unknown>;
    }>
  )
    .filter((e) => e.event?.startsWith('Subscription Group'))
    .map((e) => `${e.event} ${String(e.properties['group'])} ${String(e.properties['source'])}`)
    .sort();

describe('one-click unsubscribe of an email in a group', () => {
  it('leaves only that group: the next offer is skipped, product news still goes out', async () => {
    await api.identify({ userId: 'ann', traits: { email: 'ann@example.com', firstName: 'Ann' } });
    await api.track({ userId: 'ann', event: 'Offer Due', messageId: 'ann-offer-1' });
    const [offer] = await mailTo('ann@example.com', 'An offer');
    expect(offer!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const link = onStack(offer!.headers['list-unsubscribe']!.slice(1, -1));
    const posted = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain('You will get no more “Offers” emails.');

    expect(await states('ann')).toEqual({
      offers: 'out:one-click',
      'product-news': 'in:default',
      surveys: 'out:default',
    });
    expect((await groupsOf('ann')).unsubscribedFromAll).toBe(false);
    expect(await groupEvents('ann')).toEqual(['Subscription Group Left offers one-click']);

    await api.settled(['ann']);
    await api.track({ userId: 'ann', event: 'Offer Due', messageId: 'ann-offer-2' });
    await api.track({ userId: 'ann', event: 'News Due', messageId: 'ann-news-1' });
    await mailTo('ann@example.com', 'Product news');
    const skipped = await eventually(async () => {
      const sends = (await api.admin('GET', '/v1/sends?status=skipped-unsubscribed-group')).json.sends as Array<{
        userId: string;
        journeyId: string;
      }>;
      return sends.find((s) => s.userId === 'ann');
    }, "Ann's second offer skipped");
    expect(skipped).toMatchObject({ journeyId: 'offer-mail' });
    await api.settled(['ann']);
    expect((await api.outbox('ann@example.com')).map((m) => m.subject).sort()).toEqual(['An offer', 'Product news']);
  });

  it('sets groups by identify traits and by the import, recorded with their source', async () => {
    await api.identify({
      userId: 'ivo',
      traits: { email: 'ivo@example.com', subscriptions: { offers: false, surveys: true } },
    });
    const csv = 'userId,email,News\numa,uma@example.com,false\n';
    const imported = await fetch(
      `${stack.url}/v1/customers/import?map.userId=userId&map.email=email&map.News=subscriptions.product-news:boolean`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${keys.adminToken}`, 'content-type': 'text/csv' },
        body: csv,
      },
    );
    expect(imported.status).toBe(200);
    expect(await states('ivo')).toEqual({
      offers: 'out:identify',
      'product-news': 'in:default',
      surveys: 'in:identify',
    });
    expect(await states('uma')).toEqual({ offers: 'in:default', 'product-news': 'out:import', surveys: 'out:default' });
    expect(await groupEvents('ivo')).toEqual([
      'Subscription Group Joined surveys identify',
      'Subscription Group Left offers identify',
    ]);
    expect(await groupEvents('uma')).toEqual(['Subscription Group Left product-news import']);
  });
});

describe('transactional mail and bad input', () => {
  it('sends transactional mail without an unsubscribe link even to a customer who left everything', async () => {
    await api.identify({ userId: 'tess', traits: { email: 'tess@example.com', firstName: 'Tess' } });
    await api.track({ userId: 'tess', event: 'News Due', messageId: 'tess-news-1' });
    const [news] = await mailTo('tess@example.com', 'Product news');
    const preferences = onStack(/http:\/\/localhost:\d+\/p\/[^\s\]?]+/.exec(news!.text)![0]);
    const left = await fetch(preferences, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=leave-all',
    });
    expect(left.status).toBe(200);
    expect((await groupsOf('tess')).unsubscribedFromAll).toBe(true);
    await api.settled(['tess']);
    await api.track({ userId: 'tess', event: 'Order Placed', messageId: 'tess-order-1' });
    await api.track({ userId: 'tess', event: 'News Due', messageId: 'tess-news-2' });
    const [receipt] = await mailTo('tess@example.com', 'Your receipt');
    expect(receipt!.headers['list-unsubscribe']).toBeUndefined();
    expect(receipt!.text).not.toMatch(/\/u\//);
    await eventually(async () => {
      const sends = (await api.admin('GET', '/v1/sends?status=skipped-unsubscribed')).json.sends as Array<{
        userId: string;
      }>;
      return sends.find((s) => s.userId === 'tess');
    }, "Tess's second news skipped as unsubscribed");
  });

  it('refuses a bad group id, a taken id and an unknown group, saying where', async () => {
    const bad = await api.admin('POST', '/v1/subscription-groups', { id: 'Big Offers', name: 'x', default: 'opt-in' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.problems.map((p: { path: string }) => p.path)).toContain('id');
    const taken = await api.admin('POST', '/v1/subscription-groups', { id: 'offers', name: 'x', default: 'opt-in' });
    expect(taken.status).toBe(409);
    const unknown = await api.admin('PUT', '/v1/customers/ann/subscription-groups', { offerz: true });
    expect(unknown.status).toBe(422);
    expect(unknown.json.error.problems).toEqual([{ path: 'body.offerz', message: 'no such subscription group' }]);
    const set = await api.admin('PUT', '/v1/customers/ann/subscription-groups', { offers: true });
    expect(set.status).toBe(200);
    expect(await states('ann')).toMatchObject({ offers: 'in:api' });
  });
});

describe('the preference page in Chromium, in three languages', () => {
  const languages = [
    {
      userId: 'emma',
      locale: 'en-US',
      heading: 'Your email preferences',
      save: 'Save',
      saved: 'Your choices are saved.',
      leaveAll: 'Unsubscribe from all emails',
      leftAll: 'You are unsubscribed from all emails.',
      unsubscribe: 'Stop receiving “Product news” emails?',
      survey: 'Your answer',
    },
    {
      userId: 'daan',
      locale: 'nl-NL',
      heading: 'Uw e-mailvoorkeuren',
      save: 'Opslaan',
      saved: 'Uw keuzes zijn opgeslagen.',
      leaveAll: 'Afmelden voor alle e-mails',
      leftAll: 'U bent afgemeld voor alle e-mails.',
      unsubscribe: 'Wilt u geen e-mails over “Product news” meer ontvangen?',
      survey: 'Uw antwoord',
    },
    {
      userId: 'zofia',
      locale: 'pl-PL',
      heading: 'Twoje ustawienia wiadomości e-mail',
      save: 'Zapisz',
      saved: 'Twoje wybory zostały zapisane.',
      leaveAll: 'Wypisz mnie ze wszystkich wiadomości',
      leftAll: 'Wypisano Cię ze wszystkich wiadomości.',
      unsubscribe: 'Nie chcesz już otrzymywać wiadomości „Product news”?',
      survey: 'Twoja odpowiedź',
    },
  ];

  it.each(languages)('$locale: turns a group off and on, then leaves everything', async (l) => {
    const address = `${l.userId}@example.com`;
    await api.identify({ userId: l.userId, traits: { email: address, firstName: l.userId, locale: l.locale } });
    await api.track({ userId: l.userId, event: 'News Due', messageId: `${l.userId}-news` });
    const [mail] = await mailTo(address, 'Product news');
    const linkIn = (path: string) =>
      onStack(new RegExp(`http://localhost:\\d+/${path}/[^\\s\\]?]+`).exec(mail!.text)![0]);
    const page = await browser.newPage();
    try {
      await page.goto(linkIn('u'));
      expect(await page.locator('p').first().textContent()).toBe(l.unsubscribe);
      await page.goto(`${linkIn('s')}?score=9`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(l.survey);

      await page.goto(linkIn('p'));
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(l.heading);
      expect(await page.locator('html').getAttribute('lang')).toBe(l.locale.slice(0, 2));
      expect(await page.getByLabel('Offers').isChecked()).toBe(true);
      expect(await page.getByLabel('Surveys').isChecked()).toBe(false);
      await page.getByLabel('Offers').uncheck();
      await page.getByLabel('Surveys').check();
      await page.getByRole('button', { name: l.save }).click();
      await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toBe(l.saved);
      expect(await page.getByLabel('Offers').isChecked()).toBe(false);
      // Saving the page is the customer's choice for every group shown, the ones left as they were too.
      expect(await states(l.userId)).toEqual({ offers: 'out:page', 'product-news': 'in:page', surveys: 'in:page' });

      await page.getByRole('button', { name: l.leaveAll }).click();
      await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toBe(l.leftAll);
      const after = await groupsOf(l.userId);
      expect(after.unsubscribedFromAll).toBe(true);
      expect(after.groups.map((g) => g.subscribed)).toEqual([false, false, false]);
      expect(await groupEvents(l.userId)).toEqual([
        'Subscription Group Joined surveys page',
        'Subscription Group Left offers page',
        'Subscription Group Left product-news page',
        'Subscription Group Left surveys page',
      ]);
    } finally {
      await page.close();
    }
  });
});
