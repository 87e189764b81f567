import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../engine/bin/tools.mjs';
import { canvasOf, editorSession } from '../../support/canvas.ts';

// A marketer's session in real Chromium against the whole stack as `npm start` runs it.
// The steps build on each other, in order, on one session.page.
const session = editorSession();
const keys = session.keys;

const canvas = () => canvasOf(session.page);
const node = (id: string) => canvas().node(id);
const problemsHeading = () => canvas().problemsHeading();
const publish = () => canvas().publish();
const connect = (from: Locator, to: Locator) => canvas().connect(from, to);

describe('the journey editor in Chromium', () => {
  it('refuses a wrong token and signs in with the admin token', async () => {
    await session.page.goto(session.stack.url);
    const token = session.page.getByLabel('Admin token');
    await token.fill('wrong');
    await session.page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => session.page.getByRole('alert').textContent()).toContain('Wrong admin token');
    await token.fill(keys.adminToken);
    await session.page.getByRole('button', { name: 'Sign in' }).click();
    // Signed in, the editor opens on its home, the retention dashboard; the journeys are one click away.
    await session.page.getByRole('heading', { name: 'Retention' }).waitFor();
    await session.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Journeys' }).click();
    await session.page.getByRole('heading', { name: 'Journeys' }).waitFor();
    await session.page.getByRole('link', { name: 'Onboarding' }).waitFor();
  });

  it('creates a journey from the onboarding starter and shows its steps without problems', async () => {
    await session.page.getByLabel('Name').fill('Welcome series');
    await session.page.getByLabel('Start from').selectOption({ label: 'Onboarding starter' });
    await session.page.getByRole('button', { name: 'Create journey' }).click();
    await node('wait-activated').waitFor();
    await expect.poll(() => node('wait-activated').textContent()).toContain('Wait up to 2 days for Activated');
    await expect.poll(() => problemsHeading().textContent()).toBe('No problems');
    expect(await publish().isEnabled()).toBe(true);
    expect(session.page.url()).toContain('#/journeys/welcome-series');
  });

  it('adds a delay from the palette: the violation marks that node and disables Publish', async () => {
    await session.page.getByRole('navigation', { name: 'Palette' }).getByRole('button', { name: 'Delay' }).click();
    await node('delay').waitFor();
    await expect.poll(() => node('delay').locator('.step').getAttribute('data-problems')).not.toBe('0');
    expect(await node('welcome').locator('.step').getAttribute('data-problems')).toBe('0');
    expect(await node('delay').locator('.step').getAttribute('title')).toContain('how long to wait is missing');
    expect(await publish().isDisabled()).toBe(true);
    const problems = await session.page.getByRole('region', { name: 'Problems' }).textContent();
    expect(problems).toContain('delay');
  });

  it('fills the generated form: the inline error goes away and the summary follows', async () => {
    const form = session.page.getByRole('form', { name: 'Settings of delay' });
    await expect.poll(() => form.textContent()).toContain('how long to wait is missing');
    await form.getByLabel('Amount').fill('3');
    await form.getByLabel('Unit').selectOption('days');
    await expect.poll(() => node('delay').textContent()).toContain('Wait 3 days');
    expect(await form.textContent()).not.toContain('how long to wait is missing');
  });

  it('connects the delay between "tips" and "done": no problems left, Publish enabled', async () => {
    await session.page.getByRole('button', { name: 'Auto layout' }).click();
    // The layout animates into place; connect() waits for both handles to come to rest before dragging.
    await connect(session.page.getByLabel('tips: next way out'), session.page.getByLabel('Into delay'));
    await connect(session.page.getByLabel('delay: next way out'), session.page.getByLabel('Into done'));
    await expect.poll(() => problemsHeading().textContent()).toBe('No problems');
    expect(await publish().isEnabled()).toBe(true);
    expect(await session.page.locator('.react-flow__edge').count()).toBe(6);
  });

  it('undoes and redoes the last edit with Ctrl-Z and Ctrl-Shift-Z', async () => {
    await session.page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await session.page.keyboard.press('Control+z');
    await expect.poll(() => session.page.locator('.react-flow__edge').count()).toBe(5);
    await expect.poll(() => problemsHeading().textContent()).not.toBe('No problems');
    expect(await publish().isDisabled()).toBe(true);
    await session.page.keyboard.press('Control+Shift+z');
    await expect.poll(() => session.page.locator('.react-flow__edge').count()).toBe(6);
    await expect.poll(() => problemsHeading().textContent()).toBe('No problems');
  });

  it('autosaves the draft: the server has the new delay step', async () => {
    await expect
      .poll(() => session.page.getByRole('status').first().textContent(), { timeout: 10_000 })
      .toBe('All changes saved');
    const saved = await session.api.admin('GET', '/v1/journeys/welcome-series');
    const delay = saved.json.draft.nodes.find((n: { id: string }) => n.id === 'delay');
    expect(delay.config).toMatchObject({ mode: 'duration', amount: 3, unit: 'days' });
    expect(saved.json.draft.edges).toContainEqual({ from: 'tips', to: 'delay', branch: 'next' });
  });

  it('publishes version 1 with a note, listed in the version history', async () => {
    await publish().click();
    const dialog = session.page.getByRole('dialog', { name: 'Publish' });
    await dialog.getByLabel('Note (optional)').fill('Tips wait three days');
    await dialog.getByRole('button', { name: 'Publish now' }).click();
    const history = session.page.getByRole('region', { name: 'Version history' });
    await history.getByRole('link', { name: 'Version 1' }).waitFor();
    expect(await history.textContent()).toContain('Tips wait three days');
    const list = await session.api.admin('GET', '/v1/journeys');
    expect(list.json.journeys.find((j: { id: string }) => j.id === 'welcome-series')).toMatchObject({
      status: 'live',
      liveVersion: 1,
    });
  });

  it('opens version 1 read-only', async () => {
    await session.page
      .getByRole('region', { name: 'Version history' })
      .getByRole('link', { name: 'Version 1' })
      .click();
    await session.page.getByText('read-only').waitFor();
    await node('delay').waitFor();
    expect(await session.page.getByRole('navigation', { name: 'Palette' }).count()).toBe(0);
    expect(await publish().count()).toBe(0);
    mkdirSync(join(repoRoot, 'test/artifacts'), { recursive: true });
    await session.page.screenshot({ path: join(repoRoot, 'test/artifacts/editor-canvas.png') });
  });

  it("previews the welcome email with the chosen customer's first name", async () => {
    expect(
      (await session.api.identify({ userId: 'grace', traits: { email: 'grace@example.com', firstName: 'Grace' } }))
        .status,
    ).toBe(200);
    await session.page.goto(`${session.stack.url}/#/journeys/welcome-series`);
    await node('welcome').click();
    const preview = session.page.getByRole('region', { name: 'Email preview' });
    await preview.getByLabel(/Sample customer/).fill('grace');
    await expect.poll(() => preview.getByTestId('preview-subject').textContent()).toContain('Grace');
    const frame = session.page.frameLocator('iframe[title="Preview of welcome"]');
    await expect.poll(() => frame.locator('body').textContent()).toContain('Hi Grace');
  });

  it('adds a step from the palette with the keyboard alone, and undoes it', async () => {
    const exit = session.page.getByRole('navigation', { name: 'Palette' }).getByRole('button', { name: 'Exit' });
    await exit.focus();
    await session.page.keyboard.press('Enter');
    await node('exit').waitFor();
    await session.page.keyboard.press('Control+z');
    await expect.poll(() => node('exit').count()).toBe(0);
    await expect.poll(() => problemsHeading().textContent()).toBe('No problems');
  });

  it("simulates the draft: counts on the nodes, emails per day, one customer's path", async () => {
    await session.page.getByRole('button', { name: 'Simulate' }).click();
    const panel = session.page.getByRole('region', { name: 'Simulate' });
    await panel.getByLabel('Customers').fill('200');
    await panel.getByRole('button', { name: 'Run simulation' }).click();
    await expect
      .poll(() => node('welcome').getByLabel('Counts for welcome').textContent())
      .toMatch(/entered 200(?!\d)/);
    const timeline = await panel.getByRole('img', { name: /Emails per day/ }).getAttribute('aria-label');
    expect(timeline?.startsWith('Emails per day: 200')).toBe(true);
    expect(await panel.locator('ol.path').textContent()).toContain('signed-up');
    await panel.getByRole('button', { name: 'Clear counts' }).click();
  });

  it('shows live counts when a customer signs up, and the email in the outbox', async () => {
    expect((await session.api.track({ userId: 'grace', event: 'Signed Up', messageId: 'grace-signup' })).status).toBe(
      200,
    );
    await expect
      .poll(() => node('wait-activated').getByLabel('Counts for wait-activated').textContent(), { timeout: 30_000 })
      .toMatch(/waiting 1(?!\d)/);
    expect(await node('signed-up').getByLabel('Counts for signed-up').textContent()).toMatch(/entered 1(?!\d)/);
    expect((await session.api.admin('GET', '/v1/event-names')).json.events).toContainEqual({
      event: 'Signed Up',
      count: 1,
    });
    await session.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outbox' }).click();
    const subject = session.page.getByRole('button', { name: /Welcome to .*, Grace!/ });
    await subject.waitFor({ timeout: 15_000 });
    await subject.click();
    await expect
      .poll(() => session.page.frameLocator('iframe[title^="Message"]').locator('body').textContent())
      .toContain('Hi Grace');
  });

  it('shows the customer: traits, the journey with the step reached, the message', async () => {
    await session.page.goto(`${session.stack.url}/#/customers/grace`);
    const view = session.page.getByRole('region', { name: 'Customer grace' });
    await view.waitFor();
    await expect.poll(() => view.textContent()).toContain('step reached wait-activated');
    expect(await view.textContent()).toContain('"Grace"');
    expect(await view.textContent()).toMatch(/Welcome to .*, Grace! \(sent\)/);
  });

  it('sends a test email of a template to an address', async () => {
    await session.page.goto(`${session.stack.url}/#/templates/tips`);
    const preview = session.page.getByRole('region', { name: 'Email preview' });
    await preview.getByLabel('Test address').fill('marketer@example.com');
    await preview.getByRole('button', { name: 'Send test email' }).click();
    await expect.poll(() => preview.getByRole('status').textContent()).toContain('to marketer@example.com');
    const mail = await session.api.outbox('marketer@example.com');
    expect(mail[0]?.subject).toMatch(/^\[Test\] /);
  });

  it('refuses to save invalid MJML and says on which line', async () => {
    const editor = session.page.getByRole('textbox', { name: 'MJML source' });
    await editor.click();
    await session.page.keyboard.press('Control+a');
    await session.page.keyboard.insertText(
      '<mjml>\n<mj-body>\n<mj-section>\n<mj-text>Hello</mj-text>\n</mj-section>\n</mj-body>\n</mjml>',
    );
    await session.page.getByRole('button', { name: 'Save template' }).click();
    const region = session.page.getByRole('region', { name: 'Template tips' });
    await expect.poll(() => region.textContent()).toMatch(/Line 4 \(mj-text\)/);
    const stored = await session.api.admin('GET', '/v1/templates/tips');
    expect(stored.json.source).toContain('mj-title');
  });
});

