import { describe, expect, it } from 'vitest';
import { signLink } from '../../../engine/src/email/index.ts';
import { signClickToken, verifyClickToken } from '../../../engine/src/tracking/index.ts';

const secret = 'a-link-secret-of-at-least-32-characters!!';

describe('click tokens', () => {
  it('refuse an altered URL, a forged signature, another key and another purpose', () => {
    const token = signClickToken(secret, 'k1', 0, 'https://shop.example/x');
    const [kid, , signature] = token.split('.');
    const evil = Buffer.from(
      JSON.stringify({ purpose: 'tracking', claim: { s: 'k1', i: 0, u: 'https://evil.example/' } }),
    ).toString('base64url');
    expect(verifyClickToken(secret, `${kid}.${evil}.${signature}`)).toBeNull();
    expect(verifyClickToken(secret, token.slice(0, -3) + (token.endsWith('AAA') ? 'BBB' : 'AAA'))).toBeNull();
    expect(verifyClickToken('another-secret-of-at-least-32-characters!', token)).toBeNull();
    expect(
      verifyClickToken(secret, signLink(secret, 'unsubscribe', { s: 'k1', i: 0, u: 'https://evil.example/' })),
    ).toBeNull();
  });

  it('refuse a signed token whose URL is not http(s)', () => {
    const token = signLink(secret, 'tracking', { s: 'k1', i: 0, u: 'javascript:alert(1)' });
    expect(verifyClickToken(secret, token)).toBeNull();
  });
});
