import { TRANSACTIONAL_GROUP, type GroupDefault } from './groups.ts';

// The consent rules, pure: who is in a group, which choices change something, whether a send may go.

/** A customer's stored choice in one group. */
export interface GroupChoice {
  subscribed: boolean;
  source: string;
  changedAt: string;
}

/** Whether a customer is in a group: their own choice, else the group's default (opt-out groups start with everyone in). */
export function isSubscribed(groupDefault: GroupDefault, choice: { subscribed: boolean } | undefined): boolean {
  return choice ? choice.subscribed : groupDefault === 'opt-out';
}

/** One group's state changing for a customer: what it was and what it is now. */
export interface GroupChange {
  group: string;
  subscribed: boolean;
}

/**
 * The changes a set of wanted states makes: only groups whose state (choice or default) differs from
 * what is wanted. Wanting the state a customer already has changes nothing and records no event.
 * @example changesOf({ offers: 'opt-out' }, new Map(), { offers: false }) // [{ group: 'offers', subscribed: false }]
 */
export function changesOf(
  defaults: Record<string, GroupDefault>,
  choices: ReadonlyMap<string, { subscribed: boolean }>,
  wanted: Record<string, boolean>,
): GroupChange[] {
  return Object.entries(wanted).flatMap(([group, subscribed]) => {
    const groupDefault = defaults[group];
    if (groupDefault === undefined) return [];
    return isSubscribed(groupDefault, choices.get(group)) === subscribed ? [] : [{ group, subscribed }];
  });
}

/** What consent says about one email: send it, or the status it is skipped with. */
export type EmailConsent = 'send' | 'skipped-unsubscribed' | 'skipped-unsubscribed-group' | 'group-missing';

/**
 * Whether an email may go to a customer. Transactional mail always may; mail without a group follows
 * the global unsubscribe; mail of a group needs the customer in the group and not unsubscribed from all.
 */
export function emailConsent(send: {
  group: string | undefined;
  unsubscribedFromAll: boolean;
  groupDefault: GroupDefault | undefined;
  choice: { subscribed: boolean } | undefined;
}): EmailConsent {
  if (send.group === TRANSACTIONAL_GROUP) return 'send';
  if (send.unsubscribedFromAll) return 'skipped-unsubscribed';
  if (send.group === undefined) return 'send';
  if (send.groupDefault === undefined) return 'group-missing';
  return isSubscribed(send.groupDefault, send.choice) ? 'send' : 'skipped-unsubscribed-group';
}

/**
 * The group choices an identify's traits make, by the convention `subscriptions: { <group id>: true | false }`;
 * anything else under `subscriptions` (text, numbers, a list) is no choice and is left as a plain trait.
 */
export function choicesInTraits(traits: Record<string, unknown>): Record<string, boolean> {
  const given = traits['subscriptions'];
  if (typeof given !== 'object' || given === null || Array.isArray(given)) return {};
  return Object.fromEntries(
    Object.entries(given).filter((entry): entry is [string, boolean] => typeof entry[1] === 'boolean'),
  );
}
