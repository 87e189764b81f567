import { buffer } from 'node:stream/consumers';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { asError, messageOf } from '../errors/index.ts';
import { readMail, type RawMail, type ReceivedMail } from './received-mail.ts';

/** A running sink. */
export interface SmtpSink {
  port: number;
  close(): Promise<void>;
}

/**
 * Options of the sink; port 0 picks a free port. Each message goes either to `onMessage`, parsed, or to
 * `onRawMessage` as received (storing it unparsed costs a sender's message no parsing CPU; read it with `readMail`).
 */
export type SmtpSinkOptions = { host?: string; port: number } & (
  { onMessage(mail: ReceivedMail): Promise<void> } | { onRawMessage(mail: RawMail): Promise<void> }
);

const MAX_SIZE = 10 * 1024 * 1024;

/** An SMTP error reply; smtp-server sends `responseCode` to the client. */
const smtpError = (code: number, message: string): Error & { responseCode: number } =>
  Object.assign(new Error(message), { responseCode: code });

/** Starts a local SMTP server that hands every message to its handler and acknowledges it only once that has kept it. */
export async function startSmtpSink(opts: SmtpSinkOptions): Promise<SmtpSink> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: MAX_SIZE,
    logger: false,
    // Pooled senders keep connections open; shutting the dev stack down should not wait 30 s for them.
    closeTimeout: 2000,
    onData(stream, session, callback) {
      buffer(stream)
        .then(async (raw) => {
          if (stream.sizeExceeded) throw smtpError(552, 'Message exceeds the 10 MB size limit');
          const mail = rawMail(raw, session);
          // Only acknowledge what was stored: a failure here makes the sender retry.
          try {
            await ('onRawMessage' in opts ? opts.onRawMessage(mail) : opts.onMessage(await readMail(mail)));
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

function rawMail(raw: Buffer, session: SMTPServerSession): RawMail {
  const { mailFrom, rcptTo } = session.envelope;
  return {
    raw,
    envelopeFrom: mailFrom && mailFrom.address ? mailFrom.address : undefined,
    to: rcptTo.map((r) => r.address),
    receivedAt: new Date(),
  };
}
