import { SmtpSendError } from '../email/index.ts';
import type { BounceType } from './classify.ts';

/** What a refusal while sending says about the recipient's address. */
export interface SmtpBounce {
  type: BounceType;
  /** The server's reply, e.g. `550 5.1.1 no such mailbox`. */
  reason: string;
  /** The reply code and, when the server gave one, the enhanced status: `550 5.1.1`. */
  diagnosticCode: string;
}

/**
 * The bounce in a failed send, if it is one: a 5xx reply to RCPT TO or DATA is hard (the address or
 * the message was refused for good); a 4xx reply is soft, but only on the last attempt (earlier ones
 * are tried again and may still go through). A refused MAIL FROM is about the sender, not the
 * recipient, and a connection that broke off says nothing about the address: neither is a bounce.
 */
export function bounceOfSendError(error: unknown, lastAttempt: boolean): SmtpBounce | null {
  if (!(error instanceof SmtpSendError) || error.responseCode === undefined) return null;
  if (!/^(RCPT TO|DATA)$/i.test(error.command ?? '')) return null;
  const code = error.responseCode;
  const reason = (error.response ?? error.message).trim();
  const enhanced = /\b[245]\.\d{1,3}\.\d{1,3}\b/.exec(reason)?.[0];
  const diagnosticCode = enhanced ? `${code} ${enhanced}` : String(code);
  if (code >= 500 && code < 600 && code !== 503) return { type: 'hard', reason, diagnosticCode };
  if (code >= 400 && code < 500 && lastAttempt) return { type: 'soft', reason, diagnosticCode };
  return null;
}
