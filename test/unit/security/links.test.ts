import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  signLink,
  signUnsubscribeToken,
  surveyLinks,
  verifyLink,
  verifySurveyToken,
  verifyUnsubscribeToken,
} from '../../../engine/src/email/index.ts';

const OLD = 'old-secret-0123456789abcdef0123456789';
const NEW = 'new-secret-fedcba9876543210fedcba9876';

/** A link as Boomerang signed them before tokens had a purpose: `<base64url JSON>.<base64url HMAC-SHA256(secret, payload)>`, written out by hand. */
function legacyToken(secret: string, payload: unknown): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

const surveyToken = (secret: string, userId: string) =>
  surveyLinks('https://x.example', secret, userId).nps.split('/s/')[1]!;

describe('signed links are bound to their purpose', () => {
  it('a survey link does not unsubscribe, and an unsubscribe link does not answer a survey', () => {
    expect(verifyUnsubscribeToken(NEW, surveyToken(NEW, 'ada'))).toBeNull();
    expect(verifySurveyToken(NEW, signUnsubscribeToken(NEW, { userId: 'ada' }))).toBeNull();
    expect(verifyUnsubscribeToken(NEW, signUnsubscribeToken(NEW, { userId: 'ada' }))).toEqual({ userId: 'ada' });
    expect(verifySurveyToken(NEW, surveyToken(NEW, 'ada'))).toEqual({ userId: 'ada', survey: 'nps' });
  });

  it('a preferences or tracking link with the same claim as an unsubscribe link does not unsubscribe', () => {
    expect(verifyUnsubscribeToken(NEW, signLink(NEW, 'preferences', { userId: 'ada' }))).toBeNull();
    expect(verifyUnsubscribeToken(NEW, signLink(NEW, 'tracking', { userId: 'ada' }))).toBeNull();
  });

  it('a token whose purpose was edited no longer verifies', () => {
    const [kid, payload, signature] = surveyToken(NEW, 'ada').split('.');
    const edited = Buffer.from(
      Buffer.from(payload!, 'base64url').toString('utf8').replace('"survey"', '"unsubscribe"'),
    ).toString('base64url');
    expect(verifyUnsubscribeToken(NEW, `${kid}.${edited}.${signature}`)).toBeNull();
  });
});

describe('links already in mailboxes (no purpose) keep working for what they were issued for', () => {
  it('accepts a legacy unsubscribe link only if its payload is exactly { userId }', () => {
    expect(verifyUnsubscribeToken(NEW, legacyToken(NEW, { userId: 'ada' }))).toEqual({ userId: 'ada' });
    expect(verifyUnsubscribeToken(NEW, legacyToken(NEW, { userId: 'ada', survey: 'nps' }))).toBeNull();
    expect(
      verifyUnsubscribeToken(NEW, legacyToken('someone-elses-secret-0123456789abcd', { userId: 'ada' })),
    ).toBeNull();
  });

  it('accepts a legacy survey link only if its payload is exactly { userId, survey }', () => {
    expect(verifySurveyToken(NEW, legacyToken(NEW, { userId: 'ada', survey: 'cancellation' }))).toEqual({
      userId: 'ada',
      survey: 'cancellation',
    });
    expect(verifySurveyToken(NEW, legacyToken(NEW, { userId: 'ada' }))).toBeNull();
    expect(verifySurveyToken(NEW, legacyToken(NEW, { userId: 'ada', survey: 'nps', extra: 1 }))).toBeNull();
  });
});

describe('LINK_SECRET rotation', () => {
  const ring = `${NEW},${OLD}`;

  it('old links keep working while the old key is listed after the new one; dropping it retires them', () => {
    const oldLink = signUnsubscribeToken(OLD, { userId: 'ada' });
    expect(verifyUnsubscribeToken(ring, oldLink)).toEqual({ userId: 'ada' });
    expect(verifyUnsubscribeToken(NEW, oldLink)).toBeNull();
    expect(verifyUnsubscribeToken(ring, legacyToken(OLD, { userId: 'ada' }))).toEqual({ userId: 'ada' });
  });

  it('new links are signed by the newest key, named by a key id that is not the secret', () => {
    const link = signUnsubscribeToken(ring, { userId: 'ada' });
    expect(verifyUnsubscribeToken(NEW, link)).toEqual({ userId: 'ada' });
    expect(verifyUnsubscribeToken(OLD, link)).toBeNull();
    const [kid, payload] = link.split('.');
    expect(kid).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(kid).not.toBe(signUnsubscribeToken(OLD, { userId: 'ada' }).split('.')[0]);
    expect(`${link}${Buffer.from(payload!, 'base64url').toString('utf8')}`).not.toContain('secret');
  });
});

describe('link expiry', () => {
  const Claim = z.object({ userId: z.string() });
  const check = (nowMs: number) => ({ purpose: 'preferences' as const, claim: Claim, nowMs });

  it('a link with an expiry works until it and not after', () => {
    const expiresAt = Date.UTC(2030, 0, 1);
    const link = signLink(NEW, 'preferences', { userId: 'ada' }, { expiresAt });
    expect(verifyLink(NEW, link, check(expiresAt - 1000))).toEqual({ userId: 'ada' });
    expect(verifyLink(NEW, link, check(expiresAt))).toBeNull();
    expect(verifyLink(NEW, signLink(NEW, 'preferences', { userId: 'ada' }), check(expiresAt * 10))).toEqual({
      userId: 'ada',
    });
  });
});