describe('a journey built from a blank canvas', () => {
  const pane = () => session.page.locator('.react-flow__pane');
  const paletteItem = (label: string) =>
    session.page.getByRole('navigation', { name: 'Palette' }).getByRole('button', { name: label });
  const form = (id: string) => session.page.getByRole('form', { name: `Settings of ${id}` });

  it('starts blank, with the missing trigger as its only problem', async () => {
    await session.page.goto(`${session.stack.url}/#/journeys`);
    await session.page.getByLabel('Name').fill('From scratch');
    await session.page.getByRole('button', { name: 'Create journey' }).click();
    await expect.poll(() => problemsHeading().textContent()).toBe('1 problem');
    expect(await session.page.getByRole('region', { name: 'Problems' }).textContent()).toContain('no trigger');
  });

  it('takes a trigger, an email, a wait and an exit dragged from the palette', async () => {
    await paletteItem('When an event happens').dragTo(pane(), { targetPosition: { x: 150, y: 120 } });
    await paletteItem('Send email').dragTo(pane(), { targetPosition: { x: 480, y: 120 } });
    await paletteItem('Wait for event').dragTo(pane(), { targetPosition: { x: 150, y: 330 } });
    await paletteItem('Exit').dragTo(pane(), { targetPosition: { x: 480, y: 330 } });
    for (const id of ['event-trigger', 'send-email', 'wait-for-event', 'exit']) await node(id).waitFor();
  });

  it('connects them and fills each form; the problems go away one by one', async () => {
    await connect(session.page.getByLabel('event-trigger: next way out'), session.page.getByLabel('Into send-email'));
    await connect(session.page.getByLabel('send-email: next way out'), session.page.getByLabel('Into wait-for-event'));
    await connect(session.page.getByLabel('wait-for-event: received way out'), session.page.getByLabel('Into exit'));
    await expect.poll(() => session.page.locator('.react-flow__edge').count()).toBe(3);

    await node('event-trigger').click();
    await form('event-trigger').getByLabel('Event', { exact: true }).fill('Signed Up');
    await node('send-email').click();
    await form('send-email').getByLabel('Template', { exact: true }).selectOption('welcome');
    await form('send-email').locator('iframe[title="Thumbnail of welcome"]').waitFor();
    await node('wait-for-event').click();
    await form('wait-for-event').getByLabel('Event', { exact: true }).fill('Activated');
    await form('wait-for-event').getByLabel('Timeout amount').fill('2');
    expect(await publish().isDisabled()).toBe(true);
    await form('wait-for-event').getByLabel('Timeout unit').selectOption('days');
    await expect.poll(() => problemsHeading().textContent()).toBe('No problems');
    expect(await node('wait-for-event').textContent()).toContain('Wait up to 2 days for Activated');
  });

  it('focuses the node of a problem clicked in the list', async () => {
    await form('wait-for-event').getByLabel('Event', { exact: true }).fill('');
    const problem = session.page
      .getByRole('region', { name: 'Problems' })
      .getByRole('button', { name: /wait-for-event/ });
    await problem.waitFor();
    await node('send-email').click();
    await problem.click();
    await form('wait-for-event').waitFor();
    await form('wait-for-event').getByLabel('Event', { exact: true }).fill('Activated');
    await expect.poll(() => problemsHeading().textContent()).toBe('No problems');
  });

  it('sets an exit-on event in the journey settings, saved with the draft', async () => {
    await pane().click({ position: { x: 600, y: 550 } });
    const settings = session.page.getByRole('region', { name: 'Journey settings' });
    await settings.getByRole('button', { name: 'Add event' }).click();
    await settings.getByLabel('Exit on 1', { exact: true }).fill('Unsubscribed');
    await expect
      .poll(async () => (await session.api.admin('GET', '/v1/journeys/from-scratch')).json.draft.settings.exitOn, {
        timeout: 10_000,
      })
      .toEqual([{ event: 'Unsubscribed', where: [] }]);
    expect(await problemsHeading().textContent()).toBe('No problems');
  });

  it('publishes, and a customer who signs up gets the welcome email', async () => {
    await publish().click();
    await session.page.getByRole('dialog', { name: 'Publish' }).getByRole('button', { name: 'Publish now' }).click();
    await session.page
      .getByRole('region', { name: 'Version history' })
      .getByRole('link', { name: 'Version 1' })
      .waitFor();
    expect(
      (await session.api.identify({ userId: 'lin', traits: { email: 'lin@example.com', firstName: 'Lin' } })).status,
    ).toBe(200);
    expect((await session.api.track({ userId: 'lin', event: 'Signed Up', messageId: 'lin-signup' })).status).toBe(200);
    await expect
      .poll(async () => (await session.api.outbox('lin@example.com')).map((m) => m.subject), { timeout: 30_000 })
      .toEqual([expect.stringContaining('Lin')]);
    await expect
      .poll(() => node('send-email').getByLabel('Counts for send-email').textContent(), { timeout: 15_000 })
      .toMatch(/entered 1(?!\d)/);
  });

  it('copies two selected steps with their arrow, pastes, deletes the copies by keyboard, and undoes that', async () => {
    await session.page.getByRole('button', { name: 'Inspector' }).click();
    await node('send-email').click();
    await node('wait-for-event').click({ modifiers: ['Shift'] });
    await session.page.keyboard.press('Control+c');
    await session.page.keyboard.press('Control+v');
    await node('send-email-2').waitFor();
    await node('wait-for-event-2').waitFor();
    await expect.poll(() => session.page.locator('.react-flow__edge').count()).toBe(4);
    await session.page.keyboard.press('Delete');
    await expect.poll(() => node('send-email-2').count()).toBe(0);
    expect(await node('wait-for-event-2').count()).toBe(0);
    expect(await session.page.locator('.react-flow__edge').count()).toBe(3);
    await session.page.keyboard.press('Control+z');
    await node('send-email-2').waitFor();
    await expect.poll(() => session.page.locator('.react-flow__edge').count()).toBe(4);
  });
});

