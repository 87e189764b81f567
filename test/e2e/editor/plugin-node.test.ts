import { describe, expect, it } from 'vitest';
import { canvasOf, editorSession, signIn } from '../../support/canvas.ts';

// A node a developer registered in a plugin reaches the marketer's palette and gets a generated form,
// with no change to the editor: the example shop plugin's "Cart abandoned" trigger.
const session = editorSession({ env: { BOOMERANG_PLUGINS: './templates/plugins/shop/index.ts' } });
const keys = session.keys;

const node = (id: string) => canvasOf(session.page).node(id);
const palette = () => session.page.getByRole('navigation', { name: 'Palette' });

describe('a plugin trigger in the editor', () => {
  it('is in the palette, among the triggers', async () => {
    await signIn(session.page, session.stack.url, keys.adminToken);
    await session.page.getByLabel('Name').fill('Carts');
    await session.page.getByRole('button', { name: 'Create journey' }).click();
    await palette().getByRole('button', { name: 'Cart abandoned' }).waitFor();
    expect(await palette().textContent()).toContain('When an event happens');
  });

  it('is added from the palette with its generated form, and the value typed is saved with the draft', async () => {
    await palette().getByRole('button', { name: 'Cart abandoned' }).click();
    await node('cart-abandoned').waitFor();
    expect(await node('cart-abandoned').textContent()).toContain('Cart abandoned');
    await node('cart-abandoned').click();
    const form = session.page.getByRole('form', { name: 'Settings of cart-abandoned' });
    await form.getByLabel('Min value').fill('50');
    await form.getByLabel('Currency').fill('EUR');
    await expect
      .poll(async () => (await session.api.admin('GET', '/v1/journeys/carts')).json.draft.nodes, { timeout: 10_000 })
      .toEqual([
        expect.objectContaining({
          id: 'cart-abandoned',
          type: 'cart-abandoned',
          config: { minValue: 50, currency: 'EUR' },
        }),
      ]);
  });

  it("shows the plugin's own one-line summary of the config on the node", async () => {
    await expect
      .poll(() => node('cart-abandoned').textContent(), { timeout: 10_000 })
      .toContain('Cart abandoned worth 50 EUR or more');
  });

  it('is not reported as an unknown node type: the only problem left is its unconnected way out', async () => {
    const problems = session.page.getByRole('region', { name: 'Problems' });
    await expect.poll(() => problems.textContent(), { timeout: 10_000 }).toContain('cart-abandoned');
    expect(await problems.textContent()).not.toMatch(/not installed|unknown/i);
    const validation = await session.api.admin('POST', '/v1/journeys/carts/validate', {});
    expect(validation.json.violations.map((v: { code: string }) => v.code)).not.toContain('unknown-node-type');
  });
});

describe('widgets the node types declare, in the form', () => {
  it("gives the plugin's hinted message text a text area, and saves what is typed over several lines", async () => {
    await palette().getByRole('button', { name: 'Slack message' }).click();
    await node('slack-message').waitFor();
    await node('slack-message').click();
    const form = session.page.getByRole('form', { name: 'Settings of slack-message' });
    const text = form.getByLabel('Text', { exact: true });
    expect(await text.evaluate((el) => el.tagName)).toBe('TEXTAREA');
    await text.fill('Cart left by {{ traits.email }}\nworth {{ event.properties.value }}');
    await expect
      .poll(async () => (await session.api.admin('GET', '/v1/journeys/carts')).json.draft.nodes, { timeout: 10_000 })
      .toContainEqual(
        expect.objectContaining({
          id: 'slack-message',
          config: expect.objectContaining({
            text: 'Cart left by {{ traits.email }}\nworth {{ event.properties.value }}',
          }),
        }),
      );
  });

  it('shows a delay only the fields of its mode: amount and unit, or a time of day and weekdays', async () => {
    await palette().getByRole('button', { name: 'Delay' }).click();
    await node('delay').waitFor();
    await node('delay').click();
    const form = session.page.getByRole('form', { name: 'Settings of delay' });
    await form.getByLabel('Amount').waitFor();
    expect(await form.getByLabel('Unit').count()).toBe(1);
    expect(await form.getByLabel('Time').count()).toBe(0);
    expect(await form.getByRole('checkbox').count()).toBe(0);

    await form.getByLabel('Mode').selectOption('until-time');
    await form.getByLabel('Time').waitFor();
    expect(await form.getByLabel('Amount').count()).toBe(0);
    expect(await form.getByLabel('Unit').count()).toBe(0);
    expect(
      await form.getByRole('checkbox').evaluateAll((boxes) => boxes.map((b) => b.parentElement?.textContent)),
    ).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    await form.getByRole('checkbox', { name: 'Sun' }).uncheck();
    await form.getByLabel('Time').fill('09:30');
    await expect
      .poll(async () => (await session.api.admin('GET', '/v1/journeys/carts')).json.draft.nodes, { timeout: 10_000 })
      .toContainEqual(
        expect.objectContaining({
          id: 'delay',
          config: { mode: 'until-time', time: '09:30', weekdays: [1, 2, 3, 4, 5, 6] },
        }),
      );
  });
});
