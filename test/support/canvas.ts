import type { Locator, Page } from 'playwright-core';

/** What the editor's browser tests point at on the journey page, and how they connect two steps. */
export function canvasOf(page: Page) {
  return {
    node: (id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"]`),
    problemsHeading: () => page.getByRole('region', { name: 'Problems' }).getByRole('heading'),
    publish: () => page.getByRole('button', { name: 'Publish', exact: true }),
    /** Drags from one handle to another with the mouse, as a user connects two steps. */
    async connect(from: Locator, to: Locator): Promise<void> {
      const a = await from.boundingBox();
      const b = await to.boundingBox();
      if (!a || !b) throw new Error('handle not visible');
      await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
      await page.mouse.down();
      await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
      await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
      await page.mouse.up();
    },
  };
}

/** Signs in on the editor's start page with the admin token. */
export async function signIn(page: Page, url: string, adminToken: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Admin token').fill(adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Journeys' }).waitFor();
}
