import { simpleParser, type ParsedMail } from 'mailparser';
import { addressOf, field, fieldBlocks } from './report-fields.ts';

/** How bad a bounce is: `hard` (the address will never take mail) or `soft` (it may later). */
export type BounceType = 'hard' | 'soft';

/** One recipient a delivery report says could not be reached. */
export interface FailedRecipient {
  address: string | null;
  type: BounceType;
  /** The enhanced status code (RFC 3463), e.g. `5.1.1`, or the SMTP reply code a non-standard bounce quotes. */
  status: string | null;
  diagnosticCode: string | null;
}

/** What an incoming report says, read from the mail alone (which send it is about is decided elsewhere). */
export type Report =
  | {
      kind: 'bounce';
      /** `dsn` for an RFC 3464 report, `nonstandard` for a bounce in prose. */
      format: 'dsn' | 'nonstandard';
      failed: FailedRecipient[];
      /** The local parts (hex) of Boomerang Message-IDs quoted in the report: the bounced send. */
      originalMessageIds: string[];
      reportId: string | null;
    }
  | {
      kind: 'complaint';
      feedbackType: string;
      recipient: string | null;
      originalMessageIds: string[];
      reportId: string | null;
    }
  | { kind: 'other'; reportId: string | null };

/** A Boomerang Message-ID as a header quotes it: `Message-ID: <32 hex digits@host>`. */
const OUR_MESSAGE_ID = /message-id:\s*<([0-9a-f]{32})@[^>\s]+>/gi;

/** The Boomerang Message-IDs quoted anywhere in the report (attached message, headers, prose), without repeats. */
function quotedMessageIds(sources: string[], own: string | null): string[] {
  const found = new Set<string>();
  for (const source of sources)
    for (const match of source.matchAll(OUR_MESSAGE_ID)) {
      const local = match[1]?.toLowerCase();
      if (local && `<${local}` !== own?.split('@')[0]?.toLowerCase()) found.add(local);
    }
  return [...found];
}

/** A status code's class: 5 is permanent (hard), 4 transient (soft). */
const typeOfStatus = (status: string): BounceType => (status.trim().startsWith('5') ? 'hard' : 'soft');

/** Reads a multipart/report; report-type=delivery-status: every recipient whose Action is failed. */
function deliveryStatus(body: string): FailedRecipient[] {
  const [, ...recipients] = fieldBlocks(body);
  return recipients
    .filter((block) => field(block, 'action')?.toLowerCase().startsWith('failed'))
    .map((block) => {
      const status = field(block, 'status')?.split(/\s/)[0] ?? null;
      const diagnosticCode = field(block, 'diagnostic-code') ?? null;
      // Some servers write a 2.x or missing Status with a failed Action: the diagnostic's code decides.
      const code = status && /^[45]/.test(status) ? status : /\b([45])\d\d\b/.exec(diagnosticCode ?? '')?.[0];
      return {
        address: addressOf(field(block, 'final-recipient')) ?? addressOf(field(block, 'original-recipient')) ?? null,
        type: code ? typeOfStatus(code) : 'hard',
        status,
        diagnosticCode,
      };
    });
}

const BOUNCE_SENDER = /^(mailer-daemon|postmaster)@/i;
const BOUNCE_SUBJECT =
  /undeliver|returned mail|delivery (status notification|failure|has failed)|failure notice|mail delivery failed|could not be delivered/i;

/**
 * Reads a bounce written in prose (qmail, older Exim and Exchange, many webmail providers): the first
 * enhanced status code or SMTP reply code decides hard (5) or soft (4), a line that names an address
 * (`<a@b>:`) the recipient; a bounce that quotes no code at all counts as soft, so one odd message
 * never suppresses an address by itself.
 */
function proseBounce(text: string): FailedRecipient {
  const enhanced = /\b([45])\.\d{1,3}\.\d{1,3}\b/.exec(text)?.[0];
  const reply = /(?:^|\s)([45]\d\d)[\s-]/m.exec(text)?.[1];
  const code = enhanced ?? reply ?? null;
  const recipientLine = /^<([^\s<>]+@[^\s<>]+)>:\s*$/m.exec(text) ?? /<([^\s<>]+@[^\s<>]+)>/.exec(text);
  const diagnostic = code
    ? (text
        .split('\n')
        .find((l) => l.includes(code))
        ?.trim() ?? null)
    : null;
  return {
    address: recipientLine?.[1]?.toLowerCase() ?? null,
    type: code ? typeOfStatus(code) : 'soft',
    status: code,
    diagnosticCode: diagnostic,
  };
}

function headerText(mail: ParsedMail, name: string): string | undefined {
  const value = mail.headers.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** Classifies a parsed report (see Report); `raw` is the message as received, searched for quoted Message-IDs. */
export function classifyParsed(mail: ParsedMail, raw: string): Report {
  const reportId = mail.messageId ?? null;
  // mailparser reads Content-Type into { value, params }; the report type is one of the params.
  const contentType = mail.headers.get('content-type');
  const params: unknown =
    typeof contentType === 'object' && contentType ? Reflect.get(contentType, 'params') : undefined;
  const reportTypeParam: unknown =
    params && typeof params === 'object' ? Reflect.get(params, 'report-type') : undefined;
  const reportType = typeof reportTypeParam === 'string' ? reportTypeParam.toLowerCase() : undefined;
  const part = (type: string) => mail.attachments.find((a) => a.contentType.toLowerCase() === type);
  const texts = [raw, mail.text ?? '', ...mail.attachments.map((a) => a.content.toString('utf8'))];
  const originalMessageIds = quotedMessageIds(texts, reportId);

  const feedback = part('message/feedback-report');
  if (reportType === 'feedback-report' || feedback) {
    const [fields] = fieldBlocks(feedback?.content.toString('utf8') ?? '');
    return {
      kind: 'complaint',
      feedbackType: (fields && field(fields, 'feedback-type')?.toLowerCase()) ?? 'abuse',
      recipient:
        (fields && (addressOf(field(fields, 'original-rcpt-to')) ?? addressOf(field(fields, 'removal-recipient')))) ??
        null,
      originalMessageIds,
      reportId,
    };
  }
  const status = part('message/delivery-status') ?? part('message/global-delivery-status');
  if (reportType === 'delivery-status' || status) {
    return {
      kind: 'bounce',
      format: 'dsn',
      failed: deliveryStatus(status?.content.toString('utf8') ?? ''),
      originalMessageIds,
      reportId,
    };
  }
  const from = mail.from?.value[0]?.address ?? '';
  if (BOUNCE_SENDER.test(from) || BOUNCE_SUBJECT.test(headerText(mail, 'subject') ?? mail.subject ?? '')) {
    return {
      kind: 'bounce',
      format: 'nonstandard',
      failed: [proseBounce(mail.text ?? '')],
      originalMessageIds,
      reportId,
    };
  }
  return { kind: 'other', reportId };
}

/** Parses an incoming message with mailparser and classifies it (see Report). */
export async function classifyReport(raw: Buffer | string): Promise<Report> {
  const source = typeof raw === 'string' ? raw : raw.toString('utf8');
  const mail = await simpleParser(source, { keepDeliveryStatus: true, skipHtmlToText: false });
  return classifyParsed(mail, source);
}
