import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type DKIM from 'nodemailer/lib/dkim';

// DKIM signing of every message with nodemailer's own signer. Gmail and Yahoo want the one-click
// unsubscribe headers covered by the signature (RFC 8058), so they are named here explicitly rather
// than left to nodemailer's default list.

/** The headers every signature covers (those a message lacks are left out of `h=` by the signer). */
export const SIGNED_HEADERS = [
  'From',
  'Reply-To',
  'Subject',
  'Date',
  'To',
  'Message-ID',
  'MIME-Version',
  'Content-Type',
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
] as const;

/** What signs outgoing mail: the signing domain (`d=`), the selector (`s=`) and the RSA private key. */
export interface DkimSigning {
  domain: string;
  selector: string;
  /** PEM text; never printed. */
  privateKey: string;
}

/** A private key read from the configuration, or what is wrong with it. */
export type DkimKeyCheck = { ok: true; key: KeyObject } | { ok: false; problem: string };

/** Whether `pem` is an RSA private key of at least 1024 bits (2048 recommended), without revealing it in the problem. */
export function checkDkimPrivateKey(pem: string): DkimKeyCheck {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    return {
      ok: false,
      problem: 'is not a PEM private key (expected "-----BEGIN PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----")',
    };
  }
  if (key.asymmetricKeyType !== 'rsa')
    return {
      ok: false,
      problem: `is a ${key.asymmetricKeyType ?? 'non-RSA'} key; DKIM signing here needs an RSA key (boomerang dkim generate makes one)`,
    };
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 1024)
    return {
      ok: false,
      problem: `is an RSA key of ${bits} bits; receivers ignore DKIM keys under 1024 bits (use 2048)`,
    };
  return { ok: true, key };
}

/** The public half of a PEM private key, base64 DER (SubjectPublicKeyInfo), as a DKIM record's `p=` wants it. */
export function dkimPublicKey(privateKeyPem: string): string {
  return createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' }).toString('base64');
}

/**
 * nodemailer's `dkim` transport option for `signing`. The key is parsed once here: nodemailer hands
 * `privateKey` straight to node's `Sign.sign`, which takes a KeyObject as well as PEM text, and parsing
 * the PEM again for every message cost more than half of each signature (see `npm run bench -- deliverability`).
 */
export function dkimOptions(signing: DkimSigning): DKIM.Options {
  const key: KeyObject = createPrivateKey(signing.privateKey);
  return {
    domainName: signing.domain,
    keySelector: signing.selector,
    // nodemailer's types name only PEM strings; its signer passes the value to crypto.Sign#sign unchanged.
    privateKey: key as unknown as string,
    headerFieldNames: SIGNED_HEADERS.join(':'),
  };
}
