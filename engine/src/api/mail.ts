import express, { Router } from 'express';
import { findMail, listMail, unsubscribe, type Database } from '../db/index.ts';
import { verifyUnsubscribeToken } from '../email/index.ts';
import { unstorableText, type EventStore } from '../events/index.ts';
import { HttpError } from './errors.ts';
import { page, escapeHtml } from './page.ts';

/** The outbox (mail the embedded sink received) and the unsubscribe endpoints (RFC 8058 one-click). */
export function mailRoutes(deps: { db: Database; store: EventStore; linkSecret: string; requireAdmin: express.RequestHandler }): Router {
  const router = Router();

  router.get('/v1/outbox', deps.requireAdmin, async (req, res) => {
    const to = typeof req.query.to === 'string' ? req.query.to : undefined;
    const unstorable = unstorableText(to, 'query.to');
    if (unstorable.length > 0) throw new HttpError(400, 'Invalid query', unstorable);
    const asked = Number(req.query.limit ?? 50);
    const limit = Number.isInteger(asked) && asked > 0 ? Math.min(asked, 500) : 50;
    res.json({ messages: await listMail(deps.db, { ...(to ? { to } : {}), limit }) });
  });

  // The outbox pages show every customer's mail (with their unsubscribe and survey links), so they need
  // the admin token like /v1/outbox. A browser is asked for it by the Basic-auth challenge.
  const signedIn: express.RequestHandler = (req, res, next) => {
    try {
      deps.requireAdmin(req, res, next);
    } catch (error) {
      if (!(error instanceof HttpError) || error.status !== 401) throw error;
      res.status(401).set('WWW-Authenticate', 'Basic realm="Boomerang", charset="UTF-8"').type('html')
        .send(page('Sign in', `<h1>Sign in</h1><p>${escapeHtml(error.message)}.</p><p>In the browser's sign-in box, enter the admin token as the user name; the password is not used.</p>`));
    }
  };
  router.get('/outbox', signedIn, async (_req, res) => {
    const mail = await listMail(deps.db, { limit: 100 });
    const rows = mail.map((m) => `<tr><td>${escapeHtml(m.receivedAt)}</td><td>${escapeHtml(m.to.join(', '))}</td><td><a href="/outbox/${m.id}">${escapeHtml(m.subject ?? '(no subject)')}</a></td></tr>`);
    res.type('html').send(page('Outbox', `<h1>Outbox</h1><p>${mail.length} message(s) received by the embedded SMTP sink.</p>
      <table><thead><tr><th>Received</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows.join('')}</tbody></table>`));
  });
  router.get('/outbox/:id', signedIn, async (req, res) => {
    const id = String(req.params.id);
    const m = /^\d{1,15}$/.test(id) ? await findMail(deps.db, Number(id)) : undefined;
    if (!m) throw new HttpError(404, 'No such message');
    const headers = Object.entries(m.headers).map(([k, v]) => `<div><b>${escapeHtml(k)}:</b> ${escapeHtml(v)}</div>`).join('');
    res.type('html').send(page(m.subject ?? 'Message', `<p><a href="/outbox">&larr; Outbox</a></p><h1>${escapeHtml(m.subject ?? '')}</h1>
      <p>To ${escapeHtml(m.to.join(', '))}, from ${escapeHtml(m.from ?? '')}</p>
      <iframe title="Email HTML" sandbox="" style="width:100%;height:70vh;border:1px solid #ddd" srcdoc="${escapeHtml(m.html ?? '')}"></iframe>
      <details><summary>Plain text</summary><pre>${escapeHtml(m.text ?? '')}</pre></details><details><summary>Headers</summary>${headers}</details>`));
  });

  const customerOf = (token: string) => {
    const verified = verifyUnsubscribeToken(deps.linkSecret, token);
    if (!verified) throw new HttpError(400, 'This unsubscribe link is not valid (it may have been cut short by the mail program)');
    return verified.userId;
  };
  router.get('/u/:token', (req, res) => {
    customerOf(req.params.token);
    // A GET never unsubscribes: link scanners follow links. The button posts back here.
    res.type('html').send(page('Unsubscribe', `<h1>Unsubscribe</h1><p>Stop receiving these emails?</p>
      <form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`));
  });
  router.post('/u/:token', express.urlencoded({ extended: false, limit: '1kb' }), async (req, res) => {
    const userId = customerOf(req.params.token);
    if (await unsubscribe(deps.db, userId)) {
      await deps.store.append([{ type: 'track', messageId: `unsubscribe-${userId}`, userId, anonymousId: undefined, event: 'Unsubscribed', properties: { channel: 'email' }, traits: {}, context: {}, timestamp: new Date().toISOString() }]);
    }
    res.type('html').send(page('Unsubscribed', '<h1>You are unsubscribed</h1><p>You will get no more of these emails.</p>'));
  });
  return router;
}
