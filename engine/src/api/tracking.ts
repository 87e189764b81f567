import type { Response } from 'express';
import { z } from 'zod';
import type { Database } from '../db/index.ts';
import { recordTracking, verifyClickToken, verifyOpenToken } from '../tracking/index.ts';
import { page } from './page.ts';
import { defineRoute, type Route } from './route.ts';

const Token = { schema: z.object({ token: z.string() }), invalid: 'Invalid link' };
// A transparent 1×1 GIF89a.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const DAMAGED = 'A damaged or altered tracking link: a page saying so, and no redirect';

/** What the tracking routes need: where events go, the link keys and the scanner window. */
export interface TrackingRouteDeps {
  db: Database;
  linkSecret: string;
  tracking?: { scannerSeconds: number } | undefined;
}

/**
 * The public tracking links of sent emails: `/t/o/<token>` (the open pixel) and `/t/c/<token>` (a tracked
 * link, redirecting only to the URL its token was signed for). Each records an event for the customer
 * the email went to; a forged or altered token gets a 400 page, records nothing and redirects nowhere.
 */
export function trackingRoutes(deps: TrackingRouteDeps): Route[] {
  const recording = { db: deps.db, scannerSeconds: deps.tracking?.scannerSeconds ?? 5 };
  const refuse = (res: Response) =>
    res
      .status(400)
      .type('html')
      .send(
        page(
          'Link not valid',
          '<h1>This link is not valid</h1><p>It may have been cut short or changed on the way. Open it from the email again.</p>',
        ),
      );
  return [
    defineRoute({
      method: 'get',
      path: '/t/o/:token',
      auth: 'none',
      params: Token,
      summary:
        'The open pixel of a sent email (a 1×1 GIF); records Email Opened (machine: true for privacy-proxy prefetches)',
      responses: { 200: { description: 'A transparent 1×1 GIF' }, 400: { description: DAMAGED, html: true } },
      handler: async ({ params, req, res }) => {
        const claim = verifyOpenToken(deps.linkSecret, params.token);
        if (!claim) return void refuse(res);
        await recordTracking(
          recording,
          { kind: 'open', claim },
          { method: req.method, userAgent: req.get('user-agent') },
        );
        res.set('Cache-Control', 'no-store, private').type('image/gif').send(PIXEL);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/t/c/:token',
      auth: 'none',
      params: Token,
      summary:
        'A tracked link of a sent email: 302 to the URL that was in the email; records Email Link Clicked (machine: true for link scanners)',
      responses: { 302: { description: 'To the URL the email linked to' }, 400: { description: DAMAGED, html: true } },
      handler: async ({ params, req, res }) => {
        const claim = verifyClickToken(deps.linkSecret, params.token);
        if (!claim) return void refuse(res);
        await recordTracking(
          recording,
          { kind: 'click', claim },
          { method: req.method, userAgent: req.get('user-agent') },
        );
        res.set('Cache-Control', 'no-store, private').set('Referrer-Policy', 'no-referrer').redirect(302, claim.u);
      },
    }),
  ];
}
