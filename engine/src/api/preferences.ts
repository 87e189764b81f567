import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { changeSubscriptions, groupStatesOf, leaveEverything, type CustomerGroupStates } from '../consent/index.ts';
import { findCustomer, type Database } from '../db/index.ts';
import { verifyPreferencesToken } from '../email/index.ts';
import { subscriptionEvents, type EventStore } from '../events/index.ts';
import { HttpError } from './errors.ts';
import { messagesFor, type Messages } from './languages/index.ts';
import { escapeHtml, page } from './page.ts';
import { defineRoute, type Route } from './route.ts';

const Token = { schema: z.object({ token: z.string() }), invalid: 'Invalid link' };
const DAMAGED = 'A damaged link';

/** What the preference page's form posts: Save with the ticked groups, or leave everything. */
const PreferencesForm = z.object({
  action: z.enum(['save', 'leave-all']),
  group: z.union([z.string().max(63), z.array(z.string().max(63)).max(500)]).optional(),
});

/** The preference page: one checkbox per group, Save, and a button leaving every group and all email. */
function preferencesPage(states: CustomerGroupStates, m: Messages, notice: string | undefined): string {
  const boxes = states.groups.map(
    (g) =>
      `<p><label><input type="checkbox" name="group" value="${escapeHtml(g.group)}"${g.subscribed && !states.unsubscribedFromAll ? ' checked' : ''}> ${escapeHtml(g.name)}</label></p>`,
  );
  return page(
    m.preferencesTitle,
    `<h1>${escapeHtml(m.preferencesTitle)}</h1>${notice ? `<p role="status">${escapeHtml(notice)}</p>` : ''}
    <form method="post"><p>${escapeHtml(states.groups.length ? m.preferencesIntro : m.noGroups)}</p>${boxes.join('')}
    <p><button type="submit" name="action" value="save">${escapeHtml(m.save)}</button></p>
    <p><button type="submit" name="action" value="leave-all">${escapeHtml(m.leaveAll)}</button></p></form>`,
    m.lang,
  );
}

/**
 * The hosted preference page of `{{ preferences_url }}`: `/p/<signed token>`. Opening it changes
 * nothing (link scanners open links); its form's POST sets the groups ticked and unticked (source
 * `page`) or leaves everything, at once, each change recorded as a Subscription Group Joined / Left event.
 */
export function preferenceRoutes(deps: { db: Database; store: EventStore; linkSecret: string }): Route[] {
  const customerOf = (token: string) => {
    const claim = verifyPreferencesToken(deps.linkSecret, token);
    if (!claim)
      throw new HttpError(400, 'This preferences link is not valid (it may have been cut short by the mail program)');
    return claim.userId;
  };
  const show = async (userId: string, notice: (m: Messages) => string | undefined) => {
    const [states, customer] = await Promise.all([groupStatesOf(deps.db, userId), findCustomer(deps.db, userId)]);
    const m = messagesFor(customer?.traits);
    return preferencesPage(states, m, notice(m));
  };
  return [
    defineRoute({
      method: 'get',
      path: '/p/:token',
      auth: 'none',
      summary: "A customer's email preference page (subscription groups); opening it changes nothing",
      params: Token,
      responses: { 200: { description: 'The page, in the language of the locale trait', html: true }, 400: DAMAGED },
      handler: async ({ params, res }) => {
        res.type('html').send(await show(customerOf(params.token), () => undefined));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/p/:token',
      auth: 'none',
      summary: 'Save the preference page (form: action=save with a group field per ticked group, or action=leave-all)',
      params: Token,
      body: { schema: PreferencesForm, invalid: 'Invalid form', limit: '16kb', form: true },
      responses: { 200: { description: 'The page again, saying what changed', html: true }, 400: DAMAGED },
      handler: async ({ params, body, res }) => {
        const userId = customerOf(params.token);
        let changes;
        if (body.action === 'leave-all') changes = await leaveEverything(deps.db, userId, 'page');
        else {
          const ticked = new Set([body.group ?? []].flat());
          const { groups } = await groupStatesOf(deps.db, userId);
          const wanted = Object.fromEntries(groups.map((g) => [g.group, ticked.has(g.group)]));
          changes = await changeSubscriptions(deps.db, userId, wanted, 'page');
        }
        const now = new Date().toISOString();
        await deps.store.append(subscriptionEvents(userId, changes, 'page', `page-${randomUUID()}`, now));
        res.type('html').send(await show(userId, (m) => (body.action === 'leave-all' ? m.leftAll : m.saved)));
      },
    }),
  ];
}
