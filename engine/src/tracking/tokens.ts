import { z } from 'zod';
import { signLink, verifyLink } from '../email/index.ts';

// Tracking tokens are customer links of purpose `tracking` (LINK_SECRET, rotatable by key id). A click
// token commits to the send, the link's position and the exact URL that was in the email, so the
// redirect can only ever lead where the email pointed; an open token names the send alone. The claims
// are strict objects, so an open token never passes as a click token nor the other way round.

/** What a tracked link's token says: which send (`s`, the message log key), which link (`i`) and where it led (`u`). */
export const ClickClaim = z.strictObject({
  s: z.string().min(1),
  i: z.number().int().min(0),
  u: z.url({ protocol: /^https?$/ }),
});
export type ClickClaim = z.infer<typeof ClickClaim>;

/** What an open pixel's token says: which send (`s`). */
export const OpenClaim = z.strictObject({ s: z.string().min(1) });
export type OpenClaim = z.infer<typeof OpenClaim>;

/** A token for link number `index` (0-based, in document order) of send `sendKey`, pointing at `url`. */
export function signClickToken(secret: string, sendKey: string, index: number, url: string): string {
  return signLink(secret, 'tracking', { s: sendKey, i: index, u: url });
}

/** A token for the open pixel of send `sendKey`. */
export function signOpenToken(secret: string, sendKey: string): string {
  return signLink(secret, 'tracking', { s: sendKey });
}

/** The claim of a click token, or null for a forged, altered, cut-short or other-purpose token. */
export function verifyClickToken(secret: string, token: string): ClickClaim | null {
  return verifyLink(secret, token, { purpose: 'tracking', claim: ClickClaim });
}

/** The claim of an open token, or null for a forged, altered, cut-short or other-purpose token. */
export function verifyOpenToken(secret: string, token: string): OpenClaim | null {
  return verifyLink(secret, token, { purpose: 'tracking', claim: OpenClaim });
}
