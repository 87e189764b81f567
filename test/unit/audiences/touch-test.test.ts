import { describe, expect, it } from 'vitest';
import {
  AudienceCondition,
  isTouchedBy,
  mentionsOf,
  type AudienceConditionInput,
} from '../../../engine/src/audiences/index.ts';

// The router's touch test, hand-worked: which calls can change an audience, so only those cost work.

const mentions = (c: AudienceConditionInput) => mentionsOf(AudienceCondition.parse(c));
const bigOrders = mentions({
  kind: 'performed',
  event: 'Order Completed',
  where: [{ property: 'revenue', op: 'gt', value: 50 }],
});
const pro = mentions({ kind: 'trait', property: 'plan', op: 'equals', value: 'pro' });

describe('isTouchedBy', () => {
  it('an order with revenue 30 does not touch "ordered with revenue > 50"; one with 80 does', () => {
    expect(isTouchedBy(bigOrders, { event: 'Order Completed', properties: { revenue: 30 } })).toBe(false);
    expect(isTouchedBy(bigOrders, { event: 'Order Completed', properties: { revenue: 80 } })).toBe(true);
  });

  it('filters keep the journey filters\' semantics: a string "80" is not a number above 50, a missing revenue passes nothing', () => {
    expect(isTouchedBy(bigOrders, { event: 'Order Completed', properties: { revenue: '80' } })).toBe(false);
    expect(isTouchedBy(bigOrders, { event: 'Order Completed', properties: {} })).toBe(false);
  });

  it('an event is touched by any condition counting it: one without filters counts every order', () => {
    const either = mentions({
      kind: 'any',
      of: [
        { kind: 'performed', event: 'Order Completed', where: [{ property: 'revenue', op: 'gt', value: 50 }] },
        { kind: 'performed', event: 'Order Completed', op: 'at-least', times: 3 },
      ],
    });
    expect(isTouchedBy(either, { event: 'Order Completed', properties: { revenue: 30 } })).toBe(true);
    expect(isTouchedBy(either, { event: 'Page Viewed', properties: { revenue: 90 } })).toBe(false);
  });

  it('an identify touches a plan audience whenever it sets plan, even to the same value (an Update customer step may have changed it in between), and never when it sets other traits only', () => {
    expect(isTouchedBy(pro, { traits: { plan: 'pro', name: 'Ada' } })).toBe(true);
    expect(isTouchedBy(pro, { traits: { plan: null } })).toBe(true);
    expect(isTouchedBy(pro, { traits: { name: 'Ada' } })).toBe(false);
    const named = mentions({ kind: 'trait', property: 'plan.name', op: 'equals', value: 'pro' });
    expect(isTouchedBy(named, { traits: { plan: { name: 'pro' } } })).toBe(true);
    expect(isTouchedBy(named, { traits: { planName: 'pro' } })).toBe(false);
  });

  it('journey and arm conditions are re-checked on every call', () => {
    const inJourney = mentions({ kind: 'journey', journeyId: 'onboarding', state: 'in' });
    expect(isTouchedBy(inJourney, { event: 'Page Viewed', properties: {} })).toBe(true);
  });

  it('only conditions on plain traits are decided on traits alone', () => {
    expect(pro.traitsOnly).toBe(true);
    expect(
      mentions({ kind: 'not', condition: { kind: 'all', of: [{ kind: 'trait', property: 'plan', op: 'exists' }] } })
        .traitsOnly,
    ).toBe(true);
    expect(bigOrders.traitsOnly).toBe(false);
    expect(mentions({ kind: 'trait-date', property: 'trialEndsAt', when: 'within-next', days: 3 }).traitsOnly).toBe(
      false,
    );
    expect(
      mentions({
        kind: 'any',
        of: [
          { kind: 'trait', property: 'plan', op: 'exists' },
          { kind: 'arm', journeyId: 'j', arm: 'B' },
        ],
      }).traitsOnly,
    ).toBe(false);
  });
});
