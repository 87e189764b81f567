import { createTransport } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { messageOf } from '../errors/index.ts';
import { dkimOptions, type DkimSigning } from './dkim.ts';

/** One email to send. */
export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string> | undefined;
  /** A deterministic Message-ID (`<...@...>`) lets receivers spot a duplicate send. */
  messageId?: string | undefined;
  /** The envelope sender (MAIL FROM, the Return-Path bounces go to); default: the From address. */
  envelopeFrom?: string | undefined;
  /** The sender identity instead of the mailer's default From. */
  from?: { name: string; address: string } | undefined;
  replyTo?: string | undefined;
}

/** What the SMTP server accepted. */
export interface SendResult {
  messageId: string;
  accepted: string[];
}

/**
 * Why a send did not go through: nodemailer's error fields (`code` such as ECONNECTION or EENVELOPE,
 * the SMTP `command` in flight, the server's `responseCode`) and whether the whole message had been
 * handed to the server first, after which it may have been accepted although no reply came.
 */
export class SmtpSendError extends Error {
  readonly code: string | undefined;
  readonly command: string | undefined;
  readonly responseCode: number | undefined;
  /** The server's reply line, e.g. `550 5.1.1 no such mailbox`. */
  readonly response: string | undefined;
  readonly dataSent: boolean;
  constructor(error: unknown, dataSent: boolean) {
    super(messageOf(error), { cause: error });
    this.name = 'SmtpSendError';
    const field = (name: string): unknown => (error instanceof Error ? Reflect.get(error, name) : undefined);
    const code = field('code');
    const command = field('command');
    const responseCode = field('responseCode');
    const response = field('response');
    this.code = typeof code === 'string' ? code : undefined;
    this.command = typeof command === 'string' ? command : undefined;
    this.responseCode = typeof responseCode === 'number' ? responseCode : undefined;
    this.response = typeof response === 'string' ? response : undefined;
    this.dataSent = dataSent;
  }
}

/** Notes when one message's data has all been read out to the SMTP connection (see the stream plugin below). */
class DataProbe {
  sent = false;
}

/** Sends email over a pool of SMTP connections. */
export interface Mailer {
  /** Sends one email; rejects with an SmtpSendError when the server refuses it or the send breaks off. */
  send(mail: OutgoingMail): Promise<SendResult>;
  /** Closes the pooled connections. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** SMTP pool options from `smtp://user:pass@host:port` or `smtps://...`. */
export function smtpOptions(smtpUrl: string): SMTPPool.Options {
  const url = new URL(smtpUrl);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw new Error(`SMTP_URL must start with smtp:// or smtps://, got ${url.protocol}//`);
  const secure = url.protocol === 'smtps:';
  const user = decodeURIComponent(url.username);
  return {
    pool: true,
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    // A local plain-text server (the dev sink) offers no STARTTLS; elsewhere upgrade when offered.
    ignoreTLS: !secure && LOOPBACK.has(url.hostname),
    ...(user ? { auth: { user, pass: decodeURIComponent(url.password) } } : {}),
    // Well inside the send activity's 60 s: a silent server ends the attempt here, where it can be classified.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    // The pool would quietly send a message again on another connection when its connection closed
    // mid-send (5 times by default): a duplicate whenever the server had already taken it. Failing
    // instead lets the send be classified (retry when nothing left, in doubt when it may have).
    maxRequeues: 0,
  };
}

/** Creates a pooled SMTP mailer sending as `from` by default, DKIM-signing every message when `dkim` is given. */
export function createMailer(opts: { smtpUrl: string; from: string; dkim?: DkimSigning | undefined }): Mailer {
  const transport = createTransport({
    ...smtpOptions(opts.smtpUrl),
    ...(opts.dkim ? { dkim: dkimOptions(opts.dkim) } : {}),
  });
  // The last stage of each message's stream: once it has been read to the end, the server has (nearly)
  // all of it, so a connection lost from then on leaves the outcome unknown.
  transport.use('stream', (mail, done) => {
    const probe: unknown = Reflect.get(mail.data, 'dataProbe');
    if (probe instanceof DataProbe)
      mail.message.processFunc((output) =>
        output.once('end', () => {
          probe.sent = true;
        }),
      );
    done();
  });
  return {
    async send(mail) {
      const dataProbe = new DataProbe();
      const options = {
        from: mail.from ?? opts.from,
        ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
        to: mail.to,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        // What nodemailer would choose for our mostly-ASCII HTML and text anyway, named so that it does
        // not scan every part character by character to choose (a tenth of composing a message).
        textEncoding: 'quoted-printable' as const,
        headers: mail.headers,
        messageId: mail.messageId,
        ...(mail.envelopeFrom ? { envelope: { from: mail.envelopeFrom, to: mail.to } } : {}),
        dataProbe,
      };
      try {
        const info = await transport.sendMail(options);
        return { messageId: info.messageId, accepted: [...info.accepted] };
      } catch (error) {
        throw new SmtpSendError(error, dataProbe.sent);
      }
    },
    async close() {
      transport.close();
    },
  };
}
