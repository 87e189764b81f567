import { createHmac, timingSafeEqual } from 'node:crypto';
import { base32nopad } from '@scure/base';
import { linkKeyring } from '../email/index.ts';

// VERP return paths: `bounce+<id>.<tag>@BOUNCE_DOMAIN`. The id is the local part of the send's
// Message-ID (32 hex digits, the hash Boomerang gives every send) in base32, 26 characters; the tag is
// an HMAC of the id by a LINK_SECRET key, 8 characters, so nobody can make up a return path that
// suppresses someone else's address. Lower case: some mail servers change the case of local parts.

const PREFIX = 'bounce+';
const TAG_BYTES = 5;

/** The tag of an id under one link key (HMAC with a purpose prefix, so it is never a link signature). */
const tagOf = (secret: string, id: string): Buffer =>
  createHmac('sha256', secret).update(`boomerang-return-path\u0000${id}`).digest().subarray(0, TAG_BYTES);

/** The hex local part of a Boomerang Message-ID (`<hex@host>` or `hex@host`), or null for another kind of id. */
export function messageIdLocal(messageId: string): string | null {
  const match = /^<?([0-9a-f]{32})@[^>\s]+>?$/i.exec(messageId.trim());
  return match?.[1] ? match[1].toLowerCase() : null;
}

/** The envelope sender for the send with this Message-ID, signed by the newest link key; null for a Message-ID Boomerang did not make. */
export function returnPath(linkSecret: string, domain: string, messageId: string): string | null {
  const local = messageIdLocal(messageId);
  const [key] = linkKeyring(linkSecret);
  if (!local || !key) return null;
  const id = base32nopad.encode(Buffer.from(local, 'hex')).toLowerCase();
  const tag = base32nopad.encode(tagOf(key.secret, id)).toLowerCase();
  return `${PREFIX}${id}.${tag}@${domain.toLowerCase()}`;
}

/**
 * The Message-ID local part (hex) a return path names, when it is one of ours: at `domain`, and signed
 * by one of the link keys (an older key too, so bounces of mail sent before a rotation still count).
 * Null for any other address.
 */
export function readReturnPath(linkSecret: string, domain: string, address: string): string | null {
  const match = /^bounce\+([a-z2-7]{26})\.([a-z2-7]{8})@(.+)$/i.exec(address.trim());
  if (!match?.[1] || !match[2] || !match[3] || match[3].toLowerCase() !== domain.toLowerCase()) return null;
  const id = match[1].toLowerCase();
  const given = Buffer.from(base32nopad.decode(match[2].toUpperCase()));
  const signed = linkKeyring(linkSecret).some((k) => {
    const expected = tagOf(k.secret, id);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!signed) return null;
  return Buffer.from(base32nopad.decode(id.toUpperCase())).toString('hex');
}
