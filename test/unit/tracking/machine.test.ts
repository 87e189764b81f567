import { describe, expect, it } from 'vitest';
import { machineReason, type TrackingHit } from '../../../engine/src/tracking/index.ts';

const SAFARI =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15';
const GMAIL_PROXY = 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)';
const hit = (h: Partial<TrackingHit>): TrackingHit => ({
  kind: 'click',
  method: 'GET',
  userAgent: SAFARI,
  secondsSinceSent: 3600,
  ...h,
});
const opts = { scannerSeconds: 5 };

describe('machine traffic', () => {
  it.each([
    ['a person opening in Safari an hour later', hit({ kind: 'open' }), null],
    [
      'Apple Mail Privacy Protection (bare Mozilla/5.0)',
      hit({ kind: 'open', userAgent: 'Mozilla/5.0' }),
      'apple-privacy-proxy',
    ],
    [
      'Gmail image proxy right on delivery',
      hit({ kind: 'open', userAgent: GMAIL_PROXY, secondsSinceSent: 4 }),
      'image-proxy-prefetch',
    ],
    ['Gmail image proxy when the person opens, later', hit({ kind: 'open', userAgent: GMAIL_PROXY }), null],
    ['a person clicking an hour later', hit({}), null],
    ['a HEAD request', hit({ method: 'HEAD' }), 'head-request'],
    ['no user agent', hit({ userAgent: undefined }), 'no-user-agent'],
    ['a security gateway', hit({ userAgent: 'Mozilla/5.0 (compatible; Barracuda Sentinel)' }), 'scanner-user-agent'],
    ['curl', hit({ userAgent: 'curl/8.5.0' }), 'scanner-user-agent'],
    ['a browser click 2 s after the send', hit({ secondsSinceSent: 2 }), 'too-soon-after-send'],
    ['a browser click 6 s after the send', hit({ secondsSinceSent: 6 }), null],
  ])('%s', (_what, given, expected) => {
    expect(machineReason(given, opts)).toBe(expected);
  });
});
