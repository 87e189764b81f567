import { bracketed, list, text, type EspReport } from './report.ts';

/** The original Message-ID of an SES notification: commonHeaders.messageId, else the Message-ID header when SES passed headers on. */
function messageIdOf(notification: unknown): string | null {
  const common = text(notification, 'mail', 'commonHeaders', 'messageId');
  if (common) return bracketed(common);
  const header = list(notification, 'mail', 'headers').find((h) => text(h, 'name')?.toLowerCase() === 'message-id');
  return bracketed(text(header, 'value'));
}

/**
 * Reads an Amazon SES notification (the JSON in an SNS message's Message): a Bounce (Permanent: hard,
 * Transient and Undetermined: soft) for each bounced recipient, a Complaint for each complained one.
 */
export function readSesNotification(notification: unknown, eventId: string): EspReport[] {
  const type = text(notification, 'notificationType') ?? text(notification, 'eventType');
  const messageId = messageIdOf(notification);
  if (type === 'Bounce') {
    const hard = text(notification, 'bounce', 'bounceType') === 'Permanent';
    return list(notification, 'bounce', 'bouncedRecipients').flatMap((r): EspReport[] => {
      const address = text(r, 'emailAddress')?.toLowerCase();
      if (!address) return [];
      const diagnostic = text(r, 'diagnosticCode');
      return [
        {
          kind: 'bounce',
          type: hard ? 'hard' : 'soft',
          address,
          messageId,
          reason: diagnostic ?? text(notification, 'bounce', 'bounceSubType') ?? 'bounced',
          diagnosticCode: text(r, 'status') ?? null,
          eventId: `${eventId}:${address}`,
        },
      ];
    });
  }
  if (type === 'Complaint') {
    const feedbackType = text(notification, 'complaint', 'complaintFeedbackType') ?? 'abuse';
    return list(notification, 'complaint', 'complainedRecipients').flatMap((r): EspReport[] => {
      const address = text(r, 'emailAddress')?.toLowerCase();
      return address ? [{ kind: 'complaint', address, messageId, feedbackType, eventId: `${eventId}:${address}` }] : [];
    });
  }
  return [];
}
