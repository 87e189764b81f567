import { createTransport } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';

/** One email to send. */
export interface OutgoingMail {
  to: string; subject: string; html: string; text: string;
  headers?: Record<string, string> | undefined;
  /** A deterministic Message-ID (`<...@...>`) lets receivers spot a duplicate send. */
  messageId?: string | undefined;
}

/** What the SMTP server accepted. */
export interface SendResult { messageId: string; accepted: string[] }

/** Sends email over a pool of SMTP connections. */
export interface Mailer {
  /** Sends one email; rejects when the server refuses it. */
  send(mail: OutgoingMail): Promise<SendResult>;
  /** Closes the pooled connections. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** SMTP pool options from `smtp://user:pass@host:port` or `smtps://...`. */
export function smtpOptions(smtpUrl: string): SMTPPool.Options {
  const url = new URL(smtpUrl);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`SMTP_URL must start with smtp:// or smtps://, got ${url.protocol}//`);
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
  };
}

/** Creates a pooled SMTP mailer sending as `from`. */
export function createMailer(opts: { smtpUrl: string; from: string }): Mailer {
  const transport = createTransport(smtpOptions(opts.smtpUrl));
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from: opts.from, to: mail.to, subject: mail.subject, html: mail.html, text: mail.text,
        headers: mail.headers, messageId: mail.messageId,
      });
      return { messageId: info.messageId, accepted: [...info.accepted] };
    },
    async close() { transport.close(); },
  };
}
