// Which opens and clicks a machine made, not the customer. The rule (README, "Tracking"):
// - opens: Apple Mail Privacy Protection loads every image through Apple's proxy when the mail arrives,
//   whether or not it is read; its fetches carry the bare user agent `Mozilla/5.0` and nothing else.
//   Gmail's and Yahoo's image proxies (GoogleImageProxy, YahooMailProxy) fetch when a message is opened,
//   but also prefetch on delivery: their fetches within PREFETCH_SECONDS of the send are prefetches.
// - clicks: a HEAD request (a link checker, never a browser following a link); a known scanner or
//   non-browser user agent (or none at all); or a click within `scannerSeconds` of the send, faster
//   than a person opens an email and clicks (security gateways follow every link on delivery).

/** One request to a tracking link, as far as the rule needs to know it. */
export interface TrackingHit {
  kind: 'open' | 'click';
  method: string;
  userAgent: string | undefined;
  /** Seconds between the send and this request (null when the send time is unknown). */
  secondsSinceSent: number | null;
}

/** Fetches by mail-privacy image proxies within this many seconds of the send are prefetches. */
export const PREFETCH_SECONDS = 120;

const APPLE_PRIVACY_PROXY = /^Mozilla\/5\.0$/;
const IMAGE_PROXY = /GoogleImageProxy|ggpht\.com|YahooMailProxy/i;
const SCANNER =
  /bot\b|crawler|spider|scanner|preview|Barracuda|Mimecast|Proofpoint|Safe ?Links|Microsoft Office|MSOffice|Trend ?Micro|Symantec|Forcepoint|Sophos|curl|wget|python|Go-http-client|Java\/|okhttp|axios|node-fetch|undici|HeadlessChrome|PhantomJS/i;

/** Why a tracking request was made by a machine (a short reason recorded with the event), or null for a person. */
export function machineReason(hit: TrackingHit, opts: { scannerSeconds: number }): string | null {
  const ua = hit.userAgent?.trim() ?? '';
  const soon = (seconds: number) => hit.secondsSinceSent !== null && hit.secondsSinceSent < seconds;
  if (hit.kind === 'open') {
    if (APPLE_PRIVACY_PROXY.test(ua)) return 'apple-privacy-proxy';
    if (IMAGE_PROXY.test(ua) && soon(PREFETCH_SECONDS)) return 'image-proxy-prefetch';
    return null;
  }
  if (hit.method === 'HEAD') return 'head-request';
  if (!ua) return 'no-user-agent';
  if (SCANNER.test(ua)) return 'scanner-user-agent';
  if (soon(opts.scannerSeconds)) return 'too-soon-after-send';
  return null;
}
