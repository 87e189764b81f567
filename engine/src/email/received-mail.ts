import { simpleParser, type ParsedMail } from 'mailparser';

/** A message the sink received. */
export interface ReceivedMail {
  messageId: string | undefined;
  from: string | undefined;
  /** Envelope recipients (RCPT TO), which include Bcc. */
  to: string[];
  subject: string | undefined;
  html: string | undefined;
  text: string | undefined;
  /** Header values by lower-case name; repeated headers joined with ', '. */
  headers: Record<string, string>;
  receivedAt: Date;
}

/** A message as the sink received it: the bytes after DATA and the SMTP envelope, not yet parsed. */
export interface RawMail {
  raw: Buffer;
  /** The envelope sender (MAIL FROM); undefined for a null sender (`<>`). */
  envelopeFrom: string | undefined;
  /** Envelope recipients (RCPT TO), which include Bcc. */
  to: string[];
  receivedAt: Date;
}

/** Parses a received message (mailparser) into what a reader of the inbox sees. */
export async function readMail(mail: RawMail): Promise<ReceivedMail> {
  const parsed = await simpleParser(mail.raw);
  return {
    messageId: parsed.messageId,
    from: parsed.from?.text ?? mail.envelopeFrom,
    to: mail.to,
    subject: parsed.subject,
    html: typeof parsed.html === 'string' ? parsed.html : undefined,
    text: parsed.text,
    headers: headersOf(parsed),
    receivedAt: mail.receivedAt,
  };
}

// mailparser turns some headers into structures (List-* become one `list` object), so take the raw
// lines for those and its decoded string where it has one.
function headersOf(parsed: ParsedMail): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const decoded = parsed.headers.get(key);
    const value =
      typeof decoded === 'string'
        ? decoded
        : line
            .slice(line.indexOf(':') + 1)
            .replace(/\r?\n[ \t]+/g, ' ')
            .trim();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
  }
  return headers;
}
