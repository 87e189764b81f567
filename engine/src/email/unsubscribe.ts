import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

// Signed links: a URL-safe token `<base64url JSON payload>.<base64url HMAC-SHA256>`. Unsubscribe links
// and survey answer links use the same signing with different claims.

const sign = (secret: string, payload: string): Buffer => createHmac('sha256', secret).update(payload).digest();

/** A URL-safe token `<payload>.<signature>` carrying `claim`, signed with `secret`. */
export function signClaim(secret: string, claim: Record<string, unknown>): string {
  const payload = Buffer.from(JSON.stringify(claim)).toString('base64url');
  return `${payload}.${sign(secret, payload).toString('base64url')}`;
}

/** The claim in a token signed with `secret` and shaped like `schema`, or null for a forged, altered or truncated token. */
export function verifyClaim<S extends z.ZodType>(secret: string, token: string, schema: S): z.infer<S> | null {
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [payload = '', signature = ''] = parts;
  const expected = sign(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  // Signed by us, so the payload is ours; still parse it defensively.
  try {
    const claim = schema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return claim.success ? claim.data : null;
  } catch {
    return null;
  }
}

/** Who an unsubscribe link belongs to. */
export interface UnsubscribeClaim { userId: string }

const Claim = z.object({ userId: z.string().min(1) });

/** A URL-safe token `<payload>.<signature>` proving the link was issued for `userId`. */
export function signUnsubscribeToken(secret: string, claim: UnsubscribeClaim): string {
  return signClaim(secret, { userId: claim.userId });
}

/** The claim in a token signed with `secret`, or null for a forged, altered or truncated token. */
export function verifyUnsubscribeToken(secret: string, token: string): UnsubscribeClaim | null {
  const claim = verifyClaim(secret, token, Claim);
  return claim ? { userId: claim.userId } : null;
}

/** RFC 8058 one-click unsubscribe headers for `url`. */
export function unsubscribeHeaders(url: string): { 'List-Unsubscribe': string; 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
