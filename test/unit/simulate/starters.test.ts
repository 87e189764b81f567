import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, Journey } from '../../../engine/src/compiler/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';
import { simulate, simulateOne } from '../../../engine/src/simulate/index.ts';

const DAY = 86_400_000;
const start = Date.UTC(2026, 0, 5, 10, 0);
const planOf = (id: string) =>
  compile(
    Journey.parse(
      JSON.parse(
        readFileSync(fileURLToPath(new URL(`../../../templates/journeys/${id}.json`, import.meta.url)), 'utf8'),
      ),
    ),
    { registry: defaultRegistry(), version: 1 },
  );
const emailsOf = (run: ReturnType<typeof simulateOne>) => run.emails.map((e) => [e.template, (e.atMs - start) / DAY]);

describe('post-purchase education', () => {
  const plan = planOf('post-purchase-education');
  it('sends the three guides on days 0, 3 and 7', () => {
    expect(emailsOf(simulateOne(plan, { startMs: start, events: [] }))).toEqual([
      ['education-1', 0],
      ['education-2', 3],
      ['education-3', 7],
    ]);
  });
  it('stops when the customer unsubscribes', () => {
    const run = simulateOne(plan, { startMs: start, events: [{ event: 'Unsubscribed', atMs: start + 4 * DAY }] });
    expect(emailsOf(run)).toEqual([
      ['education-1', 0],
      ['education-2', 3],
    ]);
    expect(run.exit?.reason).toBe('exit-on');
  });
});

describe('upsell and cross-sell', () => {
  const plan = planOf('upsell-cross-sell');
  it.each([
    [
      'orders again after the suggestion',
      120,
      [{ event: 'Order Completed', atMs: start + 8 * DAY }],
      [['cross-sell', 5]],
      'bought-again',
    ],
    [
      'spent 120 and does not order again',
      120,
      [],
      [
        ['cross-sell', 5],
        ['upsell-premium', 19],
      ],
      'upsell-premium',
    ],
    ['spent 40 and does not order again', 40, [], [['cross-sell', 5]], 'done'],
  ])('a customer who %s', (_name, total, events, emails, lastStep) => {
    const run = simulateOne(plan, { startMs: start, triggerProperties: { total }, events });
    expect(emailsOf(run)).toEqual(emails);
    expect(run.steps.at(-1)?.stepId).toBe(lastStep);
  });
});

describe('NPS feedback', () => {
  const plan = planOf('nps-feedback');
  const answer = (score: number) => [
    { event: 'NPS Submitted', atMs: start + 8 * DAY, properties: { survey: 'nps', score } },
  ];
  it.each([
    [
      'a promoter (10)',
      answer(10),
      [
        ['nps-survey', 7],
        ['nps-referral', 8],
      ],
      [],
    ],
    [
      'a promoter (9)',
      answer(9),
      [
        ['nps-survey', 7],
        ['nps-referral', 8],
      ],
      [],
    ],
    [
      'a passive (8)',
      answer(8),
      [
        ['nps-survey', 7],
        ['nps-tips', 8],
      ],
      [],
    ],
    [
      'a passive (7)',
      answer(7),
      [
        ['nps-survey', 7],
        ['nps-tips', 8],
      ],
      [],
    ],
    [
      'a detractor (6)',
      answer(6),
      [
        ['nps-survey', 7],
        ['nps-apology', 8],
      ],
      ['alert-team'],
    ],
    [
      'a detractor (0)',
      answer(0),
      [
        ['nps-survey', 7],
        ['nps-apology', 8],
      ],
      ['alert-team'],
    ],
    ['someone who never answers', [], [['nps-survey', 7]], []],
  ])('%s', (_name, events, emails, alerts) => {
    const run = simulateOne(plan, { startMs: start, events });
    expect(emailsOf(run)).toEqual(emails);
    expect(run.steps.map((s) => s.stepId).filter((id) => id === 'alert-team')).toEqual(alerts);
  });
  it('ignores a score given before the survey was sent', () => {
    const run = simulateOne(plan, {
      startMs: start,
      events: [{ event: 'NPS Submitted', atMs: start + DAY, properties: { score: 10 } }],
    });
    expect(emailsOf(run)).toEqual([['nps-survey', 7]]);
    expect(run.exit?.stepId).toBe('no-answer');
  });
});

describe('win-back', () => {
  const plan = planOf('win-back');
  it('asks why at once and makes the offer 14 days later', () => {
    expect(
      emailsOf(
        simulateOne(plan, {
          startMs: start,
          events: [
            { event: 'Cancellation Survey Answered', atMs: start + DAY, properties: { reason: 'too-expensive' } },
          ],
        }),
      ),
    ).toEqual([
      ['cancellation-survey', 0],
      ['win-back-offer', 14],
    ]);
  });
  it('makes no offer to a customer who subscribed again', () => {
    const run = simulateOne(plan, {
      startMs: start,
      events: [{ event: 'Subscription Started', atMs: start + 6 * DAY }],
    });
    expect(emailsOf(run)).toEqual([['cancellation-survey', 0]]);
    expect(run.exit?.reason).toBe('exit-on');
  });
});

describe('loyalty', () => {
  const plan = planOf('loyalty');
  it.each([
    ['a first order', {}, 10, undefined, []],
    ['the order that reaches 100 points', { points: 90 }, 100, 'gold', ['loyalty-reward']],
    ['an order after reaching gold', { points: 150, tier: 'gold' }, 160, 'gold', []],
  ])('%s', (_name, traits, points, tier, emails) => {
    const run = simulateOne(plan, { startMs: start, traits, events: [] });
    expect(run.traits['points']).toBe(points);
    expect(run.traits['tier']).toBe(tier);
    expect(run.emails.map((e) => e.template)).toEqual(emails);
  });
  it('rewards the customers of a cohort who reach 100 points, and only them', () => {
    const result = simulate(plan, {
      customers: 100,
      seed: 7,
      startMs: start,
      horizonDays: 1,
      behaviours: [],
      traits: (i) => ({ points: i }),
    });
    // customers 0..99 each get 10 points: exactly those who had 90..99 reach 100
    expect(result.nodes['loyalty-reward']?.entered).toBe(10);
  });
});
