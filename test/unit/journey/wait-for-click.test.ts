import { describe, expect, it } from 'vitest';
import { compile, Journey, validateGraph } from '../../../engine/src/compiler/index.ts';
import { matchesEvent } from '../../../engine/src/interpreter/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';
import { days, edge, email, journey, node, trigger } from './journeys.ts';

// Wait for "clicked a link in this email": the wait-for-event node names an earlier send-email step;
// validation refuses a step that is not one (naming the node), and the compiled wait matches only a
// person's click in that email of this journey (the properties tracking records: journey, step, url,
// machine), so a link scanner's click, another journey's or another email's does not end the wait.
const registry = defaultRegistry();
const templates = new Set(['welcome', 'nudge', 'thanks']);
const SHOP = 'https://shop.example/start';

const waitFor = (config: Record<string, unknown>) =>
  node('clicked', 'wait-for-event', {
    event: 'Email Link Clicked',
    timeout: { amount: 3, unit: 'days' },
    ...config,
  });
const withWait = (config: Record<string, unknown>) =>
  journey(
    [trigger(), email('welcome'), waitFor(config), email('thanks'), email('nudge'), days('later', 1)],
    [
      edge('start', 'welcome'),
      edge('welcome', 'clicked'),
      edge('clicked', 'thanks', 'received'),
      edge('clicked', 'nudge', 'timeout'),
      edge('nudge', 'later'),
    ],
  );
const problems = (raw: unknown) =>
  validateGraph(raw, { registry, templates }).map((v) => ({ code: v.code, nodeId: v.nodeId, message: v.message }));

const click = (properties: Record<string, unknown>) => ({
  event: 'Email Link Clicked',
  messageId: 'c-1',
  properties: {
    template: 'welcome',
    journey: 'test',
    step: 'welcome',
    url: SHOP,
    index: 0,
    machine: false,
    ...properties,
  },
  timestamp: '2026-12-01T10:00:00.000Z',
});

describe('wait for a click in an earlier email: validation', () => {
  it('accepts an earlier send-email step, with or without a link', () => {
    expect(problems(withWait({ clickedEmailStep: 'welcome' }))).toEqual([]);
    expect(problems(withWait({ clickedEmailStep: 'welcome', clickedLink: SHOP }))).toEqual([]);
  });

  it.each([
    ['a step that does not exist', 'welcom', 'there is no step "welcom" in this journey'],
    ['a step that is not an email', 'later', '"later" is a Delay step, not a Send email step'],
    ['an email that comes after the wait', 'thanks', '"thanks" does not come before it'],
  ])('refuses %s, naming the wait node and the step', (_, step, why) => {
    const found = problems(withWait({ clickedEmailStep: step }));
    expect(found).toEqual([
      { code: 'invalid-step-reference', nodeId: 'clicked', message: expect.stringContaining(why) },
    ]);
    expect(found[0]?.message).toContain('"clicked" (Wait for event) waits for clicks in');
  });

  it('refuses a click wait on another event name, and a link without its email step', () => {
    expect(problems(withWait({ clickedEmailStep: 'welcome', event: 'Purchased' }))).toEqual([
      { code: 'invalid-config', nodeId: 'clicked', message: expect.stringContaining('waits for "Email Link Clicked"') },
    ]);
    expect(problems(withWait({ clickedLink: SHOP }))).toEqual([
      {
        code: 'invalid-config',
        nodeId: 'clicked',
        message: expect.stringContaining('clickedLink: name the email step'),
      },
    ]);
  });
});

describe('wait for a click in an earlier email: what ends the wait', () => {
  const matchOf = (config: Record<string, unknown>) => {
    const plan = compile(Journey.parse(withWait(config)), { registry, version: 1 });
    const step = plan.steps['clicked'];
    if (step?.kind !== 'wait') throw new Error('the wait did not compile to a wait step');
    expect(plan.interestingEvents).toContain('Email Link Clicked');
    return step.match;
  };

  it("matches a person's click in that email of this journey, and nothing a scanner, another journey or another email did", () => {
    const match = matchOf({ clickedEmailStep: 'welcome' });
    expect(matchesEvent(match, click({}))).toBe(true);
    expect(matchesEvent(match, click({ url: 'https://shop.example/other', index: 1 }))).toBe(true);
    expect(matchesEvent(match, click({ machine: true, machineReason: 'scanner-user-agent' }))).toBe(false);
    expect(matchesEvent(match, click({ journey: 'win-back' }))).toBe(false);
    expect(matchesEvent(match, click({ step: 'nudge' }))).toBe(false);
    // Recorded before scanners were flagged: no machine property, so not known to be a person.
    expect(matchesEvent(match, { ...click({}), properties: { journey: 'test', step: 'welcome' } })).toBe(false);
  });

  it('with a link named, matches a click on that link only', () => {
    const match = matchOf({ clickedEmailStep: 'welcome', clickedLink: SHOP });
    expect(matchesEvent(match, click({}))).toBe(true);
    expect(matchesEvent(match, click({ url: 'https://shop.example/other', index: 1 }))).toBe(false);
  });

  it('a plain wait for "Email Link Clicked" (no step named) still matches any click, as before', () => {
    const match = matchOf({});
    expect(matchesEvent(match, click({ journey: 'win-back', machine: true }))).toBe(true);
  });
});
