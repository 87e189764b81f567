import { describe, expect, it } from 'vitest';
import { editorSession } from '../../support/canvas.ts';

// The Suppressions page in Chromium: the list with reason, source and when; search; adding an address
// by hand; removing one (the API then has it no more).
const session = editorSession({ signedIn: true });

describe('the Suppressions page', () => {
  it('lists, searches, adds and removes suppressed addresses', async () => {
    for (const address of ['ann@example.com', 'bob@example.org'])
      expect((await session.api.admin('POST', '/v1/suppressions', { address, note: 'asked by phone' })).status).toBe(
        201,
      );
    const page = session.page;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Suppressions' }).click();
    const ann = page.getByRole('row', { name: /ann@example\.com/ });
    await expect.poll(() => ann.textContent(), { timeout: 10_000 }).toContain('Added by hand');
    expect(await ann.textContent()).toContain('api');
    expect(await ann.textContent()).toContain('asked by phone');

    await page.getByLabel('Search').fill('example.org');
    await expect.poll(() => page.getByRole('row').count(), { timeout: 10_000 }).toBe(2); // the header and bob
    expect(await page.getByRole('row', { name: /bob@example\.org/ }).count()).toBe(1);
    await page.getByLabel('Search').fill('');

    await page.getByLabel('Add an address').fill('Cy@Example.com');
    await page.getByRole('button', { name: 'Suppress' }).click();
    await expect.poll(() => page.getByRole('row', { name: /cy@example\.com/ }).count(), { timeout: 10_000 }).toBe(1);

    await ann.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => ann.count(), { timeout: 10_000 }).toBe(0);
    const left = (await session.api.admin('GET', '/v1/suppressions')).json.suppressions.map(
      (s: { address: string }) => s.address,
    );
    expect(left.sort()).toEqual(['bob@example.org', 'cy@example.com']);
  });

  it('says what is wrong with an address it cannot add', async () => {
    await session.page.getByLabel('Add an address').fill('not an address');
    await session.page.getByRole('button', { name: 'Suppress' }).click();
    await expect
      .poll(() => session.page.getByRole('alert').textContent(), { timeout: 10_000 })
      .toContain('Invalid suppression');
  });
});
