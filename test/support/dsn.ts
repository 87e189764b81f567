// A delivery status notification (RFC 3464) as a receiving mail server writes it for a message it could
// not deliver: a human part, the machine-readable status, and optionally the headers of the message
// it returns (which quote the Message-ID of the send).

/** What a DSN says: who it is to, which address failed and how, and what of the returned message it quotes. */
export interface DsnParts {
  /** The Delivered-To header a mailbox delivery adds (the VERP return path); none when absent. */
  deliveredTo?: string;
  /** The To header, e.g. `<bounce@bounces.example.com>`. */
  to: string;
  /** The report's own Message-ID, e.g. `<dsn-1@mx.example.org>`. */
  reportId: string;
  finalRecipient: string;
  status?: string;
  action?: string;
  /** The Diagnostic-Code after `smtp; `, e.g. `550 5.1.1 no such user`. */
  diagnostic: string;
  /** The returned message's headers, when the report includes them (some servers quote no Message-ID). */
  quoted?: { to: string; messageId?: string };
}

/**
 * The DSN's text with CRLF line ends, as it lands in a mailbox.
 * @example dsnText({ to: '<bounce@b.example>', reportId: '<r1@mx.example.org>', finalRecipient: 'a@example.com', diagnostic: '550 5.1.1 no such user' })
 */
export function dsnText(o: DsnParts): string {
  return [
    ...(o.deliveredTo ? [`Delivered-To: ${o.deliveredTo}`] : []),
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>',
    `To: ${o.to}`,
    'Subject: Undelivered Mail Returned to Sender',
    `Message-ID: ${o.reportId}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain',
    '',
    'Your message could not be delivered.',
    '',
    '--b1',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.org',
    '',
    `Final-Recipient: rfc822; ${o.finalRecipient}`,
    `Action: ${o.action ?? 'failed'}`,
    `Status: ${o.status ?? '5.1.1'}`,
    `Diagnostic-Code: smtp; ${o.diagnostic}`,
    '',
    ...(o.quoted
      ? [
          '--b1',
          'Content-Type: text/rfc822-headers',
          '',
          `To: ${o.quoted.to}`,
          ...(o.quoted.messageId ? [`Message-ID: ${o.quoted.messageId}`] : []),
          '',
        ]
      : []),
    '--b1--',
    '',
  ].join('\r\n');
}
