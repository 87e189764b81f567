import { createHmac, timingSafeEqual } from 'node:crypto';
import { bracketed, text, type WebhookReading } from './report.ts';

/** How old a Mailgun signature may be: its timestamp must be this close to now, so a captured call cannot be replayed later. */
const MAX_AGE_MS = 15 * 60_000;

/**
 * Reads a Mailgun webhook (JSON: `signature` { timestamp, token, signature } and `event-data`): the
 * signature must be the HMAC-SHA256 of timestamp + token under the webhook signing key. A `failed`
 * event is a bounce (severity permanent: hard, temporary: soft), `complained` a complaint.
 */
export function readMailgun(signingKey: string, body: unknown, nowMs: number): WebhookReading {
  const timestamp = text(body, 'signature', 'timestamp');
  const token = text(body, 'signature', 'token');
  const signature = text(body, 'signature', 'signature');
  if (!timestamp || !token || !signature) return { verified: false, why: 'the signature fields are missing' };
  const expected = createHmac('sha256', signingKey)
    .update(timestamp + token)
    .digest();
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { verified: false, why: 'the signature does not match the signing key' };
  if (Math.abs(nowMs - Number(timestamp) * 1000) > MAX_AGE_MS)
    return { verified: false, why: 'the signature is too old (or from the future)' };
  const data: unknown = body && typeof body === 'object' ? Reflect.get(body, 'event-data') : undefined;
  const event = text(data, 'event');
  const address = text(data, 'recipient')?.toLowerCase();
  const eventId = text(data, 'id') ?? `${timestamp}:${token}`;
  const messageId = bracketed(text(data, 'message', 'headers', 'message-id'));
  if (!address) return { verified: true, reports: [] };
  if (event === 'complained')
    return { verified: true, reports: [{ kind: 'complaint', address, messageId, feedbackType: 'abuse', eventId }] };
  if (event !== 'failed') return { verified: true, reports: [] };
  const code = text(data, 'delivery-status', 'code');
  return {
    verified: true,
    reports: [
      {
        kind: 'bounce',
        type: text(data, 'severity') === 'permanent' ? 'hard' : 'soft',
        address,
        messageId,
        reason: text(data, 'delivery-status', 'message') ?? text(data, 'delivery-status', 'description') ?? event,
        diagnosticCode: code ?? null,
        eventId,
      },
    ],
  };
}
