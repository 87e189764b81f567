import {
  findCustomer,
  findSubscriptionGroup,
  listSubscriptionGroups,
  resubscribe,
  saveSubscriptionChoices,
  subscriptionChoicesOf,
  unsubscribe,
  type Queryable,
} from '../db/index.ts';
import type { ChangeSource, CustomerGroupStates, GroupDefault } from './groups.ts';
import { changesOf, emailConsent, isSubscribed, type EmailConsent, type GroupChange } from './rules.ts';

// A customer's groups as stored: reading the states, changing them, and asking whether an email may go.
// Recording the changes as events is the caller's part (the event store sits above this module).

/** A change made, with the group's name for the event. */
export interface MadeChange extends GroupChange {
  name: string;
}

/** Every group's state for one customer (their choice, else the group's default). */
export async function groupStatesOf(db: Queryable, userId: string): Promise<CustomerGroupStates> {
  const [groups, choices, customer] = await Promise.all([
    listSubscriptionGroups(db),
    subscriptionChoicesOf(db, userId),
    findCustomer(db, userId),
  ]);
  return {
    userId,
    unsubscribedFromAll: Boolean(customer?.unsubscribedAt),
    groups: groups.map((g) => {
      const choice = choices.get(g.id);
      return {
        group: g.id,
        name: g.name,
        subscribed: isSubscribed(g.default, choice),
        source: choice ? sourceOf(choice.source) : 'default',
        changedAt: choice?.changedAt ?? null,
      };
    }),
  };
}

const SOURCES: ReadonlyArray<ChangeSource> = ['page', 'one-click', 'api', 'identify', 'import'];
const sourceOf = (s: string): ChangeSource => SOURCES.find((known) => known === s) ?? 'api';

/**
 * Sets a customer in or out of groups (unknown group ids are left out: the caller checks them where
 * it can refuse). Only real changes are stored and returned. Joining a group takes back an unsubscribe
 * from all email: the customer has just said they want this mail.
 */
export async function changeSubscriptions(
  db: Queryable,
  userId: string,
  wanted: Record<string, boolean>,
  source: ChangeSource,
): Promise<MadeChange[]> {
  const groups = await listSubscriptionGroups(db);
  const defaults: Record<string, GroupDefault> = Object.fromEntries(groups.map((g) => [g.id, g.default]));
  const changes = changesOf(defaults, await subscriptionChoicesOf(db, userId), wanted);
  // The choice is stored even when it equals the default, so a later change of the default leaves it be.
  const chosen = Object.entries(wanted)
    .filter(([group]) => defaults[group] !== undefined)
    .map(([group, subscribed]) => ({ group, subscribed }));
  await saveSubscriptionChoices(db, userId, chosen, source);
  if (Object.entries(wanted).some(([group, subscribed]) => subscribed && defaults[group] !== undefined))
    await resubscribe(db, userId);
  const names = new Map(groups.map((g) => [g.id, g.name]));
  return changes.map((c) => ({ ...c, name: names.get(c.group) ?? c.group }));
}

/** Leaves every group and all email (the preference page's "leave everything"); returns the groups left. */
export async function leaveEverything(db: Queryable, userId: string, source: ChangeSource): Promise<MadeChange[]> {
  const groups = await listSubscriptionGroups(db);
  const left = await changeSubscriptions(db, userId, Object.fromEntries(groups.map((g) => [g.id, false])), source);
  await unsubscribe(db, userId);
  return left;
}

/** Whether consent lets an email of `group` (undefined: no group; `transactional`) go to a customer. */
export async function consentToEmail(
  db: Queryable,
  send: { userId: string; group: string | undefined; unsubscribedFromAll: boolean },
): Promise<EmailConsent> {
  if (send.group === undefined || send.unsubscribedFromAll)
    return emailConsent({ ...send, groupDefault: undefined, choice: undefined });
  const group = await findSubscriptionGroup(db, send.group);
  const choices = group ? await subscriptionChoicesOf(db, send.userId) : new Map();
  return emailConsent({ ...send, groupDefault: group?.default, choice: choices.get(send.group) });
}
