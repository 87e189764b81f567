import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { audienceProblems } from '../../../engine/src/audiences/index.ts';
import { compile, Journey } from '../../../engine/src/compiler/index.ts';
import { audienceEntered, audienceExited } from '../../../engine/src/nodes/builtins/index.ts';
import { defaultRegistry, type TriggerEvent } from '../../../engine/src/nodes/index.ts';
import { simulateOne } from '../../../engine/src/simulate/index.ts';
import { starterAudiences } from '../../../engine/src/starters/index.ts';

// The lapsed-win-back starter: its audience, and what the simulator says the journey does.

const DAY = 86_400_000;
const start = Date.UTC(2026, 0, 5, 10, 0);
const templates = fileURLToPath(new URL('../../../templates/', import.meta.url));
const plan = compile(Journey.parse(JSON.parse(readFileSync(`${templates}journeys/lapsed-win-back.json`, 'utf8'))), {
  registry: defaultRegistry(),
  version: 1,
});
const emailsOf = (run: ReturnType<typeof simulateOne>) => run.emails.map((e) => [e.template, (e.atMs - start) / DAY]);

describe('the lapsed-win-back starter', () => {
  it('ships its audience "lapsed-customers": ordered before, not in the last 90 days', () => {
    const [lapsed, ...others] = starterAudiences(`${templates}audiences`);
    expect(others).toEqual([]);
    expect(lapsed?.id).toBe('lapsed-customers');
    expect(audienceProblems(lapsed!.condition)).toEqual([]);
  });

  it('starts on joining that audience, and on nothing else', () => {
    expect(plan.trigger).toMatchObject({ nodeType: 'audience-entered', events: ['Audience Entered'] });
    const config = audienceEntered.configSchema.parse(plan.trigger.config);
    const event = (name: string, audienceId: string): TriggerEvent => ({
      type: 'track',
      messageId: 'm',
      userId: 'ann',
      event: name,
      properties: { audienceId, audienceName: 'Lapsed customers' },
      traits: {},
      previousTraits: {},
      timestamp: new Date(start).toISOString(),
    });
    expect(audienceEntered.matches(event('Audience Entered', 'lapsed-customers'), config)).toBe(true);
    expect(audienceEntered.matches(event('Audience Entered', 'vip'), config)).toBe(false);
    expect(audienceEntered.matches(event('Audience Exited', 'lapsed-customers'), config)).toBe(false);
    expect(audienceExited.matches(event('Audience Exited', 'lapsed-customers'), config)).toBe(true);
  });

  it('sends the offer, then a reminder 7 days later to a customer who does not order', () => {
    expect(emailsOf(simulateOne(plan, { startMs: start, events: [] }))).toEqual([
      ['lapsed-offer', 0],
      ['lapsed-reminder', 7],
    ]);
  });

  it('sends only the offer to a customer who orders within the 7 days', () => {
    const run = simulateOne(plan, { startMs: start, events: [{ event: 'Order Completed', atMs: start + 3 * DAY }] });
    expect(emailsOf(run)).toEqual([['lapsed-offer', 0]]);
  });
});
