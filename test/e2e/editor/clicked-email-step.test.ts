import { describe, expect, it } from 'vitest';
import { canvasOf, editorSession } from '../../support/canvas.ts';

// A wait for a click names the email it waits on with a select of the "Send email" steps before it,
// in real Chromium against the whole stack: the marketer picks the second of two earlier emails and the
// draft the API holds names that step. The journey is saved over the API first, with a clicked step
// that comes after the wait (as a journey pulled from elsewhere might).
const session = editorSession({ signedIn: true });

const JOURNEY = {
  id: 'click-follow-up',
  name: 'Click follow-up',
  nodes: [
    { id: 'start', type: 'event-trigger', config: { event: 'Signed Up' } },
    { id: 'first', type: 'send-email', config: { template: 'welcome' } },
    { id: 'gap', type: 'delay', config: { mode: 'duration', amount: 1, unit: 'days' } },
    { id: 'second', type: 'send-email', config: { template: 'tips' } },
    {
      id: 'clicked',
      type: 'wait-for-event',
      config: { event: 'Email Link Clicked', timeout: { amount: 3, unit: 'days' }, clickedEmailStep: 'after' },
    },
    { id: 'after', type: 'send-email', config: { template: 'cross-sell' } },
    { id: 'done', type: 'exit', config: {} },
  ],
  edges: [
    { from: 'start', to: 'first' },
    { from: 'first', to: 'gap' },
    { from: 'gap', to: 'second' },
    { from: 'second', to: 'clicked' },
    { from: 'clicked', to: 'after', branch: 'received' },
    { from: 'clicked', to: 'done', branch: 'timeout' },
  ],
};

const form = () => session.page.getByRole('form', { name: 'Settings of clicked' });
const picker = () => form().getByLabel('Clicked in email step');
const savedClickedStep = async () => {
  const draft = (await session.api.admin('GET', `/v1/journeys/${JOURNEY.id}`)).json.draft as {
    nodes: { id: string; config: Record<string, unknown> }[];
  };
  return draft.nodes.find((n) => n.id === 'clicked')?.config['clickedEmailStep'];
};

describe('the clicked email step of a wait for a click', () => {
  it('offers the two emails before the wait, nearest first, and keeps the later one saved as not an earlier step', async () => {
    expect((await session.api.admin('POST', '/v1/journeys', JOURNEY)).status).toBe(201);
    await session.page.goto(`${session.stack.url}/#/journeys/${JOURNEY.id}`);
    await canvasOf(session.page).node('clicked').click();
    await picker().waitFor();
    expect(await picker().evaluate((el) => el.tagName)).toBe('SELECT');
    expect(await picker().locator('option').allTextContents()).toEqual([
      'None',
      'after (not an earlier email step)',
      'Send "tips" (second)',
      'Send "welcome" (first)',
    ]);
    expect(await picker().inputValue()).toBe('after');
    await expect
      .poll(() => form().getByRole('alert').allTextContents(), { timeout: 10_000 })
      .toEqual([expect.stringContaining('"after" does not come before it')]);
  });

  it('saves the second email when it is picked, and the API holds its id', async () => {
    await picker().selectOption({ label: 'Send "tips" (second)' });
    await expect.poll(savedClickedStep, { timeout: 10_000 }).toBe('second');
    expect(await picker().locator('option').allTextContents()).toEqual([
      'None',
      'Send "tips" (second)',
      'Send "welcome" (first)',
    ]);
    await expect.poll(() => form().getByRole('alert').count(), { timeout: 10_000 }).toBe(0);
  });

  it('empties the field with the empty choice (it is optional), and the draft no longer names a step', async () => {
    await picker().selectOption({ label: 'None' });
    await expect.poll(savedClickedStep, { timeout: 10_000 }).toBeUndefined();
  });
});
