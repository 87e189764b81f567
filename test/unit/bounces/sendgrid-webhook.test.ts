import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendgridPublicKey } from '../../../engine/src/bounces/index.ts';
import { readSendgrid } from '../../../engine/src/bounces/webhooks/sendgrid.ts';
import { findCustomer, findSuppression, type Database } from '../../../engine/src/db/index.ts';
import { eventNamesOf, sentToCustomer } from '../../support/delivered-send.ts';
import { startInProcessApp, type InProcessApp } from '../../support/in-process-app.ts';

// SendGrid's Signed Event Webhook over HTTP against a real embedded database. The key pair is made
// here (P-256) and calls are signed by SendGrid's documented recipe (ECDSA-SHA256 over the timestamp
// header followed by the body's bytes); payloads follow the event shapes of SendGrid's Event Webhook
// reference. SendGrid's own published test vector (sendgrid-nodejs eventwebhook.spec.js) checks the
// verifier against a signature SendGrid made.
const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
// As SendGrid's Mail Settings show it: base64 of the DER SubjectPublicKeyInfo, no PEM framing.
const PUBLIC_KEY = pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
let app: InProcessApp;
let db: Database;
let base: string;

const sent = (userId: string, address: string, hex: string) => sentToCustomer(db, userId, address, hex);

/** Posts `events` as SendGrid does: a JSON array, one event per line, signed with `key` at `timestamp`. */
async function post(events: unknown[], key = pair.privateKey) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const body = `[${events.map((e) => JSON.stringify(e)).join(',\r\n')}]\r\n`;
  const signature = sign('sha256', Buffer.from(timestamp + body), key).toString('base64');
  const res = await fetch(`${base}/v1/webhooks/sendgrid`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'X-Twilio-Email-Event-Webhook-Signature': signature,
      'X-Twilio-Email-Event-Webhook-Timestamp': timestamp,
    },
    body,
  });
  return { status: res.status, json: await res.json() };
}

const sendgridEvent = (over: Record<string, unknown>) => ({
  timestamp: 1513299569,
  'smtp-id': '<14c5d75ce93.dfd.64b469@ismtpd-555>',
  category: 'cat facts',
  sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
  ...over,
});

const eventsOf = (userId: string) => eventNamesOf(db, userId);

beforeAll(async () => {
  app = await startInProcessApp('sendgrid', (db) => ({
    bounceWebhooks: { db, policy: { softLimit: 3, softDays: 7 }, keys: { sendgridPublicKey: PUBLIC_KEY } },
  }));
  ({ db, base } = app);
}, 60_000);
afterAll(async () => {
  await app?.close();
});

