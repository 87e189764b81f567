import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { eventually } from '../support/ports.ts';
import { startScriptedSmtp, type ScriptedSmtp } from '../support/scripted-smtp.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// The whole stack with SMTP_URL at a scripted SMTP server on 127.0.0.1: a welcome email the server
// takes and then drops the line on is listed in doubt (never sent again by itself), one click resends
// it exactly once, and an address that is not one valid address is skipped with its reason.
let stack: StackProcess;
let smtp: ScriptedSmtp;
let api: ReturnType<typeof apiClient>;
const keys = { writeKey: 'wk_test_write_key', adminToken: 'adm_test_admin_token' };

beforeAll(async () => {
  smtp = await startScriptedSmtp();
  stack = await startStack(await stackEnv({ SMTP_URL: smtp.url }));
  api = apiClient(stack.url, keys);
  expect((await api.admin('POST', '/v1/journeys/onboarding/publish', {})).status).toBe(200);
});
afterAll(async () => {
  await stack?.stop();
  await smtp?.close();
});

const resend = (key: string, requestId?: string) =>
  fetch(`${stack.url}/v1/sends/${encodeURIComponent(key)}/resend`, {
    method: 'POST',
    headers: { authorization: `Bearer ${keys.adminToken}`, ...(requestId ? { 'idempotency-key': requestId } : {}) },
  }).then(async (res) => ({ status: res.status, json: await res.json() }));

describe('sends that need a person', () => {
  it('lists an email the server took without answering as in doubt, and one click resends it exactly once', async () => {
    smtp.script(['drop-after-data'], 'accept');
    await api.identify({ userId: 'dora', traits: { email: 'dora@example.com', firstName: 'Dora' } });
    await api.track({ userId: 'dora', event: 'Signed Up', messageId: 'dora-signup' });
    const send = await eventually(async () => {
      const listed = await api.admin('GET', '/v1/sends');
      return listed.json.sends.find((s: { userId: string }) => s.userId === 'dora');
    }, "Dora's in-doubt send");
    expect(send).toMatchObject({
      status: 'in-doubt',
      stepId: 'welcome',
      template: 'welcome',
      recipient: 'dora@example.com',
      lastResend: null,
    });
    expect(smtp.taken.map((t) => [t.to, t.answered])).toEqual([['dora@example.com', false]]);
    // The run went on to its wait although the send is in doubt, and nothing tried the email again.
    await eventually(
      async () =>
        (await api.admin('GET', '/v1/customers/dora')).json.journeys?.[0]?.stepId === 'wait-activated'
          ? true
          : undefined,
      'the run waiting for Activated',
    );
    expect(smtp.transactions).toBe(1);

    const first = await resend(send.idempotencyKey, 'click-1');
    const doubleClick = await resend(send.idempotencyKey, 'click-1');
    expect(first).toMatchObject({
      status: 201,
      json: {
        repeated: false,
        resend: { status: 'sent', resendOf: send.idempotencyKey, recipient: 'dora@example.com' },
      },
    });
    expect(doubleClick).toMatchObject({ status: 200, json: { repeated: true, resend: { status: 'sent' } } });
    expect(smtp.delivered().map((t) => t.to)).toEqual(['dora@example.com']);
    const listed = await api.admin('GET', '/v1/sends?status=in-doubt');
    expect(listed.json.sends.find((s: { userId: string }) => s.userId === 'dora')).toMatchObject({
      lastResend: { status: 'sent' },
    });
  });

  it('skips a customer whose email trait is a list, with the reason, and lists it by status', async () => {
    await api.identify({ userId: 'list', traits: { email: 'a@x.com,b@y.com', firstName: 'List' } });
    await api.track({ userId: 'list', event: 'Signed Up', messageId: 'list-signup' });
    const skipped = await eventually(async () => {
      const listed = await api.admin('GET', '/v1/sends?status=skipped-invalid-email');
      return listed.json.sends.find((s: { userId: string }) => s.userId === 'list');
    }, 'the skipped send');
    expect(skipped).toMatchObject({
      status: 'skipped-invalid-email',
      error: expect.stringContaining('not one valid address'),
    });
    expect(smtp.taken.some((t) => t.to.includes('x.com') || t.to.includes('y.com'))).toBe(false);
  });

  it('answers bad requests with where and what, never a 5xx', async () => {
    const badStatus = await api.admin('GET', '/v1/sends?status=failed,lost');
    expect(badStatus.status).toBe(400);
    expect(badStatus.json.error.problems[0].path).toBe('status.1');
    const sent = (await api.admin('GET', '/v1/sends?status=skipped-invalid-email')).json.sends[0];
    expect(await resend(sent.idempotencyKey, 'x')).toMatchObject({
      status: 409,
      json: { error: { message: expect.stringContaining('only failed and in-doubt') } },
    });
    expect((await resend('no-such-send', 'x')).status).toBe(404);
    const noKey = await resend(sent.idempotencyKey);
    expect(noKey).toMatchObject({ status: 400, json: { error: { problems: [{ path: 'headers.idempotency-key' }] } } });
    expect((await fetch(`${stack.url}/v1/sends`)).status).toBe(401);
  });

  it('documents the sends API in /openapi.json', async () => {
    const doc = await (await fetch(`${stack.url}/openapi.json`)).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/sends', '/v1/sends/{key}/resend']));
  });
});
