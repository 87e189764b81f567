import { describe, expect, it } from 'vitest';
import { classifySendFailure } from '../../../engine/src/activities/send-outcome.ts';
import { SmtpSendError } from '../../../engine/src/email/index.ts';

/** An error shaped as nodemailer reports it (code, command, responseCode), as the mailer wraps it. */
function smtpError(
  fields: { code?: string; command?: string; responseCode?: number; originalCode?: string },
  dataSent: boolean,
): SmtpSendError {
  return new SmtpSendError(Object.assign(new Error('smtp'), fields), dataSent);
}

// Which failures may be tried again (nothing was accepted), which never (refused for good), and which
// leave the email in doubt (it all went out and no answer came back). Expected values from RFC 5321
// (4yz transient, 5yz permanent, 503 a sequence error) and nodemailer's error codes.
describe('classifying a failed send', () => {
  it.each<[string, SmtpSendError | Error, string]>([
    [
      'connection refused',
      smtpError({ code: 'ESOCKET', command: 'CONN', originalCode: 'ECONNREFUSED' }, false),
      'retry',
    ],
    [
      'a dropped connection before the message went out',
      smtpError({ code: 'ECONNECTION', command: 'CONN' }, false),
      'retry',
    ],
    ['a greeting timeout', smtpError({ code: 'ETIMEDOUT', command: 'CONN' }, false), 'retry'],
    [
      '421 service not available',
      smtpError({ code: 'ECONNECTION', command: 'CONN', responseCode: 421 }, false),
      'retry',
    ],
    ['451 to MAIL FROM', smtpError({ code: 'EENVELOPE', command: 'MAIL FROM', responseCode: 451 }, false), 'retry'],
    ['452 to RCPT TO', smtpError({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 452 }, false), 'retry'],
    ['451 after the message data', smtpError({ code: 'EMESSAGE', command: 'DATA', responseCode: 451 }, true), 'retry'],
    ['503 bad sequence', smtpError({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 503 }, false), 'retry'],
    ['550 to RCPT TO', smtpError({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550 }, false), 'refused'],
    [
      '554 after the message data',
      smtpError({ code: 'EMESSAGE', command: 'DATA', responseCode: 554 }, true),
      'refused',
    ],
    [
      'a dropped connection after the message data',
      smtpError({ code: 'ECONNECTION', command: 'CONN' }, true),
      'in-doubt',
    ],
    ['a timeout after the message data', smtpError({ code: 'ETIMEDOUT', command: 'CONN' }, true), 'in-doubt'],
    ["an error that is not the mailer's", new Error('something else'), 'in-doubt'],
  ])('%s', (_name, error, verdict) => {
    expect(classifySendFailure(error)).toBe(verdict);
  });

  it("reads nodemailer's fields off the error it wraps", () => {
    const wrapped = smtpError({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550 }, false);
    expect({
      code: wrapped.code,
      command: wrapped.command,
      responseCode: wrapped.responseCode,
      dataSent: wrapped.dataSent,
    }).toEqual({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550, dataSent: false });
  });
});
