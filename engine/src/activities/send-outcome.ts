import { SmtpSendError } from '../email/index.ts';

/**
 * What a failed send means for trying again:
 * - `retry`: nothing was accepted (connection refused or lost before the message went out, or a 4xx
 *   "try later" reply): the send is `failed` and may be claimed again on the next attempt.
 * - `refused`: a permanent 5xx reply to MAIL FROM, RCPT TO or DATA: `failed`, and trying again would
 *   get the same answer, so no further attempts.
 * - `in-doubt`: the whole message had gone out and then no reply came (timeout, dropped connection): the
 *   server may have taken it, so it is never sent again automatically (an admin can resend it).
 */
export type SendVerdict = 'retry' | 'refused' | 'in-doubt';

// RFC 5321: 5yz is a permanent negative reply, except 503 (bad sequence), which says the session was
// in the wrong state rather than that the message was refused; nodemailer reads it the same way.
const permanent = (code: number) => code >= 500 && code < 600 && code !== 503;

/** Classifies a send's failure from the mailer's error (see SendVerdict); an unknown error counts as in-doubt. */
export function classifySendFailure(error: unknown): SendVerdict {
  if (!(error instanceof SmtpSendError)) return 'in-doubt'; // we cannot tell whether anything left
  // A reply is an answer: the server did not take the message, whatever stage it was at.
  if (error.responseCode !== undefined && error.responseCode >= 400)
    return permanent(error.responseCode) ? 'refused' : 'retry';
  return error.dataSent ? 'in-doubt' : 'retry';
}
