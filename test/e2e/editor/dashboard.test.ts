import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../engine/bin/tools.mjs';
import { LifecycleReport } from '../../../engine/src/api/metric-shapes.ts';
import { batchesOf, demoCalls, type DemoCall } from '../../../engine/src/demo/index.ts';
import { sendBatches } from '../../../engine/src/demo/index.ts';
import { editorKeys, editorSession } from '../../support/canvas.ts';

// The retention dashboard in real Chromium, filled by the demo's own generator and sender (history,
// through /v1/import): the home after sign-in, headline cards with their inputs (the early renewal rate
// on renewals made here by hand), and every chart drawn.
const session = editorSession();
const artifacts = join(repoRoot, 'test/artifacts');

// Lifecycle by week (UTC), worked out by hand, before the demo fills the instance. W-k is the week k
// weeks before the current one; each call is on a Monday (lc-a also on Wednesday in W-1).
//   lc-a: W-4, W-3, W-2, W-1 (two days)   lc-b: W-4, W-2   lc-c: W-3   lc-d: W-2, W-1   lc-e: W-1
//          new  returning  resurrecting  dormant   stickiness = (customer-days / 7) / active customers
//   W-4     2       0           0           0      (2 / 7) / 2 = 14.3%
//   W-3     1       1           0           1 (b)  (2 / 7) / 2 = 14.3%
//   W-2     1       1           1 (b)       1 (c)  (3 / 7) / 3 = 14.3%
//   W-1     1       2 (a, d)    0           1 (b)  (4 / 7) / 3 = 19.0%
const WEEK = 7 * 86_400_000;
const thisMonday = (() => {
  const now = new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return today - ((now.getUTCDay() + 6) % 7) * 86_400_000;
})();
const activeIn = (userId: string, weeksAgo: number, dayOfWeek = 0): DemoCall => {
  const at = new Date(thisMonday - weeksAgo * WEEK + dayOfWeek * 86_400_000 + 3_600_000).toISOString();
  return {
    type: 'track',
    userId,
    messageId: `${userId}-${at}`,
    timestamp: at,
    event: 'Product Viewed',
    properties: {},
  };
};
const LIFECYCLE_HISTORY: DemoCall[] = [
  ...[4, 3, 2, 1].map((w) => activeIn('lc-a', w)),
  activeIn('lc-a', 1, 2),
  ...[4, 2].map((w) => activeIn('lc-b', w)),
  activeIn('lc-c', 3),
  ...[2, 1].map((w) => activeIn('lc-d', w)),
  activeIn('lc-e', 1),
];

