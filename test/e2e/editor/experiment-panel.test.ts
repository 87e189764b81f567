import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../engine/bin/tools.mjs';
import { plannedPerArm } from '../../../engine/src/metrics/index.ts';
import { canvasOf, editorSession } from '../../support/canvas.ts';

// A marketer sets up the weekly-versus-biweekly test on the canvas and reads its experiment panel,
// in real Chromium against the whole stack. The steps build on each other, in order, on one session.page.
const session = editorSession({ signedIn: true });

const node = (id: string) => canvasOf(session.page).node(id);
const problemsHeading = () => canvasOf(session.page).problemsHeading();
const publish = () => canvasOf(session.page).publish();
const connect: ReturnType<typeof canvasOf>['connect'] = (from, to) => canvasOf(session.page).connect(from, to);

describe('an A/B split on the canvas, and its experiment', () => {
  const pane = () => session.page.locator('.react-flow__pane');
  const paletteItem = (label: string) =>
    session.page.getByRole('navigation', { name: 'Palette' }).getByRole('button', { name: label });
  const form = (id: string) => session.page.getByRole('form', { name: `Settings of ${id}` });
  const variant = (n: number) =>
    form('split')
      .getByRole('group', { name: `Variants ${n}`, exact: true })
      .getByLabel('Name', { exact: true });
  const experiment = () => session.page.getByRole('region', { name: 'Experiment' });
  // Two arms, one comparison, the split's default baseline (10%) and effect (+2 points).
  const planned = plannedPerArm({ baselineRate: 0.1, minimumDetectableEffect: 0.02 }, 1);

  it('adds a split from the palette: no way out until its variants are named weekly and biweekly', async () => {
    await session.page.goto(`${session.stack.url}/#/journeys`);
    await session.page.getByLabel('Name').fill('Cadence test');
    await session.page.getByRole('button', { name: 'Create journey' }).click();
    await expect.poll(() => problemsHeading().textContent()).toBe('1 problem');
    await paletteItem('When an event happens').dragTo(pane(), { targetPosition: { x: 120, y: 150 } });
    await paletteItem('A/B split').dragTo(pane(), { targetPosition: { x: 430, y: 150 } });
    await paletteItem('Exit').dragTo(pane(), { targetPosition: { x: 760, y: 150 } });
    await node('split').waitFor();
    expect(await node('split').locator('.react-flow__handle.source').count()).toBe(0);
    await node('split').click();
    await form('split').getByRole('button', { name: 'Add to variants' }).click();
    await form('split').getByRole('button', { name: 'Add to variants' }).click();
    await variant(1).fill('weekly');
    await variant(2).fill('biweekly');
    await session.page.getByLabel('split: weekly way out').waitFor();
    await session.page.getByLabel('split: biweekly way out').waitFor();
    expect(await node('split').locator('.handle-label').allTextContents()).toEqual(['weekly', 'biweekly']);
  });

  it('connects both arms; renaming a variant leaves its arrow dangling until it is named back', async () => {
    await node('event-trigger').click();
    await form('event-trigger').getByLabel('Event', { exact: true }).fill('Signed Up');
    await connect(session.page.getByLabel('event-trigger: next way out'), session.page.getByLabel('Into split'));
    await connect(session.page.getByLabel('split: weekly way out'), session.page.getByLabel('Into exit'));
    await connect(session.page.getByLabel('split: biweekly way out'), session.page.getByLabel('Into exit'));
    await expect.poll(() => session.page.locator('.react-flow__edge').count()).toBe(3);
    await expect.poll(() => problemsHeading().textContent()).toBe('No problems');
    await node('split').click();
    await variant(2).fill('monthly');
    await expect.poll(() => problemsHeading().textContent()).not.toBe('No problems');
    expect(await session.page.getByRole('region', { name: 'Problems' }).textContent()).toContain('biweekly');
    await variant(2).fill('biweekly');
    await expect.poll(() => problemsHeading().textContent()).toBe('No problems');
    await expect.poll(() => session.page.locator('.react-flow__edge').count()).toBe(3);
  });

  it('sets the goal in the journey settings and shows the planned sample size per arm on the draft split', async () => {
    await pane().click({ position: { x: 600, y: 500 } });
    const settings = session.page.getByRole('region', { name: 'Journey settings' });
    await settings.getByRole('button', { name: 'Add goal' }).click();
    await settings.getByRole('group', { name: 'Goal' }).getByLabel('Event', { exact: true }).fill('Order Completed');
    await expect
      .poll(async () => (await session.api.admin('GET', '/v1/journeys/cadence-test')).json.draft.settings.goal, {
        timeout: 10_000,
      })
      .toEqual({ event: 'Order Completed', where: [], withinDays: 30 });
    await node('split').click();
    await expect
      .poll(() => experiment().textContent(), { timeout: 15_000 })
      .toContain(`Planned sample: ${planned.toLocaleString('en-US')} customers per arm`);
    expect(await experiment().textContent()).toContain('Goal: Order Completed within 30 days');
  });

  it('after publishing and a few sign-ups, says "not yet" and how many more customers the test needs', async () => {
    await publish().click();
    await session.page.getByRole('dialog', { name: 'Publish' }).getByRole('button', { name: 'Publish now' }).click();
    await session.page
      .getByRole('region', { name: 'Version history' })
      .getByRole('link', { name: 'Version 1' })
      .waitFor();
    for (const userId of ['ab-1', 'ab-2', 'ab-3']) {
      expect((await session.api.track({ userId, event: 'Signed Up', messageId: `${userId}-signup` })).status).toBe(200);
    }
    await session.page.getByRole('button', { name: 'Inspector' }).click();
    await node('split').click();
    const exposed = async () =>
      [...((await experiment().textContent()) ?? '').matchAll(/Exposed(\d+)/g)].reduce(
        (sum, m) => sum + Number(m[1]),
        0,
      );
    await expect.poll(exposed, { timeout: 30_000 }).toBe(3);
    const text = await experiment().textContent();
    expect(text).toContain(
      `Not yet: ${planned.toLocaleString('en-US')} more measured customers needed in the smallest arm`,
    );
    expect(text).toContain('Rule in force: Fixed horizon');
    expect(
      await experiment()
        .getByRole('img', { name: /^Cumulative conversion rate by day: weekly .*; biweekly / })
        .count(),
    ).toBe(1);
    await session.page.screenshot({ path: join(repoRoot, 'test/artifacts/editor-experiment.png') });
  });
});
