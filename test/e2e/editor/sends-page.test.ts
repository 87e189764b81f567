import { beforeAll, describe, expect, it } from 'vitest';
import { canvasOf, editorSession, signIn } from '../../support/canvas.ts';
import { startScriptedSmtp, type ScriptedSmtp } from '../../support/scripted-smtp.ts';

// The marketer's side of failed sends, in Chromium: every action's form offers "If it fails", and an
// email the mail server took without confirming is on the Sends page with a Resend button that sends
// it exactly once more. SMTP_URL points at a scripted server that drops the first message's line.
let smtp: ScriptedSmtp;
beforeAll(async () => {
  smtp = await startScriptedSmtp();
  smtp.script(['drop-after-data'], 'accept');
});
// A getter: the stack reads SMTP_URL when it starts, after the scripted server above is listening.
const session = editorSession({
  env: {
    get SMTP_URL() {
      return smtp.url;
    },
  },
});

describe('failed and in-doubt sends in the editor', () => {
  it('offers "If it fails" on a new email step, "continue" by default, and saves a change with the draft', async () => {
    await signIn(session.page, session.stack.url, session.keys.adminToken);
    await session.page.getByLabel('Name').fill('Failures');
    await session.page.getByRole('button', { name: 'Create journey' }).click();
    await session.page.getByRole('navigation', { name: 'Palette' }).getByRole('button', { name: 'Send email' }).click();
    await canvasOf(session.page).node('send-email').click();
    const form = session.page.getByRole('form', { name: 'Settings of send-email' });
    const setting = form.getByLabel('If it fails');
    expect(await setting.inputValue()).toBe('continue');
    expect(await setting.locator('option').allTextContents()).toEqual(expect.arrayContaining(['continue', 'exit']));
    expect(await form.getByLabel('Keep trying for (hours)').inputValue()).toBe('24');
    await setting.selectOption('exit');
    await expect
      .poll(async () => (await session.api.admin('GET', '/v1/journeys/failures')).json.draft.nodes, { timeout: 10_000 })
      .toEqual([
        expect.objectContaining({
          id: 'send-email',
          config: expect.objectContaining({ onFailure: 'exit', retryForHours: 24 }),
        }),
      ]);
  });

  it('lists the in-doubt welcome email, and Resend delivers it exactly once', async () => {
    expect((await session.api.admin('POST', '/v1/journeys/onboarding/publish', {})).status).toBe(200);
    await session.api.identify({ userId: 'ines', traits: { email: 'ines@example.com', firstName: 'Ines' } });
    await session.api.track({ userId: 'ines', event: 'Signed Up', messageId: 'ines-signup' });
    await expect
      .poll(async () => (await session.api.admin('GET', '/v1/sends')).json.sends.length, { timeout: 60_000 })
      .toBe(1);

    await session.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sends' }).click();
    const row = session.page.getByRole('row', { name: /ines@example\.com/ });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('in-doubt');
    await row.getByRole('button', { name: 'Resend' }).click();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('Resent');
    expect(smtp.taken.map((t) => [t.to, t.answered])).toEqual([
      ['ines@example.com', false],
      ['ines@example.com', true],
    ]);
  });
});
