import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { dsnText } from '../support/dsn.ts';
import { eventually, freePort } from '../support/ports.ts';
import { startScriptedSmtp, type ScriptedSmtp } from '../support/scripted-smtp.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// The whole stack sending through a scripted SMTP server on 127.0.0.1, with BOUNCE_DOMAIN set and the
// bounce listener on a local port: a 550 to RCPT TO suppresses the address; a DSN and an ARF report
// sent over TCP to the listener (by nodemailer, a real SMTP client) suppress and unsubscribe; later
// sends to a suppressed address are skipped-suppressed and never reach the server.
const DOMAIN = 'bounces.example.test';
let stack: StackProcess;
let smtp: ScriptedSmtp;
let bouncePort: number;
let api: ReturnType<typeof apiClient>;
const keys = { writeKey: 'wk_test_write_key', adminToken: 'adm_test_admin_token' };

beforeAll(async () => {
  smtp = await startScriptedSmtp();
  bouncePort = await freePort();
  stack = await startStack(
    await stackEnv({
      SMTP_URL: smtp.url,
      BOUNCE_DOMAIN: DOMAIN,
      BOUNCE_SMTP_PORT: String(bouncePort),
      SOFT_BOUNCE_LIMIT: '2',
    }),
  );
  api = apiClient(stack.url, keys);
  expect((await api.admin('POST', '/v1/journeys/onboarding/publish', {})).status).toBe(200);
});
afterAll(async () => {
  await stack?.stop();
  await smtp?.close();
});

/** Mails a report to the bounce listener over SMTP, as a receiving mail server would. */
async function report(to: string, raw: string) {
  const client = createTransport({ host: '127.0.0.1', port: bouncePort, secure: false, ignoreTLS: true });
  try {
    return await client.sendMail({ envelope: { from: '', to }, raw });
  } finally {
    client.close();
  }
}

const suppression = (address: string) =>
  eventually(async () => {
    const listed = await api.admin('GET', `/v1/suppressions?search=${encodeURIComponent(address)}`);
    return listed.json.suppressions.find((s: { address: string }) => s.address === address);
  }, `${address} on the suppression list`);

const eventOf = (userId: string, name: string) =>
  eventually(async () => {
    const customer = await api.admin('GET', `/v1/customers/${userId}`);
    return customer.json.events.find((e: { event?: string }) => e.event === name);
  }, `${userId}'s ${name} event`);

/** Signs a customer up and waits for the welcome email to reach the scripted server; its envelope. */
async function welcomed(userId: string, email: string) {
  await api.identify({ userId, traits: { email, firstName: userId } });
  await api.track({ userId, event: 'Signed Up', messageId: `${userId}-signup` });
  return eventually(async () => smtp.taken.find((t) => t.to === email), `the welcome email to ${email}`);
}

/** A DSN for one failed recipient, quoting the returned message's To (and its Message-ID when given). */
const dsn = (o: { finalRecipient: string; status: string; reportId: string; messageId?: string }) =>
  dsnText({
    to: `<bounce@${DOMAIN}>`,
    reportId: `<${o.reportId}@mx.example.org>`,
    finalRecipient: o.finalRecipient,
    status: o.status,
    diagnostic: `${o.status.startsWith('5') ? '550' : '452'} ${o.status} the server said no`,
    quoted: { to: o.finalRecipient, ...(o.messageId ? { messageId: o.messageId } : {}) },
  });

