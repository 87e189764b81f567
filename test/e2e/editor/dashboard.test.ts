import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../engine/bin/tools.mjs';
import { batchesOf, demoCalls } from '../../../engine/src/demo/index.ts';
import { sendBatches } from '../../../engine/src/demo/index.ts';
import { editorKeys, editorSession } from '../../support/canvas.ts';

// The retention dashboard in real Chromium, filled by the demo's own generator and sender (history,
// through /v1/import): the home after sign-in, headline cards with their inputs, and every chart drawn.
const session = editorSession();
const artifacts = join(repoRoot, 'test/artifacts');

beforeAll(async () => {
  const calls = demoCalls({ customers: 400, months: 12, seed: 5, end: new Date().toISOString() });
  await sendBatches(batchesOf(calls), { url: session.stack.url, writeKey: editorKeys.writeKey });
});

describe('the retention dashboard', () => {
  it('is the home after sign-in, with the headline figures of the latest month and how each was computed', async () => {
    const page = session.page;
    await page.goto(session.stack.url);
    await page.getByLabel('Admin token').fill(editorKeys.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Retention' }).waitFor();
    const cards = page.getByRole('list', { name: 'Headline figures' }).getByRole('listitem');
    await expect.poll(() => cards.count()).toBe(5);
    const retention = cards.filter({ hasText: 'Retention rate' });
    expect(await retention.locator('.headline-value').textContent()).toMatch(/^\d+\.\d%$/);
    // The inputs (CS, CE, CN) and the formula, shown on hover and kept in the card for screen readers.
    expect(await retention.locator('.how').textContent()).toMatch(/^\(CE - CN\) \/ CS — CS \d+ · CE \d+ · CN \d+/);
    await retention.hover();
    expect(await retention.locator('.how').isVisible()).toBe(true);
  });

  it('draws the cohort triangle, MRR movements and NPS over time with the chart library, and says there is no holdout yet', async () => {
    const page = session.page;
    const cohorts = page.getByRole('img', { name: /^Retention by month cohort: \d+ cohorts/ });
    await cohorts.waitFor();
    await expect.poll(() => cohorts.locator('svg text').count()).toBeGreaterThan(12); // cohort labels, periods, cell labels
    expect(await cohorts.locator('svg').textContent()).toContain('month 1');
    const mrr = page.getByRole('img', { name: /^MRR movements per month/ });
    await expect.poll(() => mrr.locator('svg').textContent()).toContain('Expansion');
    const nps = page.getByRole('img', { name: /^NPS per month/ });
    await expect.poll(() => nps.locator('svg').textContent()).toContain('Answers');
    expect(
      await page
        .getByRole('region', { name: /What each journey did/ })
        .or(page.locator('section', { hasText: 'What each journey did' }))
        .textContent(),
    ).toContain('No journey has a holdout yet');
    await page.mouse.move(1, 1);
    await page.screenshot({ path: join(artifacts, 'dashboard.png'), fullPage: true });
  });

  it('changes period: by week, the cohorts are weekly', async () => {
    const page = session.page;
    await page.getByLabel('Period').selectOption('last-12-weeks');
    await page.getByRole('img', { name: /^Retention by week cohort/ }).waitFor();
  });

  it('edits what the events mean: a bad time zone is refused naming the field, a good one is saved', async () => {
    const page = session.page;
    await page.getByRole('link', { name: 'What the events mean' }).click();
    const form = page.getByRole('form', { name: 'Retention settings' });
    await form.waitFor();
    expect(await form.getByLabel('Sign up event').inputValue()).toBe('Signed Up');
    await form.getByLabel('Time zone').fill('Mars/Olympus');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.textContent()).toContain('timeZone: not an IANA time zone');
    await form.getByLabel('Time zone').fill('Europe/Amsterdam');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect((await session.api.admin('GET', '/v1/metrics/settings')).json.timeZone).toBe('Europe/Amsterdam');
    await page.screenshot({ path: join(artifacts, 'retention-settings.png') });
  });
});