describe('the lifecycle chart, on a hand-made history', () => {
  beforeAll(async () => {
    await sendBatches(batchesOf(LIFECYCLE_HISTORY), { url: session.stack.url, writeKey: editorKeys.writeKey });
  });

  it('shows per week the new, returning, resurrecting and dormant customers and the stickiness the API gives', async () => {
    const page = session.page;
    await page.goto(session.stack.url);
    await page.getByLabel('Admin token').fill(editorKeys.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Retention' }).waitFor();
    await page.getByLabel('Period').selectOption('last-12-weeks');
    const chart = page.getByRole('img', { name: /^Lifecycle per week/ });
    await expect.poll(() => chart.locator('svg').textContent()).toContain('Dormant');
    const box = await chart.boundingBox();
    if (!box) throw new Error('the lifecycle chart has no box');
    // The chart's grid (lifecycle-option.ts: 56 px either side, 36 on top, 28 below) holds 12 weekly columns.
    const column = (weeksAgo: number) => 56 + ((11 - weeksAgo + 0.5) * (box.width - 112)) / 12;
    const tooltipOf = async (weeksAgo: number) => {
      await page.mouse.move(box.x + column(weeksAgo), box.y + 36 + (box.height - 64) / 2);
      const tip = chart.locator('.lifecycle-tooltip');
      await expect.poll(() => tip.innerText()).toContain(`Stickiness`);
      await expect.poll(() => tip.isVisible()).toBe(true);
      return (await tip.innerText()).split('\n').slice(1).join('; ');
    };
    const shown = [];
    for (const w of [4, 3, 2, 1]) shown.push(await tooltipOf(w));
    expect(shown).toEqual([
      'New: 2; Returning: 0; Resurrecting: 0; Dormant: 0; Stickiness: 14.3%',
      'New: 1; Returning: 1; Resurrecting: 0; Dormant: 1; Stickiness: 14.3%',
      'New: 1; Returning: 1; Resurrecting: 1; Dormant: 1; Stickiness: 14.3%',
      'New: 1; Returning: 2; Resurrecting: 0; Dormant: 1; Stickiness: 19.0%',
    ]);
    // The same figures as the API gives for those weeks.
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const api = await session.api.admin(
      'GET',
      `/v1/metrics/lifecycle?start=${iso(thisMonday - 4 * WEEK)}&end=${iso(thisMonday)}&granularity=week`,
    );
    expect(
      LifecycleReport.parse(api.json).buckets.map((b) =>
        [`New: ${b.new}`, `Returning: ${b.returning}`, `Resurrecting: ${b.resurrecting}`, `Dormant: ${b.dormant}`].join(
          '; ',
        ),
      ),
    ).toEqual(shown.map((t) => t.replace(/; Stickiness.*$/, '')));
    await page.mouse.move(1, 1);
    await page.screenshot({ path: join(artifacts, 'dashboard-lifecycle.png'), fullPage: true });
    await page.evaluate(() => sessionStorage.clear()); // signed out, as the next tests expect
    await page.goto('about:blank');
  });
});

// Renewals in the latest complete month (UTC, the account's zone), worked out by hand; the demo sends none.
// The contract end in force is the latest `contract_end` the customer stated before renewing (here as a trait):
//   er-a: end on the 21st, renews on the 10th -> early      er-b: the same -> early
//   er-c: end on the 6th, renews on the 10th -> late        er-d: states no end -> not judged
//   er-e: states an end only on the 12th, after renewing on the 10th -> not judged
//   renewals 5, withContractEnd 3 (a, b, c), early 2 (a, b): early renewal rate 2 / 3 = 66.7%
const lastMonth = (() => {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
})();
const onDay = (day: number) => new Date(lastMonth + (day - 1) * 86_400_000 + 12 * 3_600_000).toISOString();
const stated = (userId: string, contractEnd: string, at: string): DemoCall => ({
  type: 'identify',
  userId,
  messageId: `${userId}-end-${at}`,
  timestamp: at,
  traits: { contract_end: contractEnd },
});
const renewed = (userId: string): DemoCall => ({
  type: 'track',
  userId,
  messageId: `${userId}-renewed`,
  timestamp: onDay(10),
  event: 'Subscription Renewed',
  properties: {},
});
const monthBefore = new Date(lastMonth - 20 * 86_400_000).toISOString();
const RENEWALS: DemoCall[] = [
  stated('er-a', onDay(21), monthBefore),
  stated('er-b', onDay(21), monthBefore),
  stated('er-c', onDay(6), monthBefore),
  stated('er-e', onDay(28), onDay(12)),
  ...['er-a', 'er-b', 'er-c', 'er-d', 'er-e'].map(renewed),
];

describe('the retention dashboard', () => {
  beforeAll(async () => {
    const calls = demoCalls({ customers: 400, months: 12, seed: 5, end: new Date().toISOString() });
    await sendBatches(batchesOf([...calls, ...RENEWALS]), { url: session.stack.url, writeKey: editorKeys.writeKey });
  });

  it('is the home after sign-in, with the headline figures of the latest month and how each was computed', async () => {
    const page = session.page;
    await page.goto(session.stack.url);
    await page.getByLabel('Admin token').fill(editorKeys.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Retention' }).waitFor();
    const cards = page.getByRole('list', { name: 'Headline figures' }).getByRole('listitem');
    // Five reports load together on a shared machine: give them longer than the default 5 s.
    await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(6);
    const retention = cards.filter({ hasText: 'Retention rate' });
    expect(await retention.locator('.headline-value').textContent()).toMatch(/^\d+\.\d%$/);
    // The inputs (CS, CE, CN) and the formula, shown on hover and kept in the card for screen readers.
    expect(await retention.locator('.how').textContent()).toMatch(/^\(CE - CN\) \/ CS — CS \d+ · CE \d+ · CN \d+/);
    await retention.hover();
    expect(await retention.locator('.how').isVisible()).toBe(true);
  });

  it('shows the early renewal rate of the latest month beside the other rates, with its inputs on hover', async () => {
    const page = session.page;
    const cards = page.getByRole('list', { name: 'Headline figures' }).getByRole('listitem');
    expect(await cards.locator('.headline-title').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Early renewal rate · \w{3} \d{4}$/)]),
    );
    const titles = (await cards.locator('.headline-title').allTextContents()).map((t) => t.split(' · ')[0]);
    expect(titles.indexOf('Early renewal rate')).toBe(titles.indexOf('Net revenue retention') + 1);
    const early = cards.filter({ hasText: 'Early renewal rate' });
    expect(await early.locator('.headline-value').textContent()).toBe('66.7%');
    await early.hover();
    expect(await early.locator('.how').isVisible()).toBe(true);
    expect(await early.locator('.how').textContent()).toBe(
      'early / withContractEnd — early 2 · withContractEnd 3 · renewals 5',
    );
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
