// The DNS TXT record that publishes a DKIM public key (RFC 6376 section 3.6.1).

/** A DKIM DNS record: where to publish it, its value, and the zone-file line with the value split into 255-character strings. */
export interface DkimRecord {
  name: string;
  value: string;
  zoneLine: string;
}

/** DNS TXT strings hold at most 255 characters each; longer values are several strings read as one. */
const TXT_STRING_MAX = 255;

/** Splits a TXT value into quoted strings of at most 255 characters. */
export function txtStrings(value: string): string[] {
  const parts: string[] = [];
  for (let i = 0; i < value.length; i += TXT_STRING_MAX) parts.push(value.slice(i, i + TXT_STRING_MAX));
  return parts.map((part) => `"${part}"`);
}

/**
 * The record to publish for `selector` at `domain` with the base64 public key `publicKey`.
 * @example dkimRecord('mail', 'example.com', 'MIIBIj...').name // 'mail._domainkey.example.com'
 */
export function dkimRecord(selector: string, domain: string, publicKey: string, keyType: 'rsa' = 'rsa'): DkimRecord {
  const name = `${selector}._domainkey.${domain}`;
  const value = `v=DKIM1; k=${keyType}; p=${publicKey}`;
  return { name, value, zoneLine: `${name} IN TXT ${txtStrings(value).join(' ')}` };
}
