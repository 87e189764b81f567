import { describe, expect, it } from 'vitest';
import { signUnsubscribeToken, unsubscribeHeaders, verifyUnsubscribeToken } from '../../../engine/src/email/index.ts';

const secret = 'test-secret';

describe('unsubscribe tokens', () => {
  it('round-trips the user id and is URL-safe', () => {
    const token = signUnsubscribeToken(secret, { userId: 'user/42 ü' });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyUnsubscribeToken(secret, token)).toEqual({ userId: 'user/42 ü' });
  });

  it('rejects a tampered payload or signature', () => {
    const token = signUnsubscribeToken(secret, { userId: 'alice' });
    const [, signature] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ userId: 'bob' })).toString('base64url')}.${signature}`;
    expect(verifyUnsubscribeToken(secret, forged)).toBeNull();
    const flipped = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect(verifyUnsubscribeToken(secret, flipped)).toBeNull();
    expect(verifyUnsubscribeToken(secret, token.slice(0, -5))).toBeNull();
    expect(verifyUnsubscribeToken(secret, 'garbage')).toBeNull();
    expect(verifyUnsubscribeToken(secret, `${token}.extra`)).toBeNull();
  });

  it('rejects a token signed with another secret', () => {
    expect(verifyUnsubscribeToken(secret, signUnsubscribeToken('other-secret', { userId: 'alice' }))).toBeNull();
  });

  it('builds RFC 8058 one-click headers', () => {
    expect(unsubscribeHeaders('https://example.com/u/t')).toEqual({
      'List-Unsubscribe': '<https://example.com/u/t>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });
});
