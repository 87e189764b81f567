import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { apiClient } from './api.ts';
import { launchBrowser } from './browser.ts';
import { stackEnv, startStack, type StackProcess } from './stack.ts';

/** What the editor's browser tests point at on the journey page, and how they connect two steps. */
export function canvasOf(page: Page) {
  return {
    node: (id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"]`),
    problemsHeading: () => page.getByRole('region', { name: 'Problems' }).getByRole('heading'),
    publish: () => page.getByRole('button', { name: 'Publish', exact: true }),
    /** Drags from one handle to another with the mouse, as a user connects two steps. */
    async connect(from: Locator, to: Locator): Promise<void> {
      const a = await restingBox(from);
      const b = await restingBox(to);
      await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
      await page.mouse.down();
      await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
      await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
      await page.mouse.up();
    },
  };
}

/**
 * The box of an element once it has stopped moving (auto layout, then an animated fit view): read on
 * every other animation frame until it has kept still for `stillMs`, so a drag starts where the handle is.
 */
export async function restingBox(
  target: Locator,
  stillMs = 200,
  timeoutMs = 10_000,
): Promise<{ x: number; y: number; width: number; height: number }> {
  const deadline = Date.now() + timeoutMs;
  let last = await target.boundingBox();
  let stillSince = Date.now();
  for (;;) {
    await target.page().evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const now = await target.boundingBox();
    const same =
      now && last && now.x === last.x && now.y === last.y && now.width === last.width && now.height === last.height;
    if (!same) stillSince = Date.now();
    else if (Date.now() - stillSince >= stillMs) return now;
    if (Date.now() > deadline) throw new Error(`element still moving or not visible after ${timeoutMs} ms`);
    last = now;
  }
}

/** Signs in on the editor's start page with the admin token. */
export async function signIn(page: Page, url: string, adminToken: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Admin token').fill(adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Signing in lands on the home, the retention dashboard; the editor's tests start from the journeys list.
  await page.getByRole('heading', { name: 'Retention' }).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Journeys' }).click();
  await page.getByRole('heading', { name: 'Journeys' }).waitFor();
}

/** A browser tab on a whole stack, both started before a test file's steps and stopped after them. */
export interface EditorSession {
  stack: StackProcess;
  page: Page;
  api: ReturnType<typeof apiClient>;
  keys: typeof editorKeys;
}

/** The keys every editor test stack is started with. */
export const editorKeys = { writeKey: 'wk_test_write_key', adminToken: 'adm_test_admin_token' };

/**
 * Registers the file's beforeAll/afterAll: a stack (`stackEnv(env)`) and headless Chromium with one
 * page, signed in when `signedIn`. The returned session is filled in once beforeAll has run.
 */
export function editorSession(opts: { env?: Record<string, string>; signedIn?: boolean } = {}): EditorSession {
  const session = { keys: editorKeys } as EditorSession; // filled in by beforeAll, before any step reads it
  let browser: Browser | undefined;
  beforeAll(async () => {
    const [stack, launched] = await Promise.all([stackEnv(opts.env).then(startStack), launchBrowser()]);
    browser = launched;
    session.stack = stack;
    session.api = apiClient(stack.url, editorKeys);
    session.page = await launched.newPage({ viewport: { width: 1500, height: 950 } });
    if (opts.signedIn) await signIn(session.page, stack.url, editorKeys.adminToken);
  });
  afterAll(async () => {
    await browser?.close();
    await session.stack?.stop();
  });
  return session;
}
