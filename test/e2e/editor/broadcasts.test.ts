import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../engine/bin/tools.mjs';
import { canvasOf, editorSession } from '../../support/canvas.ts';

// Broadcasts, the audience picker and the grouped navigation in Chromium, on the whole stack with its
// SMTP sink: a broadcast created from the form reaches "3 of 3" on its live progress bar and the sink
// holds the 3 emails; an audience deleted while the form is open comes back as the API's 422 beside
// the Audience field; one scheduled for 10:00 in each customer's zone keeps that local time; one that
// enrols the audience into a live journey enrols all 3; a journey step's audience is picked from a list with sizes.
const session = editorSession({ signedIn: true });

// Hand-made: three customers on the pro plan (the audience), one on the free plan (not in it).
const CUSTOMERS = { ana: 'pro', ben: 'pro', cai: 'pro', dee: 'free' };
const audience = (id: string, name: string, plan: string) => ({
  id,
  name,
  condition: { kind: 'all', of: [{ kind: 'trait', property: 'plan', op: 'equals', value: plan }] },
});

// Every page the side bar names, and the heading each page shows (read from the pages, not the bar).
const PAGES: Array<[link: string, heading: string, hash: string]> = [
  ['Journeys', 'Journeys', '#/journeys'],
  ['Templates', 'Email templates', '#/templates'],
  ['Audiences', 'Audiences', '#/audiences'],
  ['Customers', 'Customers', '#/customers'],
  ['Import', 'Import customers', '#/import'],
  ['Broadcasts', 'Broadcasts', '#/broadcasts'],
  ['Sends', 'Sends', '#/sends'],
  ['Outbox', 'Outbox', '#/outbox'],
  ['Deliverability', 'Deliverability', '#/deliverability'],
  ['Suppressions', 'Suppressions', '#/suppressions'],
  ['Subscription groups', 'Subscription groups', '#/subscription-groups'],
  ['Caps & quiet hours', 'Frequency caps and quiet hours', '#/deliverability/sending'],
  ['Retention', 'Retention', '#/'],
  ['Retention settings', 'What the events mean', '#/retention/settings'],
  ['Routing', 'Routing', '#/routing'],
];

/** Opens a fresh "new broadcast" form from the side bar (by way of another page, which closes one left open). */
async function openNewBroadcastForm() {
  const nav = session.page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Journeys', exact: true }).click();
  await session.page.getByRole('heading', { name: 'Journeys', level: 1 }).waitFor();
  await nav.getByRole('link', { name: 'Broadcasts', exact: true }).click();
  await session.page.getByRole('button', { name: 'New broadcast' }).click();
  return session.page.getByRole('form', { name: 'New broadcast' });
}