describe('bounces', () => {
  it('suppresses an address the mail server refuses with 550, records Email Bounced, and skips later sends to it', async () => {
    smtp.script(['refuse-550'], 'accept');
    await api.identify({ userId: 'hank', traits: { email: 'hank@example.com', firstName: 'Hank' } });
    await api.track({ userId: 'hank', event: 'Signed Up', messageId: 'hank-signup' });
    expect(await suppression('hank@example.com')).toMatchObject({
      reason: 'hard-bounce',
      source: 'smtp',
      userId: 'hank',
      detail: expect.stringContaining('550 5.1.1 no such mailbox'),
    });
    expect((await eventOf('hank', 'Email Bounced')).properties).toMatchObject({
      type: 'hard',
      reason: expect.stringContaining('no such mailbox'),
      diagnosticCode: '550 5.1.1',
      journey: 'onboarding',
      step: 'welcome',
      template: 'welcome',
      messageId: expect.stringMatching(/^<[0-9a-f]{32}@/),
    });

    // Another customer with the same address (in other letters' case) is never emailed.
    const transactions = smtp.transactions;
    await api.identify({ userId: 'hank2', traits: { email: 'Hank@Example.com', firstName: 'Hank' } });
    await api.track({ userId: 'hank2', event: 'Signed Up', messageId: 'hank2-signup' });
    const skipped = await eventually(async () => {
      const listed = await api.admin('GET', '/v1/sends?status=skipped-suppressed');
      return listed.json.sends.find((s: { userId: string }) => s.userId === 'hank2');
    }, "hank2's skipped send");
    expect(skipped).toMatchObject({
      status: 'skipped-suppressed',
      recipient: 'Hank@Example.com',
      error: expect.stringContaining('suppression list (hard-bounce'),
    });
    // The journey went on like after any skip: the run reached its wait for Activated.
    await eventually(
      async () =>
        (await api.admin('GET', '/v1/customers/hank2')).json.journeys?.[0]?.stepId === 'wait-activated'
          ? true
          : undefined,
      'hank2 waiting for Activated',
    );
    expect(smtp.transactions).toBe(transactions);
  });

  it('sends with a signed VERP return path, and a DSN to it over SMTP suppresses the address', async () => {
    const mail = await welcomed('iris', 'iris@example.com');
    expect(mail.from).toMatch(new RegExp(`^bounce\\+[a-z2-7]{26}\\.[a-z2-7]{8}@${DOMAIN.replace(/\./g, '\\.')}$`));
    await report(mail.from, dsn({ finalRecipient: 'iris@example.com', status: '5.1.1', reportId: 'dsn-iris' }));
    expect(await suppression('iris@example.com')).toMatchObject({
      reason: 'hard-bounce',
      source: 'dsn',
      userId: 'iris',
    });
    expect((await eventOf('iris', 'Email Bounced')).properties).toMatchObject({
      type: 'hard',
      diagnosticCode: '5.1.1',
      messageId: mail.messageId,
      step: 'welcome',
    });
  });

  it('finds the send by the quoted Message-ID when a bounce comes to the bare bounce address', async () => {
    const mail = await welcomed('jack', 'jack@example.com');
    await report(
      `bounce@${DOMAIN}`,
      dsn({ finalRecipient: 'jack@example.com', status: '5.2.1', reportId: 'dsn-jack', messageId: mail.messageId! }),
    );
    expect(await suppression('jack@example.com')).toMatchObject({ reason: 'hard-bounce', userId: 'jack' });
  });

  it('suppresses after SOFT_BOUNCE_LIMIT soft bounces, not before', async () => {
    const mail = await welcomed('kim', 'kim@example.com');
    await report(mail.from, dsn({ finalRecipient: 'kim@example.com', status: '4.2.2', reportId: 'dsn-kim-1' }));
    // The first soft bounce is recorded (its event), and the address is still mailed.
    expect((await eventOf('kim', 'Email Bounced')).properties).toMatchObject({ type: 'soft', diagnosticCode: '4.2.2' });
    expect((await api.admin('GET', '/v1/suppressions?search=kim@')).json.total).toBe(0);
    await report(mail.from, dsn({ finalRecipient: 'kim@example.com', status: '4.2.2', reportId: 'dsn-kim-2' }));
    expect(await suppression('kim@example.com')).toMatchObject({
      reason: 'soft-bounce',
      detail: expect.stringContaining('2 soft bounces within 7 days'),
    });
  });

  it('refuses mail for any other address, and a return path with a forged signature, with 550', async () => {
    const refusedCode = (to: string) =>
      report(to, dsn({ finalRecipient: 'x@example.com', status: '5.1.1', reportId: `r-${to}` })).then(
        () => 250,
        (error: { responseCode?: number }) => error.responseCode,
      );
    expect(await refusedCode(`hello@${DOMAIN}`)).toBe(550);
    expect(await refusedCode(`bounce+aaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaa@${DOMAIN}`)).toBe(550);
    expect(await refusedCode('bounce@elsewhere.example')).toBe(550);
  });
});

