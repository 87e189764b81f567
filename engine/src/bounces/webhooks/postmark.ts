import { timingSafeEqual } from 'node:crypto';
import { text, type WebhookReading } from './report.ts';

/** Postmark bounce types that mean the address will not take mail (the rest are soft). */
const HARD = new Set(['HardBounce', 'BadEmailAddress', 'ManuallyDeactivated']);

/**
 * Reads a Postmark webhook: Postmark signs nothing, so the webhook URL carries HTTP basic auth
 * (`https://user:password@.../v1/webhooks/postmark`) and the Authorization header must carry exactly
 * `credentials` ("user:password"). RecordType Bounce is a bounce, SpamComplaint a complaint. Postmark
 * does not pass the original Message-ID on, so the send is found by its recipient.
 */
export function readPostmark(credentials: string, authorization: string | undefined, body: unknown): WebhookReading {
  const expected = Buffer.from(`Basic ${Buffer.from(credentials).toString('base64')}`);
  const given = Buffer.from(authorization ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { verified: false, why: 'the basic-auth credentials do not match' };
  const recordType = text(body, 'RecordType');
  const address = text(body, 'Email')?.toLowerCase();
  const eventId = `postmark:${text(body, 'ID') ?? text(body, 'MessageID') ?? ''}:${recordType ?? ''}`;
  if (!address) return { verified: true, reports: [] };
  if (recordType === 'SpamComplaint')
    return {
      verified: true,
      reports: [{ kind: 'complaint', address, messageId: null, feedbackType: 'abuse', eventId }],
    };
  if (recordType !== 'Bounce') return { verified: true, reports: [] };
  const type = text(body, 'Type') ?? '';
  return {
    verified: true,
    reports: [
      {
        kind: 'bounce',
        type: HARD.has(type) ? 'hard' : 'soft',
        address,
        messageId: null,
        reason: text(body, 'Details') ?? text(body, 'Description') ?? type,
        diagnosticCode: text(body, 'TypeCode') ?? null,
        eventId,
      },
    ],
  };
}
