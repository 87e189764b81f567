import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { asError, messageOf } from '../errors/index.ts';

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

/** A running sink. */
export interface SmtpSink {
  port: number;
  close(): Promise<void>;
}

/** Options of the sink; port 0 picks a free port. */
export interface SmtpSinkOptions {
  host?: string;
  port: number;
  onMessage(mail: ReceivedMail): Promise<void>;
}

const MAX_SIZE = 10 * 1024 * 1024;

/** An SMTP error reply; smtp-server sends `responseCode` to the client. */
const smtpError = (code: number, message: string): Error & { responseCode: number } =>
  Object.assign(new Error(message), { responseCode: code });

/** Starts a local SMTP server that parses every message and hands it to `onMessage` before acknowledging it. */
export async function startSmtpSink(opts: SmtpSinkOptions): Promise<SmtpSink> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: MAX_SIZE,
    logger: false,
    // Pooled senders keep connections open; shutting the dev stack down should not wait 30 s for them.
    closeTimeout: 2000,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          if (stream.sizeExceeded) throw smtpError(552, 'Message exceeds the 10 MB size limit');
          // Only acknowledge what was stored: a failure here makes the sender retry.
          try {
            await opts.onMessage(toReceivedMail(parsed, session));
          } catch (error) {
            throw smtpError(451, `Could not store the message: ${messageOf(error)}`);
          }
        })
        .then(
          () => callback(),
          (error: unknown) => callback(asError(error)),
        );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // smtp-server reports a client's broken connection (a sender killed mid-message resets it) as an
  // 'error' on the server; unheard, that event would end the whole process.
  server.on('error', (error: Error & { code?: string }) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') console.error('[smtp-sink]', error.message);
  });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('The SMTP sink is not listening on a TCP port');
  return { port: address.port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function toReceivedMail(parsed: ParsedMail, session: SMTPServerSession): ReceivedMail {
  return {
    messageId: parsed.messageId,
    from: parsed.from?.text ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined),
    to: session.envelope.rcptTo.map((r) => r.address),
    subject: parsed.subject,
    html: typeof parsed.html === 'string' ? parsed.html : undefined,
    text: parsed.text,
    headers: headersOf(parsed),
    receivedAt: new Date(),
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
