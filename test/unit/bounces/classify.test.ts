import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyReport } from '../../../engine/src/bounces/index.ts';

// Real-world and RFC samples (see test/fixtures/bounces/README.md); the expected values are read off
// the samples by hand.
const sample = (name: string) => readFileSync(new URL(`../../fixtures/bounces/${name}`, import.meta.url));

describe('reading delivery status notifications (RFC 3464)', () => {
  it('reads the RFC simple DSN as a soft bounce: Action failed with the transient status 4.0.0', async () => {
    expect(await classifyReport(sample('rfc3464-simple.eml'))).toEqual({
      kind: 'bounce',
      format: 'dsn',
      failed: [
        {
          address: 'louisl@larry.slip.umd.edu',
          type: 'soft',
          status: '4.0.0',
          diagnosticCode: 'smtp; 426 connection timed out',
        },
      ],
      originalMessageIds: [],
      reportId: '<199407072116.RAA14128@CS.UTK.EDU>',
    });
  });

  it('reads the RFC multi-recipient DSN: both failed recipients hard, the delayed one left out, a folded diagnostic unfolded', async () => {
    const report = await classifyReport(sample('rfc3464-multi-recipient.eml'));
    expect(report.kind === 'bounce' && report.failed).toEqual([
      {
        address: 'arathib@vnet.ibm.com',
        type: 'hard',
        status: '5.0.0',
        diagnosticCode: "smtp;  550 'arathib@vnet.IBM.COM' is not a registered gateway user",
      },
      { address: 'wsnell@sdcc13.ucsd.edu', type: 'hard', status: '5.0.0', diagnosticCode: 'smtp; 550 user unknown' },
    ]);
  });

  it('reads a real Exchange bounce for a Gmail address that does not exist (5.1.1) and the Message-ID in its attached headers', async () => {
    expect(await classifyReport(sample('exchange-to-gmail-5.1.1.eml'))).toMatchObject({
      kind: 'bounce',
      format: 'dsn',
      failed: [
        {
          address: 'email_that_does_not_exists_this_is_just_a_test@gmail.com',
          type: 'hard',
          status: '5.1.1',
        },
      ],
      originalMessageIds: ['3f8a1c2e9b7d4a6f8e1c2b3a4d5e6f70'],
    });
  });
});

describe('reading bounces that are not DSNs', () => {
  it('reads a qmail bounce in prose: the address line, the permanent (#5.1.1) code, the quoted Message-ID', async () => {
    expect(await classifyReport(sample('qmail-nonstandard.eml'))).toMatchObject({
      kind: 'bounce',
      format: 'nonstandard',
      failed: [
        {
          address: 'nobody@example.org',
          type: 'hard',
          status: '5.1.1',
          diagnosticCode: 'Sorry, no mailbox here by that name. (#5.1.1)',
        },
      ],
      originalMessageIds: ['0123456789abcdef0123456789abcdef'],
    });
  });

  it('counts a bounce in prose that quotes no status code as soft', async () => {
    const report = await classifyReport(
      'From: MAILER-DAEMON@mx.example.org\r\nSubject: Undelivered Mail Returned to Sender\r\n\r\n<ann@example.org>:\r\nthe mailbox is not available\r\n',
    );
    expect(report).toMatchObject({
      kind: 'bounce',
      failed: [{ address: 'ann@example.org', type: 'soft', status: null }],
    });
  });

  it('leaves an ordinary reply alone', async () => {
    const report = await classifyReport('From: ann@example.org\r\nSubject: Re: Welcome\r\n\r\nThanks, 550 thanks!\r\n');
    expect(report.kind).toBe('other');
  });
});

describe('reading feedback reports (ARF, RFC 5965)', () => {
  it('reads the RFC example as an abuse complaint about the original recipient', async () => {
    expect(await classifyReport(sample('rfc5965-abuse.eml'))).toEqual({
      kind: 'complaint',
      feedbackType: 'abuse',
      recipient: 'user@example.com',
      originalMessageIds: [],
      reportId: null,
    });
  });
});
