import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../engine/bin/tools.mjs';
import { canvasOf, editorSession } from '../../support/canvas.ts';

// Every page of the editor in real Chromium, saved as test/artifacts/<page>.png for a person to look at,
// and measured from the DOM the way a person would judge it: can the step titles be read at fit view,
// does an arrow's count ever sit on a handle, do the table's headings stand over their columns.
// The shop plugin is loaded so its Slack node (a Lucide icon the fonts never had) is in the palette.
const session = editorSession({ env: { BOOMERANG_PLUGINS: './templates/plugins/shop/index.ts' }, signedIn: true });
const artifacts = join(repoRoot, 'test/artifacts');
const shoot = (name: string) => session.page.screenshot({ path: join(artifacts, `${name}.png`) });

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The canvas's zoom once it has stopped moving (fit view animates). */
async function settledZoom(page: Page): Promise<number> {
  const transform = () => page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
  let last = '';
  await expect
    .poll(
      async () => {
        const now = await transform();
        const same = now === last && now !== '';
        last = now;
        return same;
      },
      { interval: 150 },
    )
    .toBe(true);
  const scale = /scale\(([\d.]+)\)/.exec(last);
  if (!scale?.[1]) throw new Error(`no zoom in the canvas transform "${last}"`);
  return Number(scale[1]);
}

/** Each drawn step's title size on screen: its CSS font size times the canvas zoom. */
async function titleSizesOnScreen(page: Page): Promise<Array<{ step: string; px: number }>> {
  const zoom = await settledZoom(page);
  const sizes = await page.locator('.react-flow__node .step').evaluateAll((steps) =>
    steps.map((step) => ({
      step: step.getAttribute('data-node-id') ?? '?',
      font: Number.parseFloat(getComputedStyle(step.querySelector('.step-label') ?? step).fontSize),
    })),
  );
  return sizes.map((s) => ({ step: s.step, px: Math.round(s.font * zoom * 100) / 100 }));
}

/** Every arrow count label that lies on a handle, as "label over handle". */
async function countsOnHandles(page: Page): Promise<string[]> {
  const labels = await page.locator('.edge-count').evaluateAll((els) =>
    els.map((el) => ({
      id: el.getAttribute('data-edge-id') ?? '?',
      box: el.getBoundingClientRect().toJSON() as Box,
    })),
  );
  const handles = await page
    .locator('.react-flow__handle')
    .evaluateAll((els) =>
      els.map((el) => ({ id: el.getAttribute('aria-label') ?? '?', box: el.getBoundingClientRect().toJSON() as Box })),
    );
  return labels.flatMap((l) => handles.filter((h) => overlap(l.box, h.box)).map((h) => `${l.id} over ${h.id}`));
}

/** Opens a journey, runs the simulation so its arrows carry counts, and checks it is readable. */
async function checkJourney(id: string, shot: string): Promise<void> {
  const page = session.page;
  await page.goto(`${session.stack.url}/#/journeys/${id}`);
  await page.locator('.react-flow__node').first().waitFor();
  await page.getByRole('button', { name: 'Simulate', exact: true }).click();
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await page.locator('.edge-count').first().waitFor();
  await page.getByRole('button', { name: 'Fit view', exact: true }).click();
  const sizes = await titleSizesOnScreen(page);
  await shoot(shot);
  expect(sizes.length, `steps drawn on ${id}`).toBeGreaterThan(0);
  expect(
    sizes.filter((s) => s.px < 11),
    `step titles under 11 px on ${id}`,
  ).toEqual([]);
  expect(await countsOnHandles(page), `arrow counts on handles in ${id}`).toEqual([]);
}