describe('SendGrid Event Webhook (ECDSA P-256 over timestamp + body)', () => {
  it("accepts SendGrid's own published test vector and refuses it altered", () => {
    const key = sendgridPublicKey(
      'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==',
    );
    const signature =
      'MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=';
    const payload = JSON.stringify({ category: 'example_payload', event: 'test_event', message_id: 'message_id' });
    const call = { rawBody: Buffer.from(payload), signature, timestamp: '1588788367', nowMs: 1588788367_000 };
    expect(readSendgrid(key, call)).toEqual({ verified: true, reports: [] });
    expect(readSendgrid(key, { ...call, rawBody: Buffer.from('payload') }).verified).toBe(false);
    expect(readSendgrid(key, { ...call, timestamp: '1588788368' }).verified).toBe(false);
    // Genuine, but replayed a day later.
    expect(readSendgrid(key, { ...call, nowMs: call.nowMs + 86_400_000 }).verified).toBe(false);
  });

  it('refuses a call signed with another key, or without the headers, with 401 and records nothing', async () => {
    const messageId = await sent('lea', 'lea@example.com', 'cc'.repeat(16));
    const bounce = sendgridEvent({ email: 'lea@example.com', event: 'bounce', type: 'bounce', 'smtp-id': messageId });
    const answer = await post([bounce], other.privateKey);
    expect(answer).toMatchObject({ status: 401, json: { error: { message: expect.stringContaining('signature') } } });
    const bare = await fetch(`${base}/v1/webhooks/sendgrid`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([bounce]),
    });
    expect(bare.status).toBe(401);
    const garbled = await fetch(`${base}/v1/webhooks/sendgrid`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'X-Twilio-Email-Event-Webhook-Signature': 'not base64 at all!',
        'X-Twilio-Email-Event-Webhook-Timestamp': 'yesterday',
      },
      body: JSON.stringify([bounce]),
    });
    expect(garbled.status).toBe(401);
    expect(await findSuppression(db, 'lea@example.com')).toBeUndefined();
    expect(await eventsOf('lea')).not.toContain('Email Bounced');
  });

  it('records a bounce as a hard bounce of the send its smtp-id names, once however often it is delivered', async () => {
    const messageId = await sent('lea', 'lea@example.com', 'cc'.repeat(16));
    const events = [
      sendgridEvent({ email: 'lea@example.com', event: 'processed', sg_event_id: 'p-1' }),
      sendgridEvent({ email: 'lea@example.com', event: 'deferred', response: '400 try again later', attempt: '5' }),
      sendgridEvent({
        email: 'lea@example.com',
        event: 'bounce',
        type: 'bounce',
        status: '5.0.0',
        reason: '500 unknown recipient',
        sg_event_id: 'b-1',
        'smtp-id': messageId,
      }),
    ];
    expect(await post(events)).toEqual({ status: 200, json: { recorded: 1, ignored: 0 } });
    expect(await findSuppression(db, 'lea@example.com')).toMatchObject({
      reason: 'hard-bounce',
      source: 'sendgrid',
      userId: 'lea',
    });
    expect(await eventsOf('lea')).toContain('Email Bounced');
    expect(await post(events)).toEqual({ status: 200, json: { recorded: 0, ignored: 0 } });
  });

  it('records a blocked message as a soft bounce (no suppression yet) and a spam report as a complaint', async () => {
    const blockedId = await sent('max', 'max@example.com', 'dd'.repeat(16));
    const blocked = sendgridEvent({
      email: 'max@example.com',
      event: 'bounce',
      type: 'blocked',
      status: '4.0.0',
      reason: '421 too many connections',
      sg_event_id: 'bl-1',
      'smtp-id': blockedId,
    });
    expect(await post([blocked])).toEqual({ status: 200, json: { recorded: 1, ignored: 0 } });
    expect(await findSuppression(db, 'max@example.com')).toBeUndefined();
    expect(await eventsOf('max')).toContain('Email Bounced');

    const spam = sendgridEvent({
      email: 'max@example.com',
      event: 'spamreport',
      sg_event_id: 's-1',
      'smtp-id': blockedId,
    });
    expect(await post([spam])).toEqual({ status: 200, json: { recorded: 1, ignored: 0 } });
    expect(await findSuppression(db, 'max@example.com')).toMatchObject({ reason: 'complaint', source: 'sendgrid' });
    expect((await findCustomer(db, 'max'))?.unsubscribedAt).toEqual(expect.any(String));
    expect(await eventsOf('max')).toContain('Email Marked as Spam');
  });

  it('records a message dropped for a bounced address as a hard bounce, and ignores one dropped as unsubscribed', async () => {
    await sent('ria', 'ria@example.com', 'ee'.repeat(16));
    await sent('ole', 'ole@example.com', 'ff'.repeat(16));
    const answer = await post([
      sendgridEvent({ email: 'ole@example.com', event: 'dropped', reason: 'Unsubscribed Address', sg_event_id: 'd-1' }),
      sendgridEvent({ email: 'ria@example.com', event: 'dropped', reason: 'Bounced Address', sg_event_id: 'd-2' }),
    ]);
    expect(answer).toEqual({ status: 200, json: { recorded: 1, ignored: 0 } });
    expect(await findSuppression(db, 'ria@example.com')).toMatchObject({ reason: 'hard-bounce', source: 'sendgrid' });
    expect(await findSuppression(db, 'ole@example.com')).toBeUndefined();
  });
});