describe('the journeys list', () => {
  const row = (name: string) =>
    session.page.getByRole('row').filter({ has: session.page.getByRole('link', { name, exact: true }) });

  it('saves pending edits when leaving the canvas for the list', async () => {
    await session.page.goto(`${session.stack.url}/#/journeys/onboarding`);
    await node('welcome').waitFor();
    await session.page.getByLabel('Name', { exact: true }).fill('Onboarding (edited)');
    await session.page.getByRole('link', { name: '← Journeys' }).click();
    await row('Onboarding (edited)').waitFor();
  });

  it('shows status, live version and customers in flight; pauses and resumes a live journey', async () => {
    const live = row('Welcome series');
    // In flight: grace and lin, who both signed up while it was live and wait for Activated.
    await expect.poll(() => live.textContent()).toMatch(/live\s*v1\s*2/);
    await live.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => live.textContent()).toContain('paused');
    await live.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => live.textContent()).toContain('live');
  });

  it('duplicates a journey into a new draft and deletes that draft', async () => {
    await row('Welcome series').getByRole('button', { name: 'Duplicate' }).click();
    await node('delay').waitFor();
    expect(session.page.url()).toContain('#/journeys/welcome-series-copy');
    await session.page.getByRole('link', { name: '← Journeys' }).click();
    const copy = row('Welcome series (copy)');
    await copy.waitFor();
    expect(await copy.textContent()).toContain('draft');
    session.page.once('dialog', (dialog) => void dialog.accept());
    await copy.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => copy.count()).toBe(0);
    expect((await session.api.admin('GET', '/v1/journeys/welcome-series-copy')).status).toBe(404);
  });
});
