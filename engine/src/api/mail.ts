import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { changeSubscriptions } from '../consent/index.ts';
import { findCustomer, findMail, findSubscriptionGroup, listMail, unsubscribe, type Database } from '../db/index.ts';
import { signPreferencesToken, verifyUnsubscribeToken } from '../email/index.ts';
import { subscriptionEvents, unstorableText, type EventStore } from '../events/index.ts';
import { messagesFor } from './languages/index.ts';
import { HttpError } from './errors.ts';
import { page, escapeHtml } from './page.ts';
import { defineRoute, type Route } from './route.ts';
import { MailList, OutboxQuery } from './shapes.ts';

const Token = { schema: z.object({ token: z.string() }), invalid: 'Invalid link' };
const html = (description: string) => ({ description, html: true as const });
const DAMAGED = 'A damaged link';

/** The outbox (mail the embedded sink received) and the unsubscribe endpoints (RFC 8058 one-click). */
export function mailRoutes(deps: { db: Database; store: EventStore; linkSecret: string }): Route[] {
  const claimOf = (token: string) => {
    const verified = verifyUnsubscribeToken(deps.linkSecret, token);
    if (!verified)
      throw new HttpError(400, 'This unsubscribe link is not valid (it may have been cut short by the mail program)');
    return verified;
  };
  // A link of an email in a group leaves that group; a group deleted since leaves all email instead.
  const unsubscribing = async (token: string) => {
    const claim = claimOf(token);
    const [customer, group] = await Promise.all([
      findCustomer(deps.db, claim.userId),
      claim.group ? findSubscriptionGroup(deps.db, claim.group) : undefined,
    ]);
    const preferencesUrl = `/p/${signPreferencesToken(deps.linkSecret, claim.userId)}`;
    return { userId: claim.userId, group, messages: messagesFor(customer?.traits), preferencesUrl };
  };
  return [
    defineRoute({
      method: 'get',
      path: '/v1/outbox',
      auth: 'admin',
      summary: 'Mail received by the embedded SMTP sink',
      query: { schema: OutboxQuery, invalid: 'Invalid query', at: 'query' },
      responses: { 200: { description: 'Messages', schema: MailList } },
      handler: async ({ query, res }) => {
        const unstorable = unstorableText(query.to, 'query.to');
        if (unstorable.length > 0) throw new HttpError(400, 'Invalid query', unstorable);
        const asked = Number(query.limit ?? 50);
        const limit = Number.isInteger(asked) && asked > 0 ? Math.min(asked, 500) : 50;
        res.json({ messages: await listMail(deps.db, { ...(query.to ? { to: query.to } : {}), limit }) });
      },
    }),
    // The outbox pages show every customer's mail (with their unsubscribe and survey links), so they need
    // the admin token like /v1/outbox. A browser is asked for it by the Basic-auth challenge.
    defineRoute({
      method: 'get',
      path: '/outbox',
      auth: 'admin-page',
      summary: "The embedded SMTP sink's mail as a page (the admin token as Basic-auth username or Bearer)",
      responses: { 200: html('The outbox') },
      handler: async ({ res }) => {
        const mail = await listMail(deps.db, { limit: 100 });
        const rows = mail.map(
          (m) =>
            `<tr><td>${escapeHtml(m.receivedAt)}</td><td>${escapeHtml(m.to.join(', '))}</td><td><a href="/outbox/${m.id}">${escapeHtml(m.subject ?? '(no subject)')}</a></td></tr>`,
        );
        res.type('html').send(
          page(
            'Outbox',
            `<h1>Outbox</h1><p>${mail.length} message(s) received by the embedded SMTP sink.</p>
      <table><thead><tr><th>Received</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
          ),
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/outbox/:id',
      auth: 'admin-page',
      summary: 'One received message as a page',
      params: { schema: z.object({ id: z.string() }), invalid: 'Invalid message id' },
      responses: { 200: html('The message'), 404: 'No such message' },
      handler: async ({ params, res }) => {
        const m = /^\d{1,15}$/.test(params.id) ? await findMail(deps.db, Number(params.id)) : undefined;
        if (!m) throw new HttpError(404, 'No such message');
        const headers = Object.entries(m.headers)
          .map(([k, v]) => `<div><b>${escapeHtml(k)}:</b> ${escapeHtml(v)}</div>`)
          .join('');
        res.type('html').send(
          page(
            m.subject ?? 'Message',
            `<p><a href="/outbox">&larr; Outbox</a></p><h1>${escapeHtml(m.subject ?? '')}</h1>
      <p>To ${escapeHtml(m.to.join(', '))}, from ${escapeHtml(m.from ?? '')}</p>
      <iframe title="Email HTML" sandbox="" style="width:100%;height:70vh;border:1px solid #ddd" srcdoc="${escapeHtml(m.html ?? '')}"></iframe>
      <details><summary>Plain text</summary><pre>${escapeHtml(m.text ?? '')}</pre></details><details><summary>Headers</summary>${headers}</details>`,
          ),
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/u/:token',
      auth: 'none',
      summary: 'The unsubscribe page of an email link (following it never unsubscribes)',
      params: Token,
      responses: { 200: html('A page with the unsubscribe button'), 400: DAMAGED },
      handler: async ({ params, res }) => {
        const { group, messages: m, preferencesUrl } = await unsubscribing(params.token);
        // A GET never unsubscribes: link scanners follow links. The button posts back here.
        res.type('html').send(
          page(
            m.unsubscribeTitle,
            `<h1>${escapeHtml(m.unsubscribeTitle)}</h1><p>${escapeHtml(group ? m.unsubscribeGroupQuestion(group.name) : m.unsubscribeQuestion)}</p>
      <form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${escapeHtml(m.unsubscribeButton)}</button></form>
      <p><a href="${escapeHtml(preferencesUrl)}">${escapeHtml(m.choosePreferences)}</a></p>`,
            m.lang,
          ),
        );
      },
    }),
    defineRoute({
      method: 'post',
      path: '/u/:token',
      auth: 'none',
      summary:
        "Unsubscribe (RFC 8058 one-click: List-Unsubscribe=One-Click, form-encoded): from the email's subscription group when it had one, else from all marketing email",
      params: Token,
      // The link alone says who unsubscribes; what the form holds does not matter.
      body: {
        schema: z.object({ 'List-Unsubscribe': z.literal('One-Click').optional() }),
        invalid: 'Invalid form',
        limit: '1kb',
        form: true,
        read: (): undefined => undefined,
      },
      responses: { 200: html('Unsubscribed'), 400: DAMAGED },
      handler: async ({ params, res }) => {
        const { userId, group, messages: m, preferencesUrl } = await unsubscribing(params.token);
        const done = (text: string) =>
          res
            .type('html')
            .send(
              page(
                m.unsubscribedTitle,
                `<h1>${escapeHtml(m.unsubscribedTitle)}</h1><p>${escapeHtml(text)}</p><p><a href="${escapeHtml(preferencesUrl)}">${escapeHtml(m.choosePreferences)}</a></p>`,
                m.lang,
              ),
            );
        if (group) {
          const changes = await changeSubscriptions(deps.db, userId, { [group.id]: false }, 'one-click');
          const now = new Date().toISOString();
          await deps.store.append(subscriptionEvents(userId, changes, 'one-click', `one-click-${randomUUID()}`, now));
          done(m.unsubscribedGroupText(group.name));
          return;
        }
        if (await unsubscribe(deps.db, userId)) {
          await deps.store.append([
            {
              type: 'track',
              messageId: `unsubscribe-${userId}`,
              userId,
              anonymousId: undefined,
              event: 'Unsubscribed',
              properties: { channel: 'email' },
              traits: {},
              context: {},
              timestamp: new Date().toISOString(),
            },
          ]);
        }
        done(m.unsubscribedText);
      },
    }),
  ];
}
