import { describe, expect, it } from 'vitest';
import { isExitEvent, matchesEvent, matchesFilter } from '../../../engine/src/interpreter/index.ts';
import { compile, Journey, type PropertyFilter } from '../../../engine/src/compiler/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';
import { edge, email, journey, trigger } from '../journey/journeys.ts';

const record = {
  plan: 'pro',
  seats: 5,
  trial: false,
  tags: ['vip', 'beta'],
  address: { city: 'Lyon' },
  signedUpAt: '2026-01-05T10:00:00Z',
  gone: null,
};

describe('matchesFilter', () => {
  it.each<[PropertyFilter, boolean]>([
    [{ property: 'plan', op: 'equals', value: 'pro' }, true],
    [{ property: 'plan', op: 'equals', value: 'free' }, false],
    [{ property: 'seats', op: 'equals', value: '5' }, false],
    [{ property: 'trial', op: 'equals', value: false }, true],
    [{ property: 'plan', op: 'not-equals', value: 'free' }, true],
    [{ property: 'missing', op: 'not-equals', value: 'free' }, true],
    [{ property: 'address.city', op: 'equals', value: 'Lyon' }, true],
    [{ property: 'address.city.zip', op: 'exists' }, false],
    [{ property: 'plan', op: 'exists' }, true],
    [{ property: 'gone', op: 'exists' }, false],
    [{ property: 'gone', op: 'not-exists' }, true],
    [{ property: 'missing', op: 'not-exists' }, true],
    [{ property: 'seats', op: 'gt', value: 4 }, true],
    [{ property: 'seats', op: 'gt', value: 5 }, false],
    [{ property: 'seats', op: 'gte', value: 5 }, true],
    [{ property: 'seats', op: 'lt', value: 5 }, false],
    [{ property: 'seats', op: 'lte', value: 5 }, true],
    [{ property: 'seats', op: 'gt', value: '4' }, false],
    [{ property: 'signedUpAt', op: 'lt', value: '2026-02-01' }, true],
    [{ property: 'missing', op: 'lt', value: 3 }, false],
    [{ property: 'plan', op: 'contains', value: 'pr' }, true],
    [{ property: 'tags', op: 'contains', value: 'vip' }, true],
    [{ property: 'tags', op: 'contains', value: 'gold' }, false],
    [{ property: 'seats', op: 'contains', value: 5 }, false],
  ])('%o -> %s', (filter, expected) => {
    expect(matchesFilter(filter, record)).toBe(expected);
  });
});

describe('matchesEvent and isExitEvent', () => {
  const event = {
    messageId: 'm1',
    event: 'Order Completed',
    properties: { total: 120, currency: 'EUR' },
    timestamp: '2026-01-05T10:00:00Z',
  };
  it.each([
    [{ event: 'Order Completed', where: [] }, true],
    [{ event: 'order completed', where: [] }, false],
    [{ event: 'Order Completed', where: [{ property: 'total', op: 'gte' as const, value: 100 }] }, true],
    [
      {
        event: 'Order Completed',
        where: [
          { property: 'total', op: 'gte' as const, value: 100 },
          { property: 'currency', op: 'equals' as const, value: 'USD' },
        ],
      },
      false,
    ],
  ])('%o -> %s', (match, expected) => {
    expect(matchesEvent(match, event)).toBe(expected);
  });

  it("exits on any of the plan's exitOn matches", () => {
    const exitOn = [
      { event: 'Unsubscribed' },
      { event: 'Order Completed', where: [{ property: 'total', op: 'gt', value: 500 }] },
    ];
    const plan = compile(Journey.parse(journey([trigger(), email('a')], [edge('start', 'a')], { exitOn })), {
      registry: defaultRegistry(),
      version: 1,
    });
    expect(isExitEvent(plan, event)).toBe(false);
    expect(isExitEvent(plan, { ...event, properties: { total: 600 } })).toBe(true);
    expect(isExitEvent(plan, { ...event, event: 'Unsubscribed' })).toBe(true);
  });
});
