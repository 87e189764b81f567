import { z } from 'zod';
import { signLink, verifyLink } from './links.ts';

/** Who an unsubscribe link belongs to. */
export interface UnsubscribeClaim {
  userId: string;
}

const Claim = z.strictObject({ userId: z.string().min(1) });

/** A URL-safe token proving the link was issued to unsubscribe `userId` (signed with the newest LINK_SECRET key). */
export function signUnsubscribeToken(secret: string, claim: UnsubscribeClaim): string {
  return signLink(secret, 'unsubscribe', { userId: claim.userId });
}

/**
 * The claim in an unsubscribe token, or null for a forged, altered, truncated or other-purpose token.
 * Links sent before tokens carried a purpose are accepted only if their payload is exactly `{ userId }`.
 */
export function verifyUnsubscribeToken(secret: string, token: string): UnsubscribeClaim | null {
  return verifyLink(secret, token, { purpose: 'unsubscribe', claim: Claim, legacy: Claim });
}

/** RFC 8058 one-click unsubscribe headers for `url`. */
export function unsubscribeHeaders(url: string): {
  'List-Unsubscribe': string;
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click';
} {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
