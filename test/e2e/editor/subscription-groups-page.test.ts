import { describe, expect, it } from 'vitest';
import { editorSession } from '../../support/canvas.ts';

// The Subscription groups page in Chromium: creating a group, seeing it listed, changing its default
// (the API then has the new default), and a bad id refused with the reason shown.
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
});
