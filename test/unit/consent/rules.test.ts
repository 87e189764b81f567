import { describe, expect, it } from 'vitest';
import { changesOf, choicesInTraits, emailConsent, GroupId, isSubscribed } from '../../../engine/src/consent/index.ts';

// The consent rules, worked by hand: opt-out groups start with everyone in, opt-in groups with no one;
// a customer's own choice beats the default; transactional mail ignores groups and the global unsubscribe.

describe('who is in a group', () => {
  it.each([
    ['opt-out, never chose', 'opt-out', undefined, true],
    ['opt-in, never chose', 'opt-in', undefined, false],
    ['opt-out, left', 'opt-out', { subscribed: false }, false],
    ['opt-in, joined', 'opt-in', { subscribed: true }, true],
  ] as const)('%s', (_name, groupDefault, choice, expected) => {
    expect(isSubscribed(groupDefault, choice)).toBe(expected);
  });
});

describe('the changes a set of wanted states makes', () => {
  const defaults = { offers: 'opt-out', news: 'opt-in', surveys: 'opt-out' } as const;
  it('lists only groups whose state differs, and ignores unknown groups', () => {
    const choices = new Map([['surveys', { subscribed: false }]]);
    expect(changesOf(defaults, choices, { offers: false, news: false, surveys: true, nosuch: true })).toEqual([
      { group: 'offers', subscribed: false },
      { group: 'surveys', subscribed: true },
    ]);
  });
  it('changes nothing when the customer already is where they want to be', () => {
    expect(changesOf(defaults, new Map(), { offers: true, news: false })).toEqual([]);
  });
});

describe('whether an email may go', () => {
  const base = { unsubscribedFromAll: false, groupDefault: 'opt-out', choice: undefined } as const;
  it.each([
    ['no group, subscribed', { ...base, group: undefined }, 'send'],
    [
      'no group, unsubscribed from all',
      { ...base, group: undefined, unsubscribedFromAll: true },
      'skipped-unsubscribed',
    ],
    ['transactional, unsubscribed from all', { ...base, group: 'transactional', unsubscribedFromAll: true }, 'send'],
    ['transactional, out of every group', { ...base, group: 'transactional', choice: { subscribed: false } }, 'send'],
    ['group, in by default', { ...base, group: 'offers' }, 'send'],
    ['group, left it', { ...base, group: 'offers', choice: { subscribed: false } }, 'skipped-unsubscribed-group'],
    ['opt-in group, never joined', { ...base, group: 'news', groupDefault: 'opt-in' }, 'skipped-unsubscribed-group'],
    [
      'group, in it but unsubscribed from all',
      { ...base, group: 'offers', unsubscribedFromAll: true },
      'skipped-unsubscribed',
    ],
    ['a group that does not exist', { ...base, group: 'gone', groupDefault: undefined }, 'group-missing'],
  ] as const)('%s', (_name, send, expected) => {
    expect(emailConsent(send)).toBe(expected);
  });
});

describe('choices in identify traits (subscriptions: { <group>: true | false })', () => {
  it('takes the true/false entries and leaves anything else alone', () => {
    expect(
      choicesInTraits({ email: 'a@b.c', subscriptions: { offers: false, news: true, surveys: 'no', x: 1 } }),
    ).toEqual({
      offers: false,
      news: true,
    });
  });
  it.each([
    ['absent', {}],
    ['a list', { subscriptions: ['offers'] }],
    ['text', { subscriptions: 'offers' }],
    ['null', { subscriptions: null }],
  ])('makes no choice when subscriptions is %s', (_name, traits) => {
    expect(choicesInTraits(traits)).toEqual({});
  });
});

describe('group ids', () => {
  it.each(['offers', 'product-news', 'q4'])('accepts %s', (id) => expect(GroupId.safeParse(id).success).toBe(true));
  it.each(['transactional', 'Offers', '-x', 'a b', ''])('refuses %j', (id) =>
    expect(GroupId.safeParse(id).success).toBe(false),
  );
});