describe('broadcasts in the editor', () => {
  it('sends a broadcast to a 3-member audience from the form and shows its progress reach 3 of 3', async () => {
    const { page, api } = session;
    const batch = Object.entries(CUSTOMERS).map(([userId, plan]) => ({
      type: 'identify',
      userId,
      messageId: `${userId}-id`,
      traits: { email: `${userId}@example.com`, firstName: userId, plan },
    }));
    expect((await api.batch({ batch })).status).toBe(200);
    await api.settled(Object.keys(CUSTOMERS));
    expect((await api.admin('POST', '/v1/audiences', audience('pro-customers', 'Pro customers', 'pro'))).status).toBe(
      201,
    );
    expect(
      (await api.admin('POST', '/v1/audiences', audience('free-customers', 'Free customers', 'free'))).status,
    ).toBe(201);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Broadcasts' }).click();
    await page.getByRole('heading', { name: 'Broadcasts', level: 1 }).waitFor();
    await page.getByText('No broadcasts yet.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'New broadcast' }).click();
    const form = page.getByRole('form', { name: 'New broadcast' });
    await form.getByLabel('Name (optional)').fill('Spring news');
    const picker = form.getByLabel('Audience', { exact: true });
    await expect
      .poll(() => picker.locator('option').allTextContents(), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['Pro customers (3 members)', 'Free customers (1 member)']));
    await picker.selectOption({ label: 'Pro customers (3 members)' });
    await form.getByLabel('Template', { exact: true }).selectOption('welcome');
    await form.getByLabel('Subject (optional)').fill('Spring news');
    expect(await form.getByLabel('Start', { exact: true }).inputValue()).toBe('now');
    await form.getByRole('button', { name: 'Start broadcast' }).click();

    await page.getByRole('heading', { name: /Spring news/ }).waitFor();
    expect(page.url()).toContain('#/broadcasts/spring-news');
    const bar = page.getByRole('progressbar', { name: 'Progress' });
    await expect.poll(() => bar.getAttribute('aria-valuetext'), { timeout: 60_000 }).toBe('3 of 3 handled');
    expect([await bar.getAttribute('aria-valuenow'), await bar.getAttribute('aria-valuemax')]).toEqual(['3', '3']);
    await expect
      .poll(() => page.getByRole('heading', { name: /Spring news/ }).textContent(), { timeout: 30_000 })
      .toContain('completed');
    const sent = (await api.outbox()).filter((m) => m.subject === 'Spring news').flatMap((m) => m.to);
    expect(sent.sort()).toEqual(['ana@example.com', 'ben@example.com', 'cai@example.com']);
    const recipients = page.getByRole('table', { name: 'Recipients handled' });
    await expect
      .poll(() => recipients.locator('tbody tr td:first-child').allTextContents(), { timeout: 10_000 })
      .toEqual(['ana', 'ben', 'cai']);
    expect(await page.getByRole('button', { name: 'Pause' }).isDisabled()).toBe(true);
    await page.screenshot({ path: join(repoRoot, 'test/artifacts/broadcasts.png'), fullPage: true });

    await page.getByRole('link', { name: 'All broadcasts' }).click();
    const row = page.getByRole('table', { name: 'Broadcasts' }).getByRole('row', { name: /Spring news/ });
    await expect
      .poll(() => row.getByRole('cell').allTextContents(), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['Spring news', 'completed', 'pro-customers', '3 of 3 handled']));
  });

  it('shows the API’s 422 beside the Audience field when the chosen audience was deleted meanwhile', async () => {
    const { page, api } = session;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Broadcasts' }).click();
    await page.getByRole('button', { name: 'New broadcast' }).click();
    const form = page.getByRole('form', { name: 'New broadcast' });
    await form.getByLabel('Name (optional)').fill('Free plan news');
    const picker = form.getByLabel('Audience', { exact: true });
    await picker.locator('option[value="free-customers"]').waitFor({ state: 'attached', timeout: 10_000 });
    await picker.selectOption('free-customers');
    await form.getByLabel('Template', { exact: true }).selectOption('welcome');
    expect((await api.admin('DELETE', '/v1/audiences/free-customers')).status).toBeLessThan(300);
    await form.getByRole('button', { name: 'Start broadcast' }).click();
    const field = form.locator('.field-invalid');
    await expect
      .poll(() => field.textContent(), { timeout: 10_000 })
      .toContain('there is no audience "free-customers"');
    expect(await field.locator('label').textContent()).toBe('Audience');
    expect((await api.admin('GET', '/v1/broadcasts/free-plan-news')).status).toBe(404);
  });

  it("schedules a broadcast for 10:00 in each customer's time zone from the form, and says so on its page", async () => {
    const { page, api } = session;
    const date = `${new Date().getUTCFullYear() + 1}-03-01`; // far enough ahead that no zone reaches it during the test
    const form = await openNewBroadcastForm();
    await form.getByLabel('Name (optional)').fill('Launch at ten');
    const picker = form.getByLabel('Audience', { exact: true });
    await picker.locator('option[value="pro-customers"]').waitFor({ state: 'attached', timeout: 10_000 });
    await picker.selectOption({ label: 'Pro customers (3 members)' });
    await form.getByLabel('Template', { exact: true }).selectOption('welcome');
    await form.getByLabel('Start', { exact: true }).selectOption("at a local time in each customer's time zone");
    expect(await form.getByLabel('Start at (optional)').count()).toBe(0);
    await form.getByRole('button', { name: 'Add local time' }).click();
    await form.getByLabel('Date', { exact: true }).fill(date);
    await form.getByLabel('Time', { exact: true }).fill('10:00');
    await form.getByRole('button', { name: 'Start broadcast' }).click();

    await page.getByRole('heading', { name: /Launch at ten/ }).waitFor();
    expect(page.url()).toContain('#/broadcasts/launch-at-ten');
    const held = (await api.admin('GET', '/v1/broadcasts/launch-at-ten')).json;
    expect(held).toMatchObject({
      name: 'Launch at ten',
      audienceId: 'pro-customers',
      template: 'welcome',
      journeyId: null,
      localTime: { date, time: '10:00' },
      // It waits for the date either before planning its zones (scheduled) or, once it has planned them,
      // in each zone's wait for its own 10:00 (sending): which one depends only on how soon this reads it.
      state: expect.stringMatching(/^(scheduled|sending)$/),
      counts: expect.objectContaining({ sent: 0 }),
    });
    const detail = page.getByRole('article', { name: 'Broadcast Launch at ten' });
    expect(await detail.locator('.hint').first().textContent()).toContain(
      `The template welcome to the audience pro-customers, at 10:00 on ${date} in each customer's time zone`,
    );
    // Nothing is sent before the date: cancel it, and the page says so.
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => detail.locator('.state').textContent(), { timeout: 15_000 }).toBe('cancelled');
    expect((await api.admin('GET', '/v1/broadcasts/launch-at-ten')).json.counts.sent).toBe(0);
    await page.getByRole('link', { name: 'All broadcasts' }).click();
    const row = page.getByRole('table', { name: 'Broadcasts' }).getByRole('row', { name: /Launch at ten/ });
    await expect
      .poll(() => row.getByRole('cell').allTextContents(), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['Launch at ten', 'cancelled', `${date} 10:00, each customer's local time`]));
  });

  it('enrols an audience into a live journey from the form instead of sending a template', async () => {
    const { page, api } = session;
    expect((await api.admin('POST', '/v1/journeys/onboarding/publish', {})).status).toBe(200);
    const form = await openNewBroadcastForm();
    await form.getByLabel('Name (optional)').fill('Pro onboarding');
    const picker = form.getByLabel('Audience', { exact: true });
    await picker.locator('option[value="pro-customers"]').waitFor({ state: 'attached', timeout: 10_000 });
    await picker.selectOption('pro-customers');
    await form.getByLabel('Send', { exact: true }).selectOption('enrol into a journey');
    // A journey sends its own emails: the template and subject are not asked for.
    expect(await form.getByLabel('Template', { exact: true }).count()).toBe(0);
    expect(await form.getByLabel('Subject (optional)').count()).toBe(0);
    await form.getByLabel('Journey id', { exact: true }).fill('onboarding');
    await form.getByRole('button', { name: 'Start broadcast' }).click();

    await page.getByRole('heading', { name: /Pro onboarding/ }).waitFor();
    expect(page.url()).toContain('#/broadcasts/pro-onboarding');
    const bar = page.getByRole('progressbar', { name: 'Progress' });
    await expect.poll(() => bar.getAttribute('aria-valuetext'), { timeout: 60_000 }).toBe('3 of 3 handled');
    const held = (await api.admin('GET', '/v1/broadcasts/pro-onboarding')).json;
    expect(held).toMatchObject({
      audienceId: 'pro-customers',
      journeyId: 'onboarding',
      template: null,
      subject: null,
      localTime: null,
      counts: { enrolled: 3, sent: 0 },
    });
    const detail = page.getByRole('article', { name: 'Broadcast Pro onboarding' });
    expect(await detail.locator('.hint').first().textContent()).toMatch(
      /^Enrols the audience pro-customers into the journey onboarding, from /,
    );
    expect(await detail.getByRole('link', { name: 'onboarding' }).getAttribute('href')).toBe('#/journeys/onboarding');
    // Each member is now in the journey: its welcome email reaches them.
    await expect
      .poll(async () => (await api.outbox()).filter((m) => m.to.includes('cai@example.com')).length, {
        timeout: 60_000,
      })
      .toBeGreaterThanOrEqual(2);
  });

  it('picks a journey step’s audience from a list with sizes and saves its id in the step', async () => {
    const { page, api } = session;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Journeys' }).click();
    await page.getByLabel('Name').fill('Pro perks');
    await page.getByRole('button', { name: 'Create journey' }).click();
    await page.getByRole('navigation', { name: 'Palette' }).getByRole('button', { name: 'In audience?' }).click();
    await canvasOf(page).node('in-audience').click();
    const form = page.getByRole('form', { name: 'Settings of in-audience' });
    const picker = form.getByLabel('Audience', { exact: true });
    await expect
      .poll(() => picker.locator('option').allTextContents(), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['Choose an audience…', 'Pro customers (3 members)']));
    // The starter audience installed on first start is offered too; the deleted one is not.
    expect(await picker.locator('option').allTextContents()).not.toContain('Free customers (1 member)');
    await picker.selectOption({ label: 'Pro customers (3 members)' });
    await expect
      .poll(async () => (await api.admin('GET', '/v1/journeys/pro-perks')).json.draft.nodes, { timeout: 10_000 })
      .toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            id: 'in-audience',
            config: expect.objectContaining({ audienceId: 'pro-customers' }),
          }),
        ]),
      );
  });

  it('reaches every page from the grouped side bar, by mouse and by keyboard', async () => {
    const { page } = session;
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(
      await nav
        .getByRole('list')
        .evaluateAll((lists) =>
          lists.map(
            (l) =>
              l.getAttribute('aria-labelledby') &&
              document.getElementById(l.getAttribute('aria-labelledby') ?? '')?.textContent,
          ),
        ),
    ).toEqual(['Journeys', 'Customers', 'Sends', 'Deliverability', 'Insights', 'Operations']);
    expect(await nav.getByRole('link').count()).toBe(PAGES.length);
    for (const [link, heading, hash] of PAGES) {
      await nav.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { name: heading, level: 1, exact: true }).waitFor({ timeout: 15_000 });
      expect(new URL(page.url()).hash || '#/').toBe(hash);
      expect(await nav.getByRole('link', { name: link, exact: true }).getAttribute('aria-current')).toBe('page');
    }
    // Keyboard: Tab moves from one link to the next, Enter follows it.
    await nav.getByRole('link', { name: 'Journeys', exact: true }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Templates');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Email templates', level: 1 }).waitFor();
  });
});
