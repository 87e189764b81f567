import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../../support/api.ts';
import { launchBrowser } from '../../support/browser.ts';
import { canvasOf, signIn } from '../../support/canvas.ts';
import { stackEnv, startStack, type StackProcess } from '../../support/stack.ts';

// A node a developer registered in a plugin reaches the marketer's palette and gets a generated form,
// with no change to the editor: the example shop plugin's "Cart abandoned" trigger.
const keys = { writeKey: 'wk_test_write_key', adminToken: 'adm_test_admin_token' };
let stack: StackProcess;
let browser: Browser;
let page: Page;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    stackEnv({ BOOMERANG_PLUGINS: './templates/plugins/shop/index.ts' }).then(startStack),
    launchBrowser(),
  ]);
  api = apiClient(stack.url, keys);
  page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const node = (id: string) => canvasOf(page).node(id);
const palette = () => page.getByRole('navigation', { name: 'Palette' });

describe('a plugin trigger in the editor', () => {
  it('is in the palette, among the triggers', async () => {
    await signIn(page, stack.url, keys.adminToken);
    await page.getByLabel('Name').fill('Carts');
    await page.getByRole('button', { name: 'Create journey' }).click();
    await palette().getByRole('button', { name: 'Cart abandoned' }).waitFor();
    expect(await palette().textContent()).toContain('When an event happens');
  });

  it('is added from the palette with its generated form, and the value typed is saved with the draft', async () => {
    await palette().getByRole('button', { name: 'Cart abandoned' }).click();
    await node('cart-abandoned').waitFor();
    expect(await node('cart-abandoned').textContent()).toContain('Cart abandoned');
    await node('cart-abandoned').click();
    const form = page.getByRole('form', { name: 'Settings of cart-abandoned' });
    await form.getByLabel('Min value').fill('50');
    await form.getByLabel('Currency').fill('EUR');
    await expect.poll(async () => (await api.admin('GET', '/v1/journeys/carts')).json.draft.nodes, { timeout: 10_000 })
      .toEqual([expect.objectContaining({ id: 'cart-abandoned', type: 'cart-abandoned', config: { minValue: 50, currency: 'EUR' } })]);
  });

  it("shows the plugin's own one-line summary of the config on the node", async () => {
    await expect.poll(() => node('cart-abandoned').textContent(), { timeout: 10_000 }).toContain('Cart abandoned worth 50 EUR or more');
  });

  it('is not reported as an unknown node type: the only problem left is its unconnected way out', async () => {
    const problems = page.getByRole('region', { name: 'Problems' });
    await expect.poll(() => problems.textContent(), { timeout: 10_000 }).toContain('cart-abandoned');
    expect(await problems.textContent()).not.toMatch(/not installed|unknown/i);
    const validation = await api.admin('POST', '/v1/journeys/carts/validate', {});
    expect(validation.json.violations.map((v: { code: string }) => v.code)).not.toContain('unknown-node-type');
  });
});
