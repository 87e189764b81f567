import { z } from 'zod';
import { signLink, verifyLink } from './links.ts';

/** Who an unsubscribe link belongs to. */
export interface UnsubscribeClaim {
  userId: string;
  /** The subscription group of the email the link was in: following it leaves that group only. */
  group?: string | undefined;
}

const Legacy = z.strictObject({ userId: z.string().min(1) });
const Claim = z.strictObject({ userId: z.string().min(1), group: z.string().min(1).optional() });

/** A URL-safe token proving the link was issued to unsubscribe `userId` (from `group` when given), signed with the newest LINK_SECRET key. */
export function signUnsubscribeToken(secret: string, claim: UnsubscribeClaim): string {
  return signLink(
    secret,
    'unsubscribe',
    claim.group ? { userId: claim.userId, group: claim.group } : { userId: claim.userId },
  );
}

/** A URL-safe token for `userId`'s preference page (`{{ preferences_url }}`). */
export function signPreferencesToken(secret: string, userId: string): string {
  return signLink(secret, 'preferences', { userId });
}

/** Whose preference page a token opens, or null for a forged, damaged or other-purpose token. */
export function verifyPreferencesToken(secret: string, token: string): { userId: string } | null {
  return verifyLink(secret, token, { purpose: 'preferences', claim: Legacy });
}

/**
 * The claim in an unsubscribe token, or null for a forged, altered, truncated or other-purpose token.
 * Links sent before tokens carried a purpose are accepted only if their payload is exactly `{ userId }`.
 */
export function verifyUnsubscribeToken(secret: string, token: string): UnsubscribeClaim | null {
  return verifyLink(secret, token, { purpose: 'unsubscribe', claim: Claim, legacy: Legacy });
}

/** RFC 8058 one-click unsubscribe headers for `url`. */
export function unsubscribeHeaders(url: string): {
  'List-Unsubscribe': string;
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click';
} {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