describe('complaints', () => {
  it('an ARF abuse report unsubscribes the customer from all marketing, suppresses the address and records Email Marked as Spam', async () => {
    const mail = await welcomed('lou', 'lou@example.com');
    const arf = [
      'From: <fbl@isp.example.net>',
      `To: <bounce@${DOMAIN}>`,
      'Subject: complaint about message',
      'Message-ID: <arf-lou@isp.example.net>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=feedback-report; boundary="b2"',
      '',
      '--b2',
      'Content-Type: text/plain',
      '',
      'This is an email abuse report.',
      '',
      '--b2',
      'Content-Type: message/feedback-report',
      '',
      'Feedback-Type: abuse',
      'User-Agent: ExampleFBL/1.0',
      'Version: 1',
      'Original-Rcpt-To: <lou@example.com>',
      '',
      '--b2',
      'Content-Type: message/rfc822',
      'Content-Disposition: inline',
      '',
      'From: Boomerang <hello@localhost>',
      'To: lou@example.com',
      'Subject: Welcome',
      `Message-ID: ${mail.messageId}`,
      '',
      'Hello',
      '--b2--',
      '',
    ].join('\r\n');
    await report(`bounce@${DOMAIN}`, arf);
    expect(await suppression('lou@example.com')).toMatchObject({ reason: 'complaint', source: 'arf', userId: 'lou' });
    expect((await eventOf('lou', 'Email Marked as Spam')).properties).toMatchObject({
      feedbackType: 'abuse',
      messageId: mail.messageId,
      template: 'welcome',
    });
    expect((await api.admin('GET', '/v1/customers/lou')).json.customer.unsubscribedAt).toEqual(expect.any(String));
  });

  it("counts the recorded complaint and hard bounces in the doctor's 7-day rates", async () => {
    const doctor = await api.admin('GET', '/v1/deliverability/doctor');
    expect(doctor.status).toBe(200);
    const checks: Array<{ id: string; message: string }> = doctor.json.checks;
    const counted = (id: string) => {
      const m = /\((\d+) of (\d+) sent in the last 7 days\)/.exec(checks.find((c) => c.id === id)?.message ?? '');
      return m ? { count: Number(m[1]), sent: Number(m[2]) } : undefined;
    };
    // This file sends exactly one ARF report (lou's); the 550 refusal and the DSNs above are hard bounces.
    expect(counted('complaints')).toMatchObject({ count: 1 });
    expect(counted('hard-bounces')?.count).toBeGreaterThanOrEqual(1);
  });
});

describe('the suppression list API', () => {
  it('adds by hand, pages and searches, removes, and answers bad input with where and what', async () => {
    const added = await api.admin('POST', '/v1/suppressions', {
      address: 'Manual@Example.com',
      note: 'asked by phone',
    });
    expect(added).toMatchObject({
      status: 201,
      json: { address: 'manual@example.com', reason: 'manual', source: 'api', detail: 'asked by phone' },
    });
    expect((await api.admin('POST', '/v1/suppressions', { address: 'manual@example.com' })).status).toBe(200);
    const page = await api.admin('GET', '/v1/suppressions?search=MANUAL&limit=1');
    expect(page.json).toMatchObject({ total: 1, suppressions: [{ address: 'manual@example.com' }] });
    const firstPage = await api.admin('GET', '/v1/suppressions?limit=1&offset=0');
    const secondPage = await api.admin('GET', '/v1/suppressions?limit=1&offset=1');
    expect(firstPage.json.total).toBeGreaterThanOrEqual(2);
    expect(secondPage.json.suppressions[0].address).not.toBe(firstPage.json.suppressions[0].address);

    expect((await api.admin('DELETE', `/v1/suppressions/${encodeURIComponent('manual@example.com')}`)).status).toBe(
      204,
    );
    expect((await api.admin('DELETE', `/v1/suppressions/${encodeURIComponent('manual@example.com')}`)).status).toBe(
      404,
    );

    const bad = await api.admin('POST', '/v1/suppressions', { address: 'not an address' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.problems[0].path).toBe('address');
    const badLimit = await api.admin('GET', '/v1/suppressions?limit=0');
    expect(badLimit).toMatchObject({ status: 400, json: { error: { problems: [{ path: 'query.limit' }] } } });
    expect((await fetch(`${stack.url}/v1/suppressions`)).status).toBe(401);
    const doc = await (await fetch(`${stack.url}/openapi.json`)).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/suppressions', '/v1/suppressions/{address}']));
  });
});
