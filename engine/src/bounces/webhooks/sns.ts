import { createVerify } from 'node:crypto';
import { text } from './report.ts';

/** Whether a URL is https on an SNS endpoint of AWS (`sns.<region>.amazonaws.com`, default port): the only host SNS calls go to. */
export function isSnsEndpoint(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(parsed.hostname) &&
    parsed.port === ''
  );
}

/** Where SNS signing certificates may be fetched from: an SNS endpoint (see isSnsEndpoint), a .pem file. */
export const isSnsCertificateUrl = (url: string): boolean =>
  isSnsEndpoint(url) && new URL(url).pathname.endsWith('.pem');

/** The fields an SNS message of this type signs, in the order AWS documents. */
const SIGNED: Record<string, string[]> = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
  UnsubscribeConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
};

/** The string SNS signed: each present field's name and value, one per line. */
export function snsStringToSign(message: unknown): string | null {
  const fields = SIGNED[text(message, 'Type') ?? ''];
  if (!fields) return null;
  return fields
    .map((name) => {
      const value = text(message, name);
      return value === undefined ? '' : `${name}\n${value}\n`;
    })
    .join('');
}

/** Fetches a PEM certificate; injected in tests. */
export type CertificateFetcher = (url: string) => Promise<string>;

/** Fetches an SNS signing certificate over https (only from SNS endpoints, see isSnsCertificateUrl). */
export const fetchSnsCertificate: CertificateFetcher = async (url) => {
  if (!isSnsCertificateUrl(url)) throw new Error(`not an SNS certificate URL: ${url}`);
  const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`the certificate at ${url} answered ${res.status}`);
  return res.text();
};

/**
 * Verifies an SNS message's signature (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA) with the
 * certificate at its SigningCertURL, which must be an SNS endpoint; `topicArn`, when set, must match.
 * Returns why it is not genuine, or null.
 */
export async function snsProblem(
  message: unknown,
  fetchCertificate: CertificateFetcher,
  topicArn?: string | undefined,
): Promise<string | null> {
  const certUrl = text(message, 'SigningCertURL') ?? text(message, 'SigningCertUrl') ?? '';
  if (!isSnsCertificateUrl(certUrl)) return 'SigningCertURL is not an https SNS endpoint of amazonaws.com';
  if (topicArn && text(message, 'TopicArn') !== topicArn) return `the topic is not ${topicArn}`;
  const signed = snsStringToSign(message);
  if (!signed) return 'not an SNS message type';
  const version = text(message, 'SignatureVersion');
  const algorithm = version === '2' ? 'RSA-SHA256' : version === '1' ? 'RSA-SHA1' : null;
  if (!algorithm) return `unknown SignatureVersion ${version ?? '(none)'}`;
  const signature = text(message, 'Signature') ?? '';
  let certificate: string;
  try {
    certificate = await fetchCertificate(certUrl);
  } catch (error) {
    return `the signing certificate could not be fetched: ${error instanceof Error ? error.message : String(error)}`;
  }
  try {
    const ok = createVerify(algorithm).update(signed, 'utf8').verify(certificate, signature, 'base64');
    return ok ? null : 'the signature does not match';
  } catch {
    return 'the signature or the certificate is unreadable';
  }
}
