import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

// Signed customer links. A token is `<kid>.<payload>.<signature>`: the key id names which of the
// LINK_SECRET keys signed it (derived from the key, never the key), the payload is base64url JSON
// `{ purpose, claim, exp? }` and the signature is HMAC-SHA256 over `<kid>.<payload>`. A token is only
// good for the purpose it was issued for, so a survey link never unsubscribes.
//
// Links issued before purposes existed are `<payload>.<signature>` signed with the raw secret; they
// stay valid for exactly what they were issued for (see `legacy` in verifyLink).

/** What a link lets its holder do. */
export const LinkPurpose = z.enum(['unsubscribe', 'survey', 'preferences', 'tracking']);
export type LinkPurpose = z.infer<typeof LinkPurpose>;

/** One signing key of the ring: its public id and the secret. */
interface LinkKey {
  kid: string;
  secret: string;
}

/**
 * The keys in LINK_SECRET: one or more secrets separated by commas, newest first. The newest signs new
 * links; every listed key still verifies the links it signed, so old links keep working after a rotation.
 */
export function linkKeyring(linkSecret: string): LinkKey[] {
  const secrets = linkSecret
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!secrets.length) throw new Error('LINK_SECRET holds no key');
  return secrets.map((secret) => ({ secret, kid: keyId(secret) }));
}

/** The public id of a link key: a short hash of it, safe to put in a URL. */
export function keyId(secret: string): string {
  return createHash('sha256').update(`boomerang-link-key-id\u0000${secret}`).digest('base64url').slice(0, 8);
}

const mac = (secret: string, data: string): Buffer => createHmac('sha256', secret).update(data).digest();

function sameMac(given: string, expected: Buffer): boolean {
  const bytes = Buffer.from(given, 'base64url');
  return bytes.length === expected.length && timingSafeEqual(bytes, expected);
}

/** A signed link token for `purpose` carrying `claim`, by the newest key; `expiresAt` (ms since epoch) limits its life. */
export function signLink(
  linkSecret: string,
  purpose: LinkPurpose,
  claim: Record<string, unknown>,
  opts: { expiresAt?: number } = {},
): string {
  const [key] = linkKeyring(linkSecret);
  if (!key) throw new Error('LINK_SECRET holds no key');
  const body = { purpose, claim, ...(opts.expiresAt === undefined ? {} : { exp: Math.floor(opts.expiresAt / 1000) }) };
  const signed = `${key.kid}.${Buffer.from(JSON.stringify(body)).toString('base64url')}`;
  return `${signed}.${mac(key.secret, signed).toString('base64url')}`;
}

const Envelope = z.object({ purpose: LinkPurpose, claim: z.unknown(), exp: z.number().int().optional() });

function decode(payload: string): unknown {
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** How verifyLink reads a token: the purpose it must have been issued for and the claim's shape. */
export interface LinkCheck<S extends z.ZodType> {
  purpose: LinkPurpose;
  claim: S;
  /** The exact shape a link of this purpose had before purposes existed; omit to refuse such links. */
  legacy?: z.ZodType<z.infer<S>> | undefined;
  nowMs?: number | undefined;
}

/** The claim of a token issued for `check.purpose` by one of the ring's keys, or null (forged, altered, cut short, expired or issued for something else). */
export function verifyLink<S extends z.ZodType>(
  linkSecret: string,
  token: string,
  check: LinkCheck<S>,
): z.infer<S> | null {
  const keys = linkKeyring(linkSecret);
  const parts = token.split('.');
  if (parts.length === 2) return verifyLegacy(keys, parts, check.legacy);
  if (parts.length !== 3) return null;
  const [kid = '', payload = '', signature = ''] = parts;
  const key = keys.find((k) => k.kid === kid);
  if (!key || !sameMac(signature, mac(key.secret, `${kid}.${payload}`))) return null;
  const envelope = Envelope.safeParse(decode(payload));
  if (!envelope.success || envelope.data.purpose !== check.purpose) return null;
  if (envelope.data.exp !== undefined && envelope.data.exp * 1000 <= (check.nowMs ?? Date.now())) return null;
  const claim = check.claim.safeParse(envelope.data.claim);
  return claim.success ? claim.data : null;
}

function verifyLegacy<T>(
  keys: LinkKey[],
  [payload = '', signature = '']: string[],
  legacy: z.ZodType<T> | undefined,
): T | null {
  if (!legacy || !keys.some((k) => sameMac(signature, mac(k.secret, payload)))) return null;
  const claim = legacy.safeParse(decode(payload));
  return claim.success ? claim.data : null;
}
