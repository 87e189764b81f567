import { describe, expect, it } from 'vitest';
import { trackHtml, trackedEmailHtml, verifyClickToken, verifyOpenToken } from '../../../engine/src/tracking/index.ts';

// A plan whose addresses are easy to read back: link n of url becomes https://t.example/c/n?u=url.
const plan = {
  clickUrl: (index: number, url: string) => `https://t.example/c/${index}?u=${encodeURIComponent(url)}`,
  pixelUrl: 'https://t.example/o/px',
  leaveAlone: (url: string) => url.startsWith('https://app.example/u/'),
};

describe('the tracking rewriter', () => {
  it('rewrites http(s) links in order, leaves mailto, tel, anchors and unsubscribe alone, and adds the pixel at the end of the body', () => {
    const html =
      '<html><body><p>Hi &amp; welcome, Zoë</p>' +
      '<a href="https://shop.example/a?x=1&amp;y=2">Shop</a>' +
      '<a href="mailto:help@shop.example">Mail us</a>' +
      '<a href="tel:+3120">Call</a>' +
      '<a href="#top">Top</a>' +
      '<a href="HTTP://shop.example/B">Caps</a>' +
      '<a href="https://app.example/u/abc">Unsubscribe</a>' +
      '<!--[if mso]><a href="https://shop.example/outlook">Outlook</a><![endif]-->' +
      '</body></html>';
    const tracked = trackHtml(html, plan);
    expect(tracked.links).toEqual(['https://shop.example/a?x=1&y=2', 'HTTP://shop.example/B']);
    // Hand-written: what the email must look like afterwards (entities kept, only the two links changed).
    expect(tracked.html).toBe(
      '<html><body><p>Hi &amp; welcome, Zoë</p>' +
        '<a href="https://t.example/c/0?u=https%3A%2F%2Fshop.example%2Fa%3Fx%3D1%26y%3D2">Shop</a>' +
        '<a href="mailto:help@shop.example">Mail us</a>' +
        '<a href="tel:+3120">Call</a>' +
        '<a href="#top">Top</a>' +
        '<a href="https://t.example/c/1?u=HTTP%3A%2F%2Fshop.example%2FB">Caps</a>' +
        '<a href="https://app.example/u/abc">Unsubscribe</a>' +
        '<!--[if mso]><a href="https://shop.example/outlook">Outlook</a><![endif]-->' +
        '<img src="https://t.example/o/px" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0;">' +
        '</body></html>',
    );
  });

  it('adds the pixel to a fragment without a body', () => {
    expect(trackHtml('<p>No links</p>', plan)).toEqual({
      html: '<p>No links</p><img src="https://t.example/o/px" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0;">',
      links: [],
    });
  });

  it("signs each link for its send, position and URL, and leaves Boomerang's own customer pages untracked", () => {
    const secret = 'a-link-secret-of-at-least-32-characters!!';
    const html =
      '<body><a href="https://shop.example/x">x</a><a href="http://localhost:3000/u/tok">unsub</a>' +
      '<a href="http://localhost:3000/s/tok?score=9">9</a><a href="https://shop.example/y">y</a></body>';
    const tracked = trackedEmailHtml(html, { publicUrl: 'http://localhost:3000', linkSecret: secret, sendKey: 'k1' });
    expect(tracked.links).toEqual(['https://shop.example/x', 'https://shop.example/y']);
    const hrefs = [...tracked.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(hrefs[1]).toBe('http://localhost:3000/u/tok');
    expect(hrefs[2]).toBe('http://localhost:3000/s/tok?score=9');
    const token = (href: string | undefined, prefix: string) => {
      expect(href?.startsWith(prefix)).toBe(true);
      return (href ?? '').slice(prefix.length);
    };
    expect(verifyClickToken(secret, token(hrefs[0], 'http://localhost:3000/t/c/'))).toEqual({
      s: 'k1',
      i: 0,
      u: 'https://shop.example/x',
    });
    expect(verifyClickToken(secret, token(hrefs[3], 'http://localhost:3000/t/c/'))).toEqual({
      s: 'k1',
      i: 1,
      u: 'https://shop.example/y',
    });
    const pixel = /<img src="http:\/\/localhost:3000\/t\/o\/([^"]+)"/.exec(tracked.html)?.[1] ?? '';
    expect(verifyOpenToken(secret, pixel)).toEqual({ s: 'k1' });
    // An open token is no click token (nothing to redirect to), and a click token is no open token.
    expect(verifyClickToken(secret, pixel)).toBeNull();
    expect(verifyOpenToken(secret, token(hrefs[0], 'http://localhost:3000/t/c/'))).toBeNull();
  });
});

describe('the tracking rewriter on a real email', () => {
  it('changes nothing in MJML output but the links and the pixel', async () => {
    const { readFile } = await import('node:fs/promises');
    const { renderUnsaved } = await import('../../../engine/src/email/index.ts');
    const source = await readFile(new URL('../../../templates/emails/welcome.mjml', import.meta.url), 'utf8');
    const { html } = await renderUnsaved(source, {
      traits: { firstName: 'Zoë' },
      unsubscribeUrl: 'https://app.example/u/t',
    });
    const untouched = trackHtml(html, { ...plan, leaveAlone: () => true });
    const pixel =
      '<img src="https://t.example/o/px" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0;">';
    // The serializer tidies whitespace inside tags (MJML spreads long tags over lines); nothing else may differ.
    const tidy = (h: string) => h.replace(/\s+/g, ' ').replace(/ >/g, '>');
    expect(tidy(untouched.html)).toBe(tidy(html.replace(/<\/body>/, `${pixel}</body>`)));
  });
});
