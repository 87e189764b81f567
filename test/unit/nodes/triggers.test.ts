import { describe, expect, it } from 'vitest';
import { dateProperty, eventTrigger, traitChanged } from '../../../engine/src/nodes/builtins/index.ts';
import { DAILY_EVENT, IDENTIFY_EVENT, type TriggerEvent } from '../../../engine/src/nodes/index.ts';

const base: TriggerEvent = {
  type: 'track',
  messageId: 'm',
  userId: 'u',
  event: 'Signed Up',
  properties: {},
  traits: {},
  previousTraits: {},
  timestamp: '2026-03-01T10:00:00Z',
};
const identify = (previousTraits: Record<string, unknown>, traits: Record<string, unknown>): TriggerEvent => ({
  ...base,
  type: 'identify',
  event: IDENTIFY_EVENT,
  properties: traits,
  traits,
  previousTraits,
});
const daily = (date: string, traits: Record<string, unknown>): TriggerEvent => ({
  ...base,
  type: 'daily',
  event: DAILY_EVENT,
  properties: { date },
  traits,
  previousTraits: traits,
});

describe('the event trigger', () => {
  const config = eventTrigger.configSchema.parse({
    event: 'Order Completed',
    where: [{ property: 'total', op: 'gte', value: 50 }],
  });
  it.each([
    ['the event with a passing filter', { event: 'Order Completed', properties: { total: 80 } }, true],
    ['the event with a failing filter', { event: 'Order Completed', properties: { total: 20 } }, false],
    ['another event', { event: 'Signed Up', properties: { total: 80 } }, false],
  ])('%s', (_name, change, enrols) => {
    expect(eventTrigger.matches({ ...base, ...change }, config)).toBe(enrols);
  });
});

describe('the trait-changed trigger', () => {
  const toPro = traitChanged.configSchema.parse({ trait: 'plan', to: 'pro' });
  const fromTrial = traitChanged.configSchema.parse({ trait: 'plan', from: 'trial' });
  it.each([
    ['plan becomes pro', toPro, { plan: 'free' }, { plan: 'pro' }, true],
    ['plan is set to pro for the first time', toPro, {}, { plan: 'pro' }, true],
    ['plan stays pro on another identify', toPro, { plan: 'pro' }, { plan: 'pro', firstName: 'Ada' }, false],
    ['plan becomes team', toPro, { plan: 'free' }, { plan: 'team' }, false],
    ['plan leaves trial', fromTrial, { plan: 'trial' }, { plan: 'pro' }, true],
    ['plan changes but not from trial', fromTrial, { plan: 'free' }, { plan: 'pro' }, false],
  ])('%s', (_name, config, before, after, enrols) => {
    expect(traitChanged.matches(identify(before, after), config)).toBe(enrols);
  });
  it('ignores track events', () => {
    expect(traitChanged.matches({ ...base, traits: { plan: 'pro' } }, toPro)).toBe(false);
  });
});

describe('the date-property trigger', () => {
  const before3 = dateProperty.configSchema.parse({ trait: 'trialEndsAt', when: 'before', days: 3 });
  const after7 = dateProperty.configSchema.parse({ trait: 'trialEndsAt', when: 'after', days: 7 });
  const yearly = dateProperty.configSchema.parse({ trait: 'createdAt', when: 'anniversary' });
  it.each([
    ['3 days before the trial ends', before3, '2026-03-07', { trialEndsAt: '2026-03-10T12:00:00Z' }, true],
    ['2 days before the trial ends', before3, '2026-03-08', { trialEndsAt: '2026-03-10T12:00:00Z' }, false],
    ['7 days after, with an epoch-ms trait', after7, '2026-03-17', { trialEndsAt: Date.UTC(2026, 2, 10) }, true],
    ['a customer without the trait', before3, '2026-03-07', {}, false],
    ['a trait that is not a date', before3, '2026-03-07', { trialEndsAt: 'soon' }, false],
    ['the first anniversary', yearly, '2026-05-04', { createdAt: '2025-05-04T09:00:00Z' }, true],
    ['the day of creation itself', yearly, '2025-05-04', { createdAt: '2025-05-04T09:00:00Z' }, false],
    ['29 February in a common year', yearly, '2025-02-28', { createdAt: '2024-02-29T09:00:00Z' }, true],
    ['29 February in a leap year', yearly, '2028-02-29', { createdAt: '2024-02-29T09:00:00Z' }, true],
  ])('%s', (_name, config, date, traits, enrols) => {
    expect(dateProperty.matches(daily(date, traits), config)).toBe(enrols);
  });
  it('enrols once per day: the day is the correlation key', () => {
    expect(dateProperty.correlationKey?.(daily('2026-03-07', {}), before3)).toBe('2026-03-07');
  });
});
