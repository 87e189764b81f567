import { z } from 'zod';

const Address = z.email();

/** Where a journey email goes: one address, or why the customer gets none (the send's status and a reason). */
export type Recipient =
  { ok: true; address: string } | { ok: false; status: 'skipped-no-email' | 'skipped-invalid-email'; reason: string };

/**
 * Reads `traits.email` as exactly one plain address. Lists ("a@x.com, b@y.com"), display names
 * ('"A" <a@x.com>') and surrounding spaces are refused rather than guessed at: the SMTP layer would
 * read them as several recipients or a different one.
 */
export function recipientOf(traits: Record<string, unknown>): Recipient {
  const email = traits['email'];
  if (email === undefined || email === null || email === '')
    return { ok: false, status: 'skipped-no-email', reason: 'the customer has no email trait' };
  if (typeof email !== 'string')
    return {
      ok: false,
      status: 'skipped-invalid-email',
      reason: `the email trait is a ${typeof email}, not an address`,
    };
  if (email.trim() !== email)
    return {
      ok: false,
      status: 'skipped-invalid-email',
      reason: `the email trait ${JSON.stringify(email)} has spaces around the address`,
    };
  if (!Address.safeParse(email).success)
    return {
      ok: false,
      status: 'skipped-invalid-email',
      reason: `the email trait ${JSON.stringify(email)} is not one valid address`,
    };
  return { ok: true, address: email };
}
