import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhookSignature } from '../../../engine/src/index.ts';

const secret = 'receiver-secret-0123456789';
const body = JSON.stringify({ userId: 'ada', data: { plan: 'pro' } });
const now = Date.UTC(2026, 2, 1, 12, 0, 0);
const t = now / 1000;

describe('webhook signatures', () => {
  it('are the HMAC-SHA256 of "<t>.<body>", so any receiver can check them without Boomerang', async () => {
    const header = await signWebhook(secret, body, t);
    expect(header).toBe(`t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`);
  });

  it.each([
    ['the signed body, on time', async () => signWebhook(secret, body, t), body, true],
    ['a changed body', async () => signWebhook(secret, body, t), body.replace('pro', 'free'), false],
    ['another secret', async () => signWebhook('someone-else-0123456789', body, t), body, false],
    ['a signature 10 minutes old (replay)', async () => signWebhook(secret, body, t - 600), body, false],
    ['a malformed header', async () => 'v1=abc', body, false],
  ])('verify %s', async (_name, header, received, valid) => {
    expect(await verifyWebhookSignature(secret, await header(), received, { nowMs: now })).toBe(valid);
  });
});
