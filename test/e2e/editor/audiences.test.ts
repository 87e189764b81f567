import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../engine/bin/tools.mjs';
import { editorSession } from '../../support/canvas.ts';

// The audience builder in Chromium over a hand-made order history sent through the API: the live
// count while "performed Order Completed at least N times" is edited, saving, the list, a member's page.
const session = editorSession({ signedIn: true });
const DAY = 86_400_000;

// Hand-counted: six customers, their orders (days ago). At least 2 orders: ana, ben, eli (3 of 6);
// at least 3: ana (1 of 6). fay's page views are another event and do not count.
const ORDERS: Record<string, number[]> = { ana: [20, 9, 2], ben: [15, 4], cai: [6], dee: [], eli: [25, 1], fay: [3] };

const history = () => {
  const now = Date.now();
  const batch: unknown[] = [];
  for (const [userId, daysAgo] of Object.entries(ORDERS)) {
    batch.push({ type: 'identify', userId, messageId: `${userId}-id`, traits: { email: `${userId}@example.com` } });
    daysAgo.forEach((d, i) =>
      batch.push({
        type: 'track',
        userId,
        event: 'Order Completed',
        messageId: `${userId}-order-${i}`,
        timestamp: new Date(now - d * DAY).toISOString(),
        properties: { revenue: 40 },
      }),
    );
  }
  for (const i of [1, 2, 3])
    batch.push({ type: 'track', userId: 'fay', event: 'Page Viewed', messageId: `fay-view-${i}`, properties: {} });
  return { batch };
};

describe('the audience builder', () => {
  it('counts live while editing, saves, lists the audience and shows it on a member’s page', async () => {
    const { page, api } = session;
    expect((await api.batch(history())).status).toBe(200);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audiences' }).click();
    await page.getByRole('button', { name: 'New audience' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Repeat buyers');
    expect(await page.getByLabel('Id', { exact: true }).inputValue()).toBe('repeat-buyers');

    const performed = page.getByRole('group', { name: 'Performed event' });
    await performed.getByLabel('Event', { exact: true }).fill('Order Completed');
    expect(await performed.getByLabel('How often').inputValue()).toBe('at-least');
    await performed.getByLabel('Times (optional)').fill('2');
    const count = page.getByRole('region', { name: 'Live count' }).getByRole('status');
    await expect.poll(() => count.textContent(), { timeout: 15_000 }).toBe('3 of 6 customers');
    const sample = page.getByRole('list', { name: 'Sample of members' }).getByRole('link');
    expect((await sample.allTextContents()).sort()).toEqual(['ana', 'ben', 'eli']);

    // A "not" group beside it, holding a trait condition: not ben -> ana, eli; removed, ben is back.
    await page.getByLabel('Condition to add to all of').selectOption('not');
    await page.getByRole('button', { name: 'Add condition' }).click();
    const not = page.getByRole('group', { name: 'Not' });
    await not.getByRole('combobox', { name: 'Trait', exact: true }).fill('email');
    await not.getByRole('combobox', { name: 'Comparison' }).selectOption('equals');
    await not.getByRole('textbox', { name: 'Value (optional)' }).fill('ben@example.com');
    await expect.poll(() => count.textContent(), { timeout: 15_000 }).toBe('2 of 6 customers');
    await not.getByRole('button', { name: 'Remove not' }).click();
    await expect.poll(() => count.textContent(), { timeout: 15_000 }).toBe('3 of 6 customers');

    await performed.getByLabel('Times (optional)').fill('3');
    await expect.poll(() => count.textContent(), { timeout: 15_000 }).toBe('1 of 6 customers');

    // A problem the API names is shown at its field: an emptied event name.
    await performed.getByLabel('Event', { exact: true }).fill('');
    await expect
      .poll(() => performed.locator('.field-invalid').getByText('Event', { exact: true }).count(), { timeout: 15_000 })
      .toBe(1);
    await expect.poll(() => count.textContent()).toBe('Fix the marked fields to see the count');
    await performed.getByLabel('Event', { exact: true }).fill('Order Completed');
    await performed.getByLabel('Times (optional)').fill('2');
    await expect.poll(() => count.textContent(), { timeout: 15_000 }).toBe('3 of 6 customers');

    await page.getByRole('button', { name: 'Create audience' }).click();
    await page.getByRole('heading', { name: /Repeat buyers/ }).waitFor();
    expect((await api.admin('GET', '/v1/audiences/repeat-buyers')).json.definition.condition).toEqual({
      kind: 'all',
      of: [{ kind: 'performed', event: 'Order Completed', where: [], op: 'at-least', times: 2 }],
    });
    // The chart's words come from /history (the backfill entered 3 today); its SVG once ECharts has drawn it.
    const chart = page.getByRole('region', { name: 'Membership over time' });
    await chart.getByRole('img', { name: /3 members on .*; 3 entered, 0 left/ }).waitFor();
    await expect.poll(() => chart.locator('svg').textContent(), { timeout: 15_000 }).toContain('Members');
    await expect.poll(() => count.textContent(), { timeout: 15_000 }).toBe('3 of 6 customers');
    await page.screenshot({ path: join(repoRoot, 'test/artifacts/audiences.png'), fullPage: true });

    await page.getByRole('link', { name: 'All audiences' }).click();
    const row = page.getByRole('table', { name: 'Audiences' }).getByRole('row', { name: /Repeat buyers/ });
    await expect
      .poll(() => row.getByRole('cell').allTextContents(), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['Repeat buyers', '3']));

    await page.goto(`${session.stack.url}/#/customers/ben`);
    const audiences = page.getByRole('list', { name: 'Audiences of this customer' });
    await expect
      .poll(() => audiences.getByRole('link').allTextContents(), { timeout: 10_000 })
      .toEqual(['Repeat buyers']);
    await page.goto(`${session.stack.url}/#/customers/cai`);
    await page.getByText('In no audience now.').waitFor();
  });
});
