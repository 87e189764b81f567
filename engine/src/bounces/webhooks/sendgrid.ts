import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { bracketed, text, type EspReport, type WebhookReading } from './report.ts';

/** How old a SendGrid signature may be: its timestamp must be this close to now, so a captured call cannot be replayed later. */
const MAX_AGE_MS = 15 * 60_000;

/** `dropped` reasons that mean the address does not take mail (SendGrid drops it for a bounce it saw before). */
const DROPPED_HARD = new Set(['bounced address', 'invalid']);

/**
 * The verification key as SendGrid's Mail Settings show it (base64 of the DER public key, no PEM
 * framing) or as PEM; throws when it is neither (config reports that naming the variable).
 */
export function sendgridPublicKey(key: string): KeyObject {
  const trimmed = key.trim();
  if (trimmed.includes('-----BEGIN')) return createPublicKey(trimmed);
  return createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
}

/** One SendGrid event as a bounce or complaint report, or null for the events that are neither. */
function reportOf(event: unknown, index: number, timestamp: string): EspReport | null {
  const address = text(event, 'email')?.toLowerCase();
  const name = text(event, 'event');
  if (!address || !name) return null;
  const eventId = `sendgrid:${text(event, 'sg_event_id') ?? `${timestamp}:${index}`}`;
  const messageId = bracketed(text(event, 'smtp-id'));
  if (name === 'spamreport') return { kind: 'complaint', address, messageId, feedbackType: 'abuse', eventId };
  const reason = text(event, 'reason') ?? '';
  if (name === 'dropped') {
    const why = reason.toLowerCase();
    if (why === 'spam reporting address')
      return { kind: 'complaint', address, messageId, feedbackType: 'abuse', eventId };
    if (!DROPPED_HARD.has(why)) return null; // unsubscribed, over a limit: not about the address
    return { kind: 'bounce', type: 'hard', address, messageId, reason, diagnosticCode: null, eventId };
  }
  if (name !== 'bounce') return null; // deferred is a delay, not a bounce; the rest are deliveries and engagement
  const status = text(event, 'status') ?? null;
  // "blocked" is SendGrid's name for a refusal that may pass later (reputation, content); "bounce" is the address.
  const soft = text(event, 'type') === 'blocked' || status?.startsWith('4') === true;
  return {
    kind: 'bounce',
    type: soft ? 'soft' : 'hard',
    address,
    messageId,
    reason: reason || status || 'bounced',
    diagnosticCode: status,
    eventId,
  };
}

/**
 * Reads a SendGrid Event Webhook call: `X-Twilio-Email-Event-Webhook-Signature` must be an ECDSA
 * (P-256, SHA-256) signature of the `-Timestamp` header followed by the body's exact bytes, under the
 * verification key; the body is a JSON array of events. `bounce` is a bounce (type `blocked`: soft),
 * `dropped` for a bounced or invalid address a hard bounce, `spamreport` a complaint.
 */
export function readSendgrid(
  key: KeyObject,
  call: { rawBody: Buffer | undefined; signature: string | undefined; timestamp: string | undefined; nowMs: number },
): WebhookReading {
  const { rawBody, signature, timestamp } = call;
  if (!signature || !timestamp || !rawBody) return { verified: false, why: 'the signature headers are missing' };
  const signed = Buffer.concat([Buffer.from(timestamp), rawBody]);
  let genuine = false;
  try {
    genuine = verify('sha256', signed, key, Buffer.from(signature, 'base64'));
  } catch {
    genuine = false; // a signature that is not DER at all
  }
  if (!genuine) return { verified: false, why: 'the signature does not match the verification key' };
  if (!/^\d+$/.test(timestamp) || Math.abs(call.nowMs - Number(timestamp) * 1000) > MAX_AGE_MS)
    return { verified: false, why: 'the signature is too old (or from the future)' };
  let events: unknown;
  try {
    events = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { verified: true, reports: [] };
  }
  const list = Array.isArray(events) ? events : [events];
  const reports = list.flatMap((event, i) => reportOf(event, i, timestamp) ?? []);
  return { verified: true, reports };
}
