import { describe, expect, it } from 'vitest';
import { bounceOfSendError, isLastAttempt } from '../../../engine/src/bounces/index.ts';
import { SmtpSendError } from '../../../engine/src/email/index.ts';

// nodemailer's errors carry the SMTP command in flight, the reply code and the reply line.
const refusal = (command: string, responseCode: number, response: string) =>
  new SmtpSendError(
    Object.assign(new Error(`Can't send mail: ${response}`), { command, responseCode, response }),
    false,
  );

describe('refusals while sending', () => {
  it('counts a 5xx to RCPT TO or DATA as a hard bounce with the reply text and codes', () => {
    expect(bounceOfSendError(refusal('RCPT TO', 550, '550 5.1.1 no such mailbox'), false)).toEqual({
      type: 'hard',
      reason: '550 5.1.1 no such mailbox',
      diagnosticCode: '550 5.1.1',
    });
    expect(bounceOfSendError(refusal('DATA', 554, '554 message refused'), false)).toMatchObject({
      type: 'hard',
      diagnosticCode: '554',
    });
  });

  it('counts a 4xx as soft only on the last attempt', () => {
    const busy = refusal('RCPT TO', 452, '452 4.2.2 mailbox full');
    expect(bounceOfSendError(busy, false)).toBeNull();
    expect(bounceOfSendError(busy, true)).toMatchObject({ type: 'soft', diagnosticCode: '452 4.2.2' });
  });

  it('does not count a refused sender, a bad sequence (503) or a broken connection', () => {
    expect(bounceOfSendError(refusal('MAIL FROM', 550, '550 sender rejected'), true)).toBeNull();
    expect(bounceOfSendError(refusal('RCPT TO', 503, '503 bad sequence'), true)).toBeNull();
    expect(
      bounceOfSendError(new SmtpSendError(Object.assign(new Error('ECONNRESET'), { code: 'ECONNECTION' }), true), true),
    ).toBeNull();
    expect(bounceOfSendError(new Error('something else'), true)).toBeNull();
  });
});

describe('the last attempt of an activity', () => {
  const base = { scheduledTimestampMs: 0, scheduleToCloseTimeoutMs: 0 };
  it('is the one that uses up maximumAttempts', () => {
    expect(isLastAttempt({ ...base, attempt: 5, retryPolicy: { maximumAttempts: 5 } }, 0)).toBe(true);
    expect(isLastAttempt({ ...base, attempt: 4, retryPolicy: { maximumAttempts: 5 } }, 0)).toBe(false);
  });

  it('is the one after which the backoff would pass the schedule-to-close window', () => {
    // 1 s doubling, at most 10 min apart, 1 h window: attempt 10 waits min(512 s, 600 s) = 512 s.
    const policy = { initialInterval: 1000, backoffCoefficient: 2, maximumInterval: 600_000, maximumAttempts: 1000 };
    const info = { attempt: 10, scheduledTimestampMs: 0, scheduleToCloseTimeoutMs: 3_600_000, retryPolicy: policy };
    expect(isLastAttempt(info, 3_600_000 - 512_000 - 1)).toBe(false);
    expect(isLastAttempt(info, 3_600_000 - 512_000)).toBe(true);
    // attempt 20 waits the 600 s cap
    expect(isLastAttempt({ ...info, attempt: 20 }, 3_600_000 - 600_001)).toBe(false);
    expect(isLastAttempt({ ...info, attempt: 20 }, 3_600_000 - 600_000)).toBe(true);
  });

  it('never comes without a window or an attempt limit', () => {
    expect(isLastAttempt({ ...base, attempt: 500 }, 1e12)).toBe(false);
  });
});
