import { describe, expect, it } from 'vitest';
import { canvasOf, editorSession } from '../../support/canvas.ts';

// The Subscription groups page in Chromium: creating a group, seeing it listed, changing its default
// (the API then has the new default), a bad id refused with the reason shown, and the group offered
// by a Send email step's picker (beside the sender picker, both lists read from the API).
const session = editorSession({ signedIn: true });

describe('the Subscription groups page', () => {
  it('creates a group and changes its default', async () => {
    const page = session.page;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Subscription groups' }).click();
    await expect.poll(() => page.getByText('No subscription groups yet.').count(), { timeout: 10_000 }).toBe(1);
    await page.getByLabel('Id').fill('offers');
    await page.getByLabel('Name').fill('Offers');
    await page.getByLabel('Default').selectOption('opt-in');
    await page.getByRole('button', { name: 'Create' }).click();
    const row = page.getByRole('row', { name: /offers/ });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect((await session.api.admin('GET', '/v1/subscription-groups/offers')).json).toMatchObject({
      name: 'Offers',
      default: 'opt-in',
    });
    await row.getByRole('combobox').selectOption('opt-out');
    await expect
      .poll(async () => (await session.api.admin('GET', '/v1/subscription-groups/offers')).json.default, {
        timeout: 10_000,
      })
      .toBe('opt-out');
  });

  it('says what is wrong with an id it cannot take', async () => {
    await session.page.getByLabel('Id').fill('Big Offers');
    await session.page.getByLabel('Name').fill('Big offers');
    await session.page.getByRole('button', { name: 'Create' }).click();
    await expect
      .poll(() => session.page.getByRole('alert').textContent(), { timeout: 10_000 })
      .toContain('Invalid subscription group');
  });

  it("offers the group in a Send email step's picker, beside the senders, and saves the id picked", async () => {
    const { page, api } = session;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Journeys' }).click();
    await page.getByLabel('Name').fill('Offers mail');
    await page.getByRole('button', { name: 'Create journey' }).click();
    await page.getByRole('navigation', { name: 'Palette' }).getByRole('button', { name: 'Send email' }).click();
    await canvasOf(page).node('send-email').click();
    const form = page.getByRole('form', { name: 'Settings of send-email' });
    const group = form.getByLabel('Subscription group (optional)');
    await expect
      .poll(() => group.locator('option').allTextContents(), { timeout: 10_000 })
      .toEqual(['No group (marketing)', 'Transactional (no unsubscribe link)', 'Offers']);
    const from = form.getByLabel('From (optional)');
    await expect
      .poll(() => from.locator('option').allTextContents(), { timeout: 10_000 })
      .toEqual(["The journey's sender", expect.stringMatching(/ \(default\)$/)]);
    await group.selectOption({ label: 'Offers' });
    await expect
      .poll(async () => (await api.admin('GET', '/v1/journeys/offers-mail')).json.draft.nodes, { timeout: 10_000 })
      .toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: 'send-email', config: expect.objectContaining({ group: 'offers' }) }),
        ]),
      );
  });
});
