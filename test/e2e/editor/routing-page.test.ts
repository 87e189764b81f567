import { describe, expect, it } from 'vitest';
import { editorSession } from '../../support/canvas.ts';
import { eventually } from '../../support/ports.ts';

// An operator finds the event the router could not hand to Temporal on the Routing page, with the
// reason, retries it (it is refused again) and discards it; the customer's other event went through.
const session = editorSession({ env: { BOOMERANG_PLUGINS: './templates/plugins/shop/index.ts' }, signedIn: true });

describe('the Routing page', () => {
  it('lists a refused event with its reason, and retries and discards it', async () => {
    const { api, page } = session;
    expect(
      (
        await api.admin('POST', '/v1/journeys', {
          id: 'carts',
          name: 'Carts',
          nodes: [
            { id: 'left', type: 'cart-abandoned', config: { minValue: 0 } },
            { id: 'mail', type: 'send-email', config: { template: 'welcome' } },
          ],
          edges: [{ from: 'left', to: 'mail' }],
        })
      ).status,
    ).toBe(201);
    expect((await api.admin('POST', '/v1/journeys/carts/publish', {})).status).toBe(200);
    await api.identify({ userId: 'mia', traits: { email: 'mia@example.com' } });
    await api.track({
      userId: 'mia',
      event: 'Cart Abandoned',
      messageId: 'mia-long-cart',
      properties: { cart_id: 'z'.repeat(1100), value: 5 },
    });
    await api.track({
      userId: 'mia',
      event: 'Cart Abandoned',
      messageId: 'mia-cart',
      properties: { cart_id: 'c1', value: 5 },
    });
    await eventually(
      async () => ((await api.outbox('mia@example.com')).length === 1 ? true : undefined),
      "the email of Mia's second cart",
    );

    await page.goto(`${session.stack.url}/#/routing`);
    const table = page.getByRole('table', { name: 'Dead letters' });
    await table.waitFor();
    expect(await page.getByRole('status', { name: 'Routing lag' }).textContent()).toContain(
      'Every event is routed. 1 dead letter(s).',
    );
    const row = table.getByRole('row').filter({ hasText: 'mia-long-cart' });
    expect(await row.textContent()).toMatch(/Cart Abandoned.*mia.*carts.*workflow id would be 1\d{3} bytes long/s);

    const [first] = (await api.admin('GET', '/v1/dead-letters')).json.deadLetters;
    await page.getByRole('button', { name: 'Retry mia-long-cart' }).click();
    const parkedAgain = await eventually(async () => {
      const [d] = (await api.admin('GET', '/v1/dead-letters')).json.deadLetters;
      return d && d.lastTriedAt > first.lastTriedAt ? d : undefined;
    }, 'the retried event to be parked again');
    expect(parkedAgain.messageId).toBe('mia-long-cart');

    await page.getByRole('button', { name: 'Discard mia-long-cart' }).click();
    await expect
      .poll(() => page.getByRole('status', { name: 'Routing lag' }).textContent(), { timeout: 10_000 })
      .toContain('No dead letters.');
    expect(await table.count()).toBe(0);
    expect(
      (await api.admin('GET', '/v1/dead-letters?status=discarded')).json.deadLetters.map(
        (d: { messageId: string }) => d.messageId,
      ),
    ).toEqual(['mia-long-cart']);
  });
});