describe('every page of the editor, as a person sees it', () => {
  let starters: string[] = [];
  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    starters = (await session.api.admin('GET', '/v1/starters')).json.starters.map((s: { id: string }) => s.id);
  });

  it("lists the journeys with each heading over its column's cells", async () => {
    await session.page.getByRole('link', { name: 'Onboarding' }).waitFor();
    const lefts = (selector: string) =>
      session.page
        .locator(selector)
        .evaluateAll((cells) => cells.map((c) => Math.round(c.getBoundingClientRect().left * 10) / 10));
    const headings = await lefts('table.list thead th');
    const firstRow = await lefts('table.list tbody tr:first-child td');
    expect(headings.length).toBe(6);
    expect(firstRow.length).toBe(headings.length);
    headings.forEach((x, i) =>
      expect(Math.abs(x - (firstRow[i] ?? Number.NaN)), `column ${i + 1}`).toBeLessThanOrEqual(1),
    );
    await shoot('journeys');
  });

  it('draws every starter journey readable at fit view, arrow counts clear of the handles', async () => {
    expect(starters.length).toBeGreaterThanOrEqual(7);
    for (const id of starters) {
      await checkJourney(id, `journey-${id}`);
    }
  });

  it('lays a journey out top to bottom, still readable, counts still clear of the handles', async () => {
    await checkJourney('nps-feedback', 'journey-nps-feedback');
    await session.page.getByRole('button', { name: 'Top to bottom' }).click();
    await expect.poll(() => session.page.locator('.react-flow__node .step-down').count()).toBeGreaterThan(0);
    await session.page.getByRole('button', { name: 'Fit view', exact: true }).click();
    const sizes = await titleSizesOnScreen(session.page);
    await shoot('journey-nps-feedback-top-to-bottom');
    expect(sizes.filter((s) => s.px < 11)).toEqual([]);
    expect(await countsOnHandles(session.page)).toEqual([]);
    await session.page.getByRole('button', { name: 'Left to right' }).click();
  });

  it("shows a split's experiment panel", async () => {
    await session.page.goto(`${session.stack.url}/#/journeys/drip-cadence-test`);
    await session.page.getByRole('button', { name: 'Fit view', exact: true }).click();
    await canvasOf(session.page).node('cadence').click();
    const panel = session.page.getByRole('region', { name: 'Experiment' });
    await panel.waitFor();
    await panel.scrollIntoViewIfNeeded();
    await shoot('experiment');
  });

  it('shows the palette with a Lucide icon for every node, the Slack one included', async () => {
    await session.page.goto(`${session.stack.url}/#/journeys/onboarding`);
    const palette = session.page.getByRole('navigation', { name: 'Palette' });
    await palette.getByRole('button', { name: 'Slack message' }).waitFor();
    await expect.poll(() => palette.locator('svg[data-icon="fallback"]').count()).toBe(0);
    expect(await palette.locator('.palette-item svg.lucide').count()).toBe(
      await palette.locator('.palette-item').count(),
    );
  });

  it('shows the templates, customer, sends, outbox and routing pages', async () => {
    const page = session.page;
    await page.goto(`${session.stack.url}/#/templates/welcome`);
    await page.getByTestId('preview-subject').waitFor();
    await page.getByLabel('Test address').fill('grace@example.com');
    await page.getByRole('button', { name: 'Send test email' }).click();
    await page.getByText(/^Sent "/).waitFor();
    await shoot('templates');

    expect(
      (await session.api.identify({ userId: 'grace', traits: { email: 'grace@example.com', firstName: 'Grace' } }))
        .status,
    ).toBe(200);
    await session.api.track({ userId: 'grace', event: 'Signed Up' });
    await page.goto(`${session.stack.url}/#/customers/grace`);
    await page.getByRole('region', { name: 'Customer grace' }).waitFor();
    await shoot('customer');

    await page.goto(`${session.stack.url}/#/outbox`);
    await page
      .getByRole('button', { name: /Welcome|Grace/ })
      .first()
      .waitFor();
    await shoot('outbox');

    for (const name of ['sends', 'routing']) {
      await page.goto(`${session.stack.url}/#/${name}`);
      await page.getByRole('heading', { name: name === 'sends' ? 'Sends' : 'Routing', level: 1 }).waitFor();
      await shoot(name);
    }
  });
});
