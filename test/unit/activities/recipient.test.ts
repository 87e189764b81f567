import { describe, expect, it } from 'vitest';
import { recipientOf } from '../../../engine/src/activities/recipient.ts';

// traits.email must be exactly one plain address: anything the SMTP layer could read as several
// recipients, or as a different one, is skipped with a reason instead of guessed at.
describe('the recipient of a journey email', () => {
  it.each([
    ['a plain address', 'ada@example.com'],
    ['a plus tag and dots', 'first.last+news@mail.example.co.uk'],
    ['an apostrophe', "o'brien@example.ie"],
    ['digits, hyphen and underscore', 'user_01-x@sub-domain.example.org'],
    ['a punycode domain', 'info@xn--bcher-kva.example'],
  ])('accepts %s', (_name, address) => {
    expect(recipientOf({ email: address })).toEqual({ ok: true, address });
  });

  it.each([
    ['a comma list', 'a@x.com,b@y.com'],
    ['a list with a space', 'a@x.com, b@y.com'],
    ['a semicolon list', 'a@x.com;b@y.com'],
    ['a display name', '"A" <a@x.com>'],
    ['an angle-bracket address', '<a@x.com>'],
    ['a display name hiding another address', 'a@x.com <evil@y.com>'],
    ['a leading space', ' a@x.com'],
    ['a trailing newline', 'a@x.com\n'],
    ['a header injection', 'a@x.com\r\nBcc: b@y.com'],
    ['no domain', 'ada@'],
    ['no @', 'ada.example.com'],
    ['two @', 'a@b@x.com'],
    ['a space inside', 'ada lovelace@example.com'],
  ])('skips %s as an invalid email', (_name, value) => {
    const recipient = recipientOf({ email: value });
    expect(recipient).toMatchObject({ ok: false, status: 'skipped-invalid-email' });
    expect(recipient.ok ? '' : recipient.reason).toContain('email trait');
  });

  it('says why an address with spaces around it is skipped, rather than sending to a trimmed guess', () => {
    expect(recipientOf({ email: ' ada@example.com ' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('spaces around the address'),
    });
  });

  it.each([
    ['a number', 42],
    ['a list', ['a@x.com']],
  ])('skips %s as an invalid email', (_name, value) => {
    expect(recipientOf({ email: value })).toMatchObject({ ok: false, status: 'skipped-invalid-email' });
  });

  it.each([
    ['missing', {}],
    ['empty', { email: '' }],
    ['null', { email: null }],
  ])('skips a customer whose email is %s as having no email', (_name, traits) => {
    expect(recipientOf(traits)).toMatchObject({ ok: false, status: 'skipped-no-email' });
  });
});
