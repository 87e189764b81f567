import { createHmac, createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSnsCertificateUrl } from '../../../engine/src/bounces/index.ts';
import { findCustomer, findSuppression, type Database } from '../../../engine/src/db/index.ts';
import { eventNamesOf, sentToCustomer } from '../../support/delivered-send.ts';
import { startInProcessApp, type InProcessApp } from '../../support/in-process-app.ts';

// ESP webhooks over HTTP against a real embedded database: a verified call records the bounce or
// complaint against the send it names; a call with a bad signature is refused with 401 and records
// nothing. Signatures are made here by each provider's documented recipe, not by the code under test.
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/bounces/${name}`, import.meta.url), 'utf8');
const MAILGUN_KEY = 'key-0123456789abcdef0123456789abcdef';
const POSTMARK = 'postmark:correct-horse-battery';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ses-bounces';
const CERT_URL = 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-test.pem';
let app: InProcessApp;
let db: Database;
let base: string;
const fetchedCertificates: string[] = [];

/** A send to `address` as the message log keeps it once it left, with a Boomerang Message-ID. */
const sent = (userId: string, address: string, hex: string) => sentToCustomer(db, userId, address, hex);

const post = (provider: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/v1/webhooks/${provider}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  }).then(async (res) => ({ status: res.status, json: await res.json() }));

const eventsOf = (userId: string) => eventNamesOf(db, userId);

beforeAll(async () => {
  app = await startInProcessApp('webhooks', (db) => ({
    bounceWebhooks: {
      db,
      policy: { softLimit: 3, softDays: 7 },
      keys: { mailgunSigningKey: MAILGUN_KEY, postmarkAuth: POSTMARK, sesTopicArn: TOPIC },
      fetchCertificate: async (url) => {
        fetchedCertificates.push(url);
        return fixture('sns-test-cert.pem');
      },
      confirmSubscription: async () => undefined,
    },
  }));
  ({ db, base } = app);
}, 60_000);
afterAll(async () => {
  await app?.close();
});

describe('Mailgun webhooks (HMAC-SHA256 of timestamp + token with the signing key)', () => {
  const signed = (eventData: unknown, key = MAILGUN_KEY) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const token = 'a'.repeat(50);
    const signature = createHmac('sha256', key)
      .update(timestamp + token)
      .digest('hex');
    return { signature: { timestamp, token, signature }, 'event-data': eventData };
  };
  const failed = (messageId: string) => ({
    id: 'mg-event-1',
    event: 'failed',
    severity: 'permanent',
    recipient: 'mia@example.com',
    message: { headers: { 'message-id': messageId.slice(1, -1) } },
    'delivery-status': { code: 550, message: '5.1.1 The email account that you tried to reach does not exist' },
  });

  it('refuses a call signed with another key with 401 and records nothing', async () => {
    const messageId = await sent('mia', 'mia@example.com', 'aa'.repeat(16));
    const answer = await post('mailgun', signed(failed(messageId), 'key-wrong-wrong-wrong-wrong'));
    expect(answer).toMatchObject({ status: 401, json: { error: { message: expect.stringContaining('signature') } } });
    expect(await findSuppression(db, 'mia@example.com')).toBeUndefined();
    expect(await eventsOf('mia')).not.toContain('Email Bounced');
  });

  it('records a permanent failure as a hard bounce of the send its Message-ID names', async () => {
    const answer = await post('mailgun', signed(failed('<' + 'aa'.repeat(16) + '@boomerang>')));
    expect(answer).toEqual({ status: 200, json: { recorded: 1, ignored: 0 } });
    expect(await findSuppression(db, 'mia@example.com')).toMatchObject({
      reason: 'hard-bounce',
      source: 'mailgun',
      userId: 'mia',
    });
    expect(await eventsOf('mia')).toContain('Email Bounced');
    // The same event delivered again is recorded once.
    expect((await post('mailgun', signed(failed('<' + 'aa'.repeat(16) + '@boomerang>')))).json).toEqual({
      recorded: 0,
      ignored: 0,
    });
  });
});

describe('Postmark webhooks (basic auth on the webhook URL)', () => {
  const complaint = { RecordType: 'SpamComplaint', ID: 42, Email: 'ned@example.com', MessageID: 'pm-1' };
  const basic = (credentials: string) => ({ authorization: `Basic ${Buffer.from(credentials).toString('base64')}` });

  it('refuses wrong or missing credentials with 401 and records nothing', async () => {
    await sent('ned', 'ned@example.com', 'bb'.repeat(16));
    expect((await post('postmark', complaint, basic('postmark:wrong-password-here'))).status).toBe(401);
    expect((await post('postmark', complaint)).status).toBe(401);
    expect(await findSuppression(db, 'ned@example.com')).toBeUndefined();
    expect((await findCustomer(db, 'ned'))?.unsubscribedAt).toBeNull();
  });

  it('records a spam complaint against the latest send to the address: unsubscribed, suppressed, Email Marked as Spam', async () => {
    expect(await post('postmark', complaint, basic(POSTMARK))).toEqual({
      status: 200,
      json: { recorded: 1, ignored: 0 },
    });
    expect(await findSuppression(db, 'ned@example.com')).toMatchObject({ reason: 'complaint', source: 'postmark' });
    expect((await findCustomer(db, 'ned'))?.unsubscribedAt).toEqual(expect.any(String));
    expect(await eventsOf('ned')).toEqual(expect.arrayContaining(['Email Marked as Spam', 'Unsubscribed']));
  });
});

describe('Amazon SES webhooks through SNS (signature checked with the SNS signing certificate)', () => {
  // The string to sign, as AWS documents it for a Notification: each field's name and value on lines of their own.
  const snsNotification = (message: unknown, opts: { certUrl?: string; tamper?: boolean } = {}) => {
    const fields = {
      Type: 'Notification',
      MessageId: 'sns-msg-1',
      TopicArn: TOPIC,
      Message: JSON.stringify(message),
      Timestamp: '2026-12-01T12:00:00.000Z',
    };
    const toSign = `Message\n${fields.Message}\nMessageId\n${fields.MessageId}\nTimestamp\n${fields.Timestamp}\nTopicArn\n${fields.TopicArn}\nType\n${fields.Type}\n`;
    const signature = createSign('RSA-SHA256').update(toSign).sign(fixture('sns-test-key.pem'), 'base64');
    return {
      ...fields,
      ...(opts.tamper ? { Message: fields.Message.replace('Permanent', 'Transient') } : {}),
      SignatureVersion: '2',
      Signature: signature,
      SigningCertURL: opts.certUrl ?? CERT_URL,
    };
  };
  const bounce = (messageId: string) => ({
    notificationType: 'Bounce',
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'General',
      bouncedRecipients: [
        { emailAddress: 'ola@example.com', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' },
      ],
    },
    mail: { messageId: 'ses-id', commonHeaders: { messageId } },
  });

  it('refuses a tampered message, and a certificate URL that is not an https SNS endpoint, with 401, recording nothing', async () => {
    const messageId = await sent('ola', 'ola@example.com', 'cc'.repeat(16));
    expect((await post('ses', snsNotification(bounce(messageId), { tamper: true }))).status).toBe(401);
    for (const certUrl of [
      'http://sns.us-east-1.amazonaws.com/cert.pem',
      'https://sns.us-east-1.amazonaws.com.evil.example/cert.pem',
      'https://evil.example/sns.us-east-1.amazonaws.com/cert.pem',
    ]) {
      const before = fetchedCertificates.length;
      expect((await post('ses', snsNotification(bounce(messageId), { certUrl }))).status).toBe(401);
      expect(fetchedCertificates.length).toBe(before); // never fetched from there
    }
    expect(await findSuppression(db, 'ola@example.com')).toBeUndefined();
  });

  it('records a Permanent bounce as hard, by the Message-ID in commonHeaders', async () => {
    const answer = await post('ses', snsNotification(bounce('<' + 'cc'.repeat(16) + '@boomerang>')));
    expect(answer).toEqual({ status: 200, json: { recorded: 1, ignored: 0 } });
    expect(fetchedCertificates.at(-1)).toBe(CERT_URL);
    expect(await findSuppression(db, 'ola@example.com')).toMatchObject({
      reason: 'hard-bounce',
      source: 'ses',
      detail: 'smtp; 550 5.1.1 user unknown',
    });
  });

  it('allows certificates only from https SNS endpoints', () => {
    expect(isSnsCertificateUrl('https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem')).toBe(true);
    expect(isSnsCertificateUrl('https://sns.cn-north-1.amazonaws.com.cn/x.pem')).toBe(true);
    expect(isSnsCertificateUrl('https://sns.eu-west-1.amazonaws.com:8443/x.pem')).toBe(false);
    expect(isSnsCertificateUrl('https://s3.amazonaws.com/x.pem')).toBe(false);
  });
});

describe('webhooks that are not set up', () => {
  it('answers 400 for an unknown provider, naming the ones there are', async () => {
    const answer = await post('sparkpost', {});
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toContain('ses, postmark, mailgun or sendgrid');
  });
});
